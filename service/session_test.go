package service_test

import (
	"context"
	"testing"
	"time"

	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/service/servicetest"
)

func TestSessionsExpireAndLogoutRevokes(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			st.SeedDemo(t)
			ctx := context.Background()
			clock := &servicetest.Clock{}
			clock.Set(time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC))
			auth := service.NewAuthService(st.KV, st.Org, nil, service.AuthConfig{TTL: time.Hour, Demo: true, Now: clock.Now})
			sess, err := auth.LoginDemo(ctx, "agent1")
			if err != nil {
				t.Fatal(err)
			}
			other, err := auth.LoginDemo(ctx, "agent1")
			if err != nil || other.Token == sess.Token {
				t.Fatalf("second session %v %v", other, err)
			}
			act, err := auth.Authenticate(ctx, sess.Token)
			if err != nil || act.UserID != st.UserID(t, "agent1") || act.Origin != service.OriginAPI {
				t.Fatalf("authenticate: %+v %v", act, err)
			}
			clock.Advance(time.Hour + time.Second)
			if _, err := auth.Authenticate(ctx, sess.Token); !service.IsKind(err, service.KindUnauthenticated) {
				t.Errorf("expired session: %v", err)
			}
			clock.Advance(-time.Hour)
			if err := auth.Logout(ctx, other.Token); err != nil {
				t.Fatal(err)
			}
			if _, err := auth.Authenticate(ctx, other.Token); !service.IsKind(err, service.KindUnauthenticated) {
				t.Errorf("after logout: %v", err)
			}
			if _, err := auth.Authenticate(ctx, sess.Token+"x"); !service.IsKind(err, service.KindUnauthenticated) {
				t.Errorf("a forged token: %v", err)
			}
			for _, who := range []string{"", "nobody"} {
				if _, err := auth.LoginDemo(ctx, who); !service.IsKind(err, service.KindUnauthenticated) {
					t.Errorf("demo sign-in as %q: %v", who, err)
				}
			}
			off := service.NewAuthService(st.KV, st.Org, nil, service.AuthConfig{})
			if _, err := off.LoginDemo(ctx, "agent1"); !service.IsKind(err, service.KindNotFound) {
				t.Errorf("demo off: %v", err)
			}
			if _, err := off.LoginOAuth(ctx, "code"); !service.IsKind(err, service.KindUnavailable) {
				t.Errorf("WeCom off: %v", err)
			}
		})
	}
}

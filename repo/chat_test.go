package repo_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/wecom-ticket/ticket/repo"
	"github.com/wecom-ticket/ticket/repo/repotest"
	"github.com/wecom-ticket/ticket/service"
)

func TestChatTurnsAndNumbers(t *testing.T) {
	for _, b := range repotest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			ctx := context.Background()
			c := repo.NewChat(b.DB)
			now := time.Now().UTC().Truncate(time.Millisecond)
			key := "msg:" + strings.Repeat("9", 150)
			for i, want := range []bool{true, false} {
				got, err := c.MarkTurn(ctx, key, now)
				if err != nil || got != want {
					t.Fatalf("MarkTurn #%d = %v, %v; want %v", i+1, got, err, want)
				}
			}
			if err := c.PruneTurns(ctx, now.Add(time.Second)); err != nil {
				t.Fatal(err)
			}
			if fresh, err := c.MarkTurn(ctx, key, now); err != nil || !fresh {
				t.Fatalf("a pruned turn is still remembered: %v %v", fresh, err)
			}
			if _, err := c.TicketIDByNumber(ctx, "GD20000101-0001"); !service.IsKind(err, service.KindNotFound) {
				t.Fatalf("unknown number: %v, want not found", err)
			}
		})
	}
}

// ChatState behaves like the session store's Get, Set and Delete: values
// expire, a set replaces, binary values survive.
func TestChatState(t *testing.T) {
	for _, b := range repotest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			ctx := context.Background()
			s := repo.NewChatState(b.DB)
			val := string([]byte{1, 0, 0xff, 0x80, 'x'})
			if err := s.Set(ctx, "chat:dlg:a", val, time.Hour); err != nil {
				t.Fatal(err)
			}
			if err := s.Set(ctx, "chat:dlg:a", val+"y", time.Hour); err != nil {
				t.Fatal(err)
			}
			if got, ok, err := s.Get(ctx, "chat:dlg:a"); err != nil || !ok || got != val+"y" {
				t.Fatalf("Get = %q %v %v", got, ok, err)
			}
			if err := s.Set(ctx, "chat:dlg:b", "v", time.Millisecond); err != nil {
				t.Fatal(err)
			}
			time.Sleep(5 * time.Millisecond)
			if _, ok, err := s.Get(ctx, "chat:dlg:b"); err != nil || ok {
				t.Fatalf("an expired value is still there: %v %v", ok, err)
			}
			if err := s.Delete(ctx, "chat:dlg:a", "absent"); err != nil {
				t.Fatal(err)
			}
			if _, ok, _ := s.Get(ctx, "chat:dlg:a"); ok {
				t.Fatal("a deleted value is still there")
			}
			// A value set inside a transaction that rolls back is gone.
			_ = b.DB.InTx(ctx, func(ctx context.Context) error {
				_ = s.Set(ctx, "chat:dlg:c", "v", 0)
				return context.Canceled
			})
			if _, ok, _ := s.Get(ctx, "chat:dlg:c"); ok {
				t.Fatal("a rolled-back value is there")
			}
		})
	}
}

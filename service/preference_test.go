package service_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/service/servicetest"
)

func TestPreferencesAreValidated(t *testing.T) {
	st := servicetest.Stacks(t)[0]
	n := st.Noticing(t)
	prefs := service.NewPreferenceService(st.Org, n.Store)
	ctx := context.Background()
	bad := []service.NoticePrefsInput{
		{Muted: []service.NoticeKind{"gossip"}},
		{Muted: []service.NoticeKind{service.NoticeSLABreached}},
		{QuietStart: "22:00"},
		{QuietStart: "22:00", QuietEnd: "22:00"},
		{QuietStart: "25:00", QuietEnd: "08:00"},
	}
	for _, in := range bad {
		if _, err := prefs.Save(ctx, n.As(t, "eng_east1"), in); !service.IsKind(err, service.KindInvalid) {
			t.Errorf("Save(%+v) = %v, want invalid", in, err)
		}
	}
	saved := servicetest.Must(prefs.Save(ctx, n.As(t, "eng_east1"), service.NoticePrefsInput{
		Muted:      []service.NoticeKind{service.NoticeMentioned, service.NoticeStatusChanged, service.NoticeMentioned},
		QuietStart: "22:00", QuietEnd: "08:00"}))(t)
	got := servicetest.Must(prefs.Get(ctx, n.As(t, "eng_east1")))(t)
	if len(got.Muted) != 2 || got.QuietStart != 22*60 || got.QuietEnd != 8*60 || len(saved.Muted) != 2 {
		t.Fatalf("stored %+v", got)
	}
	if d := servicetest.Must(prefs.Get(ctx, n.As(t, "eng_east2")))(t); d.QuietStart != -1 || len(d.Muted) != 0 {
		t.Fatalf("defaults %+v", d)
	}
	if err := prefs.SetGroupChat(ctx, n.As(t, "east_mgr"), 4, "k1"); !service.IsKind(err, service.KindForbidden) {
		t.Fatalf("a non-admin set a group chat: %v", err)
	}
}

func TestQuietHoursRelease(t *testing.T) {
	overnight := service.NoticePrefs{QuietStart: 22 * 60, QuietEnd: 8 * 60}
	lunch := service.NoticePrefs{QuietStart: 12 * 60, QuietEnd: 13 * 60}
	cases := []struct {
		p        service.NoticePrefs
		at, want time.Time
	}{
		{overnight, mar2(23, 30), time.Date(2026, 3, 3, 8, 0, 0, 0, cst)},
		{overnight, mar2(6, 0), mar2(8, 0)},
		{overnight, mar2(8, 0), mar2(8, 0)},
		{overnight, mar2(12, 0), mar2(12, 0)},
		{lunch, mar2(12, 30), mar2(13, 0)},
		{lunch, mar2(11, 59), mar2(11, 59)},
		{service.DefaultNoticePrefs(1), mar2(3, 0), mar2(3, 0)},
	}
	for _, c := range cases {
		if got := c.p.Release(c.at, cst); !got.Equal(c.want) {
			t.Errorf("%d-%d at %s: release %s, want %s", c.p.QuietStart, c.p.QuietEnd, c.at, got.In(cst), c.want)
		}
	}
}

// Muted kinds are not sent; in quiet hours notices wait for the morning
// and then go out together, as one digest.
func TestMutedAndQuietHoursMakeAMorningDigest(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			n := st.Noticing(t)
			ctx := context.Background()
			prefs := service.NewPreferenceService(st.Org, n.Store)
			servicetest.Must(prefs.Save(ctx, n.As(t, "eng_east1"), service.NoticePrefsInput{
				Muted: []service.NoticeKind{service.NoticeStatusChanged}, QuietStart: "22:00", QuietEnd: "08:00"}))(t)
			n.Clock.Set(time.Date(2026, 3, 2, 23, 10, 0, 0, cst))
			for _, s := range []string{"夜间工单一", "夜间工单二", "夜间工单三"} {
				n.Create(t, "agent1", service.NewTicket{Subject: s, OwnerID: n.ID(t, "eng_east1")})
			}
			// eng_east1 follows a ticket of eng_east2 and muted its status changes.
			followed := n.Create(t, "eng_east1", service.NewTicket{Subject: "跟进", OwnerID: n.ID(t, "eng_east2")})
			mustTicket(n.Tickets.Resolve(ctx, n.As(t, "eng_east2"), followed.ID, "已处理"))(t)
			n.Start(t)
			got := n.Sink.Wait(t, 3, noticeTo(service.NoticeAssigned, "eng_east1"))
			morning := time.Date(2026, 3, 3, 8, 0, 0, 0, cst)
			for _, g := range got {
				if !g.NotBefore.Equal(morning) {
					t.Fatalf("deferred to %s, want %s", g.NotBefore.In(cst), morning)
				}
			}
			if b := n.Sink.Batches(); !slices.Contains(b, "eng_east1×3") {
				t.Fatalf("messages %v: want the three night notices as one digest", b)
			}
			barrier(t, n, "eng_east1")
			if s := n.Sink.Got(noticeTo(service.NoticeStatusChanged, "eng_east1")); len(s) != 0 {
				t.Fatalf("a muted kind was sent: %v", servicetest.Describe(s))
			}
		})
	}
}

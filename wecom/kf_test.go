package wecom_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/service/servicetest"
	"github.com/wecom-ticket/ticket/wecom"
)

// A customer's message opens the 微信客服 window (pulled with sync_msg);
// we write at most five times in it; WeCom's own refusal closes it too;
// the customer's next message opens a new one.
func TestKFWindowFollowsTheCustomer(t *testing.T) {
	for _, st := range servicetest.Stacks(t) {
		t.Run(st.Name, func(t *testing.T) {
			s := newSim(t, service.OrgSnapshot{})
			c := newClient(t, s, newStore(t))
			n := st.Noticing(t)
			kf := service.NewKFService(c, n.Store, st.KV)
			ch := service.NewKFChannel(c, n.Store)
			ctx := context.Background()
			msg := &service.CustomerMessage{ExternalUserID: "wmCustomer1", Text: "您的问题已受理"}

			if err := ch.SendCustomer(ctx, service.Notice{}, msg); !service.IsChannelClosed(err) {
				t.Fatalf("before the customer wrote: %v, want closed", err)
			}
			if err := s.CustomerWritesKF(ctx, "wkKF1", "wmCustomer1", "我的空调坏了"); err != nil {
				t.Fatal(err)
			}
			if err := kf.Sync(ctx, "callback-token", "wkKF1"); err != nil {
				t.Fatal(err)
			}
			for i := range service.KFWindowMessages {
				if err := ch.SendCustomer(ctx, service.Notice{}, msg); err != nil {
					t.Fatalf("message %d in the window: %v", i+1, err)
				}
			}
			calls := len(s.Requests("kf/send_msg"))
			if err := ch.SendCustomer(ctx, service.Notice{}, msg); !service.IsChannelClosed(err) {
				t.Fatalf("a sixth message: %v, want closed", err)
			}
			if len(s.Requests("kf/send_msg")) != calls {
				t.Fatal("the sixth message was tried at WeCom; our own count should have stopped it")
			}
			if got := s.KFSent("wmCustomer1"); len(got) != 5 || got[0].Content != msg.Text || got[0].OpenKfID != "wkKF1" {
				t.Fatalf("sent = %+v", got)
			}

			// A new message opens a new window; a pull repeated is harmless.
			if err := s.CustomerWritesKF(ctx, "wkKF1", "wmCustomer1", "还在吗"); err != nil {
				t.Fatal(err)
			}
			for range 2 {
				if err := kf.Sync(ctx, "", "wkKF1"); err != nil {
					t.Fatal(err)
				}
			}
			if err := ch.SendCustomer(ctx, service.Notice{}, msg); err != nil {
				t.Fatalf("in the new window: %v", err)
			}
			// WeCom's clock says 48 h passed: its refusal closes the window.
			s.AgeKFWindow("wmCustomer1", 49*time.Hour)
			if err := ch.SendCustomer(ctx, service.Notice{}, msg); !service.IsChannelClosed(err) {
				t.Fatalf("after WeCom's refusal: %v, want closed", err)
			}
			w, err := n.Store.KFWindow(ctx, "wmCustomer1")
			if err != nil || w.Sent != service.KFWindowMessages {
				t.Fatalf("window after the refusal = %+v, %v", w, err)
			}
		})
	}
}

// kf_msg_or_event callbacks pull 微信客服 messages; everything else goes
// on to the chat bot.
func TestKFEventsRouteToTheSync(t *testing.T) {
	st := servicetest.Stacks(t)[0]
	s := newSim(t, service.OrgSnapshot{})
	c := newClient(t, s, newStore(t))
	n := st.Noticing(t)
	next := &recorder{}
	router := wecom.KFEvents{KF: service.NewKFService(c, n.Store, st.KV), Next: next}
	ctx := context.Background()
	if err := s.CustomerWritesKF(ctx, "wkKF2", "wmCustomer2", "你好"); err != nil {
		t.Fatal(err)
	}
	kfEvent := `<xml><ToUserName>ww1</ToUserName><CreateTime>1</CreateTime><MsgType>event</MsgType>` +
		`<Event>kf_msg_or_event</Event><Token>tok</Token><OpenKfId>wkKF2</OpenKfId></xml>`
	for _, p := range []string{kfEvent, `<xml><MsgType>text</MsgType><Content>帮助</Content></xml>`} {
		if err := router.Process(ctx, service.InboxItem{Payload: []byte(p)}); err != nil {
			t.Fatal(err)
		}
	}
	w, err := n.Store.KFWindow(ctx, "wmCustomer2")
	if err != nil || w == nil || w.OpenKfID != "wkKF2" || time.Since(w.LastCustomerAt) > time.Minute {
		t.Fatalf("window = %+v, %v", w, err)
	}
	if len(next.items) != 1 || !strings.Contains(string(next.items[0].Payload), "帮助") {
		t.Fatalf("the bot got %d items, want only the text message", len(next.items))
	}
}

// recorder stands in for the chat bot behind the router.
type recorder struct{ items []service.InboxItem }

func (r *recorder) Process(_ context.Context, it service.InboxItem) error {
	r.items = append(r.items, it)
	return nil
}

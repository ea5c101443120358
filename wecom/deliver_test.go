package wecom_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/wecom"
)

func TestDelivererSendsAndMergesDigests(t *testing.T) {
	s := newSim(t, service.OrgSnapshot{})
	c := newClient(t, s, newStore(t))
	ctx := context.Background()
	text := wecom.NewDeliverer(c, service.ChannelWeComText)
	one := service.Notice{ID: 1, Recipient: "agent1", Payload: wecom.EncodeNotice(wecom.NoticePayload{Text: "工单 GD1 已派给您"})}
	two := service.Notice{ID: 2, Recipient: "agent1", Payload: wecom.EncodeNotice(wecom.NoticePayload{Text: "工单 GD2 已解决"})}
	if err := text.Deliver(ctx, []service.Notice{one}); err != nil {
		t.Fatal(err)
	}
	if err := text.Deliver(ctx, []service.Notice{one, two}); err != nil {
		t.Fatal(err)
	}
	got := s.Sent("agent1")
	if len(got) != 2 || got[0].Content != "工单 GD1 已派给您" ||
		!strings.HasPrefix(got[1].Content, "您有 2 条新通知") || !strings.Contains(got[1].Content, "2. 工单 GD2 已解决") {
		t.Fatalf("sent = %+v", got)
	}

	card := wecom.NewDeliverer(c, service.ChannelWeComCard)
	tc := wecom.TemplateCard{CardType: "text_notice", MainTitle: &wecom.CardTitle{Title: "新工单"}, CardAction: &wecom.CardAction{Type: 1, URL: "https://example.com/t/1"}}
	if err := card.Deliver(ctx, []service.Notice{{ID: 3, Recipient: "agent1", Payload: wecom.EncodeNotice(wecom.NoticePayload{Card: &tc})}}); err != nil {
		t.Fatal(err)
	}
	if got := s.Sent("agent1"); len(got) != 3 || got[2].MsgType != "template_card" {
		t.Fatalf("card not sent: %+v", got)
	}

	// No valid recipient can never succeed: a permanent failure.
	err := text.Deliver(ctx, []service.Notice{{ID: 4, Recipient: "nobody-here", Payload: one.Payload}})
	var perm *service.PermanentError
	if !errors.As(err, &perm) {
		t.Fatalf("unknown member: err = %v, want a PermanentError", err)
	}
	// A bad payload is permanent too, and sends nothing.
	if err := text.Deliver(ctx, []service.Notice{{ID: 5, Recipient: "agent1", Payload: []byte("{")}}); !errors.As(err, &perm) {
		t.Fatalf("bad payload: err = %v", err)
	}
}

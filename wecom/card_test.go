package wecom_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/wecom"
	"github.com/wecom-ticket/ticket/wecom/sim"
)

func approvalCard(task string) wecom.TemplateCard {
	return wecom.TemplateCard{
		CardType:     wecom.CardButtonInteraction,
		TaskID:       task,
		MainTitle:    &wecom.CardTitle{Title: "工单 #42 待审批", Desc: "打印机维修"},
		SubTitleText: "<申请人> 李客服 & 周客服",
		HorizontalContentList: []wecom.HorizontalContent{
			{KeyName: "优先级", Value: "高"},
		},
		ButtonList: []wecom.CardButton{
			{Text: "批准", Style: 1, Key: "approve:42"},
			{Text: "驳回", Style: 2, Key: "reject:42"},
			{Type: wecom.ButtonURL, Text: "详情", URL: "https://t.example/t/42?x=1&y=2"},
		},
	}
}

// TestCardLifecycle: send an interactive card, update it with its
// response_code, and see the emulator enforce single use and grey-out.
func TestCardLifecycle(t *testing.T) {
	ctx := context.Background()
	s := newSim(t, service.OrgSnapshot{})
	c := newClient(t, s, newStore(t))

	res, err := c.SendTemplateCard(ctx, wecom.ToUsers("svc_mgr", "east_mgr"), approvalCard("t42"))
	if err != nil {
		t.Fatal(err)
	}
	if res.ResponseCode() == "" || res.MsgID() == "" {
		t.Fatalf("result %+v: an interactive card must return msgid and response_code", res)
	}
	sent := s.Sent("svc_mgr")
	if len(sent) != 1 || sent[0].Card == nil || sent[0].Card.SubTitleText != "<申请人> 李客服 & 周客服" {
		t.Fatalf("sent %+v", sent)
	}

	update := wecom.CardUpdate{ResponseCode: res.ResponseCode(), AtAll: true, ReplaceName: "已批准"}
	if err := c.UpdateTemplateCard(ctx, update); err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"svc_mgr", "east_mgr"} {
		got := s.Sent(u)
		if len(got) != 2 || got[1].MsgType != "update_template_card" || got[1].ReplaceName != "已批准" {
			t.Errorf("%s saw %+v", u, got)
		}
	}
	if err := s.ClickCard(ctx, "svc_mgr", "t42", "approve:42", ""); !errors.Is(err, sim.ErrNotClickable) {
		t.Errorf("click on a greyed-out card: %v, want ErrNotClickable", err)
	}

	err = c.UpdateTemplateCard(ctx, update)
	var ae *wecom.APIError
	if !errors.As(err, &ae) || !ae.Permanent() || !strings.Contains(ae.Msg, "response_code") {
		t.Errorf("reused response_code: %v, want a permanent error", err)
	}

	if _, err := c.SendTemplateCard(ctx, wecom.ToUsers("agent1"), approvalCard("t42")); err == nil {
		t.Errorf("a reused task_id was accepted")
	}
}

func TestSendValidatesBeforeCalling(t *testing.T) {
	ctx := context.Background()
	s := newSim(t, service.OrgSnapshot{})
	c := newClient(t, s, newStore(t))
	tooMany := approvalCard("t1")
	for range 5 {
		tooMany.ButtonList = append(tooMany.ButtonList, wecom.CardButton{Text: "x", Key: "k" + string(rune('a'+len(tooMany.ButtonList)))})
	}
	noTask := approvalCard("")
	cases := []struct {
		name string
		send func() error
	}{
		{"7 buttons", func() error { _, err := c.SendTemplateCard(ctx, wecom.ToUsers("agent1"), tooMany); return err }},
		{"no task_id", func() error { _, err := c.SendTemplateCard(ctx, wecom.ToUsers("agent1"), noTask); return err }},
		{"textcard without url", func() error {
			_, err := c.SendTextCard(ctx, wecom.ToUsers("agent1"), wecom.TextCard{Title: "t", Description: "d"})
			return err
		}},
		{"textcard btntxt too long", func() error {
			_, err := c.SendTextCard(ctx, wecom.ToUsers("agent1"), wecom.TextCard{Title: "t", Description: "d", URL: "https://x.example", BtnTxt: "查看详情啊"})
			return err
		}},
		{"no recipients", func() error { _, err := c.SendText(ctx, wecom.Recipients{}, "hi"); return err }},
		{"update without response_code", func() error { return c.UpdateTemplateCard(ctx, wecom.CardUpdate{AtAll: true, ReplaceName: "x"}) }},
		{"update with both kinds", func() error {
			card := approvalCard("t2")
			return c.UpdateTemplateCard(ctx, wecom.CardUpdate{ResponseCode: "rc", AtAll: true, ReplaceName: "x", Card: &card})
		}},
	}
	for _, tc := range cases {
		if err := tc.send(); service.KindOf(err) != service.KindInvalid {
			t.Errorf("%s: err = %v, want KindInvalid", tc.name, err)
		}
	}
	if n := len(s.Requests("")); n != 0 {
		t.Errorf("%d requests reached WeCom for invalid input", n)
	}
}

func TestOtherMessageKinds(t *testing.T) {
	ctx := context.Background()
	s := newSim(t, service.OrgSnapshot{})
	c := newClient(t, s, newStore(t))
	long := strings.Repeat("工", 700) // 2100 bytes: cut to 682 characters
	if _, err := c.SendMarkdown(ctx, wecom.Recipients{Parties: []int64{7}}, "# 标题\n"+long); err != nil {
		t.Fatal(err)
	}
	if _, err := c.SendTextCard(ctx, wecom.ToUsers("agent1"), wecom.TextCard{Title: "工单已受理", Description: `<div class="gray">2024-01-01</div>`, URL: "https://t.example/t/1", BtnTxt: "详情"}); err != nil {
		t.Fatal(err)
	}
	notice := wecom.TemplateCard{CardType: wecom.CardTextNotice, MainTitle: &wecom.CardTitle{Title: "已派单"}, CardAction: &wecom.CardAction{Type: 1, URL: "https://t.example"}}
	res, err := c.SendTemplateCard(ctx, wecom.ToUsers("agent1"), notice)
	if err != nil || res.ResponseCode() != "" {
		t.Fatalf("notice: %+v, %v (a notice without action_menu has no response_code)", res, err)
	}

	for _, u := range []string{"eng_east3", "eng_sh1"} { // department 7 (上海网点)
		got := s.Sent(u)
		if len(got) != 1 || got[0].MsgType != "markdown" || len(got[0].Content) > wecom.MaxMarkdownBytes || !strings.HasSuffix(got[0].Content, "工") {
			t.Errorf("%s got %d messages: %+v", u, len(got), got)
		}
	}
	got := s.Sent("agent1")
	if len(got) != 2 || got[0].TextCard == nil || got[0].TextCard.Description != `<div class="gray">2024-01-01</div>` || got[1].Card == nil {
		t.Errorf("agent1 got %+v", got)
	}
}

func TestGetMedia(t *testing.T) {
	ctx := context.Background()
	s := newSim(t, service.OrgSnapshot{})
	c := newClient(t, s, newStore(t))
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	amr := []byte("#!AMR\n\x00\x01")
	s.AddMedia("img1", sim.Media{ContentType: "image/png", Data: png})
	s.AddMedia("voice1", sim.Media{ContentType: "voice/amr", FileName: "v.amr", Data: amr})
	cases := []struct {
		id, wantType string
		want         []byte
	}{{"img1", "image/png", png}, {"voice1", "audio/amr", amr}}
	for _, tc := range cases {
		data, ct, err := c.GetMedia(ctx, tc.id)
		if err != nil || string(data) != string(tc.want) || ct != tc.wantType {
			t.Errorf("GetMedia(%s) = %q, %q, %v", tc.id, data, ct, err)
		}
	}
	_, _, err := c.GetMedia(ctx, "gone")
	var ae *wecom.APIError
	if !errors.As(err, &ae) || ae.Code != 40007 {
		t.Errorf("unknown media: %v, want errcode 40007", err)
	}
}

package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/wecom-ticket/ticket/service"
)

var (
	txtTransferAsked = msg{"已提交 %s 的转派申请，等待 %s 审批。", "Transfer of %s requested; %s decides."}
	txtNeedReason    = msg{"请写上原因，例如：%s", "Please give a reason, e.g. %s"}
	txtApproved      = msg{"已同意 %s 的转派，现由 %s 负责。", "You approved the transfer of %s; %s has it now."}
	txtRejected      = msg{"已拒绝 %s 的转派，工单保持不变。", "You rejected the transfer of %s; nothing moved."}
	txtNoTransfer    = msg{"%s 没有待审批的转派申请。", "%s has no transfer waiting for a decision."}
	txtDeclineWhy    = msg{"请回复拒绝接单 %s 的原因（发送「取消」则不拒绝）：", "Why do you decline %s? Reply with the reason (or send \"cancel\"):"}
	txtDeclined      = msg{"已申请退回 %s，等待 %s 审批。", "You asked to hand %s back; %s decides."}
)

// transfer asks for a ticket to go to a colleague (@userid) or to a
// department named first, with a reason.
func (b *Bot) transfer(ctx context.Context, t *turn, p parsed) error {
	tk, err := b.ticket(ctx, t, p.number)
	if err != nil {
		return err
	}
	x, err := b.Org.Index(ctx)
	if err != nil {
		return err
	}
	req := service.TransferRequest{Reason: p.rest}
	if len(p.mentions) > 0 {
		u, err := b.userNamed(ctx, t, p.mentions[0])
		if u == nil || err != nil {
			return err
		}
		req.ToUserID = u.ID
	} else {
		word, rest, _ := strings.Cut(p.rest, " ")
		d := deptNamed(x, word)
		if d == nil {
			t.say(fmt.Sprintf(t.lang.text(txtNeedText), p.word+" "+p.number+" @west_mgr "+t.lang.text(msg{"客户在华西", "the customer is in the west"})))
			return nil
		}
		req.ToDeptID, req.Reason = d.ID, strings.TrimSpace(rest)
	}
	if req.Reason == "" {
		t.say(fmt.Sprintf(t.lang.text(txtNeedReason), p.text+" "+t.lang.text(msg{"客户在华西", "the customer is in the west"})))
		return nil
	}
	tr, err := b.Tickets.RequestTransfer(ctx, b.actor(t.user), tk.ID, req)
	if err != nil {
		return err
	}
	b.askApprover(t, x, tk.Ticket, tr)
	t.say(fmt.Sprintf(t.lang.text(txtTransferAsked), b.Links.ticket(tk.Ticket), userName(x, tr.ApproverID)))
	return nil
}

// askApprover sends the approval card.
func (b *Bot) askApprover(t *turn, x *service.OrgIndex, tk *service.Ticket, tr *service.Transfer) {
	if approver, ok := x.User(tr.ApproverID); ok {
		t.card(approver.UserID, tk.ID, "transfer_request", transferCard(langOf(approver), tk, tr, x, b.Links))
	}
}

// decide approves or rejects a ticket's open transfer by text.
func (b *Bot) decide(approve bool) func(ctx context.Context, t *turn, p parsed) error {
	return func(ctx context.Context, t *turn, p parsed) error {
		tk, err := b.ticket(ctx, t, p.number)
		if err != nil {
			return err
		}
		if tk.PendingTransfer == nil {
			t.say(fmt.Sprintf(t.lang.text(txtNoTransfer), b.Links.ticket(tk.Ticket)))
			return nil
		}
		_, err = b.decideTransfer(ctx, t, tk.PendingTransfer.ID, tk.ID, approve, p.rest)
		return err
	}
}

// decideTransfer records the decision and answers. The requester hears
// of it from the staff notices.
func (b *Bot) decideTransfer(ctx context.Context, t *turn, transferID, ticketID int64, approve bool, note string) (*service.Ticket, error) {
	a := b.actor(t.user)
	b.subjectOf(ctx, t, ticketID)
	decide := b.Tickets.RejectTransfer
	if approve {
		decide = b.Tickets.ApproveTransfer
	}
	n, err := decide(ctx, a, transferID, note)
	if err != nil {
		return nil, err
	}
	t.about(n.ID)
	x, err := b.Org.Index(ctx)
	if err != nil {
		return nil, err
	}
	owner := userName(x, n.OwnerID)
	if d, ok := x.Dept(n.ReceivingDeptID); ok && n.OwnerID == 0 {
		owner = t.lang.pick(d.Name, d.NameEn)
	}
	if approve {
		t.say(fmt.Sprintf(t.lang.text(txtApproved), b.Links.ticket(n), owner))
	} else {
		t.say(fmt.Sprintf(t.lang.text(txtRejected), b.Links.ticket(n)))
	}
	return n, nil
}

// declineWithReason takes the reason for declining an assigned ticket
// and asks for it to go back where it came from.
func (b *Bot) declineWithReason(ctx context.Context, t *turn, p parsed) error {
	id := t.dlg.ticket
	if err := b.endDialog(ctx, t); err != nil {
		return err
	}
	return b.run(ctx, t, func(ctx context.Context) error {
		tr, err := b.Tickets.Decline(ctx, b.actor(t.user), id, p.text)
		if err != nil {
			return err
		}
		tk, err := b.ticketByID(ctx, t, id)
		if err != nil {
			return err
		}
		x, err := b.Org.Index(ctx)
		if err != nil {
			return err
		}
		b.askApprover(t, x, tk.Ticket, tr)
		t.say(fmt.Sprintf(t.lang.text(txtDeclined), b.Links.ticket(tk.Ticket), userName(x, tr.ApproverID)))
		return nil
	})
}

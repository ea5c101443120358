package bot

import (
	"context"
	"fmt"
	"strconv"

	"github.com/wecom-ticket/ticket/service"
)

// What a dlgPick dialog's numbers choose.
const (
	pickDispatch uint8 = iota + 1
	pickAllocate
	pickCustomer
	pickContact
	pickOpportunity
)

var (
	txtDispatched = msg{"%s 已派给 %s。", "%s is dispatched to %s."}
	txtAllocated  = msg{"%s 已分配到%s，等待该部门主管派工。", "%s is allocated to %s; its manager dispatches next."}
	txtPickWho    = msg{"派给谁？", "Dispatch to whom?"}
	txtPickDept   = msg{"分配到哪个部门？", "Allocate to which department?"}
	txtNoEngineer = msg{"没有可派的工程师，请直接 @ 同事：派工 %s @userid", "There is no engineer to offer; mention one: dispatch %s @userid"}
	txtLinked     = msg{"已把%s关联到 %s。", "Linked %s to %s."}
)

// dispatch gives a ticket to the engineer named, or lists the engineers
// it can go to as one-tap choices.
func (b *Bot) dispatch(ctx context.Context, t *turn, p parsed) error {
	tk, err := b.ticket(ctx, t, p.number)
	if err != nil {
		return err
	}
	if len(p.mentions) > 0 {
		u, err := b.userNamed(ctx, t, p.mentions[0])
		if u == nil || err != nil {
			return err
		}
		var assistants []int64
		for _, m := range p.mentions[1:] {
			a, err := b.userNamed(ctx, t, m)
			if a == nil || err != nil {
				return err
			}
			assistants = append(assistants, a.ID)
		}
		_, err = b.doDispatch(ctx, t, tk.Ticket, u.ID, assistants)
		return err
	}
	users, err := b.Tickets.DispatchCandidates(ctx, b.actor(t.user), tk.ID)
	if err != nil {
		return err
	}
	if len(users) == 0 {
		t.say(fmt.Sprintf(t.lang.text(txtNoEngineer), p.number))
		return nil
	}
	opts := make([]option, len(users))
	for i, u := range users {
		opts[i] = option{id: u.ID, label: fmt.Sprintf("%s（%s）", u.Name, u.UserID), short: u.Name}
	}
	return b.offerPick(ctx, t, tk.Ticket, pickDispatch, txtPickWho, opts)
}

// doDispatch dispatches and says so; it returns who has the ticket now.
func (b *Bot) doDispatch(ctx context.Context, t *turn, tk *service.Ticket, owner int64, assistants []int64) (string, error) {
	n, err := b.Tickets.Dispatch(ctx, b.actor(t.user), tk.ID, service.DispatchInput{OwnerID: owner, Assistants: assistants})
	if err != nil {
		return "", err
	}
	x, err := b.Org.Index(ctx)
	if err != nil {
		return "", err
	}
	name := userName(x, n.OwnerID)
	t.say(fmt.Sprintf(t.lang.text(txtDispatched), b.Links.ticket(n), name))
	return name, nil
}

// allocate moves a ticket to the department named, or lists them.
func (b *Bot) allocate(ctx context.Context, t *turn, p parsed) error {
	tk, err := b.ticket(ctx, t, p.number)
	if err != nil {
		return err
	}
	if p.rest != "" {
		x, err := b.Org.Index(ctx)
		if err != nil {
			return err
		}
		d := deptNamed(x, p.rest)
		if d == nil {
			t.say(fmt.Sprintf(t.lang.text(txtNoDept), clip(p.rest, 20)))
			return nil
		}
		_, err = b.doAllocate(ctx, t, tk.Ticket, d.ID)
		return err
	}
	depts, err := b.Tickets.ReceivingDepartments(ctx)
	if err != nil {
		return err
	}
	opts := make([]option, len(depts))
	for i, d := range depts {
		opts[i] = option{id: d.ID, label: t.lang.pick(d.Name, d.NameEn)}
	}
	return b.offerPick(ctx, t, tk.Ticket, pickAllocate, txtPickDept, opts)
}

// doAllocate allocates and says so; it returns the department's name.
func (b *Bot) doAllocate(ctx context.Context, t *turn, tk *service.Ticket, dept int64) (string, error) {
	n, err := b.Tickets.Allocate(ctx, b.actor(t.user), tk.ID, dept)
	if err != nil {
		return "", err
	}
	x, err := b.Org.Index(ctx)
	if err != nil {
		return "", err
	}
	name := ""
	if d, ok := x.Dept(dept); ok {
		name = t.lang.pick(d.Name, d.NameEn)
	}
	t.say(fmt.Sprintf(t.lang.text(txtAllocated), b.Links.ticket(n), name))
	return name, nil
}

// doLink sets a ticket's customer, contact or opportunity.
func (b *Bot) doLink(ctx context.Context, t *turn, tk *service.TicketDetail, what uint8, id int64) error {
	var patch service.TicketPatch
	name := fieldName(t.lang, "customer_id")
	switch what {
	case pickCustomer:
		patch.CustomerID = &id
	case pickContact:
		patch.ContactID, name = &id, fieldName(t.lang, "contact_id")
	case pickOpportunity:
		patch.OpportunityID, name = &id, fieldName(t.lang, "opportunity_id")
	}
	if _, err := b.Tickets.Update(ctx, b.actor(t.user), tk.ID, tk.Version, patch); err != nil {
		return err
	}
	t.say(fmt.Sprintf(t.lang.text(txtLinked), name, b.Links.ticket(tk.Ticket)))
	return nil
}

func (b *Bot) linkCustomer(ctx context.Context, t *turn, p parsed) error {
	return b.link(ctx, t, p, pickCustomer, func(*service.TicketDetail) finder { return b.customerOptions })
}

func (b *Bot) linkContact(ctx context.Context, t *turn, p parsed) error {
	return b.link(ctx, t, p, pickContact, func(tk *service.TicketDetail) finder { return b.contactOptions(tk.CustomerID) })
}

func (b *Bot) linkOpportunity(ctx context.Context, t *turn, p parsed) error {
	return b.link(ctx, t, p, pickOpportunity, func(tk *service.TicketDetail) finder { return b.opportunityOptions(tk.CustomerID) })
}

// link finds what a name means and links it, or lists the candidates.
func (b *Bot) link(ctx context.Context, t *turn, p parsed, what uint8, find func(*service.TicketDetail) finder) error {
	if p.rest == "" {
		t.say(fmt.Sprintf(t.lang.text(txtNeedText), p.word+" "+p.number+" "+t.lang.text(msg{"名称", "name"})))
		return nil
	}
	tk, err := b.ticket(ctx, t, p.number)
	if err != nil {
		return err
	}
	d := &dialog{kind: dlgPick, step: what, ticket: tk.ID}
	slot := map[uint8]uint8{pickCustomer: slotCustomer, pickContact: slotContact, pickOpportunity: slotOpportunity}[what]
	if ok, err := b.choose1(ctx, t, d, slot, p.rest, find(tk)); !ok || err != nil {
		return err
	}
	if d.flags&flagChoosing != 0 { // the choices were listed; choose takes the number
		d.step, d.flags = what, 0
		return b.saveDialog(ctx, t, d)
	}
	v, _ := d.get(slot)
	id, _ := strconv.ParseInt(v, 10, 64)
	return b.doLink(ctx, t, tk, what, id)
}

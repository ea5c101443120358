package service

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
)

// defaultCustomerNodes are the nodes a ticket without a template tells its
// customer about.
var defaultCustomerNodes = []NoticeNode{NoticeCreated, NoticeResolved, NoticeClosed}

// CustomerMessage is what a customer notice carries in the outbox: the
// contact's addresses as they were when the change was made, the texts
// rendered for each kind of channel, and the ticket's status link.
type CustomerMessage struct {
	TicketID       int64      `json:"ticket_id"`
	Number         string     `json:"number"`
	Node           NoticeNode `json:"node"`
	Lang           string     `json:"lang"`
	ContactID      int64      `json:"contact_id"`
	Name           string     `json:"name"`
	ExternalUserID string     `json:"external_userid,omitempty"`
	Email          string     `json:"email,omitempty"`
	Phone          string     `json:"phone,omitempty"`
	// SenderID is the member a group-send task goes out as (the owner: the
	// creator until dispatch, see place); SenderUserID their userid.
	SenderID     int64  `json:"sender_id,omitempty"`
	SenderUserID string `json:"sender_userid,omitempty"`
	Subject      string `json:"subject"`
	Text         string `json:"text"`
	SMS          string `json:"sms"`
	Link         string `json:"link"`
}

// customerNode is the lifecycle node a change reaches, if any.
func customerNode(t *Ticket, ev *TimelineEvent) (NoticeNode, bool) {
	switch ev.Action {
	case ActionCreate:
		return NoticeCreated, true
	case ActionDispatch, ActionTransferToUser:
		return NoticeDispatched, t.Status == StatusInProgress
	case ActionAccept:
		return NoticeAccepted, true
	case ActionWaitCustomer:
		return NoticeWaiting, true
	case ActionResolve:
		return NoticeResolved, true
	case ActionClose:
		return NoticeClosed, true
	case ActionReopen:
		return NoticeReopened, true
	}
	return "", false
}

// customerNotice writes the customer's notice for a change, when the
// ticket's template names the node and the ticket has a contact who can
// be reached at all.
func (n *Notifier) customerNotice(ctx context.Context, x *OrgIndex, t *Ticket, ev *TimelineEvent) error {
	node, ok := customerNode(t, ev)
	if !ok || t.ContactID == 0 || n.d.Contacts == nil {
		return nil
	}
	nodes := defaultCustomerNodes
	if t.TemplateID != 0 {
		tpl, err := n.d.TicketTemplates.Template(ctx, t.TemplateID, t.TemplateVersion)
		if err != nil {
			return err
		}
		nodes = tpl.Notices
	}
	if !slices.Contains(nodes, node) {
		return nil
	}
	c, err := n.d.Contacts.Contact(ctx, t.ContactID)
	if IsKind(err, KindNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if c.ExternalUserID == "" && c.Email == "" && c.Phone == "" {
		return nil
	}
	now := n.d.Now().UTC()
	lang := LangZh // contacts carry no language; customers read Chinese
	d := NoticeData{Lang: lang, Customer: c.Name, Ticket: noticeTicket(t, lang),
		Link: n.d.Links.URL(LinkStatus, t.ID, c.ID, now)}
	// The survey rides on the closing notice, or on the resolution when
	// the template never tells the customer of closing.
	if node == NoticeClosed || (node == NoticeResolved && !slices.Contains(nodes, NoticeClosed)) {
		d.CSATLink = n.d.Links.URL(LinkCSAT, t.ID, c.ID, now)
	}
	texts, err := n.d.Templates.Customer(node, d)
	if err != nil {
		return err
	}
	m := CustomerMessage{TicketID: t.ID, Number: t.Number, Node: node, Lang: lang, ContactID: c.ID, Name: c.Name,
		ExternalUserID: c.ExternalUserID, Email: c.Email, Phone: c.Phone,
		Subject: texts.Subject, Text: texts.Text, SMS: texts.SMS, Link: d.Link}
	m.SenderID = t.OwnerID
	if m.SenderID == 0 {
		m.SenderID = t.CreatorID
	}
	if u, ok := x.User(m.SenderID); ok {
		m.SenderUserID = u.UserID
	}
	raw, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return n.d.Outbox.Enqueue(ctx, &Notice{
		DedupeKey: fmt.Sprintf("customer:%s:%d:%d:%d", node, t.ID, ev.ID, c.ID),
		Channel:   ChannelCustomer, Recipient: fmt.Sprintf("contact:%d", c.ID), TicketID: t.ID,
		Kind: "customer_" + string(node), Payload: raw,
	})
}

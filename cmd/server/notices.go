package main

import (
	"crypto/rand"
	"net/http"
	"strings"
	"time"

	"github.com/wecom-ticket/ticket/configs"
	"github.com/wecom-ticket/ticket/handler"
	"github.com/wecom-ticket/ticket/repo"
	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/service/channel"
	"github.com/wecom-ticket/ticket/templates/notices"
	"github.com/wecom-ticket/ticket/wecom"
)

// noticeParts is what notices wire beside the outbox. The JSON API
// builds its services for notices on store (apiDeps): preferences and
// department group chats, and which channel carried each customer notice;
// a.stats.CSATStats counts satisfaction answers.
type noticeParts struct {
	store     *repo.Notices
	templates *service.NoticeTemplates
	links     *service.LinkSigner
	notifier  *service.Notifier
	escalator *service.Escalator
	pages     *service.CustomerPages
	kf        *service.KFService // nil without WeCom
}

// wireNotices builds the notifier (staff and customer notices written
// with each ticket change) and the deliverers of its channels. It runs
// after wireOutbox and before wireTickets, which hands a.ticketEvents to
// the ticket service.
func (a *app) wireNotices() error {
	n := &a.notices
	var err error
	n.templates, err = service.NewNoticeTemplates(notices.Files, a.cfg.Notices.TemplateDir, a.log)
	if err != nil {
		return configs.KeyErrorFor("TICKET_NOTICE_TEMPLATE_DIR", err)
	}
	secret := []byte(a.cfg.Notices.LinkSecret)
	if len(secret) == 0 {
		secret = make([]byte, 32)
		_, _ = rand.Read(secret)
		a.log.Warn("TICKET_NOTICE_LINK_SECRET is not set: customer links made now stop working at the next restart")
	}
	n.store = repo.NewNotices(a.db)
	n.links = service.NewLinkSigner(secret, a.publicBase(), a.cfg.Notices.LinkTTL)
	n.notifier = service.NewNotifier(service.NotifierDeps{
		Outbox: a.outbox, Org: a.org, Store: n.store, Templates: n.templates, Links: n.links,
		TicketTemplates: repo.NewTemplates(a.db), Contacts: repo.NewCRM(a.db), Records: repo.NewRecords(a.db),
		BaseURL: strings.TrimRight(a.cfg.HTTP.BaseURL, "/"), OwnerCards: a.wc != nil, // wireChatEvents
	})
	a.ticketEvents = append(a.ticketEvents, n.notifier)

	// Customer channels, in the order they are tried.
	var chain []service.CustomerChannel
	if a.wc != nil {
		chain = append(chain, service.NewKFChannel(a.wc, n.store), service.NewGroupMsgChannel(a.wc, n.notifier, 0))
		a.deliverers[service.ChannelRobot] = service.NewRobotDeliverer(wecom.Robot{}, n.store)
		a.deliverers[service.ChannelGroupMsg] = service.GroupMsgReminder{Client: a.wc}
		n.kf = service.NewKFService(a.wc, n.store, a.kv)
	}
	if s := a.cfg.SMTP; s.Host != "" {
		email, err := channel.NewEmail(channel.SMTPConfig{Host: s.Host, Port: s.Port, User: s.User, Password: s.Password, From: s.From})
		if err != nil {
			return configs.KeyErrorFor("TICKET_SMTP_HOST", err)
		}
		chain = append(chain, email)
	}
	if u := a.cfg.SMS.WebhookURL; u != "" {
		sms, err := channel.NewSMSWebhook(u, &http.Client{Timeout: 10 * time.Second})
		if err != nil {
			return configs.KeyErrorFor("TICKET_SMS_WEBHOOK_URL", err)
		}
		chain = append(chain, sms)
	}
	a.deliverers[service.ChannelCustomer] = service.NewCustomerDeliverer(n.store, a.log, chain...)
	return nil
}

// publicBase is where customers reach this server: the configured base
// URL, else the listen address (good enough for a demo on one machine).
func (a *app) publicBase() string {
	if b := a.cfg.HTTP.BaseURL; b != "" {
		return b
	}
	addr := a.cfg.HTTP.Addr
	if strings.HasPrefix(addr, ":") {
		addr = "localhost" + addr
	}
	return "http://" + addr
}

// wireEscalation builds what needs the ticket service: the SLA sweeper
// with the daily summary, and the customer pages. It runs after
// wireTickets.
func (a *app) wireEscalation() {
	n := &a.notices
	at, _ := a.cfg.Notices.SummaryAt() // validated with the config
	n.escalator = service.NewEscalator(service.EscalatorConfig{SummaryAt: at}, a.tickets, n.notifier, n.store, a.kv, a.log)
	n.pages = service.NewCustomerPages(a.tickets, repo.NewRecords(a.db), n.store, n.links)
	a.stats.WithCSAT(n.store)
}

// publicDeps are the customer pages for the router.
func (a *app) publicDeps() (*handler.PublicDeps, error) {
	return handler.NewPublicDeps(a.notices.pages, a.notices.templates.Files())
}

// inboxProcessor puts 微信客服 events in front of the chat bot.
func (a *app) inboxProcessor(chat service.InboxProcessor) service.InboxProcessor {
	if a.notices.kf == nil {
		return chat
	}
	return wecom.KFEvents{KF: a.notices.kf, Next: chat}
}

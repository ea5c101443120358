package main

import (
	"github.com/wecom-ticket/ticket/handler"
	"github.com/wecom-ticket/ticket/repo"
	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/service/channel"
)

// wireWebhooks registers outbound webhooks: a ticket-event listener that
// queues deliveries in the outbox, and the outbox's deliverer for them.
// It runs after wireOutbox and before wireTickets.
func (a *app) wireWebhooks() {
	a.webhooks = service.NewWebhookService(a.org, repo.NewWebhooks(a.db), a.outbox)
	a.ticketEvents = append(a.ticketEvents, a.webhooks)
	a.deliverers[service.ChannelWebhook] = channel.NewWebhooks(a.webhooks, nil)
}

// apiDeps wires the services behind the JSON API and the public forms.
func (a *app) apiDeps() *handler.APIDeps {
	var login service.LoginProvider
	var jssdk handler.JSSDK
	if a.wc != nil {
		login, jssdk = a.wc, a.wc
	}
	return &handler.APIDeps{
		Auth: service.NewAuthService(a.kv, a.org, login, service.AuthConfig{
			CorpID: a.cfg.WeCom.CorpID, TTL: a.cfg.Auth.SessionTTL, Demo: a.cfg.DemoEnabled()}),
		Tickets:   a.tickets,
		Sheets:    service.NewSheetService(a.tickets, a.records, a.costs),
		Templates: a.tmpl,
		Rules:     a.rules,
		Sharing:   a.sharing,
		Calendar:  a.calendar,
		Settings:  service.NewSettingsService(a.org),
		CRM:       a.crm,
		Records:   a.records,
		Costs:     a.costs,
		Stats:     a.stats,
		Notices:   service.NewNoticeAdmin(a.org, a.outbox),
		Forms: service.NewWebFormService(repo.NewWebForms(a.db), a.org, a.tickets, a.kv,
			service.WebFormLimits{}),
		Webhooks:        a.webhooks,
		QuickReplies:    service.NewQuickReplyService(repo.NewQuickReplies(a.db), a.org, a.tickets, repo.NewCRM(a.db)),
		Preferences:     service.NewPreferenceService(a.org, a.notices.store),
		CustomerNotices: service.NewCustomerNoticeLog(a.notices.store, a.tickets),
		JSSDK:           jssdk,
		BaseURL:         a.cfg.HTTP.BaseURL,
	}
}

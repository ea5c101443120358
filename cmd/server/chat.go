package main

import (
	"github.com/wecom-ticket/ticket/bot"
	"github.com/wecom-ticket/ticket/repo"
	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/wecom"
)

// wireChatEvents makes a ticket's new owner get a card to accept or
// decline it, and gives chat replies and reminders their channels (kept
// apart from the notices; see service.ChannelChat and ChannelReminder).
// It runs after wireOutbox and before wireTickets, which hands
// a.ticketEvents to the ticket service.
func (a *app) wireChatEvents() {
	if a.wc == nil {
		return
	}
	a.ticketEvents = append(a.ticketEvents, bot.NewAssignmentCards(a.org, a.outbox, a.chatLinks()))
	a.deliverers[service.ChannelChat] = wecom.NewDeliverer(a.wc, service.ChannelWeComText)
	// Reminders are rendered from the markdown notice templates.
	a.deliverers[service.ChannelReminder] = wecom.NewDeliverer(a.wc, service.ChannelWeComMarkdown)
}

// chatState is where open dialogs live: the session store when it is
// Redis, else the database, so a dialog outlives a restart on both stacks.
func (a *app) chatState() bot.StateStore {
	if a.cfg.Redis.Addr != "" {
		return a.kv
	}
	return repo.NewChatState(a.db)
}

func (a *app) chatLinks() bot.Links { return bot.Links{BaseURL: a.cfg.HTTP.BaseURL} }

// chatBot wires the chat bot on the services; it needs WeCom.
func (a *app) chatBot() *bot.Bot {
	return bot.New(bot.Deps{
		Org: a.org, Tickets: a.tickets, Templates: a.tmpl, CRM: a.crm, Records: a.records,
		Solutions: a.solution, Attachments: a.attach, Notices: a.notices.notifier,
		Quick: service.NewQuickReplyService(repo.NewQuickReplies(a.db), a.org, a.tickets, repo.NewCRM(a.db)),
		Chat:  service.NewChatService(a.db, repo.NewChat(a.db), a.outbox, a.tickets, a.notices.notifier, a.kv),
		State: a.chatState(),
		WeCom: a.wc, Links: a.chatLinks(), Location: a.calendar.Location(), Log: a.log,
	})
}

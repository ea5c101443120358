package bot

import (
	"context"
	"slices"
	"strings"

	"github.com/wecom-ticket/ticket/service"
)

// command is one chat command. The table is data: help is generated from
// it, so help always lists exactly what the asking user may run.
type command struct {
	names []string       // first is the Chinese name; the rest are aliases
	roles []service.Role // nil: everyone
	usage msg            // one line with an example
	run   func(ctx context.Context, t *turn) error
}

func (c *command) matches(word string) bool {
	return slices.ContainsFunc(c.names, func(n string) bool { return strings.EqualFold(n, word) })
}

func (c *command) allowed(u *service.User) bool {
	return c.roles == nil || slices.ContainsFunc(c.roles, u.HasRole)
}

func (b *Bot) commands() []command {
	return []command{
		{names: []string{"帮助", "help", "?", "？"}, usage: txtHelpUsage, run: b.help},
	}
}

// help lists the commands this user may run.
func (b *Bot) help(ctx context.Context, t *turn) error {
	var sb strings.Builder
	sb.WriteString(t.lang.text(txtHelpHeader))
	for i := range b.cmds {
		if b.cmds[i].allowed(t.user) {
			sb.WriteString("\n• ")
			sb.WriteString(t.lang.text(b.cmds[i].usage))
		}
	}
	return b.reply(ctx, t, sb.String())
}

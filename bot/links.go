package bot

import (
	"fmt"
	"html"
	"strings"

	"github.com/wecom-ticket/ticket/service"
)

// Links makes ticket numbers and customer names in replies open the
// ticket's H5 page, when the server knows its public address.
type Links struct {
	BaseURL string // TICKET_HTTP_BASE_URL; empty: plain text
}

// URL is a ticket's H5 detail page, or "".
func (l Links) URL(t *service.Ticket) string {
	if l.BaseURL == "" {
		return ""
	}
	return fmt.Sprintf("%s/h5/tickets/%d", strings.TrimRight(l.BaseURL, "/"), t.ID)
}

// ticket is the ticket's number, linked.
func (l Links) ticket(t *service.Ticket) string { return l.anchor(t, t.Number) }

// customer is a customer's name, linked to the ticket it is shown on.
func (l Links) customer(t *service.Ticket, name string) string { return l.anchor(t, name) }

func (l Links) anchor(t *service.Ticket, text string) string {
	u := l.URL(t)
	if u == "" {
		return text
	}
	return fmt.Sprintf(`<a href="%s">%s</a>`, html.EscapeString(u), html.EscapeString(text))
}

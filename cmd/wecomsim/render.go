package main

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/wecom-ticket/ticket/wecom"
	"github.com/wecom-ticket/ticket/wecom/sim"
)

// shownCard is the last card printed, so /click N can name its buttons.
type shownCard struct {
	taskID, cardType string
	buttons          []shownButton
}

type shownButton struct{ text, key, url string }

var tags = regexp.MustCompile(`<[^>]+>`)

// show prints one received message.
func (c *chatter) show(m sim.SentMessage) {
	var b strings.Builder
	who := "bot"
	if m.Passive {
		who = "bot (reply)"
	}
	switch {
	case m.ReplaceName != "": // update_template_card's button, or a passive update_button
		fmt.Fprintf(&b, "%s> [card %s] buttons now read %q\n", who, m.TaskID, m.ReplaceName)
		c.mu.Lock()
		if c.last != nil && c.last.taskID == m.TaskID {
			c.last = nil // greyed out: nothing left to click
		}
		c.mu.Unlock()
	case m.Card != nil:
		if m.MsgType == "update_template_card" {
			fmt.Fprintf(&b, "%s> [card %s replaced]\n", who, m.TaskID)
		}
		c.mu.Lock()
		c.last = renderCard(&b, m.Card)
		c.mu.Unlock()
	case m.TextCard != nil:
		fmt.Fprintf(&b, "%s> ┌ %s\n│ %s\n└ %s %s\n", who, m.TextCard.Title, indent(tags.ReplaceAllString(m.TextCard.Description, "")), orDefault(m.TextCard.BtnTxt, "详情"), m.TextCard.URL)
	default:
		fmt.Fprintf(&b, "%s> %s\n", who, indent(m.Content))
	}
	c.printf("%s", b.String())
}

// renderCard draws a template card with numbered buttons.
func renderCard(b *strings.Builder, card *wecom.TemplateCard) *shownCard {
	shown := &shownCard{taskID: card.TaskID, cardType: card.CardType}
	title := card.CardType
	if card.MainTitle != nil {
		title = strings.TrimSpace(card.MainTitle.Title + " — " + card.MainTitle.Desc)
		title = strings.TrimSuffix(title, " —")
	}
	fmt.Fprintf(b, "bot> ┌ %s\n", title)
	if card.EmphasisContent != nil {
		fmt.Fprintf(b, "│ %s %s\n", card.EmphasisContent.Title, card.EmphasisContent.Desc)
	}
	if card.SubTitleText != "" {
		fmt.Fprintf(b, "│ %s\n", indent(card.SubTitleText))
	}
	for _, h := range card.HorizontalContentList {
		fmt.Fprintf(b, "│ %s: %s\n", h.KeyName, orDefault(h.Value, h.UserID))
	}
	for _, btn := range card.ButtonList {
		s := shownButton{text: btn.Text, key: btn.Key}
		if btn.Type == wecom.ButtonURL {
			s = shownButton{text: btn.Text, url: btn.URL}
		}
		shown.buttons = append(shown.buttons, s)
	}
	if card.SubmitButton != nil {
		shown.buttons = append(shown.buttons, shownButton{text: card.SubmitButton.Text, key: card.SubmitButton.Key})
	}
	var row []string
	for i, s := range shown.buttons {
		label := fmt.Sprintf("[%d] %s", i+1, s.text)
		if s.url != "" {
			label += " ↗ " + s.url
		}
		row = append(row, label)
	}
	if len(row) > 0 {
		fmt.Fprintf(b, "│ %s\n", strings.Join(row, "  "))
	}
	fmt.Fprintf(b, "└ task %s\n", orDefault(card.TaskID, "-"))
	return shown
}

func indent(s string) string { return strings.ReplaceAll(s, "\n", "\n  ") }

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

package wecom

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"unicode/utf8"
)

// WeCom's size limits (WECOM.md §4). Byte limits count UTF-8 bytes,
// character limits count runes.
const (
	MaxTextBytes          = 2048
	MaxMarkdownBytes      = 2048
	MaxTextCardTitle      = 128 // characters
	MaxTextCardDesc       = 512 // characters
	MaxTextCardURLBytes   = 2048
	MaxTextCardBtnTxt     = 4 // characters
	MaxTaskIDBytes        = 128
	MaxButtons            = 6
	MaxButtonKeyBytes     = 1024
	MaxHorizontalContents = 6
	MaxJumps              = 3
	MaxMenuActions        = 3
	MaxVoteOptions        = 20
	MaxOptionIDBytes      = 128
	MaxSelects            = 3
	MaxSelectOptions      = 10
)

var taskIDPattern = regexp.MustCompile(`^[0-9A-Za-z_\-@]+$`)

// Interactive reports whether WeCom returns a response_code for the card:
// button, vote and multiple cards, and notices with an action menu.
func (c *TemplateCard) Interactive() bool {
	switch c.CardType {
	case CardButtonInteraction, CardVoteInteraction, CardMultipleInteraction:
		return true
	}
	return c.ActionMenu != nil
}

// Validate checks the card against WeCom's documented rules, so a bad card
// fails here with a clear reason instead of with a bare errcode. The
// emulator applies the same rules.
func (c *TemplateCard) Validate() error {
	switch c.CardType {
	case CardTextNotice, CardNewsNotice, CardButtonInteraction, CardVoteInteraction, CardMultipleInteraction:
	default:
		return fmt.Errorf("unknown card_type %q", c.CardType)
	}
	if c.Interactive() || c.TaskID != "" {
		if len(c.TaskID) > MaxTaskIDBytes || !taskIDPattern.MatchString(c.TaskID) {
			return fmt.Errorf("task_id %q: required for this card, ≤%d bytes of [0-9A-Za-z_-@]", c.TaskID, MaxTaskIDBytes)
		}
	}
	if c.ActionMenu != nil && (len(c.ActionMenu.ActionList) == 0 || len(c.ActionMenu.ActionList) > MaxMenuActions) {
		return fmt.Errorf("action_menu needs 1..%d actions", MaxMenuActions)
	}
	if len(c.HorizontalContentList) > MaxHorizontalContents {
		return fmt.Errorf("horizontal_content_list: %d items, max %d", len(c.HorizontalContentList), MaxHorizontalContents)
	}
	if len(c.JumpList) > MaxJumps {
		return fmt.Errorf("jump_list: %d items, max %d", len(c.JumpList), MaxJumps)
	}
	switch c.CardType {
	case CardTextNotice:
		if (c.MainTitle == nil || c.MainTitle.Title == "") && c.SubTitleText == "" {
			return errors.New("text_notice needs main_title.title or sub_title_text")
		}
	case CardButtonInteraction:
		return validateButtons(c.ButtonList)
	case CardVoteInteraction:
		if c.Checkbox == nil || c.Checkbox.QuestionKey == "" {
			return errors.New("vote_interaction needs checkbox.question_key")
		}
		if err := validateOptions(c.Checkbox.OptionList, MaxVoteOptions); err != nil {
			return fmt.Errorf("checkbox: %w", err)
		}
		return validateSubmit(c.SubmitButton)
	case CardMultipleInteraction:
		if len(c.SelectList) == 0 || len(c.SelectList) > MaxSelects {
			return fmt.Errorf("select_list needs 1..%d questions", MaxSelects)
		}
		for _, q := range c.SelectList {
			if q.QuestionKey == "" {
				return errors.New("select_list: question_key required")
			}
			if err := validateOptions(q.OptionList, MaxSelectOptions); err != nil {
				return fmt.Errorf("select_list %s: %w", q.QuestionKey, err)
			}
		}
		return validateSubmit(c.SubmitButton)
	}
	return nil
}

func validateButtons(buttons []CardButton) error {
	if len(buttons) == 0 || len(buttons) > MaxButtons {
		return fmt.Errorf("button_list needs 1..%d buttons, got %d", MaxButtons, len(buttons))
	}
	keys := map[string]bool{}
	for i, b := range buttons {
		if b.Text == "" {
			return fmt.Errorf("button %d: text required", i+1)
		}
		switch b.Type {
		case ButtonCallback:
			if b.Key == "" || len(b.Key) > MaxButtonKeyBytes {
				return fmt.Errorf("button %d: key required, ≤%d bytes", i+1, MaxButtonKeyBytes)
			}
			if keys[b.Key] {
				return fmt.Errorf("button %d: key %q not unique", i+1, b.Key)
			}
			keys[b.Key] = true
		case ButtonURL:
			if !absoluteURL(b.URL) {
				return fmt.Errorf("button %d: url %q must be absolute http(s)", i+1, b.URL)
			}
		default:
			return fmt.Errorf("button %d: type %d", i+1, b.Type)
		}
	}
	return nil
}

func validateOptions(opts []CardOption, limit int) error {
	if len(opts) == 0 || len(opts) > limit {
		return fmt.Errorf("needs 1..%d options, got %d", limit, len(opts))
	}
	ids := map[string]bool{}
	for _, o := range opts {
		if o.ID == "" || len(o.ID) > MaxOptionIDBytes || ids[o.ID] {
			return fmt.Errorf("option id %q: required, unique, ≤%d bytes", o.ID, MaxOptionIDBytes)
		}
		ids[o.ID] = true
	}
	return nil
}

func validateSubmit(s *SubmitButton) error {
	if s == nil || s.Text == "" || s.Key == "" {
		return errors.New("submit_button with text and key required")
	}
	return nil
}

// Validate checks a text card against WeCom's limits.
func (c *TextCard) Validate() error {
	switch {
	case c.Title == "" || utf8.RuneCountInString(c.Title) > MaxTextCardTitle:
		return fmt.Errorf("textcard title: required, ≤%d characters", MaxTextCardTitle)
	case c.Description == "" || utf8.RuneCountInString(c.Description) > MaxTextCardDesc:
		return fmt.Errorf("textcard description: required, ≤%d characters", MaxTextCardDesc)
	case len(c.URL) > MaxTextCardURLBytes || !absoluteURL(c.URL):
		return fmt.Errorf("textcard url: absolute http(s), ≤%d bytes", MaxTextCardURLBytes)
	case utf8.RuneCountInString(c.BtnTxt) > MaxTextCardBtnTxt:
		return fmt.Errorf("textcard btntxt: ≤%d characters", MaxTextCardBtnTxt)
	}
	return nil
}

func absoluteURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// truncateUTF8 cuts s to at most n bytes without splitting a character.
func truncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut]
}

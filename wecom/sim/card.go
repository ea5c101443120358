package sim

import (
	"errors"
	"strconv"
	"time"

	"github.com/wecom-ticket/ticket/wecom"
)

// responseCodeTTL is how long a response_code can be used (once).
const responseCodeTTL = 72 * time.Hour

// ErrNotClickable: the member has no such card, or no such button on it
// (never received, greyed out by an update, or replaced).
var ErrNotClickable = errors.New("sim: no such clickable button for this member")

// card is a sent template card and, per recipient, the keys they can
// still click: updates change the card only for the users they name.
type card struct {
	cardType string
	userKeys map[string][]string
}

type responseCode struct {
	taskID  string
	expires time.Time
	used    bool
}

func newCard(c *wecom.TemplateCard, users []string) *card {
	k := &card{cardType: c.CardType, userKeys: map[string][]string{}}
	for _, u := range users {
		k.userKeys[u] = clickKeys(c)
	}
	return k
}

// clickKeys are the keys whose clicks come back as callbacks.
func clickKeys(c *wecom.TemplateCard) []string {
	var keys []string
	for _, b := range c.ButtonList {
		if b.Type == wecom.ButtonCallback {
			keys = append(keys, b.Key)
		}
	}
	if c.SubmitButton != nil {
		keys = append(keys, c.SubmitButton.Key)
	}
	return keys
}

func menuKeys(c *wecom.TemplateCard) []string {
	if c == nil || c.ActionMenu == nil {
		return nil
	}
	var keys []string
	for _, a := range c.ActionMenu.ActionList {
		keys = append(keys, a.Key)
	}
	return keys
}

// nextID returns a fresh id with prefix. Callers hold s.mu.
func (s *Server) nextID(prefix string) string {
	s.ids++
	return prefix + strconv.FormatInt(time.Now().UnixNano(), 36) + strconv.FormatInt(s.ids, 36)
}

// newResponseCode issues a single-use code for task. Callers hold s.mu.
func (s *Server) newResponseCode(taskID string) string {
	code := s.nextID("rc")
	s.codes[code] = &responseCode{taskID: taskID, expires: time.Now().Add(responseCodeTTL)}
	return code
}

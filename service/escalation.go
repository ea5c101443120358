package service

import (
	"context"
	"time"
)

// SLAEscalation is a template's escalation policy (the template's
// "escalation" section). Without one, a template with SLA targets warns
// at DefaultWarnAt and never reassigns.
type SLAEscalation struct {
	// WarnAt is the share of the SLA time after which the handler is
	// warned, e.g. 0.8; 0 sends no warning.
	WarnAt float64 `yaml:"warn_at,omitempty" json:"warn_at,omitempty"`
	// Reassign hands a ticket whose target is breached back to its queue.
	Reassign bool `yaml:"reassign,omitempty" json:"reassign,omitempty"`
}

// DefaultWarnAt is the warning share of templates without a policy.
const DefaultWarnAt = 0.8

func (e *SLAEscalation) validate(bad map[string]string) {
	if e != nil && (e.WarnAt < 0 || e.WarnAt >= 1) {
		bad["escalation.warn_at"] = "must be a share from 0 up to (not including) 1, such as 0.8"
	}
}

func escalationOf(tpl *Template) SLAEscalation {
	if tpl.Escalation == nil {
		return SLAEscalation{WarnAt: DefaultWarnAt}
	}
	return *tpl.Escalation
}

// SLA targets and the escalation stages each goes through.
const (
	slaResponse = "response"
	slaResolve  = "resolve"

	stageWarned   = "warned"
	stageBreached = "breached"
)

// SLAMark is one escalation stage reached for one due time.
type SLAMark struct {
	TicketID  int64
	Target    string
	DueAt     time.Time
	Stage     string
	CreatedAt time.Time
}

// SLAMarkStore finds tickets to escalate and remembers the stages done.
type SLAMarkStore interface {
	// SLACandidates returns open tickets, not waiting on the customer,
	// with a response or resolution due at or before horizon that has not
	// been escalated as breached yet, oldest first.
	SLACandidates(ctx context.Context, horizon time.Time, limit int) ([]int64, error)
	// MarkSLA records a stage in the transaction in ctx; false when it
	// was recorded already (another instance, an earlier sweep).
	MarkSLA(ctx context.Context, m SLAMark) (bool, error)
}

package service

// NoticeData is what every notice template (templates/notices) is
// executed with. Fields a notice does not use stay empty; labels are
// already in the notice's language, so templates hold no lookup logic.
// The golden samples (templates/notices/samples) are this struct as JSON.
type NoticeData struct {
	Lang      string `json:"lang"`      // "zh" or "en"
	Recipient string `json:"recipient"` // the reader's name
	Actor     string `json:"actor"`     // who did it; empty for the system

	Ticket NoticeTicket `json:"ticket"`

	Role     string `json:"role,omitempty"`      // assigned as: owner or assistant (label)
	From     string `json:"from,omitempty"`      // status before (label)
	To       string `json:"to,omitempty"`        // status after (label), or a transfer's target
	Queue    string `json:"queue,omitempty"`     // the queue's department name
	Note     string `json:"note,omitempty"`      // reason, decision note, reminder text
	Excerpt  string `json:"excerpt,omitempty"`   // the start of a service record
	Approved bool   `json:"approved,omitempty"`  // a transfer decision
	Target   string `json:"target,omitempty"`    // SLA target: response or resolution (label)
	Due      string `json:"due,omitempty"`       // SLA due time, China time
	Handler  string `json:"handler,omitempty"`   // the overdue ticket's handler
	Score    int    `json:"score,omitempty"`     // a CSAT rating, 1-5
	Customer string `json:"customer,omitempty"`  // the customer contact's name
	Link     string `json:"link,omitempty"`      // staff: the ticket; customers: the status page
	CSATLink string `json:"csat_link,omitempty"` // customers: the satisfaction form

	Summary *NoticeSummary `json:"summary,omitempty"`
}

// NoticeTicket is the part of a ticket notices show.
type NoticeTicket struct {
	ID       int64  `json:"id"`
	Number   string `json:"number"`
	Subject  string `json:"subject"`
	Status   string `json:"status"`   // label
	Priority string `json:"priority"` // label
}

// NoticeSummary is a manager's daily summary.
type NoticeSummary struct {
	Day               string `json:"day"` // yyyy-mm-dd, the day it is sent
	Open              int    `json:"open"`
	Overdue           int    `json:"overdue"`
	ResolvedYesterday int    `json:"resolved_yesterday"`
}

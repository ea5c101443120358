package handler

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/wecom-ticket/ticket/service"
)

// noticeJSON is an outbox notice as admins see it: where it goes and how
// its delivery went. The payload stays inside.
type noticeJSON struct {
	ID        int64      `json:"id"`
	Channel   string     `json:"channel"`
	Recipient string     `json:"recipient"`
	TicketID  int64      `json:"ticket_id"`
	Kind      string     `json:"kind"`
	Status    string     `json:"status"`
	Attempts  int        `json:"attempts"`
	LastError string     `json:"last_error"`
	CreatedAt time.Time  `json:"created_at"`
	SentAt    *time.Time `json:"sent_at"`
}

func toNoticeJSON(n service.Notice) noticeJSON {
	return noticeJSON{ID: n.ID, Channel: string(n.Channel), Recipient: n.Recipient, TicketID: n.TicketID,
		Kind: n.Kind, Status: string(n.Status), Attempts: n.Attempts, LastError: n.LastError, CreatedAt: n.CreatedAt,
		SentAt: n.SentAt}
}

type limitQuery struct {
	Limit int `form:"limit" binding:"gte=0,lte=500"`
}

func (a *api) deadNotices(c *gin.Context) {
	var q limitQuery
	if a.params(c, &q) {
		answer(a, c, http.StatusOK, listOf(toNoticeJSON))(a.d.Notices.DeadLetters(c.Request.Context(), actor(c), q.Limit))
	}
}

func (a *api) retryNotice(c *gin.Context) {
	if id, ok := a.id(c, "id"); ok {
		a.noContent(c, a.d.Notices.RetryDead(c.Request.Context(), actor(c), id))
	}
}

// customerDeliveryJSON is one channel's try at a customer notice.
type customerDeliveryJSON struct {
	NoticeID  int64     `json:"notice_id"`
	Node      string    `json:"node"`
	Channel   string    `json:"channel"`
	Status    string    `json:"status"`
	Detail    string    `json:"detail"`
	CreatedAt time.Time `json:"created_at"`
}

func toCustomerDeliveryJSON(d service.CustomerDelivery) customerDeliveryJSON {
	return customerDeliveryJSON{NoticeID: d.NoticeID, Node: string(d.Node), Channel: string(d.Channel), Status: d.Status,
		Detail: d.Detail, CreatedAt: d.CreatedAt}
}

// customerNotices lists which channel carried (or failed to carry) each
// customer notice of a ticket, oldest first.
func (a *api) customerNotices(c *gin.Context) {
	if id, ok := a.id(c, "id"); ok {
		answer(a, c, http.StatusOK, listOf(toCustomerDeliveryJSON))(a.d.CustomerNotices.Deliveries(c.Request.Context(), actor(c), id))
	}
}

package handler

import (
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/wecom-ticket/ticket/service"
)

// registerPreferences adds each user's own notice preferences and the
// admins' naming of department group chats (the service checks admins).
func (a *api) registerPreferences(g *gin.RouterGroup) {
	g.GET("/me/notice-preferences", a.noticePreferences)
	g.PUT("/me/notice-preferences", a.setNoticePreferences)
	g.PUT("/departments/:id/group-chat", a.setGroupChat)
}

// noticePrefsJSON is both the answer and the request: the kinds muted,
// and quiet hours as "22:00" and "08:00" ("" and "": none).
type noticePrefsJSON struct {
	Muted      []string `json:"muted" binding:"max=32,dive,max=32"`
	QuietStart string   `json:"quiet_start" binding:"max=5"`
	QuietEnd   string   `json:"quiet_end" binding:"max=5"`
}

func toNoticePrefsJSON(p service.NoticePrefs) noticePrefsJSON {
	out := noticePrefsJSON{Muted: make([]string, 0, len(p.Muted)), QuietStart: clock(p.QuietStart), QuietEnd: clock(p.QuietEnd)}
	for _, k := range p.Muted {
		out.Muted = append(out.Muted, string(k))
	}
	return out
}

// clock writes minutes after midnight as "HH:MM"; unset (-1) as "".
func clock(minutes int) string {
	if minutes < 0 {
		return ""
	}
	return fmt.Sprintf("%02d:%02d", minutes/60, minutes%60)
}

func (a *api) noticePreferences(c *gin.Context) {
	answer(a, c, http.StatusOK, toNoticePrefsJSON)(a.d.Preferences.Get(c.Request.Context(), actor(c)))
}

func (a *api) setNoticePreferences(c *gin.Context) {
	var req noticePrefsJSON
	if !a.body(c, &req) {
		return
	}
	in := service.NoticePrefsInput{QuietStart: req.QuietStart, QuietEnd: req.QuietEnd}
	for _, k := range req.Muted {
		in.Muted = append(in.Muted, service.NoticeKind(k))
	}
	answer(a, c, http.StatusOK, toNoticePrefsJSON)(a.d.Preferences.Save(c.Request.Context(), actor(c), in))
}

// groupChatRequest names a department's group robot by its webhook key;
// "" removes it. The key is a secret: the answer is 204 and never echoes
// it, and nothing here logs the body.
type groupChatRequest struct {
	RobotKey *string `json:"robot_key" binding:"required,max=64"`
}

func (a *api) setGroupChat(c *gin.Context) {
	var req groupChatRequest
	if id, ok := a.withID(c, &req); ok {
		a.noContent(c, a.d.Preferences.SetGroupChat(c.Request.Context(), actor(c), id, *req.RobotKey))
	}
}

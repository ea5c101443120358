package handler

import (
	"context"
	"html/template"
	"log/slog"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/go-playground/validator/v10"

	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/wecom"
)

// JSSDK signs H5 pages for WeCom's JS-SDK (the WeCom client).
type JSSDK interface {
	JSConfig(ctx context.Context, pageURL string) (*wecom.JSConfig, error)
}

// APIDeps are the services behind the JSON API at /api/v1 (the
// mini-program and H5 pages) and the public forms at /public.
type APIDeps struct {
	Auth         *service.AuthService
	Tickets      *service.TicketService
	Sheets       *service.SheetService
	Templates    *service.TemplateService
	Rules        *service.RuleService
	Sharing      *service.SharingService
	Calendar     *service.CalendarService
	Settings     *service.SettingsService
	CRM          *service.CRMService
	Records      *service.RecordService
	Costs        *service.CostService
	Stats        *service.StatsService
	Notices      *service.NoticeAdmin
	Forms        *service.WebFormService
	Webhooks     *service.WebhookService
	QuickReplies *service.QuickReplyService
	Preferences  *service.PreferenceService // notice preferences, department group chats
	// CustomerNotices says which channel carried each customer notice.
	CustomerNotices *service.CustomerNoticeLog
	JSSDK           JSSDK  // nil when WeCom is not configured
	BaseURL         string // the public base URL; when set, only its pages get JS-SDK signatures
}

// api holds what every API handler needs.
type api struct {
	d    *APIDeps
	log  *slog.Logger
	v    *validator.Validate
	page *template.Template // the printable ticket
}

func newAPI(d *APIDeps, log *slog.Logger) *api {
	// Our own validator, not gin's process-wide one: field errors are
	// named by their JSON names, and gin's instance stays untouched.
	v := validator.New(validator.WithRequiredStructEnabled())
	v.SetTagName("binding")
	v.RegisterTagNameFunc(wireName)
	return &api{d: d, log: log, v: v, page: parsePrintPage()}
}

// registerAPI adds the JSON API, the public forms and the OpenAPI
// document. demo adds the demo sign-in.
func registerAPI(r *gin.Engine, d *APIDeps, demo bool, log *slog.Logger) {
	a := newAPI(d, log)
	r.GET("/api/openapi.yaml", serveOpenAPI)
	registerPublicForms(r, a)

	open := r.Group("/api/v1")
	open.POST("/auth/miniprogram", a.loginMiniProgram)
	open.POST("/auth/oauth", a.loginOAuth)
	if demo {
		open.POST("/auth/dev", a.loginDemo)
	}
	open.POST("/auth/logout", a.logout)

	v1 := r.Group("/api/v1", a.authenticate)
	v1.GET("/me", a.me)
	v1.GET("/jssdk/signature", a.jssdkSignature)
	v1.GET("/org/users", a.orgUsers)
	v1.GET("/org/departments", a.orgDepartments)
	a.registerTickets(v1)
	a.registerCRM(v1)
	a.registerAdmin(v1)
	a.registerReports(v1)
	a.registerQuickReplies(v1)
	a.registerPreferences(v1)
}

type actorKey struct{}

// authenticate turns "Authorization: Bearer <token>" into the actor every
// handler behind it acts as.
func (a *api) authenticate(c *gin.Context) {
	token, _ := strings.CutPrefix(c.GetHeader("Authorization"), "Bearer ")
	actor, err := a.d.Auth.Authenticate(c.Request.Context(), strings.TrimSpace(token))
	if err != nil {
		fail(c, a.log, err)
		return
	}
	c.Set(actorKey{}, actor)
	c.Next()
}

// actor is the signed-in caller (set by authenticate).
func actor(c *gin.Context) service.Actor {
	v, _ := c.Get(actorKey{})
	act, _ := v.(service.Actor)
	return act
}

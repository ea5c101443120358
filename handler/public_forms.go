package handler

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/wecom-ticket/ticket/service"
)

// registerPublicForms adds web-to-case: anyone with a form's URL reads
// its fields and submits it, without signing in.
func registerPublicForms(r *gin.Engine, a *api) {
	r.GET("/public/forms/:token", a.publicForm)
	r.POST("/public/forms/:token", a.submitForm)
}

type publicFormJSON struct {
	Name     string                                 `json:"name"`
	Template string                                 `json:"template"`
	Standard map[service.StdField]service.FieldRule `json:"standard_fields"`
	Fields   []service.FieldDef                     `json:"fields"`
}

// publicForm answers what the form's page shows: its name and the fields
// of its template.
func (a *api) publicForm(c *gin.Context) {
	answer(a, c, http.StatusOK, func(f *service.PublicForm) publicFormJSON {
		tpl := f.Template
		name := tpl.Name
		if lang(c) == "en" && tpl.NameEn != "" {
			name = tpl.NameEn
		}
		return publicFormJSON{Name: f.Name, Template: name, Standard: nonNilMap(tpl.Standard), Fields: nonNil(tpl.Fields)}
	})(a.d.Forms.Public(c.Request.Context(), c.Param("token")))
}

// submissionRequest is what a visitor sends. website is the honeypot: the
// page hides it, so a filled one is a bot.
type submissionRequest struct {
	Subject      string         `json:"subject" binding:"required,max=255"`
	Description  string         `json:"description" binding:"max=32000"`
	Product      string         `json:"product" binding:"max=128"`
	Name         string         `json:"name" binding:"required,max=64"`
	Phone        string         `json:"phone" binding:"max=32"`
	Email        string         `json:"email" binding:"max=254"`
	CustomFields map[string]any `json:"custom_fields" binding:"max=100"`
	Website      string         `json:"website" binding:"max=255"`
}

type receiptJSON struct {
	Number string `json:"number"`
}

// submitForm raises a ticket and answers only its number: a visitor sees
// nothing else of the system.
func (a *api) submitForm(c *gin.Context) {
	var req submissionRequest
	if a.body(c, &req) {
		answer(a, c, http.StatusCreated, func(t *service.Ticket) receiptJSON { return receiptJSON{Number: t.Number} })(
			a.d.Forms.Submit(c.Request.Context(), c.Param("token"), c.ClientIP(), service.Submission{
				Subject: req.Subject, Description: req.Description, Product: req.Product, Name: req.Name, Phone: req.Phone,
				Email: req.Email, CustomFields: req.CustomFields, Website: req.Website}))
	}
}

func nonNilMap[K comparable, V any](m map[K]V) map[K]V {
	if m == nil {
		return map[K]V{}
	}
	return m
}

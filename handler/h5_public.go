package handler

import (
	"net/http"
	"net/url"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/wecom-ticket/ticket/service"
)

type publicFormData struct {
	Post, Name, Template string
	Zone                 string // the UTC offset date-times are read in
	Fields               []formField
}

// publicForm is the web-to-case page anyone with the form's link fills
// in; its script posts to the API's POST /public/forms/{token}, which
// checks, rate-limits and files it. A visitor picks no staff, so fields
// that name a member or a department are left out.
func (h *h5) publicForm(c *gin.Context) {
	v := h.view(c, "public_form", "public_form")
	token := c.Param("token")
	f, err := h.api.d.Forms.Public(c.Request.Context(), token)
	if err != nil {
		h.fail(c, err)
		return
	}
	tpl := f.Template
	fields := []formField{{Name: "subject", Label: v.T("f.subject"), Kind: "text", MaxLen: 255, Required: true}}
	if r := stdRule(tpl, service.StdDescription); !r.Hidden {
		fields = append(fields, formField{Name: "description", Label: v.T("f.description"), Kind: "textarea", MaxLen: 32000, Required: r.Required})
	}
	if r := stdRule(tpl, service.StdProduct); !r.Hidden {
		fields = append(fields, formField{Name: "product", Label: v.T("f.product"), Kind: "text", MaxLen: 128, Required: r.Required})
	}
	fields = append(fields,
		formField{Name: "name", Label: v.T("f.your_name"), Kind: "text", MaxLen: 64, Required: true},
		formField{Name: "phone", Label: v.T("f.phone"), Kind: "tel", MaxLen: 32},
		formField{Name: "email", Label: v.T("f.email"), Kind: "email", MaxLen: 254})
	for _, fd := range tpl.Fields {
		if fd.Kind != service.FieldUser && fd.Kind != service.FieldDepartment {
			fields = append(fields, customInput(v, fd))
		}
	}
	vals := url.Values{}
	for _, fd := range tpl.Fields {
		if fd.Default != nil {
			vals[customPrefix+fd.Key] = customFormValue(fd, fd.Default, v.loc)
		}
	}
	fields, _ = fillInputs(v, fields, vals, nil)
	v.Data = publicFormData{Post: "/public/forms/" + url.PathEscape(token), Name: f.Name,
		Template: templateName(tpl, v.Lang), Zone: time.Now().In(v.loc).Format("-07:00"), Fields: fields}
	h.render(c, http.StatusOK, v)
}

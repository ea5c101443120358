package handler

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/wecom-ticket/ticket/service"
	"github.com/wecom-ticket/ticket/templates/print"
)

// printLabels are the printout's words.
var printLabels = map[string]message{
	"ticket": {"工单", "Ticket"}, "print": {"打印", "Print"}, "locked": {"已锁定", "Locked"},
	"status": {"状态", "Status"}, "priority": {"优先级", "Priority"}, "template": {"模板", "Template"},
	"type": {"类型", "Type"}, "owner": {"负责人", "Owner"}, "dept": {"受理部门", "Department"},
	"creator": {"创建人", "Created by"}, "created_at": {"创建时间", "Created"}, "customer": {"客户", "Customer"},
	"product": {"产品", "Product"}, "response_due": {"响应期限", "Respond by"}, "resolve_due": {"解决期限", "Resolve by"},
	"resolved_at": {"解决时间", "Resolved"}, "closed_at": {"关闭时间", "Closed"}, "reason": {"原因", "Reason"},
	"description": {"问题描述", "Description"}, "custom_fields": {"模板字段", "Template fields"},
	"solution": {"解决方案", "Solution"}, "records": {"服务记录", "Service records"}, "minutes": {"分钟", "min"},
	"costs": {"费用", "Costs"}, "incurred_on": {"发生日期", "Date"}, "kind": {"类别", "Kind"},
	"charged_to": {"归属", "Charged to"}, "note": {"备注", "Note"}, "amount": {"金额", "Amount"},
	"total": {"合计", "Total"}, "timeline": {"处理过程", "Timeline"}, "printed_at": {"打印时间", "Printed"},
}

// parsePrintPage parses the printout once, at start (and in a test): the
// file is embedded, so a parse error is a bug caught before release.
func parsePrintPage() *template.Template {
	return template.Must(template.New("ticket.html").Funcs(printFuncs("zh", nil)).ParseFS(print.Files, "ticket.html"))
}

type printField struct{ Label, Value string }

type printData struct {
	Lang         string
	T            *service.TicketSheet
	Status       string
	Priority     string
	TemplateName string
	Custom       []printField
	CostTotal    int64
	PrintedAt    time.Time
}

// printFuncs are the page's helpers for one language and sheet.
func printFuncs(l string, sh *service.TicketSheet) template.FuncMap {
	loc := service.DefaultBusinessHours().Location
	when := func(t time.Time) string { return t.In(loc).Format("2006-01-02 15:04") }
	return template.FuncMap{
		"t":    func(key string) string { return printLabels[key].in(l) },
		"when": when,
		"whenp": func(t *time.Time) string {
			if t == nil {
				return ""
			}
			return when(*t)
		},
		"person": func(id int64) string { return sh.People[id] },
		"dept":   func(id int64) string { return sh.Depts[id] },
		"money":  func(cents int64) string { return fmt.Sprintf("%.2f", float64(cents)/100) },
	}
}

// printTicket answers a printable HTML page of the ticket, in the
// caller's language.
func (a *api) printTicket(c *gin.Context) {
	id, ok := a.id(c, "id")
	if !ok {
		return
	}
	sh, err := a.d.Sheets.Sheet(c.Request.Context(), actor(c), id)
	if err != nil {
		fail(c, a.log, err)
		return
	}
	l := lang(c)
	data := printData{Lang: map[string]string{"en": "en", "zh": "zh-CN"}[l], T: sh,
		Status: service.StateLabel(service.StateOf(sh.Ticket), l), Priority: service.PriorityLabel(sh.Priority, l),
		PrintedAt: time.Now()}
	if tpl := sh.Template; tpl != nil {
		data.TemplateName = tpl.Name
		if l == "en" && tpl.NameEn != "" {
			data.TemplateName = tpl.NameEn
		}
		for _, f := range tpl.Fields {
			if v, ok := sh.CustomFields[f.Key]; ok {
				label := f.Label
				if l == "en" && f.LabelEn != "" {
					label = f.LabelEn
				}
				data.Custom = append(data.Custom, printField{Label: label, Value: fmt.Sprint(v)})
			}
		}
	}
	for _, it := range sh.Costs {
		data.CostTotal += it.AmountCents
	}
	var buf bytes.Buffer
	page, err := a.page.Clone()
	if err == nil {
		err = page.Funcs(printFuncs(l, sh)).Execute(&buf, data)
	}
	if err != nil {
		fail(c, a.log, fmt.Errorf("print page: %w", err))
		return
	}
	c.Data(http.StatusOK, "text/html; charset=utf-8", buf.Bytes())
}

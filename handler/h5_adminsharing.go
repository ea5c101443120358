package handler

import (
	"net/url"

	"github.com/gin-gonic/gin"

	"github.com/wecom-ticket/ticket/service"
)

// sharingData is the rules and the form that adds one.
type sharingData struct {
	Rules []service.SharingRule
	Add   adminForm
}

// sharingPage lists the rules above the add form, which holds vals and
// errs after a refused post. Rules are added and removed, never edited,
// so there is no record id.
func (h *h5) sharingPage(c *gin.Context, status int, _ int64, vals url.Values, errs map[string]string) {
	v := h.view(c, "admin_sharing", "admin_sharing")
	h.flash(c, v)
	var d sharingData
	err := h.named(c, v)
	if err == nil {
		d.Rules, err = h.api.d.Sharing.Rules(c.Request.Context(), actor(c))
	}
	if err != nil {
		h.fail(c, err)
		return
	}
	access := formField{Name: "access", Label: v.T("access"), Kind: "select", Required: true}
	for _, a := range []service.Access{service.AccessRead, service.AccessWrite} {
		access.Options = append(access.Options, option{Value: string(a), Label: v.T("access." + string(a))})
	}
	d.Add = adminForm{Post: "/h5/admin/sharing", Submit: v.T("add"), Sections: []fieldSection{{Fields: []formField{
		partyField(v, "source", v.T("share_from"), service.PartyUser, service.PartyDept),
		partyField(v, "target", v.T("share_to"), service.PartyUser, service.PartyDept, service.PartyGroup),
		access,
	}}}}
	if vals == nil {
		vals = url.Values{"access": {string(service.AccessRead)}}
	}
	d.Add.fill(v, vals, errs)
	v.Data = d
	h.render(c, status, v)
}

// readShare reads the add form.
func (h *h5) readShare(r formReader, _ int64) saveCall {
	rule := service.SharingRule{Access: service.Access(r.text("access"))}
	rule.SourceKind, rule.SourceID = r.party("source")
	rule.TargetKind, rule.TargetID = r.party("target")
	return saving(h.api.d.Sharing.Share, rule)
}

package handler

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/wecom-ticket/ticket/service"
)

// ruleInputs are the rule form's inputs: the rule, its conditions and
// where it sends a ticket.
func (h *h5) ruleInputs(c *gin.Context, v *h5View, _ int64, _ url.Values) ([]fieldSection, error) {
	templates := formField{Name: "when.templates", Label: v.T("f.template"), Kind: "multi"}
	var err error
	// A condition may name a template since turned off.
	if templates.Options, err = h.templateOptions(c.Request.Context(), v, false); err != nil {
		return nil, err
	}
	strategy := formField{Name: "strategy", Label: v.T("strategy"), Kind: "select"}
	for _, s := range service.RuleStrategies {
		strategy.Options = append(strategy.Options, option{Value: string(s), Label: v.T("strategy." + string(s))})
	}
	words := func(name, label string) formField {
		return formField{Name: name, Label: label, Kind: "textarea", MaxLen: 2000}
	}
	return []fieldSection{
		{Fields: []formField{
			{Name: "name", Label: v.T("name"), Kind: "text", Required: true, MaxLen: 128},
			{Name: "position", Label: v.T("position"), Kind: "int"},
			checkbox("enabled", v.T("state"), v.T("enabled")),
		}},
		{Title: v.T("conditions"), Hint: v.T("conditions_hint"), Fields: []formField{templates,
			{Name: "when.types", Label: v.T("f.type"), Kind: "multi", Options: h.typeOptions(v)},
			{Name: "when.priorities", Label: v.T("f.priority"), Kind: "multi", Options: h.priorityOptions(v)},
			words("when.products", v.T("products")), words("when.regions", v.T("customer_regions")),
			words("when.tags", v.T("customer_tags")),
		}},
		{Title: v.T("rule_target"), Hint: v.T("rule_target_hint"), Fields: []formField{
			partyField(v, "target", v.T("target"), service.PartyUser, service.PartyDept), strategy,
		}},
	}, nil
}

// readRule reads the rule form.
func (h *h5) readRule(r formReader, id int64) saveCall {
	rule := service.DispatchRule{ID: id, Name: r.text("name"), Position: r.number("position"), Enabled: r.on("enabled"),
		When: service.RuleConditions{TemplateIDs: r.ids("when.templates"),
			Types:      kinds[service.TicketType](r.form["when.types"]),
			Priorities: kinds[service.Priority](r.form["when.priorities"]),
			Products:   r.list("when.products"), Regions: r.list("when.regions"), Tags: r.list("when.tags")},
		Strategy: service.RuleStrategy(r.text("strategy"))}
	rule.TargetKind, rule.TargetID = r.party("target")
	return saving(h.api.d.Rules.Save, rule)
}

// newRuleValues start a new rule on, after the others.
func newRuleValues(rules []*service.DispatchRule) url.Values {
	next := 1
	if n := len(rules); n > 0 {
		next = rules[n-1].Position + 1
	}
	return url.Values{"enabled": checked(true), "position": {strconv.Itoa(next)}}
}

// ruleValues are a stored rule as the form shows it.
func ruleValues(r *service.DispatchRule) url.Values {
	w := r.When
	return url.Values{"name": {r.Name}, "position": {strconv.Itoa(r.Position)},
		"when.templates": idStrings(w.TemplateIDs), "when.types": strs(w.Types), "when.priorities": strs(w.Priorities),
		"when.products": {strings.Join(w.Products, "\n")}, "when.regions": {strings.Join(w.Regions, "\n")},
		"when.tags": {strings.Join(w.Tags, "\n")}, "target": {partyValue(r.TargetKind, strconv.FormatInt(r.TargetID, 10))},
		"strategy": {string(r.Strategy)}, "enabled": checked(r.Enabled)}
}

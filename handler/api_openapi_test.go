package handler

import (
	"io"
	"log/slog"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"gopkg.in/yaml.v3"

	"github.com/wecom-ticket/ticket/service"
)

// openAPIDoc is the part of the document the contract test reads.
type openAPIDoc struct {
	Paths      map[string]map[string]yaml.Node `yaml:"paths"`
	Components struct {
		Schemas       map[string]*schema `yaml:"schemas"`
		RequestBodies map[string]struct {
			Content map[string]struct {
				Schema *schema `yaml:"schema"`
			} `yaml:"content"`
		} `yaml:"requestBodies"`
		Parameters map[string]parameter `yaml:"parameters"`
	} `yaml:"components"`
}

type schema struct {
	Ref                  string             `yaml:"$ref"`
	Type                 string             `yaml:"type"`
	Properties           map[string]*schema `yaml:"properties"`
	Required             []string           `yaml:"required"`
	Items                *schema            `yaml:"items"`
	AdditionalProperties any                `yaml:"additionalProperties"`
	AllOf                []*schema          `yaml:"allOf"`
}

type parameter struct {
	Ref      string `yaml:"$ref"`
	Name     string `yaml:"name"`
	In       string `yaml:"in"`
	Required bool   `yaml:"required"`
}

type operation struct {
	OperationID string      `yaml:"operationId"`
	Parameters  []parameter `yaml:"parameters"`
	RequestBody *struct {
		Ref     string `yaml:"$ref"`
		Content map[string]struct {
			Schema *schema `yaml:"schema"`
		} `yaml:"content"`
	} `yaml:"requestBody"`
	Responses map[string]any `yaml:"responses"`
}

func loadOpenAPI(t *testing.T) *openAPIDoc {
	t.Helper()
	var doc openAPIDoc
	if err := yaml.Unmarshal(openAPI, &doc); err != nil {
		t.Fatalf("openapi.yaml: %v", err)
	}
	return &doc
}

// The request types behind each documented operation: the JSON body and
// the query string. An operation that takes either must be listed, so a
// new endpoint cannot skip the contract.
var (
	bodyTypes = map[string]any{
		"loginMiniProgram": loginRequest{}, "loginOAuth": loginRequest{}, "loginDemo": demoLoginRequest{},
		"createTicket": createTicketRequest{}, "updateTicket": patchTicketRequest{}, "cloneTicket": patchTicketRequest{},
		"acceptTicket": noteRequest{}, "closeTicket": noteRequest{}, "reopenTicket": noteRequest{},
		"waitForCustomer": noteRequest{}, "resumeTicket": noteRequest{}, "lockTicket": noteRequest{},
		"unlockTicket": noteRequest{}, "voidTicket": noteRequest{}, "unmergeTicket": noteRequest{},
		"approveTransfer": noteRequest{}, "rejectTransfer": noteRequest{}, "resolveTicket": resolveRequest{},
		"allocateTicket": allocateRequest{}, "dispatchTicket": dispatchRequest{}, "mergeTicket": mergeRequest{},
		"requestTransfer": transferRequest{}, "setMember": setMemberRequest{}, "linkTicket": linkRequest{},
		"batchChangeOwner": batchOwnerRequest{}, "addRecord": recordRequest{}, "addCost": costRequest{},
		"createCustomer": customerRequest{}, "updateCustomer": customerRequest{}, "addContact": contactRequest{},
		"updateContact": contactRequest{}, "addOpportunity": opportunityRequest{}, "updateOpportunity": opportunityRequest{},
		"createTemplate": service.TemplateDef{}, "updateTemplate": service.TemplateDef{}, "enableTemplate": enabledRequest{},
		"setCostRules": costRulesJSON{}, "createDispatchRule": ruleRequest{}, "updateDispatchRule": ruleRequest{},
		"createSharingRule": sharingRequest{}, "setSettings": settingsJSON{}, "setCalendarDay": calendarDayRequest{},
		"createForm": formRequest{}, "updateForm": formRequest{}, "registerWebhook": webhookRequest{},
		"enableWebhook": enabledRequest{}, "createQuickReply": quickReplyRequest{}, "updateQuickReply": quickReplyRequest{},
		"renderQuickReply": renderRequest{}, "submitForm": submissionRequest{},
		"setNoticePreferences": noticePrefsJSON{}, "setGroupChat": groupChatRequest{},
	}
	queryTypes = map[string]any{
		"jssdkSignature": signatureQuery{}, "listTickets": listQuery{}, "exportTickets": exportQuery{},
		"importTickets": importQuery{}, "importCustomers": importQuery{}, "suggestDuplicates": duplicatesQuery{},
		"lookupCustomers": lookupQuery{}, "lookupContacts": lookupQuery{}, "lookupOpportunities": lookupQuery{},
		"deadNotices": limitQuery{}, "webhookDeliveries": limitQuery{},
		"ticketStats": rangeQuery{}, "costTotals": costTotalsQuery{},
	}
	// Query parameters of routes served outside this package's request
	// types (WeCom's callback).
	foreignQueries = []string{"wecomVerify", "wecomReceive"}
)

var ginParam = regexp.MustCompile(`[:*]([A-Za-z_]+)`)

// pagePrefixes are the browser pages, exempt from the API document: the
// H5 workbench (/h5, with the two pickers its form script calls, which
// answer only that page under its session cookie and CSRF token) and the
// signed customer pages (/p/). Everything else the server registers, the
// JSON API and the public forms above all, must be documented.
var pagePrefixes = []string{"/h5/", "/p/"}

func isPage(path string) bool {
	return path == "/h5" || slices.ContainsFunc(pagePrefixes, func(p string) bool { return strings.HasPrefix(path, p) })
}

// everyRoute builds the engine with every optional part on, and fails if
// Deps gains a part this test does not turn on, so no router builder's
// routes can escape the document.
func everyRoute(t *testing.T) []string {
	t.Helper()
	d := Deps{Log: slog.New(slog.NewJSONHandler(io.Discard, nil)), Registry: prometheus.NewRegistry(),
		WeCom: &WeComDeps{}, Public: &PublicDeps{}, API: &APIDeps{}, H5: &H5Deps{}, Demo: true}
	v := reflect.ValueOf(d)
	for i := range v.NumField() {
		if f := v.Field(i); f.Kind() == reflect.Pointer && f.IsNil() {
			t.Fatalf("Deps.%s is nil here: turn it on so its routes are checked", v.Type().Field(i).Name)
		}
	}
	var out []string
	for _, rt := range New(d).Routes() {
		out = append(out, rt.Method+" "+rt.Path)
	}
	return out
}

// TestOpenAPIMatchesTheRouter: every route the server registers, but the
// browser pages, is documented and every documented operation is
// registered; each operation's body and query parameters are exactly its
// request type's fields, and bodies refuse unknown fields.
func TestOpenAPIMatchesTheRouter(t *testing.T) {
	doc := loadOpenAPI(t)
	registered := map[string]bool{}
	pages := 0
	for _, rt := range everyRoute(t) {
		method, path, _ := strings.Cut(rt, " ")
		if isPage(path) {
			pages++
			continue
		}
		registered[method+" "+ginParam.ReplaceAllString(path, "{$1}")] = true
	}
	if pages == 0 {
		t.Error("no page routes registered: the pages' router builders did not run")
	}
	for _, must := range []string{"GET /public/forms/{token}", "POST /public/forms/{token}", "GET /api/v1/contacts"} {
		if !registered[must] {
			t.Errorf("%s is not among the checked routes", must)
		}
	}
	documented := map[string]bool{}
	ids := map[string]bool{}
	for path, ops := range doc.Paths {
		if isPage(path) {
			t.Errorf("openapi.yaml documents the page %s", path)
		}
		pathParams := []string{}
		if n, ok := ops["parameters"]; ok {
			var ps []parameter
			if err := n.Decode(&ps); err != nil {
				t.Fatalf("%s parameters: %v", path, err)
			}
			for _, p := range ps {
				if p = doc.param(p); p.In == "path" {
					pathParams = append(pathParams, p.Name)
				}
			}
		}
		for method, n := range ops {
			if method == "parameters" {
				continue
			}
			key := strings.ToUpper(method) + " " + path
			documented[key] = true
			var op operation
			if err := n.Decode(&op); err != nil {
				t.Fatalf("%s: %v", key, err)
			}
			if op.OperationID == "" || ids[op.OperationID] {
				t.Errorf("%s: operationId %q missing or repeated", key, op.OperationID)
			}
			ids[op.OperationID] = true
			if len(op.Responses) == 0 {
				t.Errorf("%s: no responses", key)
			}
			doc.checkParams(t, key, path, pathParams, op)
			doc.checkBody(t, key, op)
		}
	}
	for k := range registered {
		if !documented[k] {
			t.Errorf("route %s is not in openapi.yaml", k)
		}
	}
	for k := range documented {
		if !registered[k] {
			t.Errorf("openapi.yaml documents %s, which the router does not register", k)
		}
	}
	for id := range bodyTypes {
		if !ids[id] {
			t.Errorf("bodyTypes names %s, which is not documented", id)
		}
	}
}

func (d *openAPIDoc) param(p parameter) parameter {
	if name, ok := strings.CutPrefix(p.Ref, "#/components/parameters/"); ok {
		return d.Components.Parameters[name]
	}
	return p
}

// checkParams compares the path parameters with the path and the query
// parameters with the operation's query type.
func (d *openAPIDoc) checkParams(t *testing.T, key, path string, pathParams []string, op operation) {
	t.Helper()
	var query []string
	for _, p := range op.Parameters {
		switch p = d.param(p); p.In {
		case "path":
			pathParams = append(pathParams, p.Name)
		case "query":
			query = append(query, p.Name)
		}
	}
	inPath := regexp.MustCompile(`\{([a-z_]+)\}`).FindAllStringSubmatch(path, -1)
	var want []string
	for _, m := range inPath {
		want = append(want, m[1])
	}
	slices.Sort(want)
	slices.Sort(pathParams)
	if !slices.Equal(want, pathParams) {
		t.Errorf("%s: path parameters %v, the path has %v", key, pathParams, want)
	}
	typ, ok := queryTypes[op.OperationID]
	switch {
	case !ok && len(query) > 0 && !slices.Contains(foreignQueries, op.OperationID):
		t.Errorf("%s: query parameters %v but no query type in queryTypes", key, query)
	case ok:
		fields := wireFields(reflect.TypeOf(typ), "form")
		slices.Sort(query)
		if !slices.Equal(fields, query) {
			t.Errorf("%s: documented query %v, the handler reads %v", key, query, fields)
		}
	}
}

// checkBody compares a JSON body's schema with the operation's type.
func (d *openAPIDoc) checkBody(t *testing.T, key string, op operation) {
	t.Helper()
	typ, ok := bodyTypes[op.OperationID]
	var s *schema
	if rb := op.RequestBody; rb != nil {
		content := rb.Content
		if name, ok := strings.CutPrefix(rb.Ref, "#/components/requestBodies/"); ok {
			content = d.Components.RequestBodies[name].Content
		}
		if c, ok := content["application/json"]; ok {
			s = c.Schema
		}
	}
	switch {
	case s == nil && ok:
		t.Errorf("%s: the handler reads a %T body that is not documented", key, typ)
	case s != nil && !ok:
		t.Errorf("%s: a JSON body is documented but bodyTypes has no type for %s", key, op.OperationID)
	case s != nil:
		d.compare(t, key, s, reflect.TypeOf(typ))
	}
}

// compare checks one object schema against a struct, recursing into
// nested objects that the schema spells out.
func (d *openAPIDoc) compare(t *testing.T, at string, s *schema, typ reflect.Type) {
	t.Helper()
	s = d.resolve(s)
	if s.AdditionalProperties != false {
		t.Errorf("%s: the schema must say additionalProperties: false (unknown fields are refused)", at)
	}
	props := make([]string, 0, len(s.Properties))
	for p := range s.Properties {
		props = append(props, p)
	}
	slices.Sort(props)
	fields := wireFields(typ, "json")
	if !slices.Equal(props, fields) {
		t.Errorf("%s: documented properties %v, the request type has %v", at, props, fields)
	}
	for _, req := range s.Required {
		if !slices.Contains(props, req) {
			t.Errorf("%s: required %q is not a property", at, req)
		}
	}
	for i := range typ.NumField() {
		f := typ.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		ps := s.Properties[name]
		if ps == nil {
			continue
		}
		ft := f.Type
		for ft.Kind() == reflect.Pointer || ft.Kind() == reflect.Slice {
			ft = ft.Elem()
			if ps.Items != nil {
				ps = ps.Items
			}
		}
		if ft.Kind() == reflect.Struct && len(d.resolve(ps).Properties) > 0 {
			d.compare(t, at+"."+name, ps, ft)
		}
	}
}

func (d *openAPIDoc) resolve(s *schema) *schema {
	for s != nil && s.Ref != "" {
		s = d.Components.Schemas[strings.TrimPrefix(s.Ref, "#/components/schemas/")]
	}
	if s == nil {
		return &schema{}
	}
	return s
}

// wireFields lists a struct's field names by tag, embedded structs
// flattened, sorted.
func wireFields(typ reflect.Type, tag string) []string {
	var out []string
	for i := range typ.NumField() {
		f := typ.Field(i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			out = append(out, wireFields(f.Type, tag)...)
			continue
		}
		if name, _, _ := strings.Cut(f.Tag.Get(tag), ","); name != "" && name != "-" {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

package handler

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"unicode"

	"github.com/gin-gonic/gin"
	"github.com/gin-gonic/gin/binding"
	"github.com/go-playground/validator/v10"

	"github.com/wecom-ticket/ticket/service"
)

// maxJSONBody bounds a JSON request; templates are the largest.
const maxJSONBody = 1 << 20

// decode reads a JSON body into dst, refusing unknown fields (so nothing
// the caller may not set, such as owner, status or version, slips in),
// trailing data and oversize bodies, then validates its binding tags.
// Every problem comes back as one invalid-input error, by field.
func (a *api) decode(c *gin.Context, dst any) error {
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, maxJSONBody))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return service.Invalid(map[string]string{"body": fmt.Sprintf("at most %d bytes", maxJSONBody)})
	case err != nil:
		return service.Wrap(service.KindInvalid, "body.unreadable", err)
	}
	if len(bytes.TrimSpace(body)) == 0 {
		body = []byte("{}")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return service.Invalid(jsonProblem(err))
	}
	if dec.More() {
		return service.Invalid(map[string]string{"body": "must be one JSON object"})
	}
	return a.check(dst)
}

// jsonProblem names what is wrong with a body the decoder refused.
func jsonProblem(err error) map[string]string {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr) && typeErr.Field != "":
		return map[string]string{typeErr.Field: "must be " + jsonKind(typeErr.Type)}
	case errors.As(err, &syntaxErr), errors.Is(err, io.ErrUnexpectedEOF):
		return map[string]string{"body": "not valid JSON"}
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return map[string]string{strings.Trim(name, `"`): "unknown field"}
	}
	return map[string]string{"body": "must be a JSON object"}
}

func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "text"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int64, reflect.Int32:
		return "a whole number"
	case reflect.Float64, reflect.Float32:
		return "a number"
	case reflect.Slice:
		return "a list"
	}
	return "an object"
}

// query reads the query string into dst (form tags) and validates it.
func (a *api) query(c *gin.Context, dst any) error {
	if err := binding.MapFormWithTag(dst, c.Request.URL.Query(), "form"); err != nil {
		return service.Invalid(map[string]string{"query": "a parameter has the wrong type: " + err.Error()})
	}
	return a.check(dst)
}

// check validates binding tags; every failed field is reported.
func (a *api) check(dst any) error {
	err := a.v.Struct(dst)
	var ves validator.ValidationErrors
	if !errors.As(err, &ves) {
		return err
	}
	bad := map[string]string{}
	for _, fe := range ves {
		bad[fieldPath(fe)] = fieldProblem(fe)
	}
	return service.Invalid(bad)
}

// fieldPath is the field's wire path: without the struct's own name and
// without embedded structs (a segment that is an unexported Go name both
// ways, since wire names come from tags).
func fieldPath(fe validator.FieldError) string {
	wire, goNames := strings.Split(fe.Namespace(), "."), strings.Split(fe.StructNamespace(), ".")
	out := make([]string, 0, len(wire))
	for i := 1; i < len(wire); i++ {
		if i < len(goNames) && wire[i] == goNames[i] && wire[i] != "" && unicode.IsLower(rune(wire[i][0])) && i < len(wire)-1 {
			continue
		}
		out = append(out, wire[i])
	}
	return strings.Join(out, ".")
}

func fieldProblem(fe validator.FieldError) string {
	switch fe.Tag() {
	case "required":
		return "required"
	case "max":
		if fe.Kind() == reflect.String {
			return "must be at most " + fe.Param() + " characters"
		}
		if fe.Kind() == reflect.Slice || fe.Kind() == reflect.Map {
			return "at most " + fe.Param() + " items"
		}
		return "must be at most " + fe.Param()
	case "min":
		if fe.Kind() == reflect.String {
			return "must be at least " + fe.Param() + " characters"
		}
		if fe.Kind() == reflect.Slice || fe.Kind() == reflect.Map {
			return "at least " + fe.Param() + " items"
		}
		return "must be at least " + fe.Param()
	case "gt", "gte", "lt", "lte":
		return "out of range"
	case "oneof":
		return "must be one of: " + strings.ReplaceAll(fe.Param(), " ", ", ")
	case "url", "http_url":
		return "must be a URL"
	case "datetime":
		return "must be a date like 2026-03-02"
	case "required_without":
		return "required unless " + fe.Param() + " is given"
	case "excluded_with":
		return "cannot be given together with " + fe.Param()
	}
	return "is not valid (" + fe.Tag() + ")"
}

// wireName names a struct field as the client writes it.
func wireName(f reflect.StructField) string {
	for _, tag := range []string{"json", "form"} {
		if name, _, _ := strings.Cut(f.Tag.Get(tag), ","); name != "" && name != "-" {
			return name
		}
	}
	return f.Name
}

// pathID reads a positive id path parameter; anything else cannot name a
// record, so it is not found.
func pathID(c *gin.Context, name string) (int64, error) {
	id, err := strconv.ParseInt(c.Param(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, service.E(service.KindNotFound, "not_found", "no %s %q", name, c.Param(name))
	}
	return id, nil
}

// body decodes the JSON body into req; false when it already answered
// the error.
func (a *api) body(c *gin.Context, req any) bool {
	if err := a.decode(c, req); err != nil {
		fail(c, a.log, err)
		return false
	}
	return true
}

// params reads the query string into q; false when it already answered
// the error.
func (a *api) params(c *gin.Context, q any) bool {
	if err := a.query(c, q); err != nil {
		fail(c, a.log, err)
		return false
	}
	return true
}

// id reads a path id; false when it already answered not found.
func (a *api) id(c *gin.Context, name string) (int64, bool) {
	id, err := pathID(c, name)
	if err != nil {
		fail(c, a.log, err)
		return 0, false
	}
	return id, true
}

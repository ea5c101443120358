package handler

import (
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/wecom-ticket/ticket/service"
)

// statusOf is the one kind → HTTP status table.
var statusOf = map[service.Kind]int{
	service.KindInvalid:         http.StatusBadRequest,
	service.KindNotFound:        http.StatusNotFound,
	service.KindForbidden:       http.StatusForbidden,
	service.KindConflict:        http.StatusConflict,
	service.KindUnauthenticated: http.StatusUnauthorized,
	service.KindUnavailable:     http.StatusServiceUnavailable,
	service.KindRateLimited:     http.StatusTooManyRequests,
	service.KindInternal:        http.StatusInternalServerError,
}

// message is a user-facing sentence per kind in each language.
type message struct{ zh, en string }

var (
	msgInvalid         = message{"提交的内容有误，请按提示修改后重试。", "Some fields are not valid; please correct them and try again."}
	msgNotFound        = message{"没有找到该记录，或您无权查看。", "Not found, or you may not see it."}
	msgForbidden       = message{"您没有执行该操作的权限。", "You are not allowed to do that."}
	msgConflict        = message{"该记录已被他人修改或状态不允许此操作，请刷新后重试。", "The record changed or its state does not allow this; refresh and try again."}
	msgUnauthenticated = message{"请先登录。", "Please sign in first."}
	msgUnavailable     = message{"服务暂时不可用，请稍后再试。", "The service is temporarily unavailable; please try again shortly."}
	msgRateLimited     = message{"操作过于频繁，请稍后再试。", "Too many requests; please slow down."}
	msgInternal        = message{"系统开了个小差，请稍后再试。", "Something went wrong on our side; please try again later."}
)

var messageOf = map[service.Kind]message{
	service.KindInvalid: msgInvalid, service.KindNotFound: msgNotFound, service.KindForbidden: msgForbidden,
	service.KindConflict: msgConflict, service.KindUnauthenticated: msgUnauthenticated,
	service.KindUnavailable: msgUnavailable, service.KindRateLimited: msgRateLimited, service.KindInternal: msgInternal,
}

// lang picks the caller's language: English when Accept-Language prefers
// it, Simplified Chinese otherwise.
func lang(c *gin.Context) string {
	if strings.HasPrefix(strings.ToLower(c.GetHeader("Accept-Language")), "en") {
		return "en"
	}
	return "zh"
}

func (m message) in(l string) string {
	if l == "en" {
		return m.en
	}
	return m.zh
}

// errorBody is the one error shape of the API.
type errorBody struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

func writeError(c *gin.Context, status int, code string, m message, fields map[string]string) {
	c.AbortWithStatusJSON(status, errorBody{Code: code, Message: m.in(lang(c)), Fields: fields})
}

// fail answers with the error's kind; internals are logged once, here, and
// hidden from the caller.
func fail(c *gin.Context, log *slog.Logger, err error) {
	status, body := errorOf(c, log, err)
	c.AbortWithStatusJSON(status, body)
}

// errorOf is the status and body an error answers with, for fail and for
// the per-item outcomes of batch requests.
func errorOf(c *gin.Context, log *slog.Logger, err error) (int, errorBody) {
	kind := service.KindOf(err)
	code := kind.String()
	var de *service.Error
	if errors.As(err, &de) && de.Code != "" && kind != service.KindInternal {
		code = de.Code
	}
	var fields map[string]string
	if de != nil && kind != service.KindInternal {
		fields = de.Fields
	}
	if kind == service.KindInternal {
		log.ErrorContext(c.Request.Context(), "request failed", "err", err)
	}
	return statusOf[kind], errorBody{Code: code, Message: messageOf[kind].in(lang(c)), Fields: fields}
}

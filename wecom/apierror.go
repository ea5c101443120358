package wecom

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"

	"github.com/silenceper/wechat/v2/util"

	"github.com/wecom-ticket/ticket/service"
)

// WeCom error codes this package acts on.
const (
	CodeBusy              = -1
	CodeBadSecret         = 40001
	CodeBadUserID         = 40003
	CodeBadCorpID         = 40013
	CodeBadToken          = 40014
	CodeBadCode           = 40029
	CodeUnicodeEscape     = 40033
	CodeNoToken           = 41001
	CodeTokenExpired      = 42001
	CodeFreqLimit         = 45009
	CodeConcurrencyLimit  = 45033
	CodeNoPermission      = 48002
	CodeNoScope           = 60011
	CodeIPNotAllowed      = 60020
	CodeUserNotFound      = 60111
	CodeNoValidRecipients = 81013
)

// tokenCodes mean the access token is bad: drop it, fetch another, retry once.
func tokenCode(code int64) bool {
	return code == CodeBadToken || code == CodeTokenExpired || code == CodeNoToken
}

// busyCodes mean "later": retry with backoff.
func busyCode(code int64) bool {
	return code == CodeBusy || code == CodeFreqLimit || code == CodeConcurrencyLimit
}

// APIError is a non-zero errcode from WeCom.
type APIError struct {
	API  string // e.g. "message/send"
	Code int64
	Msg  string
}

func (e *APIError) Error() string {
	kind := "permanent"
	if !e.Permanent() {
		kind = "temporary"
	}
	return fmt.Sprintf("wecom %s: errcode %d (%s): %s", e.API, e.Code, kind, e.Msg)
}

// Permanent reports that repeating the same request cannot succeed: only
// stale-token and busy codes are worth another try, and this client has
// already made those tries when it returns the error.
func (e *APIError) Permanent() bool { return !tokenCode(e.Code) && !busyCode(e.Code) }

// kind maps an errcode to the service vocabulary.
func (e *APIError) kind() service.Kind {
	switch {
	case e.Code == CodeFreqLimit || e.Code == CodeConcurrencyLimit:
		return service.KindRateLimited
	case e.Code == CodeBusy || tokenCode(e.Code):
		return service.KindUnavailable
	case e.Code == CodeUserNotFound:
		return service.KindNotFound
	case e.Code == CodeNoValidRecipients || e.Code == CodeBadUserID || e.Code == CodeUnicodeEscape || e.Code == CodeBadCode:
		return service.KindInvalid
	case e.Code == CodeNoScope || e.Code == CodeNoPermission || e.Code == CodeIPNotAllowed:
		return service.KindForbidden
	}
	// Bad secret or corp id, malformed requests: our bug or our config.
	return service.KindInternal
}

// classify gives every error leaving the client a service kind. Transport
// failures are Unavailable: the outbox retries those later.
func classify(err error) error {
	if err == nil {
		return nil
	}
	var ae *APIError
	if errors.As(err, &ae) {
		return service.Wrap(ae.kind(), "wecom.errcode_"+strconv.FormatInt(ae.Code, 10), err)
	}
	return service.Wrap(service.KindUnavailable, "wecom.transport", err)
}

// asAPIError turns the SDK's *util.CommonError into ours.
func asAPIError(api string, err error) error {
	var ce *util.CommonError
	if errors.As(err, &ce) {
		return &APIError{API: api, Code: ce.ErrCode, Msg: ce.ErrMsg}
	}
	return err
}

// sdkTokenErr matches the SDK's gettoken failure, which is a plain
// fmt.Errorf string ("get access_token error : errcode=40001 , errormsg=…").
var sdkTokenErr = regexp.MustCompile(`errcode=(-?\d+) , errormsg=(.*)$`)

func tokenError(err error) error {
	if m := sdkTokenErr.FindStringSubmatch(err.Error()); m != nil {
		code, _ := strconv.ParseInt(m[1], 10, 64)
		return &APIError{API: "gettoken", Code: code, Msg: m[2]}
	}
	return redact(err)
}

// Request URLs carry the corp secret (gettoken) or the access token, and
// both net/http and the SDK put the URL in their error text.
var secretInURL = regexp.MustCompile(`(corpsecret|access_token)=[^&\s"]*`)

type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// redact hides credentials from an error's text and keeps it unwrappable,
// so errors.Is(err, context.DeadlineExceeded) still works.
func redact(err error) error {
	if err == nil {
		return nil
	}
	msg := secretInURL.ReplaceAllString(err.Error(), "$1=REDACTED")
	return &redactedError{msg: msg, err: err}
}

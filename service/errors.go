package service

import (
	"errors"
	"fmt"
)

// Kind classifies a domain error. Handlers map a kind to an HTTP status and
// the bot maps it to a chat sentence, each in exactly one place.
type Kind int

// The error kinds. KindInternal is the zero value on purpose: an error that
// nobody classified must never leak as a user-facing "invalid" or "conflict".
const (
	KindInternal Kind = iota
	KindInvalid
	KindNotFound
	KindForbidden
	KindConflict
	KindUnauthenticated
	KindUnavailable
	KindRateLimited
)

var kindNames = map[Kind]string{
	KindInternal:        "internal",
	KindInvalid:         "invalid",
	KindNotFound:        "not_found",
	KindForbidden:       "forbidden",
	KindConflict:        "conflict",
	KindUnauthenticated: "unauthenticated",
	KindUnavailable:     "unavailable",
	KindRateLimited:     "rate_limited",
}

func (k Kind) String() string {
	if s, ok := kindNames[k]; ok {
		return s
	}
	return fmt.Sprintf("kind(%d)", int(k))
}

// Error is the one domain error type. Code is a stable machine-readable
// reason (e.g. "ticket.illegal_transition"); Message is an English sentence
// for logs; Fields carries per-field problems for validation errors.
type Error struct {
	Kind    Kind
	Code    string
	Message string
	Fields  map[string]string
	Err     error
}

func (e *Error) Error() string {
	msg := e.Message
	if msg == "" {
		msg = e.Kind.String()
	}
	if e.Err != nil {
		return msg + ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// E builds a domain error of the given kind.
func E(kind Kind, code, format string, args ...any) *Error {
	return &Error{Kind: kind, Code: code, Message: fmt.Sprintf(format, args...)}
}

// Wrap classifies an underlying error without hiding it from errors.Is/As.
func Wrap(kind Kind, code string, err error) *Error {
	return &Error{Kind: kind, Code: code, Message: code, Err: err}
}

// Invalid reports bad input, with every bad field at once.
func Invalid(fields map[string]string) *Error {
	return &Error{Kind: KindInvalid, Code: "invalid", Message: "invalid input", Fields: fields}
}

// CodeDeadlock marks a transaction the database rolled back to break a
// deadlock; running it again is the remedy.
const CodeDeadlock = "db.deadlock"

// IsDeadlock reports whether err is a rolled-back deadlock.
func IsDeadlock(err error) bool {
	var de *Error
	return errors.As(err, &de) && de.Code == CodeDeadlock
}

// KindOf returns the kind of the first domain error in err's chain, or
// KindInternal when err carries none.
func KindOf(err error) Kind {
	var de *Error
	if errors.As(err, &de) {
		return de.Kind
	}
	return KindInternal
}

// IsKind reports whether err carries a domain error of kind k.
func IsKind(err error, k Kind) bool { return err != nil && KindOf(err) == k }

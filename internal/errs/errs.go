// Package errs holds the coded errors every layer of Guichet speaks.
//
// A domain or use-case function returns an *Error with a Code and a message fit for
// the person who made the request; the HTTP layers map the code to a status in one
// place. Anything that is not an *Error is an internal error: it is logged, never
// shown.
package errs

import (
	"errors"
	"fmt"
	"strings"
)

// Code classifies an error for the layers that turn it into a response.
type Code string

// The codes. They are few on purpose: each maps to one HTTP status.
const (
	Invalid      Code = "invalid"      // the input is wrong; Fields says where
	NotFound     Code = "not_found"    // the thing asked for does not exist (or is not visible)
	Conflict     Code = "conflict"     // the state changed under the caller, or a duplicate
	Forbidden    Code = "forbidden"    // the actor's role may not do this
	Unauthorized Code = "unauthorized" // no valid credentials
	TooLarge     Code = "too_large"    // the request body is over the limit
	RateLimited  Code = "rate_limited" // too many requests
	Internal     Code = "internal"     // a bug or an outage; details are logged, not shown
)

// FieldError names one invalid field with a JSON-like path ("company.siret").
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Error is a coded error with a user-facing message and optional field errors.
type Error struct {
	Code    Code
	Message string
	Fields  []FieldError
	// Err is the wrapped cause, kept for logs; never shown to users.
	Err error
}

// Error returns the message, with the fields when there are some.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Message)
	for _, f := range e.Fields {
		fmt.Fprintf(&b, "; %s: %s", f.Field, f.Message)
	}
	if e.Err != nil {
		fmt.Fprintf(&b, ": %v", e.Err)
	}
	return b.String()
}

// Unwrap exposes the cause to errors.Is and errors.As.
func (e *Error) Unwrap() error { return e.Err }

// E builds an error with a code and a formatted message.
func E(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Field builds an invalid-input error for one field.
func Field(field, message string) *Error {
	return &Error{Code: Invalid, Message: "Données invalides.", Fields: []FieldError{{field, message}}}
}

// CodeOf returns the code of the first *Error in err's chain, Internal otherwise.
func CodeOf(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// Is reports whether err carries the given code.
func Is(err error, code Code) bool { return err != nil && CodeOf(err) == code }

// Fields collects field errors, so that a validation reports every wrong field at once.
type Fields []FieldError

// Add records a field error.
func (f *Fields) Add(field, message string) { *f = append(*f, FieldError{field, message}) }

// AddErr records err under field. The field errors of an *Error are recorded under
// their own names, prefixed with field ("contact" + "email" = "contact.email").
func (f *Fields) AddErr(field string, err error) {
	if err == nil {
		return
	}
	var e *Error
	switch {
	case errors.As(err, &e) && len(e.Fields) > 0:
		for _, fe := range e.Fields {
			f.Add(join(field, fe.Field), fe.Message)
		}
	case errors.As(err, &e):
		f.Add(field, e.Message)
	default:
		f.Add(field, err.Error())
	}
}

func join(prefix, field string) string {
	switch {
	case prefix == "":
		return field
	case field == "":
		return prefix
	}
	return prefix + "." + field
}

// Err returns an Invalid error listing the fields, or nil when there are none.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Code: Invalid, Message: "Données invalides.", Fields: f}
}

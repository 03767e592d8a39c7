// Package phone turns the phone numbers people type into E.164 and back.
//
// The cell works in France, so the parser is French first: a number without an
// international prefix is read in the French closed numbering plan (ten digits
// starting with 0), overseas départements get their own country codes, and the
// separators French people use (spaces, dots, dashes, slashes, non-breaking
// spaces, "+33 (0)") are all accepted. Numbers of other countries are accepted
// only with "+" or "00" and are checked for length alone: validating every
// country's plan is out of scope for a help desk.
//
// The package is pure: no I/O, no globals that change.
package phone

import (
	"strings"
)

// Number is a parsed phone number: its E.164 form and the extension typed after
// it ("poste 12"), which E.164 cannot hold and a switchboard needs.
type Number struct {
	E164      string // "+33472000000"
	Extension string // digits only, "" when none
}

// Error tells the user why a typed phone number was refused. It carries no
// sentinel: callers that need to classify it use errors.As.
type Error struct {
	Input  string // the number as typed, trimmed
	Reason string // a French explanation, fit to be shown as is
}

// Error returns a French message fit for the person who typed the number.
func (e *Error) Error() string {
	return "numéro de téléphone invalide : « " + e.Input + " » (" + e.Reason + ")"
}

// Normalize returns the E.164 form of a typed phone number ("+33472000000"),
// dropping any extension. It returns an *Error when the input is not a number.
func Normalize(s string) (string, error) {
	n, err := Parse(s)
	if err != nil {
		return "", err
	}
	return n.E164, nil
}

// Parse reads a typed phone number and its optional extension ("04 72 00 00 00
// poste 12"). It returns an *Error when the input is not a number.
func Parse(s string) (Number, error) {
	input := strings.TrimFunc(s, isSpace)
	fail := func(reason string) (Number, error) {
		return Number{}, &Error{Input: input, Reason: reason}
	}
	if input == "" {
		return fail(reasonEmpty)
	}
	if len(input) > maxInputLen {
		return fail(reasonTooLong)
	}
	body, ext, reason := splitExtension(input)
	if reason != "" {
		return fail(reason)
	}
	digits, international, reason := cleanDigits(body)
	if reason != "" {
		return fail(reason)
	}
	var e164 string
	if international {
		e164, reason = fromInternational(digits)
	} else {
		e164, reason = fromNational(digits)
	}
	if reason != "" {
		return fail(reason)
	}
	return Number{E164: e164, Extension: ext}, nil
}

// Format returns the French national display of a +33 number ("04 72 00 00 00")
// and any other string unchanged, so it is safe on whatever a database holds.
func Format(e164 string) string {
	national, ok := strings.CutPrefix(e164, "+33")
	if !ok || len(national) != 9 || !allDigits(national) || national[0] == '0' {
		return e164
	}
	national = "0" + national
	var b strings.Builder
	for i := 0; i < len(national); i += 2 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(national[i : i+2])
	}
	return b.String()
}

// Package telephony is the switchboard's side of a request: the call events a PBX
// sends (new call, answered, hung up), the state of one call built from them
// whatever order they arrive in, and the rule that turns a call nobody answered
// into a callback to make.
//
// The package is pure: no I/O, no clock. Core reads and writes calls and feeds
// them events here.
package telephony

import (
	"strconv"
	"strings"
	"time"
)

// EventType is what happened to a call.
type EventType string

// The events a PBX sends.
const (
	NewCall  EventType = "new_call" // the call reached the switchboard (ringing in a queue)
	Answered EventType = "answered" // an agent picked up; a second one with another agent is a transfer
	Hangup   EventType = "hangup"   // the call ended, with a Cause
)

// EventTypes lists the events, in the order of a call's life.
func EventTypes() []EventType { return []EventType{NewCall, Answered, Hangup} }

// Valid reports whether e is a known event.
func (e EventType) Valid() bool { return oneOf(e, EventTypes()) }

// Direction is who called whom.
type Direction string

// The directions.
const (
	Inbound  Direction = "in"  // a company calls the cell
	Outbound Direction = "out" // an agent calls out (a callback, click-to-call)
)

// Valid reports whether d is a known direction.
func (d Direction) Valid() bool { return d == Inbound || d == Outbound }

// Cause is why a call ended, as the PBX says it.
type Cause string

// The causes. Cancelled is a caller who hung up before anyone answered
// (abandoned in the queue).
const (
	Normal    Cause = "normal"
	NoAnswer  Cause = "no_answer"
	Busy      Cause = "busy"
	Cancelled Cause = "cancelled"
	Voicemail Cause = "voicemail"
)

// Causes lists the causes.
func Causes() []Cause { return []Cause{Normal, NoAnswer, Busy, Cancelled, Voicemail} }

// ParseCause reads a cause; "" is normal, and a few names PBXs use are
// understood ("abandoned", "noanswer", "no-answer").
func ParseCause(s string) (Cause, bool) {
	v := strings.ToLower(strings.TrimSpace(s))
	v = strings.NewReplacer("-", "_", " ", "_").Replace(v)
	switch v {
	case "":
		return Normal, true
	case "abandoned", "abandon", "cancel", "canceled":
		return Cancelled, true
	case "noanswer":
		return NoAnswer, true
	}
	c := Cause(v)
	return c, oneOf(c, Causes())
}

// Event is one event about one call, as the webhook decoded it. Numbers are
// already in E.164.
type Event struct {
	Type      EventType
	CallID    string
	Direction Direction
	From, To  string
	Queue     string
	// Agent is who answered: the extension's user or the user named by the PBX,
	// resolved by core (0 when unknown). Extension is kept as sent.
	Agent     int64
	Extension string
	Cause     Cause
	At        time.Time // when it happened: the PBX's time when it sent one, else the arrival time
}

// Key is what makes an event a repetition of another: the same event of the same
// call. Answered includes the agent, so that the answer of a second agent (a
// transfer) is a new event, not a duplicate.
func (e Event) Key() string {
	if e.Type == Answered {
		return string(Answered) + ":" + e.agentKey()
	}
	return string(e.Type)
}

func (e Event) agentKey() string {
	if e.Extension != "" {
		return "ext:" + e.Extension
	}
	if e.Agent != 0 {
		return "user:" + strconv.FormatInt(e.Agent, 10)
	}
	return "?"
}

// MaxCallID bounds a call id: PBX ids are short (Asterisk's uniqueid is
// "1700000000.123").
const MaxCallID = 128

func oneOf[T comparable](v T, all []T) bool {
	for _, a := range all {
		if v == a {
			return true
		}
	}
	return false
}

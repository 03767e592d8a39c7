// Package ticket is the heart of Guichet's domain: a request from one company, its
// classification, its state machine and the rules that change it.
//
// It is pure: no storage, no HTTP. The use cases in internal/core load a Ticket, ask
// this package whether and how it may change (Apply, Transition), and store the result
// together with the audit entries this package computes.
package ticket

import (
	"time"

	"github.com/guichet/guichet/internal/company"
)

// Channel is how the request reached the cell.
type Channel string

// The channels.
const (
	Phone  Channel = "phone"
	Email  Channel = "email"
	Web    Channel = "web"
	Portal Channel = "portal"
	API    Channel = "api"
)

// Channels lists every channel, in display order.
func Channels() []Channel { return []Channel{Phone, Email, Web, Portal, API} }

// Valid reports whether c is a known channel.
func (c Channel) Valid() bool { return oneOf(c, Channels()) }

// Scope says whose tender the request is about, which decides who answers it.
type Scope string

// The scopes.
const (
	General          Scope = "general"
	OwnTender        Scope = "own_tender"
	OtherBuyerTender Scope = "other_buyer_tender"
	OffTopic         Scope = "off_topic"
)

// Scopes lists every scope.
func Scopes() []Scope { return []Scope{General, OwnTender, OtherBuyerTender, OffTopic} }

// Valid reports whether s is a known scope.
func (s Scope) Valid() bool { return oneOf(s, Scopes()) }

// Priority orders the work; it does not change the SLA targets by itself.
type Priority string

// The priorities.
const (
	Low    Priority = "low"
	Normal Priority = "normal"
	High   Priority = "high"
	Urgent Priority = "urgent"
)

// Priorities lists every priority, lowest first.
func Priorities() []Priority { return []Priority{Low, Normal, High, Urgent} }

// Valid reports whether p is a known priority.
func (p Priority) Valid() bool { return oneOf(p, Priorities()) }

// Outcome records how a resolved request was handled; the weekly figures
// "handled directly", "redirected" and "off-topic" are computed from it.
type Outcome string

// The outcomes. The empty outcome means "not resolved".
const (
	NoOutcome         Outcome = ""
	AnsweredByCell    Outcome = "answered_by_cell"
	AnsweredByService Outcome = "answered_by_service"
	RedirectedToBuyer Outcome = "redirected_to_buyer"
	OutcomeOffTopic   Outcome = "off_topic"
)

// Outcomes lists every outcome a resolved request may have.
func Outcomes() []Outcome {
	return []Outcome{AnsweredByCell, AnsweredByService, RedirectedToBuyer, OutcomeOffTopic}
}

// Valid reports whether o is a known, non-empty outcome.
func (o Outcome) Valid() bool { return oneOf(o, Outcomes()) }

// Team is who holds a request: the cell itself or one of the thematic services.
type Team struct {
	ID     string // stable slug, e.g. "cellule", "travaux"
	Name   string
	IsCell bool
	Active bool
}

// CellTeamID is the slug of the cell, the team every request starts with.
const CellTeamID = "cellule"

// Topic is one entry of the configurable list of subjects companies ask about.
type Topic struct {
	ID       string // stable slug used by the API, e.g. "dce"
	LabelFR  string
	LabelEN  string
	Position int
	Active   bool
}

// UserRef is the little the ticket shows of an agent.
type UserRef struct {
	ID    int64
	Name  string
	Email string
}

// Due holds the SLA due times stored on the ticket.
type Due struct {
	FirstResponse time.Time
	Resolution    time.Time
	// NextResponse is the answer owed after a company reply, or the callback
	// owed after an unresolved call; zero when none is owed.
	NextResponse time.Time
}

// RuleChange is a change made by an automatic rule, with the rule's name.
type RuleChange struct {
	Rule   string
	Change Change
}

// Ticket is one request. Zero times mean "not yet"; zero IDs mean "none".
type Ticket struct {
	ID              int64
	Number          string // "2026-000123": year of creation and a per-year sequence
	Channel         Channel
	Subject         string
	State           State
	Priority        Priority
	Topic           string
	Scope           Scope
	ConsultationRef string
	CompanyID       int64
	ContactID       int64
	TeamID          string
	AssigneeID      int64
	Outcome         Outcome
	CreatedByID     int64
	CreatedAt       time.Time
	UpdatedAt       time.Time
	FirstResponseAt time.Time
	ResolvedAt      time.Time
	ClosedAt        time.Time
	Due             Due
	// SLAPausedAt is when the resolution clock stopped to wait for the company
	// (zero while it runs); SLARemaining is the business time that was left
	// then (negative when already late). See sla.Clock.
	SLAPausedAt  time.Time
	SLARemaining time.Duration
	// RuleChanges are the changes automatic rules (routing, SLA) made to a new
	// request before it had an id; they are written in its audit trail, with
	// each rule's name, right after it is inserted. Never stored on the row;
	// a pointer, so that a Ticket stays comparable.
	RuleChanges *[]RuleChange
	// Version increases on every change; an update names the version it read
	// so that two agents saving at once get a conflict, not a silent overwrite.
	Version int

	// Read-side details, filled by the store when it loads a ticket.
	Company  *company.Company
	Contact  *company.Contact
	Assignee *UserRef
}

func oneOf[T comparable](v T, all []T) bool {
	for _, a := range all {
		if v == a {
			return true
		}
	}
	return false
}

package ticket

import (
	"time"
)

// Sort orders a list of requests.
type Sort string

// The orders. Every order is a keyset: the cursor holds the last row's key.
const (
	NewestFirst Sort = "created_desc"
	OldestFirst Sort = "created_asc"
	DueFirst    Sort = "due_asc" // active requests with a due time, soonest first
)

// Valid reports whether s is a known order.
func (s Sort) Valid() bool { return oneOf(s, []Sort{NewestFirst, OldestFirst, DueFirst}) }

// Cursor is the position after which the next page starts: the sort key and the id
// of the last row shown.
type Cursor struct {
	Key time.Time
	ID  int64
}

// Filter selects requests. Empty fields select everything.
type Filter struct {
	States          []State
	Channels        []Channel
	Topics          []string
	Scopes          []Scope
	TeamIDs         []string
	AssigneeID      int64
	Unassigned      bool
	CompanyID       int64
	CompanySIRET    string
	ConsultationRef string
	CreatedFrom     time.Time // inclusive
	CreatedTo       time.Time // exclusive
	Text            string    // words of the subject or the number

	// What a figure of the dashboard counts (docs/reports.md, "Drill-down"); every
	// range is [from, to), a zero bound open.
	Outcomes                           []Outcome
	ResolvedFrom, ResolvedTo           time.Time // last resolution
	AnsweredFrom, AnsweredTo           time.Time // first response
	DueFirstFrom, DueFirstTo           time.Time // first-response due time
	DueResolutionFrom, DueResolutionTo time.Time // resolution due time
	// SLAMet keeps, among the requests with a due time in DueFirst… (or else
	// DueResolution…), those answered (resolved) by then ("met") or not ("missed").
	SLAMet    string
	PastDueAt time.Time // without response nor resolution at this instant, first-response due before it
	HeldBy    string    // a team that holds the request now or was given it (audit trail)
	// Rated keeps the requests rated in [RatedFrom, RatedTo): "online" or "phone";
	// Rating, when not 0, the note.
	Rated              string
	Rating             int
	RatedFrom, RatedTo time.Time
	// SurveyedFrom, SurveyedTo keep the requests whose survey was mailed then.
	SurveyedFrom, SurveyedTo time.Time
	Departements             []string // the company's département
	CompanySizes             []string // the company's size

	Sort  Sort
	Limit int
	After *Cursor
}

// DefaultLimit and MaxLimit bound a page.
const (
	DefaultLimit = 50
	MaxLimit     = 200
)

// SortKey is the value of t that s orders by.
func (s Sort) SortKey(t *Ticket) time.Time {
	if s == DueFirst {
		return t.NextDue()
	}
	return t.CreatedAt
}

// NextDue is the next SLA due time of an active request: the earliest of the
// first response while none was given, the next response owed, and the
// resolution while its clock runs (it stops while the cell waits for the
// company). Resolved and closed requests have none.
func (t *Ticket) NextDue() time.Time {
	if !t.State.IsActive() {
		return time.Time{}
	}
	var next time.Time
	earlier := func(u time.Time) {
		if !u.IsZero() && (next.IsZero() || u.Before(next)) {
			next = u
		}
	}
	if t.FirstResponseAt.IsZero() {
		earlier(t.Due.FirstResponse)
	}
	earlier(t.Due.NextResponse)
	if t.SLAPausedAt.IsZero() {
		earlier(t.Due.Resolution)
	}
	return next
}

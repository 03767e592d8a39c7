package ticket

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/guichet/guichet/internal/errs"
)

// MaxSubject is the longest subject accepted, in characters.
const MaxSubject = 250

// Update lists the fields a change sets; nil fields are left alone.
type Update struct {
	Subject         *string
	Priority        *Priority
	Topic           *string
	Scope           *Scope
	ConsultationRef *string
	TeamID          *string
	AssigneeID      *int64
	State           *State
	Outcome         *Outcome
}

// Change is one field changed on a ticket, as the audit trail records it.
type Change struct {
	Field string
	Old   string
	New   string
}

// AuditEntry is one stored change: who, when, which field, from what to what, and,
// for automatic actions, the rule that caused it.
type AuditEntry struct {
	ID        int64
	TicketID  int64
	At        time.Time
	ActorID   int64 // 0 for the system
	ActorName string
	Field     string
	Old       string
	New       string
	Rule      string
}

// ValidateNew checks a request about to be created and reports every wrong field.
func (t *Ticket) ValidateNew() error {
	var f errs.Fields
	if !t.Channel.Valid() {
		f.Add("channel", fmt.Sprintf("canal inconnu « %s » (phone, email, web, portal ou api)", t.Channel))
	}
	checkSubject(&f, t.Subject)
	if !t.Priority.Valid() {
		f.Add("priority", fmt.Sprintf("priorité inconnue « %s » (low, normal, high ou urgent)", t.Priority))
	}
	if !t.Scope.Valid() {
		f.Add("scope", fmt.Sprintf("périmètre inconnu « %s » (general, own_tender, other_buyer_tender ou off_topic)", t.Scope))
	}
	if len(t.ConsultationRef) > 100 {
		f.Add("consultation_ref", "référence de consultation trop longue (100 caractères au plus)")
	}
	return f.Err()
}

func checkSubject(f *errs.Fields, s string) {
	switch n := utf8.RuneCountInString(strings.TrimSpace(s)); {
	case !CleanText(s):
		f.Add("subject", "l'objet contient des caractères invalides")
	case n == 0:
		f.Add("subject", "l'objet de la demande est obligatoire")
	case n > MaxSubject:
		f.Add("subject", fmt.Sprintf("objet trop long (%d caractères, %d au plus)", n, MaxSubject))
	}
}

// CleanText reports whether s is text a database can store and a person can read:
// valid UTF-8, without NUL or other control characters but tab and line breaks.
func CleanText(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' {
			return false
		}
	}
	return true
}

// Apply changes t as u says, after checking the change, and returns what changed.
// It stamps the resolution and closing times; it does not check that the topic or
// team exist (the use case does, against the configured lists).
func (t *Ticket) Apply(u Update, now time.Time) ([]Change, error) {
	next := *t
	var ch changes
	var f errs.Fields
	if u.Subject != nil {
		checkSubject(&f, *u.Subject)
		ch.set("subject", &next.Subject, strings.TrimSpace(*u.Subject))
	}
	if u.Priority != nil {
		if !u.Priority.Valid() {
			f.Add("priority", fmt.Sprintf("priorité inconnue « %s »", *u.Priority))
		}
		ch.set("priority", (*string)(&next.Priority), string(*u.Priority))
	}
	if u.Topic != nil {
		ch.set("topic", &next.Topic, *u.Topic)
	}
	if u.Scope != nil {
		if !u.Scope.Valid() {
			f.Add("scope", fmt.Sprintf("périmètre inconnu « %s »", *u.Scope))
		}
		ch.set("scope", (*string)(&next.Scope), string(*u.Scope))
	}
	if u.ConsultationRef != nil {
		ch.set("consultation_ref", &next.ConsultationRef, strings.TrimSpace(*u.ConsultationRef))
	}
	if u.TeamID != nil {
		ch.set("team", &next.TeamID, *u.TeamID)
	}
	if u.AssigneeID != nil && *u.AssigneeID != next.AssigneeID {
		ch.add("assignee", idString(next.AssigneeID), idString(*u.AssigneeID))
		next.AssigneeID = *u.AssigneeID
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	if err := next.applyState(u, now, &ch); err != nil {
		return nil, err
	}
	if len(ch) > 0 {
		next.UpdatedAt = now
		next.Version++
	}
	*t = next
	return ch, nil
}

// applyState moves the state and keeps the outcome and the life timestamps
// consistent with it: an outcome only on a resolved request, cleared on reopening.
func (t *Ticket) applyState(u Update, now time.Time, ch *changes) error {
	to := t.State
	if u.State != nil {
		to = *u.State
	}
	if err := Transition(t.State, to); err != nil {
		return err
	}
	outcome := t.Outcome
	if u.Outcome != nil {
		outcome = *u.Outcome
	}
	switch {
	case to == Resolved || to == Closed:
		if !outcome.Valid() {
			return errs.Field("outcome", "une demande résolue doit avoir un résultat "+
				"(answered_by_cell, answered_by_service, redirected_to_buyer ou off_topic)")
		}
	case u.Outcome != nil && *u.Outcome != NoOutcome:
		return errs.Field("outcome", "le résultat se renseigne en résolvant la demande (state: resolved)")
	default:
		outcome = NoOutcome // reopening clears the previous outcome
	}
	if to == Escalated && (t.TeamID == "" || t.TeamID == CellTeamID) {
		return errs.Field("team", "pour transmettre la demande, choisissez un service thématique")
	}
	if to != t.State {
		ch.add("state", string(t.State), string(to))
		t.stamp(to, now)
		t.State = to
	}
	ch.set("outcome", (*string)(&t.Outcome), string(outcome))
	return nil
}

// stamp records the life timestamps of entering state to.
func (t *Ticket) stamp(to State, now time.Time) {
	switch to {
	case Resolved:
		t.ResolvedAt = now
	case Closed:
		t.ClosedAt = now
		if t.ResolvedAt.IsZero() {
			t.ResolvedAt = now
		}
	case Open, WaitingCompany, Escalated:
		if t.State == Resolved {
			t.ResolvedAt = time.Time{}
		}
	}
}

// changes accumulates Change values for the audit trail.
type changes []Change

func (c *changes) add(field, old, new string) { *c = append(*c, Change{field, old, new}) }

// set assigns v to *dst and records the change when the value differs.
func (c *changes) set(field string, dst *string, v string) {
	if *dst != v {
		c.add(field, *dst, v)
		*dst = v
	}
}

func idString(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

package sla

import (
	"fmt"
	"time"

	"github.com/guichet/guichet/internal/errs"
)

// Target is one service level: a number of business days (same clock time that
// many business days later, see Calendar.AddBusinessDays) or an amount of
// business time (see Calendar.AddBusinessTime). Exactly one is positive.
type Target struct {
	BusinessDays int
	BusinessTime time.Duration
}

// String writes the target in French: "1 jour ouvré", "4 h ouvrées".
func (tg Target) String() string {
	switch {
	case tg.BusinessTime > 0 && tg.BusinessTime%time.Hour == 0:
		return fmt.Sprintf("%d h ouvrées", tg.BusinessTime/time.Hour)
	case tg.BusinessTime > 0:
		return fmt.Sprintf("%d min ouvrées", tg.BusinessTime/time.Minute)
	case tg.BusinessDays == 1:
		return "1 jour ouvré"
	}
	return fmt.Sprintf("%d jours ouvrés", tg.BusinessDays)
}

// check reports what is wrong with the target, or "".
func (tg Target) check() string {
	switch {
	case tg.BusinessDays < 0 || tg.BusinessTime < 0:
		return "l'objectif ne peut pas être négatif"
	case tg.BusinessDays > 0 && tg.BusinessTime > 0:
		return "l'objectif se compte soit en jours ouvrés, soit en heures ouvrées, pas les deux"
	case tg.BusinessDays == 0 && tg.BusinessTime == 0:
		return "l'objectif doit être positif"
	case tg.BusinessDays > 366:
		return "l'objectif dépasse un an"
	case tg.BusinessTime > 0 && tg.BusinessTime < time.Minute:
		return "l'objectif doit être d'au moins une minute"
	}
	return ""
}

// Due returns the due time of target tg for something that starts at start.
// A zero target gives the next opening.
func (c Calendar) Due(start time.Time, tg Target) time.Time {
	if tg.BusinessDays > 0 {
		return c.AddBusinessDays(start, tg.BusinessDays)
	}
	return c.AddBusinessTime(start, max(tg.BusinessTime, 0))
}

// Targets are the service levels of the cell.
type Targets struct {
	FirstResponse Target // first answer to an e-mail or web request
	Callback      Target // calling back after a missed or unresolved call
	NextResponse  Target // answering after the company replied
	Resolution    Target // resolving the request
}

// DefaultTargets: a first response within one business day, a callback within
// four business hours, a next response within two business days, a resolution
// within ten.
func DefaultTargets() Targets {
	return Targets{
		FirstResponse: Target{BusinessDays: 1},
		Callback:      Target{BusinessTime: 4 * time.Hour},
		NextResponse:  Target{BusinessDays: 2},
		Resolution:    Target{BusinessDays: 10},
	}
}

// Validate refuses a negative, zero or doubly expressed target.
func (tg Targets) Validate() error {
	var f errs.Fields
	for _, t := range []struct {
		field string
		tg    Target
	}{{"first_response", tg.FirstResponse}, {"callback", tg.Callback}, {"next_response", tg.NextResponse}, {"resolution", tg.Resolution}} {
		if msg := t.tg.check(); msg != "" {
			f.Add(t.field, msg)
		}
	}
	return f.Err()
}

// Due returns the first-response and resolution due times of a request created
// at t, on DefaultCalendar's hours and holidays in loc (Europe/Paris when nil).
func (tg Targets) Due(t time.Time, loc *time.Location) (firstResponse, resolution time.Time) {
	if loc == nil {
		return DefaultCalendar().dueBoth(t, tg)
	}
	return defaultCalendarIn(loc).dueBoth(t, tg)
}

func (c Calendar) dueBoth(t time.Time, tg Targets) (firstResponse, resolution time.Time) {
	return c.Due(t, tg.FirstResponse), c.Due(t, tg.Resolution)
}

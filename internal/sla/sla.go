// Package sla computes due times on the French business calendar.
//
// A Calendar says when the cell works: opening hours per weekday in a time
// zone, the French public holidays (computed for any year, Alsace-Moselle's as
// an option), extra holidays and closures. On it, business time (the time the
// cell is open) and business days are added and measured across nights,
// weekends, holidays and DST changes. Targets are the service levels; a Clock
// is a due time that pauses while the cell waits for the company.
//
// Everything here is a pure function of its arguments: no clock is read, no
// state is kept between calls.
package sla

import "time"

// AddBusinessDays is DefaultCalendar's AddBusinessDays in loc: the same
// wall-clock time n business days after t, a start outside opening hours
// counting from the next opening.
func AddBusinessDays(t time.Time, n int, loc *time.Location) time.Time {
	return defaultCalendarIn(loc).AddBusinessDays(t, n)
}

package sla

import "time"

// DueTimes are the due times stored on a request. A zero time means that the
// target does not run: the first response was given, no company reply waits
// for an answer.
type DueTimes struct {
	FirstResponse time.Time
	NextResponse  time.Time
	Resolution    time.Time
}

// NewDue returns the due times of a request created at the instant at, on the
// calendar, for the targets of its policy:
//
//   - a request that came by phone was answered by the call when answered is
//     set; it owes a callback (Targets.Callback) as its next response while it
//     is not resolved. A missed call (answered not set) owes the callback as its
//     first response;
//   - any other request owes its first response (Targets.FirstResponse);
//   - every request owes its resolution (Targets.Resolution).
func (c Calendar) NewDue(tg Targets, at time.Time, phone, answered bool) DueTimes {
	d := DueTimes{Resolution: c.Due(at, tg.Resolution)}
	switch {
	case phone && answered:
		d.NextResponse = c.Due(at, tg.Callback)
	case phone:
		d.FirstResponse = c.Due(at, tg.Callback)
	case !answered:
		d.FirstResponse = c.Due(at, tg.FirstResponse)
	}
	return d
}

// ReplyDue is when the cell owes an answer to a company that wrote again at
// the instant at (Targets.NextResponse).
func (c Calendar) ReplyDue(tg Targets, at time.Time) time.Time { return c.Due(at, tg.NextResponse) }

// WarningAt is when a warning is due before the due time due: lead of business
// time before it (SubBusinessTime), never before from (the instant the due
// time was set), so that a short target does not warn in the past.
func (c Calendar) WarningAt(due time.Time, lead time.Duration, from time.Time) time.Time {
	w := c.SubBusinessTime(due, lead)
	if w.IsZero() || w.Before(from) {
		return from
	}
	return w
}

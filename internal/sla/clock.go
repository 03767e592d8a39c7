package sla

import "time"

// Pause returns the business time left before due at the instant at, when the
// clock stops to wait for the company. It is negative when due has passed: the
// business time by which the request is late.
func (c Calendar) Pause(due, at time.Time) (remaining time.Duration) {
	return c.BusinessTimeBetween(at, due)
}

// Resume returns the new due time when the clock restarts at the instant at with
// the remaining business time that Pause returned.
//
// The result is always an instant at which the cell is open. When the remaining
// time runs out exactly at the end of a span, the due time is the next opening
// rather than that end (the opposite of AddBusinessTime's convention): the
// paused due time may itself have been that next opening, and resuming must
// never give an earlier due time than the one paused, whatever clock time it
// had. A late request (remaining < 0) stays late by the same business time;
// remaining = 0 gives the next opening.
func (c Calendar) Resume(remaining time.Duration, at time.Time) time.Time {
	if remaining < 0 {
		return c.SubBusinessTime(at, -remaining)
	}
	due := c.AddBusinessTime(at, remaining)
	if due.IsZero() {
		return due
	}
	return c.NextOpening(due)
}

// Clock is a due time that stops while the cell waits for the company: while
// Paused, Due is the due time when it stopped and Remaining the business time
// that was left (negative when late). Store all four fields, so that an edit of
// the calendar during the pause does not change what was left.
type Clock struct {
	Due       time.Time
	Paused    bool
	PausedAt  time.Time
	Remaining time.Duration
}

// Pause stops the clock at the instant at; a paused clock, or one without a due
// time, stays as it is.
func (k Clock) Pause(c Calendar, at time.Time) Clock {
	if k.Paused || k.Due.IsZero() {
		return k
	}
	return Clock{Due: k.Due, Paused: true, PausedAt: at, Remaining: c.Pause(k.Due, at)}
}

// Resume restarts the clock at the instant at; a running clock stays as it is.
// A pause during which the cell never opened changes nothing: the due time
// stays exactly as it was. Otherwise the due time is Calendar.Resume's, which
// is never earlier than the paused one — nor is it after an edit of the
// calendar during the pause. An instant before PausedAt counts as PausedAt.
func (k Clock) Resume(c Calendar, at time.Time) Clock {
	if !k.Paused {
		return k
	}
	at = latest(at, k.PausedAt)
	if c.BusinessTimeBetween(k.PausedAt, at) == 0 {
		return Clock{Due: k.Due}
	}
	return Clock{Due: latest(c.Resume(k.Remaining, at), k.Due)}
}

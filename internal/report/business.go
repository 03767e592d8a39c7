package report

import (
	"slices"
	"sort"
	"time"

	"github.com/guichet/guichet/internal/sla"
)

// BusinessClock measures business time like sla.Calendar.BusinessTimeBetween, for
// many intervals at once. BusinessTimeBetween walks the calendar at each call
// (about 3 µs, more for long intervals); a year of delays is hundreds of thousands
// of calls. BusinessClock asks the calendar once per day of a date range for the
// business time at the day's breakpoints — its midnights and the clock times its
// opening spans start and end — and reads any instant of the day from them: the
// business time since midnight is piecewise linear between breakpoints, rising
// one for one while open and flat while closed. Days out of the range, and any
// segment that is neither (which a calendar's DST oddities could make), are
// asked of the calendar itself, so the result is always the calendar's.
type BusinessClock struct {
	cal   sla.Calendar
	loc   *time.Location
	first sla.Date
	days  []bizDay
}

type bizDay struct {
	prefix time.Duration   // business time from the first day's start to this day's start
	pts    []time.Time     // breakpoints, from this midnight to the next, in order
	vals   []time.Duration // business time from this midnight to each breakpoint
}

// NewBusinessClock prepares the days from the date of from to the date of to
// (in the calendar's zone).
func NewBusinessClock(cal sla.Calendar, from, to time.Time) *BusinessClock {
	loc := cal.Location
	if loc == nil {
		loc = time.UTC
	}
	c := &BusinessClock{cal: cal, loc: loc, first: sla.DateOf(from.In(loc))}
	last := sla.DateOf(to.In(loc))
	var prefix time.Duration
	for d := c.first; !last.Before(d); d = d.AddDays(1) {
		day := c.prepare(d)
		day.prefix = prefix
		prefix += day.vals[len(day.vals)-1]
		c.days = append(c.days, day)
	}
	return c
}

// prepare asks the calendar for the business time at each breakpoint of date d.
func (c *BusinessClock) prepare(d sla.Date) bizDay {
	start, end := d.At(0, c.loc), d.AddDays(1).At(0, c.loc)
	pts := []time.Time{start, end}
	for _, s := range c.cal.Hours[d.Weekday()] {
		for _, clock := range []time.Duration{s.From, s.To} {
			if t := d.At(clock, c.loc); t.After(start) && t.Before(end) {
				pts = append(pts, t)
			}
		}
	}
	slices.SortFunc(pts, func(a, b time.Time) int { return a.Compare(b) })
	pts = slices.CompactFunc(pts, func(a, b time.Time) bool { return a.Equal(b) })
	vals := make([]time.Duration, len(pts))
	for i, p := range pts {
		vals[i] = c.cal.BusinessTimeBetween(start, p)
	}
	return bizDay{pts: pts, vals: vals}
}

// Between is the business time from a to b (negative when b is before a).
func (c *BusinessClock) Between(a, b time.Time) time.Duration {
	if b.Before(a) {
		return -c.Between(b, a)
	}
	va, ok1 := c.since(a)
	vb, ok2 := c.since(b)
	if !ok1 || !ok2 {
		return c.cal.BusinessTimeBetween(a, b)
	}
	return vb - va
}

// since is the business time from the first day's start to t; ok is false when t
// is outside the prepared days.
func (c *BusinessClock) since(t time.Time) (time.Duration, bool) {
	n := daysBetween(c.first, sla.DateOf(t.In(c.loc)))
	if n < 0 || n >= len(c.days) {
		return 0, false
	}
	day := c.days[n]
	i := sort.Search(len(day.pts), func(i int) bool { return day.pts[i].After(t) }) - 1
	if i < 0 || i >= len(day.pts)-1 {
		return 0, false // before this midnight or after the next: a zone without midnight
	}
	width, rise := day.pts[i+1].Sub(day.pts[i]), day.vals[i+1]-day.vals[i]
	switch rise {
	case 0:
		return day.prefix + day.vals[i], true
	case width:
		return day.prefix + day.vals[i] + t.Sub(day.pts[i]), true
	}
	return day.prefix + day.vals[i] + c.cal.BusinessTimeBetween(day.pts[i], t), true
}

// daysBetween counts the days from a to b.
func daysBetween(a, b sla.Date) int {
	ta := time.Date(a.Year, a.Month, a.Day, 0, 0, 0, 0, time.UTC)
	tb := time.Date(b.Year, b.Month, b.Day, 0, 0, 0, 0, time.UTC)
	return int(tb.Sub(ta) / (24 * time.Hour))
}

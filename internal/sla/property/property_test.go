// Package property checks the laws of package sla's calendar on random
// calendars, instants and durations, with pgregory.net/rapid.
//
// It lives apart from package sla because internal/archtest holds sla's tests,
// too, to the standard library; this package is test code only.
package property

import (
	"fmt"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/guichet/guichet/internal/sla"
)

// zones: Paris, whose DST changes at 2:00 and 3:00, and two that test the
// walk harder — Santiago changes at midnight, Lord Howe by 30 minutes.
var zones = []string{"Europe/Paris", "Europe/Paris", "America/Santiago", "Australia/Lord_Howe"}

func load(t *rapid.T, name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return loc
}

// calendar draws the default calendar or a random one that Validate accepts: zero to three
// spans a weekday on the quarter hour (so that some start or end in the hour
// DST skips), holidays, extra holidays and closures in 2026–2027.
func calendar() *rapid.Generator[sla.Calendar] {
	return rapid.Custom(func(t *rapid.T) sla.Calendar {
		if rapid.IntRange(0, 2).Draw(t, "default") == 0 {
			return sla.DefaultCalendar()
		}
		c := sla.Calendar{Location: load(t, rapid.SampledFrom(zones).Draw(t, "zone"))}
		for wd := range c.Hours {
			c.Hours[wd] = spans(t, fmt.Sprint("hours ", time.Weekday(wd)))
		}
		if rapid.Bool().Draw(t, "open on Monday") {
			c.Hours[time.Monday] = append(c.Hours[time.Monday][:0:0], sla.Span{From: 8 * time.Hour, To: 18 * time.Hour})
		}
		c.AlsaceMoselle = rapid.Bool().Draw(t, "Alsace-Moselle")
		for i := range rapid.IntRange(0, 3).Draw(t, "extra holidays") {
			d := date(t, fmt.Sprint("extra holiday ", i))
			c.ExtraHolidays = append(c.ExtraHolidays, d)
		}
		for i := range rapid.IntRange(0, 2).Draw(t, "closures") {
			from := date(t, fmt.Sprint("closure from ", i))
			c.Closures = append(c.Closures, sla.Closure{From: from, To: from.AddDays(rapid.IntRange(0, 20).Draw(t, "closure days"))})
		}
		return c
	}).Filter(func(c sla.Calendar) bool { return c.Validate() == nil })
}

// spans draws up to three ordered, disjoint spans of a day.
func spans(t *rapid.T, label string) []sla.Span {
	var out []sla.Span
	q := 0 // quarter hours since midnight
	for range rapid.IntRange(0, 3).Draw(t, label) {
		from := q + rapid.IntRange(0, 30).Draw(t, label+" gap")
		to := from + rapid.IntRange(1, 40).Draw(t, label+" length")
		if to > 96 {
			break
		}
		out = append(out, sla.Span{From: time.Duration(from) * 15 * time.Minute, To: time.Duration(to) * 15 * time.Minute})
		q = to
	}
	return out
}

func date(t *rapid.T, label string) sla.Date {
	return sla.DateOf(time.Date(2026, time.January, 1+rapid.IntRange(0, 729).Draw(t, label), 0, 0, 0, 0, time.UTC))
}

// instant draws a time in 2026–2027, often on a span's edge or a DST change,
// where the bugs are.
func instant(t *rapid.T, c sla.Calendar, label string) time.Time {
	d := date(t, label+" day")
	switch rapid.IntRange(0, 3).Draw(t, label+" kind") {
	case 0: // an edge of a span, give or take a little
		if spans := c.Hours[d.Weekday()]; len(spans) > 0 {
			s := rapid.SampledFrom(spans).Draw(t, label+" span")
			edge := rapid.SampledFrom([]time.Duration{s.From, s.To}).Draw(t, label+" edge")
			nudge := time.Duration(rapid.IntRange(-2, 2).Draw(t, label+" nudge")) * time.Second
			return d.At(edge, c.Location).Add(nudge)
		}
	case 1: // the DST nights of 2026 in Paris
		night := rapid.SampledFrom([]string{"2026-03-29T00:00:00Z", "2026-10-25T00:00:00Z"}).Draw(t, label+" night")
		u, _ := time.Parse(time.RFC3339, night)
		return u.Add(time.Duration(rapid.IntRange(0, 4*3600).Draw(t, label+" seconds")) * time.Second)
	}
	return d.At(time.Duration(rapid.IntRange(0, 24*3600-1).Draw(t, label+" clock"))*time.Second, c.Location)
}

// duration draws business time up to fifteen days of the default hours,
// often a whole number of hours or quarter hours.
func duration(t *rapid.T, label string) time.Duration {
	unit := rapid.SampledFrom([]time.Duration{time.Second, time.Minute, 15 * time.Minute, time.Hour}).Draw(t, label+" unit")
	return time.Duration(rapid.Int64Range(0, int64(105*time.Hour/unit)).Draw(t, label)) * unit
}

// allowed is the documented convention: a result of AddBusinessTime is a time
// when the cell is open, or exactly the end of a span.
func allowed(c sla.Calendar, u time.Time) bool {
	return c.IsOpen(u) || c.IsOpen(u.Add(-time.Nanosecond))
}

func TestAddBusinessTimeLandsInOpeningHours(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := calendar().Draw(t, "calendar")
		start, d := instant(t, c, "start"), duration(t, "d")
		u := c.AddBusinessTime(start, d)
		if u.Before(start) || !allowed(c, u) {
			t.Fatalf("AddBusinessTime(%v, %v) = %v: open %v, open just before %v", start, d, u, c.IsOpen(u), c.IsOpen(u.Add(-1)))
		}
	})
}

func TestAddBusinessTimeAdds(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := calendar().Draw(t, "calendar")
		start, a, b := instant(t, c, "start"), duration(t, "a"), duration(t, "b")
		whole, steps := c.AddBusinessTime(start, a+b), c.AddBusinessTime(c.AddBusinessTime(start, a), b)
		if !whole.Equal(steps) {
			t.Fatalf("AddBusinessTime(t, a+b) = %v, AddBusinessTime(AddBusinessTime(t, a), b) = %v", whole, steps)
		}
	})
}

func TestBusinessTimeBetweenInvertsAdd(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := calendar().Draw(t, "calendar")
		start, d := instant(t, c, "start"), duration(t, "d")
		u := c.AddBusinessTime(start, d)
		if got := c.BusinessTimeBetween(start, u); got != d {
			t.Fatalf("BusinessTimeBetween(t, AddBusinessTime(t, %v) = %v) = %v", d, u, got)
		}
		if back := c.SubBusinessTime(u, d); d > 0 && (back.Before(start) || c.BusinessTimeBetween(back, u) != d || !c.IsOpen(back)) {
			t.Fatalf("SubBusinessTime(%v, %v) = %v, before the start %v or closed", u, d, back, start)
		}
	})
}

func TestAddBusinessTimeIsMonotonic(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := calendar().Draw(t, "calendar")
		start, later := instant(t, c, "start"), instant(t, c, "later")
		d1, d2 := duration(t, "d1"), duration(t, "d2")
		if d2 < d1 {
			d1, d2 = d2, d1
		}
		if c.AddBusinessTime(start, d2).Before(c.AddBusinessTime(start, d1)) {
			t.Fatalf("AddBusinessTime(t, %v) before AddBusinessTime(t, %v)", d2, d1)
		}
		if later.Before(start) {
			start, later = later, start
		}
		if c.AddBusinessTime(later, d1).Before(c.AddBusinessTime(start, d1)) {
			t.Fatalf("AddBusinessTime(%v, d) before AddBusinessTime(%v, d)", later, start)
		}
	})
}

func TestNextOpening(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := calendar().Draw(t, "calendar")
		start := instant(t, c, "start")
		u := c.NextOpening(start)
		if u.Before(start) || !c.IsOpen(u) || c.BusinessTimeBetween(start, u) != 0 {
			t.Fatalf("NextOpening(%v) = %v", start, u)
		}
		if days := c.AddBusinessDays(start, rapid.IntRange(0, 12).Draw(t, "n")); days.Before(u) || !c.IsOpen(days) {
			t.Fatalf("AddBusinessDays from %v = %v, closed or before the next opening %v", start, days, u)
		}
	})
}

// TestPauseResumeNeverShortens: whatever the due time (a due time computed by
// the calendar, or any instant an older rule stored), pausing then resuming
// never gives an earlier one.
func TestPauseResumeNeverShortens(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := calendar().Draw(t, "calendar")
		due := instant(t, c, "due")
		if rapid.Bool().Draw(t, "computed due") {
			due = c.AddBusinessTime(instant(t, c, "created"), duration(t, "target"))
		}
		pause := instant(t, c, "pause")
		resume := pause.Add(time.Duration(rapid.IntRange(0, 30*24*3600).Draw(t, "wait")) * time.Second)
		if newDue := c.Resume(c.Pause(due, pause), resume); newDue.Before(due) {
			t.Fatalf("due %v paused at %v resumed at %v: %v", due, pause, resume, newDue)
		}
		k := sla.Clock{Due: due}.Pause(c, pause).Resume(c, resume)
		if k.Paused || k.Due.Before(due) {
			t.Fatalf("clock due %v paused at %v resumed at %v: %+v", due, pause, resume, k)
		}
		if c.BusinessTimeBetween(pause, resume) == 0 && !k.Due.Equal(due) {
			t.Fatalf("a pause in closed time moved %v to %v", due, k.Due)
		}
	})
}

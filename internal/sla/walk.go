package sla

import (
	"math"
	"time"
)

// maxScanDays bounds a search for an opening: a calendar that stays closed for
// ten years in a row is taken as never opening again.
const maxScanDays = 10 * 366

// interval is one opening span of one date, as instants: start included, end
// excluded.
type interval struct{ start, end time.Time }

// walker reads a calendar day by day. It keeps the closed days of one year at a
// time, so that a walk over many days computes each year's holidays and
// closures once, and reuses its buffers, so that a walk allocates nothing.
// A walker is made for one call and never shared: the Calendar itself stays a
// plain value, without hidden state that an edit could leave stale.
type walker struct {
	c      calendarRef
	loc    *time.Location
	year   int
	jan1   int // 1 January of year, in days since 1970
	loaded bool
	closed [6]uint64 // bit n: day n of the year (1 to 366) is a holiday or closed
	spans  [4]Span
	ivs    [4]interval
	zone   zonePeriod
}

// zonePeriod is a stretch of time with one UTC offset: between two DST
// changes, in Unix seconds, to excluded.
type zonePeriod struct {
	known    bool
	from, to int64
	offset   int64
}

// calendarRef is what a walker reads of a Calendar. It is a copy of the slice
// headers rather than a pointer, so that the Calendar a method receives stays
// on the stack.
type calendarRef struct {
	Hours         [7][]Span
	AlsaceMoselle bool
	Closures      []Closure
	ExtraHolidays []Date
}

func (c *Calendar) walker() walker {
	return walker{c: calendarRef{c.Hours, c.AlsaceMoselle, c.Closures, c.ExtraHolidays}, loc: c.loc()}
}

// loc is the calendar's zone; UTC stands in for a missing one, which Validate
// refuses, so that an unchecked calendar gives wrong answers rather than a panic.
func (c *Calendar) loc() *time.Location {
	if c.Location == nil {
		return time.UTC
	}
	return c.Location
}

// intervals returns the opening intervals of date d in order, none on a closed
// day. The slice is reused by the next call.
//
// Any spans give disjoint ordered intervals inside the day, so that the
// methods stay correct on a calendar that Validate would refuse: spans are cut
// to the day, overlaps merge, inverted spans are empty. A clock time that DST
// skips is placed where time.Date places it, then kept inside the day and
// after the previous span.
func (w *walker) intervals(d Date) []interval {
	n := d.days()
	spans := w.c.Hours[weekdayOf(n)]
	if len(spans) == 0 || w.closedDay(d, n) {
		return nil
	}
	out := w.ivs[:0]
	prev, dayEnd := w.dayStart(d, n), w.dayStart(d.next(), n+1)
	for _, s := range w.sorted(spans) {
		start, end := latest(w.at(d, n, s.From), prev), dayEnd
		if s.To < 24*time.Hour {
			end = earliest(w.at(d, n, s.To), dayEnd)
		}
		if !start.Before(end) {
			continue
		}
		out = append(out, interval{start, end})
		prev = end
	}
	return out
}

// dayStart is the first instant of date d, day n since 1970: its midnight,
// or, where DST skips midnight, the instant the clocks jump (time.Date would
// place a skipped midnight on the day before in some zones).
func (w *walker) dayStart(d Date, n int) time.Time {
	t := w.at(d, n, 0)
	if w.zone.covers(int64(n) * secondsPerDay) {
		return t
	}
	if DateOf(t) != d {
		_, jump := t.ZoneBounds()
		return jump.In(w.loc)
	}
	return t
}

// at is d.At(clock, w.loc), d being day n since 1970, without time.Date's
// zone lookup on the days that lie inside one zone period — every day but the
// two DST days of a year. There, and only there, a wall-clock time is
// midnight plus the clock time.
func (w *walker) at(d Date, n int, clock time.Duration) time.Time {
	midnight := int64(n) * secondsPerDay
	if !w.zone.covers(midnight) {
		w.zone = zoneAround(d, w.loc)
		if !w.zone.covers(midnight) {
			return d.At(clock, w.loc)
		}
	}
	return time.Unix(midnight-w.zone.offset, 0).Add(clock).In(w.loc)
}

const secondsPerDay = 24 * 60 * 60

// covers reports whether the whole civil day that starts at midnight (civil
// seconds since 1970), up to the next midnight included, lies in the period.
func (z zonePeriod) covers(midnight int64) bool {
	return z.known && midnight-z.offset >= z.from && midnight+secondsPerDay-z.offset < z.to
}

// zoneAround returns the zone period in effect at noon on d.
func zoneAround(d Date, loc *time.Location) zonePeriod {
	noon := d.At(12*time.Hour, loc)
	_, offset := noon.Zone()
	z := zonePeriod{known: true, from: math.MinInt64, to: math.MaxInt64, offset: int64(offset)}
	start, end := noon.ZoneBounds()
	if !start.IsZero() {
		z.from = start.Unix()
	}
	if !end.IsZero() {
		z.to = end.Unix()
	}
	return z
}

// sorted returns the spans cut to the day and ordered by their start.
func (w *walker) sorted(spans []Span) []Span {
	out := w.spans[:0]
	for _, s := range spans {
		s.From, s.To = max(s.From, 0), min(s.To, 24*time.Hour)
		i := len(out)
		out = append(out, s)
		for ; i > 0 && out[i-1].From > s.From; i-- {
			out[i] = out[i-1]
		}
		out[i] = s
	}
	return out
}

// closedDay reports whether d, day n since 1970, is a holiday or in a closure.
func (w *walker) closedDay(d Date, n int) bool {
	if !w.loaded || d.Year != w.year {
		w.load(d.Year)
	}
	n -= w.jan1 - 1
	return w.closed[n/64]&(1<<(n%64)) != 0
}

// load computes the closed days of a year.
func (w *walker) load(year int) {
	w.year, w.loaded, w.closed = year, true, [6]uint64{}
	w.jan1 = Date{year, time.January, 1}.days()
	set := func(n int) { w.closed[n/64] |= 1 << (n % 64) }
	yds, n := holidayYearDays(year, w.c.AlsaceMoselle)
	for _, yd := range yds[:n] {
		set(yd)
	}
	for _, d := range w.c.ExtraHolidays {
		if d.Year == year && d.Valid() {
			set(d.yearDay())
		}
	}
	last := Date{year, time.December, 31}.yearDay()
	for _, cl := range w.c.Closures {
		if !cl.From.Valid() || !cl.To.Valid() || cl.From.Year > year || cl.To.Year < year {
			continue
		}
		from, to := 1, last
		if cl.From.Year == year {
			from = cl.From.yearDay()
		}
		if cl.To.Year == year {
			to = cl.To.yearDay()
		}
		for n := from; n <= to; n++ {
			set(n)
		}
	}
}

// next is the following date, without a trip through time.Date most days.
func (d Date) next() Date {
	if d.Day < 28 {
		d.Day++
		return d
	}
	return d.AddDays(1)
}

// prev is the preceding date.
func (d Date) prev() Date {
	if d.Day > 1 {
		d.Day--
		return d
	}
	return d.AddDays(-1)
}

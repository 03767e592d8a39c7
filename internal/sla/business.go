package sla

import "time"

// IsOpen reports whether the cell is open at t: inside an opening span (its
// start included, its end excluded) of a day that is neither a holiday nor
// in a closure.
func (c Calendar) IsOpen(t time.Time) bool {
	w := c.walker()
	for _, iv := range w.intervals(DateOf(t.In(w.loc))) {
		if !t.Before(iv.start) && t.Before(iv.end) {
			return true
		}
	}
	return false
}

// NextOpening returns t when the cell is open at t, otherwise the next instant
// at which it opens. It returns the zero Time when the calendar does not open
// within ten years (Validate refuses a calendar without opening hours).
func (c Calendar) NextOpening(t time.Time) time.Time {
	w := c.walker()
	t = t.In(w.loc)
	for d, i := DateOf(t), 0; i < maxScanDays; d, i = d.next(), i+1 {
		for _, iv := range w.intervals(d) {
			if t.Before(iv.end) {
				return latest(t, iv.start)
			}
		}
	}
	return time.Time{}
}

// AddBusinessTime returns the instant at which d of business time has passed
// since t, skipping nights, lunch breaks, weekends, holidays and closures.
//
// Convention: the result is the earliest such instant, so it is an instant at
// which the cell is open, or exactly the end of an opening span: a due time
// whose business time runs out at 12:30 stays at 12:30, not 13:30. With d = 0
// the result is t when the cell is open at t or has just closed at t, else the
// next opening. These rules make AddBusinessTime(t, a+b) equal
// AddBusinessTime(AddBusinessTime(t, a), b) and BusinessTimeBetween(t, result)
// equal d. A negative d goes back in time, as SubBusinessTime(t, -d). The zero
// Time means that the calendar does not open within ten years.
func (c Calendar) AddBusinessTime(t time.Time, d time.Duration) time.Time {
	if d < 0 {
		return c.SubBusinessTime(t, -d)
	}
	w := c.walker()
	t = t.In(w.loc)
	for day, i := DateOf(t), 0; i < maxScanDays; day, i = day.next(), i+1 {
		for _, iv := range w.intervals(day) {
			if iv.end.Before(t) {
				continue
			}
			from := latest(t, iv.start)
			left := iv.end.Sub(from)
			if d <= left {
				return from.Add(d)
			}
			d -= left
		}
	}
	return time.Time{}
}

// SubBusinessTime returns the latest instant u before t such that d of business
// time lies between u and t: the start of a warning period that ends at a due
// time, say. For d > 0 the cell is open at u (u may be the very start of a
// span); SubBusinessTime(t, 0) is t. A negative d goes forward, as
// AddBusinessTime(t, -d).
func (c Calendar) SubBusinessTime(t time.Time, d time.Duration) time.Time {
	switch {
	case d < 0:
		return c.AddBusinessTime(t, -d)
	case d == 0:
		return t.In(c.loc())
	}
	w := c.walker()
	t = t.In(w.loc)
	for day, i := DateOf(t), 0; i < maxScanDays; day, i = day.prev(), i+1 {
		ivs := w.intervals(day)
		for j := len(ivs) - 1; j >= 0; j-- {
			iv := ivs[j]
			if !iv.start.Before(t) {
				continue
			}
			to := earliest(t, iv.end)
			left := to.Sub(iv.start)
			if d <= left {
				return to.Add(-d)
			}
			d -= left
		}
	}
	return time.Time{}
}

// BusinessTimeBetween returns the business time from a to b: the time the cell
// is open in [a, b). It is negative when b is before a. It steps through the
// days between a and b, so an unset (zero) Time must not be passed for either.
func (c Calendar) BusinessTimeBetween(a, b time.Time) time.Duration {
	if b.Before(a) {
		return -c.BusinessTimeBetween(b, a)
	}
	w := c.walker()
	a, b = a.In(w.loc), b.In(w.loc)
	var sum time.Duration
	last := DateOf(b)
	for day := DateOf(a); !last.Before(day); day = day.next() {
		for _, iv := range w.intervals(day) {
			if from, to := latest(a, iv.start), earliest(b, iv.end); from.Before(to) {
				sum += to.Sub(from)
			}
		}
	}
	return sum
}

// AddBusinessDays returns the same wall-clock time n business days later. A
// start when the cell is closed counts from the next opening: a request that
// arrives at 17:05 on a Friday, or on a Saturday, counts from Monday 9:00.
// When the cell is closed at the resulting clock time (a start at 12:00 and a
// Friday that closes at 11:00, or a DST gap), the result is the next opening
// after it. A business day is a date on which the cell opens at all. n ≤ 0
// gives the next opening.
func (c Calendar) AddBusinessDays(t time.Time, n int) time.Time {
	start := c.NextOpening(t)
	if n <= 0 || start.IsZero() {
		return start
	}
	w := c.walker()
	day := DateOf(start)
	for i := 0; n > 0; i++ {
		if i == maxScanDays {
			return time.Time{}
		}
		day = day.next()
		if len(w.intervals(day)) > 0 {
			n--
		}
	}
	h, m, s := start.Clock()
	clock := time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(s)*time.Second +
		time.Duration(start.Nanosecond())
	return c.NextOpening(day.At(clock, w.loc))
}

func latest(a, b time.Time) time.Time {
	if a.Before(b) {
		return b
	}
	return a
}

func earliest(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

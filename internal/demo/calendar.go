package demo

import (
	"slices"
	"time"

	"github.com/guichet/guichet/internal/sla"
)

// The cell's phone line is open 9:00–12:30 and 13:30–17:00, Monday to Friday.
const (
	morningOpen    = 9*time.Hour + 0*time.Minute
	morningClose   = 12*time.Hour + 30*time.Minute
	afternoonOpen  = 13*time.Hour + 30*time.Minute
	afternoonClose = 17 * time.Hour
)

// calendar places requests and the work on them on the cell's business days and
// opening hours, in its time zone.
type calendar struct {
	loc   *time.Location
	now   time.Time
	first time.Time // midnight of the first day of data
	days  int       // days of data, the day of now included
	open  []bool    // business days from first on, a little past now
}

// newCalendar covers the 365 days before now.
func newCalendar(now time.Time, loc *time.Location) *calendar {
	n := now.In(loc)
	today := time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, loc)
	c := &calendar{loc: loc, now: now, first: today.AddDate(0, 0, -365), days: 366}
	for i := range c.days + 60 {
		c.open = append(c.open, sla.IsBusinessDay(c.day(i)))
	}
	return c
}

// day returns midnight of the i-th day of data.
func (c *calendar) day(i int) time.Time { return c.first.AddDate(0, 0, i) }

// isBusinessDay reports whether the date of t (in the cell's zone) is worked.
func (c *calendar) isBusinessDay(t time.Time) bool {
	l := t.In(c.loc)
	d := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, c.loc)
	if i := int(d.Sub(c.first).Hours()/24 + 0.5); i >= 0 && i < len(c.open) && c.day(i).Equal(d) {
		return c.open[i]
	}
	return sla.IsBusinessDay(l)
}

// dailyCounts spreads n requests over the days: none on weekends and public
// holidays, more on Mondays and Tuesdays, fewer in August and at Christmas, a
// busy autumn, and a slow rise as companies learn that the cell exists. The
// counts add up to n exactly.
func (c *calendar) dailyCounts(r *rng, n int) []int {
	weights := make([]float64, c.days)
	total := 0.0
	for i := range c.days {
		if !c.open[i] {
			continue
		}
		d := c.day(i)
		// The explicit conversions round each product, so that no platform fuses
		// it with the addition (Go allows FMA): the same seed gives the same
		// days on amd64 and arm64.
		rise := 0.85 + float64(0.3*float64(i)/float64(c.days))
		noise := 0.8 + float64(0.4*r.Float64())
		w := float64(float64(seasonWeight(d)*rise)*noise) * c.openShare(d)
		weights[i] = w
		total += w
	}
	counts := make([]int, c.days)
	cum, given := 0.0, 0
	for i, w := range weights {
		cum += float64(w / total * float64(n))
		counts[i] = int(cum+0.5) - given
		given += counts[i]
	}
	return counts
}

// seasonWeight is how busy a business day is, relative to an ordinary Wednesday.
func seasonWeight(d time.Time) float64 {
	w := [...]float64{0, 1.3, 1.2, 1.0, 0.95, 0.8, 0}[d.Weekday()]
	switch m, day := d.Month(), d.Day(); {
	case m == time.August:
		w *= 0.4
	case m == time.July && day > 14:
		w *= 0.7
	case m == time.December && day >= 22:
		w *= 0.35
	case m == time.January && day <= 5:
		w *= 0.7
	case m == time.September || m == time.October:
		w *= 1.15
	}
	return w
}

// openShare is the share of the day's opening hours already past at now: 1 for
// every day but the last.
func (c *calendar) openShare(d time.Time) float64 {
	total := (morningClose - morningOpen) + (afternoonClose - afternoonOpen)
	past := c.openMinutesBefore(d, c.now)
	return float64(past) / float64(total)
}

// openMinutesBefore is how much of day d's opening hours lies before t.
func (c *calendar) openMinutesBefore(d, t time.Time) time.Duration {
	var past time.Duration
	for _, w := range [][2]time.Duration{{morningOpen, morningClose}, {afternoonOpen, afternoonClose}} {
		from, to := d.Add(w[0]), d.Add(w[1])
		if t.Before(to) {
			to = t
		}
		if to.After(from) {
			past += to.Sub(from)
		}
	}
	return past
}

// timesOfDay draws k creation times in day d's opening hours, before now, to
// the second and in order; mornings are a little busier.
func (c *calendar) timesOfDay(r *rng, d time.Time, k int) []time.Time {
	limit := c.openMinutesBefore(d, c.now)
	morning := morningClose - morningOpen
	out := make([]time.Time, 0, k)
	for range k {
		var off time.Duration
		if afternoon := limit - morning; afternoon > 0 && !r.chance(0.57) {
			off = morning + time.Duration(r.Int64N(int64(afternoon)))
		} else {
			off = time.Duration(r.Int64N(int64(min(morning, limit))))
		}
		at := morningOpen + off
		if off >= morning {
			at = afternoonOpen + off - morning
		}
		out = append(out, d.Add(at).Truncate(time.Second))
	}
	slices.SortFunc(out, func(a, b time.Time) int { return a.Compare(b) })
	return out
}

// nextOpen returns t if the cell is open then, else when it next opens.
func (c *calendar) nextOpen(t time.Time) time.Time {
	for {
		l := t.In(c.loc)
		mid := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, c.loc)
		if c.isBusinessDay(mid) {
			switch since := l.Sub(mid); {
			case since < morningOpen:
				return mid.Add(morningOpen)
			case since < morningClose:
				return t
			case since < afternoonOpen:
				return mid.Add(afternoonOpen)
			case since < afternoonClose:
				return t
			}
		}
		t = time.Date(l.Year(), l.Month(), l.Day()+1, 0, 0, 0, 0, c.loc)
	}
}

// addWork returns the time d of opening hours after t.
func (c *calendar) addWork(t time.Time, d time.Duration) time.Time {
	t = c.nextOpen(t)
	for {
		l := t.In(c.loc)
		mid := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, c.loc)
		end := mid.Add(afternoonClose)
		if l.Sub(mid) < morningClose {
			end = mid.Add(morningClose)
		}
		left := end.Sub(t)
		if d < left {
			return t.Add(d)
		}
		d -= left
		t = c.nextOpen(end)
	}
}

// addDays returns a time in opening hours n business days after t (n ≥ 1), at
// a random moment of that day's hours.
func (c *calendar) addDays(r *rng, t time.Time, n int) time.Time {
	n = max(n, 1)
	l := t.In(c.loc)
	d := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, c.loc)
	for n > 0 {
		d = time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, c.loc)
		if c.isBusinessDay(d) {
			n--
		}
	}
	off := time.Duration(r.Int64N(int64(7 * time.Hour)))
	return c.addWork(d, off).Truncate(time.Second)
}

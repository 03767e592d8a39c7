package report

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/sla"
)

// BusinessClock gives exactly the calendar's business time, on random intervals
// over two years (DST changes, public holidays, a closure, Alsace-Moselle), and on
// the instants where it is easiest to be wrong: breakpoints and midnights.
func TestBusinessClockEqualsTheCalendar(t *testing.T) {
	cal := sla.DefaultCalendar()
	closed := cal
	closed.AlsaceMoselle = true
	closed.Closures = []sla.Closure{{From: sla.Date{Year: 2026, Month: 12, Day: 24}, To: sla.Date{Year: 2027, Month: 1, Day: 1}}}
	closed.Hours[time.Saturday] = []sla.Span{{From: 9 * time.Hour, To: 12 * time.Hour}}
	closed.Hours[time.Sunday] = []sla.Span{{From: 2*time.Hour + 30*time.Minute, To: 3*time.Hour + 30*time.Minute}}
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, cal.Location)
	to := time.Date(2027, 12, 31, 0, 0, 0, 0, cal.Location)
	rng := rand.New(rand.NewPCG(1, 2))
	for _, c := range []sla.Calendar{cal, closed} {
		clock := NewBusinessClock(c, from, to)
		check := func(a, b time.Time) {
			if got, want := clock.Between(a, b), c.BusinessTimeBetween(a, b); got != want {
				t.Fatalf("%v → %v: %v, the calendar says %v", a, b, got, want)
			}
		}
		span := to.Sub(from)
		for range 20000 {
			a := from.Add(time.Duration(rng.Int64N(int64(span))))
			b := a.Add(time.Duration(rng.Int64N(int64(30 * 24 * time.Hour))))
			check(a, b)
			check(b, a)
		}
		for _, day := range []time.Time{time.Date(2026, 3, 29, 0, 0, 0, 0, cal.Location), time.Date(2026, 10, 25, 0, 0, 0, 0, cal.Location),
			time.Date(2026, 5, 1, 0, 0, 0, 0, cal.Location), time.Date(2026, 11, 16, 0, 0, 0, 0, cal.Location)} {
			for m := 0; m <= 26*60; m += 15 {
				check(day, day.Add(time.Duration(m)*time.Minute))
				check(day.Add(time.Duration(m)*time.Minute), day.Add(49*time.Hour))
			}
		}
		// Outside the prepared days, the calendar answers.
		check(from.AddDate(-1, 0, 0), from.Add(36*time.Hour))
	}
}

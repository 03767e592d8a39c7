package property

import (
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/guichet/guichet/internal/sla"
)

// TestPausesNeverShortenADueTime: a request's resolution clock goes through
// any number of waits for the company (Pause at one instant, Resume at a later
// one); whatever the calendar, the instants and the waits, the due time never
// moves earlier, and a wait during which the cell is open for some time moves
// it later or keeps it.
func TestPausesNeverShortenADueTime(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := calendar().Draw(t, "calendar")
		start := instant(t, c, "start")
		k := sla.Clock{Due: c.AddBusinessTime(start, duration(t, "target"))}
		if k.Due.IsZero() {
			t.Skip("calendar never opens")
		}
		at := start
		for i := range rapid.IntRange(1, 4).Draw(t, "waits") {
			_ = i
			at = at.Add(time.Duration(rapid.Int64Range(0, int64(72*time.Hour/time.Minute)).Draw(t, "until pause")) * time.Minute)
			before := k.Due
			k = k.Pause(c, at)
			at = at.Add(time.Duration(rapid.Int64Range(0, int64(240*time.Hour/time.Minute)).Draw(t, "wait")) * time.Minute)
			k = k.Resume(c, at)
			if k.Paused || k.Due.Before(before) {
				t.Fatalf("wait %d: due %v before %v (paused %v)", i, k.Due, before, k.Paused)
			}
		}
	})
}

// TestLongerTargetsNeverDueEarlier: the due times of a request depend
// only on the targets and the instant it was created, so that computing them
// again with the same inputs gives the same answer (what the store keeps
// stays right), and a longer target never gives an earlier due time.
func TestLongerTargetsNeverDueEarlier(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := calendar().Draw(t, "calendar")
		at := instant(t, c, "created")
		tg := sla.DefaultTargets()
		longer := tg
		longer.Resolution.BusinessDays += rapid.IntRange(1, 20).Draw(t, "more days")
		phone := rapid.Bool().Draw(t, "phone")
		a, b := c.NewDue(tg, at, phone, false), c.NewDue(longer, at, phone, false)
		if a != c.NewDue(tg, at, phone, false) {
			t.Fatal("NewDue is not a function of its inputs")
		}
		if !a.Resolution.IsZero() && b.Resolution.Before(a.Resolution) {
			t.Fatalf("resolution %v with a longer target, %v before", b.Resolution, a.Resolution)
		}
	})
}

package sla

import (
	"testing"
	"time"
)

// TestWalkerAt checks the walker's shortcut against time.Date, every day from
// 1990 to 2045, at clock times around the DST changes, in zones that change
// at 2:00 (Paris), at midnight (Santiago), by 30 minutes (Lord Howe), that
// skipped a whole day (Apia, 30 December 2011), and that have no DST (UTC).
func TestWalkerAt(t *testing.T) {
	clocks := []time.Duration{0, time.Hour, 2 * time.Hour, 2*time.Hour + 30*time.Minute, 3 * time.Hour,
		9 * time.Hour, 12*time.Hour + 30*time.Minute, 23*time.Hour + 59*time.Minute, 24 * time.Hour}
	for _, name := range []string{"Europe/Paris", "America/Santiago", "Australia/Lord_Howe", "Pacific/Apia", "UTC"} {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Fatal(err)
		}
		c := Calendar{Location: loc}
		w := c.walker()
		for d := (Date{1990, time.January, 1}); d.Year < 2045; d = d.next() {
			for _, clock := range clocks {
				if got, want := w.at(d, d.days(), clock), d.At(clock, loc); !got.Equal(want) || got.Location() != want.Location() {
					t.Fatalf("%s %v %v: %v, want %v", name, d, clock, got, want)
				}
			}
		}
	}
}

// TestSkippedMidnight: in Santiago the clocks jump from 0:00 to 1:00 on
// 6 September 2026, and time.Date places 0:00 on the day before. Saturday's
// last hour is still Saturday's, and Sunday's 0:00–0:15 does not exist.
func TestSkippedMidnight(t *testing.T) {
	santiago, err := time.LoadLocation("America/Santiago")
	if err != nil {
		t.Fatal(err)
	}
	c := Calendar{Location: santiago}
	c.Hours[time.Saturday] = []Span{{23 * time.Hour, 24 * time.Hour}}
	c.Hours[time.Sunday] = []Span{{0, 15 * time.Minute}, {time.Hour, 2 * time.Hour}}
	from := time.Date(2026, time.September, 5, 12, 0, 0, 0, santiago)
	to := time.Date(2026, time.September, 7, 0, 0, 0, 0, santiago)
	if got := c.BusinessTimeBetween(from, to); got != 2*time.Hour {
		t.Errorf("BusinessTimeBetween = %v, want 2h", got)
	}
	if got := c.AddBusinessTime(from, 90*time.Minute); got.Format("2006-01-02 15:04 -07") != "2026-09-06 01:30 -03" {
		t.Errorf("AddBusinessTime = %v", got)
	}
	if sat := time.Date(2026, time.September, 5, 23, 30, 0, 0, santiago); !c.IsOpen(sat) {
		t.Errorf("closed at %v", sat)
	}
}

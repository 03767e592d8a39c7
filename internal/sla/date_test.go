package sla

import (
	"encoding/json"
	"testing"
	"time"
)

func mustParis(t testing.TB) *time.Location {
	t.Helper()
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	return paris
}

func TestDate(t *testing.T) {
	d := Date{2026, time.December, 31}
	if got := d.AddDays(1); got != (Date{2027, time.January, 1}) {
		t.Errorf("AddDays(1) = %v", got)
	}
	if got := (Date{2028, time.March, 1}).AddDays(-1); got != (Date{2028, time.February, 29}) {
		t.Errorf("AddDays(-1) = %v", got)
	}
	if got, want := (Date{2024, time.February, 28}).next().next(), (Date{2024, time.March, 1}); got != want {
		t.Errorf("next = %v, want %v", got, want)
	}
	if got := (Date{2027, time.January, 1}).prev(); got != d {
		t.Errorf("prev = %v", got)
	}
	for _, bad := range []Date{{2026, time.February, 29}, {2026, 13, 1}, {2026, time.April, 0}, {}} {
		if bad.Valid() {
			t.Errorf("%v valid", bad)
		}
	}
	if !(Date{2028, time.February, 29}).Valid() || d.Weekday() != time.Thursday {
		t.Error("29 February 2028 invalid, or 31 December 2026 not a Thursday")
	}
	if !d.Before(Date{2027, time.January, 1}) || d.Compare(d) != 0 || (Date{2026, time.November, 30}).Compare(d) != -1 {
		t.Error("Compare wrong")
	}
}

func TestDateText(t *testing.T) {
	b, err := json.Marshal(struct{ D Date }{Date{2026, time.May, 8}})
	if err != nil || string(b) != `{"D":"2026-05-08"}` {
		t.Fatalf("Marshal = %s, %v", b, err)
	}
	var back struct{ D Date }
	if err := json.Unmarshal(b, &back); err != nil || back.D != (Date{2026, time.May, 8}) {
		t.Fatalf("Unmarshal = %v, %v", back, err)
	}
	if _, err := ParseDate("2026-02-30"); err == nil {
		t.Error("30 February parsed")
	}
}

// TestDateAt checks that a clock time is placed on the civil calendar: on the
// two DST Sundays of 2026, 9:00 is 9:00 on the clock, not midnight + 9 hours.
func TestDateAt(t *testing.T) {
	paris := mustParis(t)
	cases := []struct {
		d     Date
		clock time.Duration
		want  string
	}{
		{Date{2026, time.March, 29}, 9 * time.Hour, "2026-03-29 09:00 CEST"},
		{Date{2026, time.October, 25}, 9 * time.Hour, "2026-10-25 09:00 CET"},
		{Date{2026, time.March, 29}, 24 * time.Hour, "2026-03-30 00:00 CEST"},
		{Date{2026, time.March, 29}, 2*time.Hour + 30*time.Minute, "2026-03-29 03:30 CEST"}, // skipped by DST
	}
	for _, c := range cases {
		if got := c.d.At(c.clock, paris).Format("2006-01-02 15:04 MST"); got != c.want {
			t.Errorf("%v at %v = %s, want %s", c.d, c.clock, got, c.want)
		}
	}
}

// TestDays checks the day count, weekday and day of the year against the time
// package, every day from 1900 to 2100.
func TestDays(t *testing.T) {
	epoch := time.Date(1970, time.January, 1, 0, 0, 0, 0, time.UTC)
	for u := time.Date(1900, time.January, 1, 0, 0, 0, 0, time.UTC); u.Year() <= 2100; u = u.AddDate(0, 0, 1) {
		d := DateOf(u)
		if got, want := d.days(), int(u.Sub(epoch).Hours()/24); got != want {
			t.Fatalf("%v: days = %d, want %d", d, got, want)
		}
		if d.Weekday() != u.Weekday() || d.yearDay() != u.YearDay() {
			t.Fatalf("%v: weekday %v, day %d; want %v, %d", d, d.Weekday(), d.yearDay(), u.Weekday(), u.YearDay())
		}
	}
}

package sla

import (
	"testing"
	"time"
)

// at parses a wall-clock time in Paris.
func at(t testing.TB, s string) time.Time {
	t.Helper()
	d, err := time.ParseInLocation("2006-01-02 15:04", s, mustParis(t))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

const layout = "2006-01-02 15:04"

// TestAddBusinessDays pins the package-level function, now DefaultCalendar's:
// the three cases marked "was" changed when opening hours came in — a start
// after closing or on a weekend counts from the next opening, and a result
// after closing moves to the next opening.
func TestAddBusinessDays(t *testing.T) {
	paris := mustParis(t)
	cases := []struct {
		start string
		n     int
		want  string
	}{
		{"2026-11-24 10:00", 1, "2026-11-25 10:00"}, // Tuesday → Wednesday
		{"2026-11-27 17:05", 1, "2026-12-01 09:00"}, // Friday after closing → Tuesday's opening (was Monday 17:05)
		{"2026-11-28 11:00", 1, "2026-12-01 09:00"}, // Saturday: counts from Monday 9:00 (was Tuesday 00:00)
		{"2026-05-22 17:05", 1, "2026-05-27 09:00"}, // Friday before Whit Monday → Wednesday (was Tuesday 17:05)
		{"2026-11-10 09:00", 1, "2026-11-12 09:00"}, // over 11 November
		{"2026-03-27 10:00", 1, "2026-03-30 10:00"}, // across the spring DST change
		{"2026-11-24 10:00", 10, "2026-12-08 10:00"},
		{"2026-12-24 10:00", 2, "2026-12-29 10:00"}, // over Christmas
	}
	for _, c := range cases {
		if got := AddBusinessDays(at(t, c.start), c.n, paris).Format(layout); got != c.want {
			t.Errorf("AddBusinessDays(%s, %d) = %s, want %s", c.start, c.n, got, c.want)
		}
	}
}

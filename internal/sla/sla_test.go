package sla

import (
	"testing"
	"time"
)

func TestEaster(t *testing.T) {
	// Known Easter Sundays (calendar of the Catholic Church).
	known := map[int]string{2019: "2019-04-21", 2024: "2024-03-31", 2025: "2025-04-20",
		2026: "2026-04-05", 2027: "2027-03-28", 2038: "2038-04-25", 2040: "2040-04-01"}
	for y, want := range known {
		if got := Easter(y).Format(time.DateOnly); got != want {
			t.Errorf("Easter(%d) = %s, want %s", y, got, want)
		}
	}
}

func TestHolidays2026(t *testing.T) {
	want := []string{"2026-01-01", "2026-04-06", "2026-05-01", "2026-05-08", "2026-05-14", "2026-05-25",
		"2026-07-14", "2026-08-15", "2026-11-01", "2026-11-11", "2026-12-25"}
	got := Holidays(2026)
	if len(got) != len(want) {
		t.Fatalf("%d holidays, want %d", len(got), len(want))
	}
	for i := range want {
		if g := got[i].Format(time.DateOnly); g != want[i] {
			t.Errorf("holiday %d = %s, want %s", i, g, want[i])
		}
	}
}

func TestAddBusinessDays(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	at := func(s string) time.Time {
		d, err := time.ParseInLocation("2006-01-02 15:04", s, paris)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	cases := []struct {
		start string
		n     int
		want  string
	}{
		{"2026-11-24 10:00", 1, "2026-11-25 10:00"}, // Tuesday → Wednesday
		{"2026-11-27 17:05", 1, "2026-11-30 17:05"}, // Friday → Monday
		{"2026-11-28 11:00", 1, "2026-12-01 00:00"}, // Saturday: counts from Monday's start
		{"2026-05-22 17:05", 1, "2026-05-26 17:05"}, // Friday before Whit Monday → Tuesday
		{"2026-11-10 09:00", 1, "2026-11-12 09:00"}, // over 11 November
		{"2026-03-27 10:00", 1, "2026-03-30 10:00"}, // across the spring DST change
		{"2026-11-24 10:00", 10, "2026-12-08 10:00"},
		{"2026-12-24 10:00", 2, "2026-12-29 10:00"}, // over Christmas
	}
	for _, c := range cases {
		if got := AddBusinessDays(at(c.start), c.n, paris).Format("2006-01-02 15:04"); got != c.want {
			t.Errorf("AddBusinessDays(%s, %d) = %s, want %s", c.start, c.n, got, c.want)
		}
	}
}

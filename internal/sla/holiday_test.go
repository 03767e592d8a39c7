package sla

import (
	"testing"
	"time"
)

// knownEaster are Western Easter Sundays 2020–2040, from the published tables
// (and checked against python-dateutil's independent implementation).
var knownEaster = map[int]string{
	2020: "2020-04-12", 2021: "2021-04-04", 2022: "2022-04-17", 2023: "2023-04-09", 2024: "2024-03-31",
	2025: "2025-04-20", 2026: "2026-04-05", 2027: "2027-03-28", 2028: "2028-04-16", 2029: "2029-04-01",
	2030: "2030-04-21", 2031: "2031-04-13", 2032: "2032-03-28", 2033: "2033-04-17", 2034: "2034-04-09",
	2035: "2035-03-25", 2036: "2036-04-13", 2037: "2037-04-05", 2038: "2038-04-25", 2039: "2039-04-10",
	2040: "2040-04-01",
}

func TestEaster(t *testing.T) {
	for y := 2020; y <= 2040; y++ {
		if got := Easter(y).Format(time.DateOnly); got != knownEaster[y] {
			t.Errorf("Easter(%d) = %s, want %s", y, got, knownEaster[y])
		}
	}
	if got := Easter(2019).Format(time.DateOnly); got != "2019-04-21" {
		t.Errorf("Easter(2019) = %s", got)
	}
}

// TestEasterBasedHolidays checks the three (five in Alsace-Moselle) holidays
// that move with Easter, every year from 2020 to 2040, against the known
// Easter Sundays rather than the function under test.
func TestEasterBasedHolidays(t *testing.T) {
	for y := 2020; y <= 2040; y++ {
		easter, err := time.Parse(time.DateOnly, knownEaster[y])
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]int{"Vendredi saint": -2, "Lundi de Pâques": 1, "Ascension": 39, "Lundi de Pentecôte": 50}
		got := map[string]Date{}
		for _, h := range PublicHolidays(y, true) {
			got[h.Name] = h.Date
		}
		for name, offset := range want {
			if w := DateOf(easter.AddDate(0, 0, offset)); got[name] != w {
				t.Errorf("%d: %s = %v, want %v", y, name, got[name], w)
			}
		}
		if wd := got["Ascension"].Weekday(); wd != time.Thursday {
			t.Errorf("%d: Ascension on a %s", y, wd)
		}
	}
}

func TestPublicHolidays(t *testing.T) {
	cases := []struct {
		year   int
		alsace bool
		want   []string
	}{
		{2026, false, []string{"2026-01-01", "2026-04-06", "2026-05-01", "2026-05-08", "2026-05-14", "2026-05-25",
			"2026-07-14", "2026-08-15", "2026-11-01", "2026-11-11", "2026-12-25"}},
		{2026, true, []string{"2026-01-01", "2026-04-03", "2026-04-06", "2026-05-01", "2026-05-08", "2026-05-14",
			"2026-05-25", "2026-07-14", "2026-08-15", "2026-11-01", "2026-11-11", "2026-12-25", "2026-12-26"}},
		// Ascension before 8 May, in date order.
		{2027, false, []string{"2027-01-01", "2027-03-29", "2027-05-01", "2027-05-06", "2027-05-08", "2027-05-17",
			"2027-07-14", "2027-08-15", "2027-11-01", "2027-11-11", "2027-12-25"}},
		// Ascension on 1 May: two holidays, one date.
		{2008, false, []string{"2008-01-01", "2008-03-24", "2008-05-01", "2008-05-01", "2008-05-08", "2008-05-12",
			"2008-07-14", "2008-08-15", "2008-11-01", "2008-11-11", "2008-12-25"}},
	}
	for _, c := range cases {
		got := PublicHolidays(c.year, c.alsace)
		if len(got) != len(c.want) {
			t.Errorf("%d (Alsace-Moselle %v): %d holidays, want %d", c.year, c.alsace, len(got), len(c.want))
			continue
		}
		for i, h := range got {
			if h.Date.String() != c.want[i] {
				t.Errorf("%d (Alsace-Moselle %v): holiday %d = %s (%s), want %s", c.year, c.alsace, i, h.Date, h.Name, c.want[i])
			}
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

func TestIsHolidayAndBusinessDay(t *testing.T) {
	if !IsHoliday(2026, time.May, 25) || IsHoliday(2026, time.May, 26) || IsHoliday(2026, time.April, 3) {
		t.Error("IsHoliday: Whit Monday 2026 or its neighbours wrong")
	}
	paris := mustParis(t)
	for s, want := range map[string]bool{"2026-05-22": true, "2026-05-23": false, "2026-05-25": false, "2026-05-26": true} {
		d, _ := time.ParseInLocation(time.DateOnly, s, paris)
		if got := IsBusinessDay(d); got != want {
			t.Errorf("IsBusinessDay(%s) = %v", s, got)
		}
	}
}

func TestCalendarHolidays(t *testing.T) {
	c := DefaultCalendar()
	c.AlsaceMoselle = true
	c.ExtraHolidays = []Date{{2026, time.December, 24}, {2027, time.January, 2}}
	got := c.Holidays(2026)
	if len(got) != 14 || got[11].Date != (Date{2026, time.December, 24}) || got[11].Name != "Jour férié ajouté" ||
		got[13].Name != "Saint-Étienne" {
		t.Errorf("Holidays(2026) = %v", got)
	}
}

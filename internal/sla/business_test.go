package sla

import (
	"testing"
	"time"
)

// christmas is the default calendar closed from 24 December 2026 to
// 1 January 2027.
func christmas() Calendar {
	c := DefaultCalendar()
	c.Closures = []Closure{{Date{2026, time.December, 24}, Date{2027, time.January, 1}, "Fêtes de fin d'année"}}
	return c
}

func alsace() Calendar {
	c := DefaultCalendar()
	c.AlsaceMoselle = true
	return c
}

// allDaySunday is open only on Sundays, around the clock: the DST Sundays are
// then 23 and 25 hours of business time.
func allDaySunday() Calendar {
	c := Calendar{Location: DefaultCalendar().Location}
	c.Hours[time.Sunday] = []Span{{0, 24 * time.Hour}}
	return c
}

func TestIsOpen(t *testing.T) {
	cases := []struct {
		cal  Calendar
		at   string
		want bool
	}{
		{DefaultCalendar(), "2026-11-24 08:59", false},
		{DefaultCalendar(), "2026-11-24 09:00", true}, // a span contains its start
		{DefaultCalendar(), "2026-11-24 12:29", true},
		{DefaultCalendar(), "2026-11-24 12:30", false}, // and not its end: lunch break
		{DefaultCalendar(), "2026-11-24 13:00", false},
		{DefaultCalendar(), "2026-11-24 13:30", true},
		{DefaultCalendar(), "2026-11-24 17:00", false},
		{DefaultCalendar(), "2026-11-28 10:00", false}, // Saturday
		{DefaultCalendar(), "2026-05-25 10:00", false}, // Whit Monday
		{DefaultCalendar(), "2026-12-28 10:00", true},
		{christmas(), "2026-12-28 10:00", false},
		{christmas(), "2027-01-04 09:00", true},
		{DefaultCalendar(), "2026-04-03 10:00", true}, // Good Friday
		{alsace(), "2026-04-03 10:00", false},
		{alsace(), "2025-12-26 10:00", false},
		{DefaultCalendar(), "2026-03-30 09:00", true}, // the Monday after the spring DST change
	}
	for _, c := range cases {
		if got := c.cal.IsOpen(at(t, c.at)); got != c.want {
			t.Errorf("IsOpen(%s) = %v, want %v", c.at, got, c.want)
		}
	}
}

func TestNextOpening(t *testing.T) {
	cases := []struct {
		name     string
		cal      Calendar
		at, want string
	}{
		{"open", DefaultCalendar(), "2026-11-24 10:00", "2026-11-24 10:00"},
		{"early", DefaultCalendar(), "2026-11-24 07:00", "2026-11-24 09:00"},
		{"lunch break", DefaultCalendar(), "2026-11-24 12:45", "2026-11-24 13:30"},
		{"at lunch", DefaultCalendar(), "2026-11-24 12:30", "2026-11-24 13:30"},
		{"evening", DefaultCalendar(), "2026-11-24 17:00", "2026-11-25 09:00"},
		{"Friday before Whit Monday", DefaultCalendar(), "2026-05-22 17:05", "2026-05-26 09:00"},
		{"Ascension bridge", DefaultCalendar(), "2026-05-13 17:30", "2026-05-15 09:00"},
		{"spring DST weekend", DefaultCalendar(), "2026-03-27 18:00", "2026-03-30 09:00"},
		{"autumn DST weekend", DefaultCalendar(), "2026-10-24 10:00", "2026-10-26 09:00"},
		{"Christmas closure", christmas(), "2026-12-23 17:30", "2027-01-04 09:00"},
		{"Christmas without closure", DefaultCalendar(), "2026-12-24 17:30", "2026-12-28 09:00"},
		{"Alsace-Moselle Easter", alsace(), "2026-04-02 17:00", "2026-04-07 09:00"},
		{"metropolitan Easter", DefaultCalendar(), "2026-04-02 17:00", "2026-04-03 09:00"},
	}
	for _, c := range cases {
		if got := c.cal.NextOpening(at(t, c.at)).Format(layout); got != c.want {
			t.Errorf("%s: NextOpening(%s) = %s, want %s", c.name, c.at, got, c.want)
		}
	}
	if got := (Calendar{Location: time.UTC}).NextOpening(at(t, "2026-11-24 10:00")); !got.IsZero() {
		t.Errorf("a calendar without hours opens at %v", got)
	}
}

func TestAddBusinessTime(t *testing.T) {
	cases := []struct {
		name  string
		cal   Calendar
		start string
		d     time.Duration
		want  string // Paris time with its zone, to see DST
	}{
		{"morning", DefaultCalendar(), "2026-11-24 10:00", 2 * time.Hour, "2026-11-24 12:00 CET"},
		{"runs out at lunch: stays at 12:30", DefaultCalendar(), "2026-11-24 10:00", 150 * time.Minute, "2026-11-24 12:30 CET"},
		{"over lunch", DefaultCalendar(), "2026-11-24 10:00", 3 * time.Hour, "2026-11-24 14:00 CET"},
		{"runs out at closing: stays at 17:00", DefaultCalendar(), "2026-11-24 13:00", 210 * time.Minute, "2026-11-24 17:00 CET"},
		{"from lunch", DefaultCalendar(), "2026-11-24 12:45", time.Hour, "2026-11-24 14:30 CET"},
		{"zero when open", DefaultCalendar(), "2026-11-24 10:00", 0, "2026-11-24 10:00 CET"},
		{"zero at closing", DefaultCalendar(), "2026-11-24 17:00", 0, "2026-11-24 17:00 CET"},
		{"zero at night", DefaultCalendar(), "2026-11-24 20:00", 0, "2026-11-25 09:00 CET"},
		{"callback over a weekend", DefaultCalendar(), "2026-11-27 16:00", 4 * time.Hour, "2026-11-30 12:00 CET"},
		{"callback at 17:05 before Whit Monday", DefaultCalendar(), "2026-05-22 17:05", 4 * time.Hour, "2026-05-26 14:00 CEST"},
		{"spring DST weekend", DefaultCalendar(), "2026-03-27 16:00", 4 * time.Hour, "2026-03-30 12:00 CEST"},
		{"autumn DST weekend", DefaultCalendar(), "2026-10-23 16:00", 4 * time.Hour, "2026-10-26 12:00 CET"},
		{"one business day", DefaultCalendar(), "2026-11-24 10:00", 7 * time.Hour, "2026-11-25 10:00 CET"},
		{"ten business days", DefaultCalendar(), "2026-11-24 10:00", 70 * time.Hour, "2026-12-08 10:00 CET"},
		{"Christmas closure", christmas(), "2026-12-23 16:00", 2 * time.Hour, "2027-01-04 10:00 CET"},
		{"Christmas, no closure", DefaultCalendar(), "2026-12-23 16:00", 2 * time.Hour, "2026-12-24 10:00 CET"},
		{"Alsace-Moselle Good Friday", alsace(), "2026-04-02 16:00", 2 * time.Hour, "2026-04-07 10:00 CEST"},
		{"metropolitan Good Friday", DefaultCalendar(), "2026-04-02 16:00", 2 * time.Hour, "2026-04-03 10:00 CEST"},
		{"Alsace-Moselle 26 December", alsace(), "2025-12-24 16:00", 2 * time.Hour, "2025-12-29 10:00 CET"},
		{"a 23-hour Sunday", allDaySunday(), "2026-03-29 00:00", 23 * time.Hour, "2026-03-30 00:00 CEST"},
		{"a 25-hour Sunday", allDaySunday(), "2026-10-25 00:00", 24 * time.Hour, "2026-10-25 23:00 CET"},
		{"backwards", DefaultCalendar(), "2026-11-30 10:00", -2 * time.Hour, "2026-11-27 16:00 CET"},
	}
	for _, c := range cases {
		if got := c.cal.AddBusinessTime(at(t, c.start), c.d).Format("2006-01-02 15:04 MST"); got != c.want {
			t.Errorf("%s: AddBusinessTime(%s, %v) = %s, want %s", c.name, c.start, c.d, got, c.want)
		}
	}
}

func TestSubBusinessTime(t *testing.T) {
	cases := []struct {
		start string
		d     time.Duration
		want  string
	}{
		{"2026-11-30 10:00", 2 * time.Hour, "2026-11-27 16:00"},
		{"2026-11-24 14:00", time.Hour, "2026-11-24 12:00"},
		{"2026-11-24 14:00", 4 * time.Hour, "2026-11-24 09:00"}, // the start of a span is open
		{"2026-11-24 13:00", 30 * time.Minute, "2026-11-24 12:00"},
		{"2026-11-24 20:00", 0, "2026-11-24 20:00"},
		{"2026-05-26 10:00", 2 * time.Hour, "2026-05-22 16:00"}, // over Whit Monday
		{"2026-03-30 10:00", 2 * time.Hour, "2026-03-27 16:00"}, // over the spring DST change
	}
	for _, c := range cases {
		if got := DefaultCalendar().SubBusinessTime(at(t, c.start), c.d).Format(layout); got != c.want {
			t.Errorf("SubBusinessTime(%s, %v) = %s, want %s", c.start, c.d, got, c.want)
		}
	}
}

func TestBusinessTimeBetween(t *testing.T) {
	cases := []struct {
		cal  Calendar
		a, b string
		want time.Duration
	}{
		{DefaultCalendar(), "2026-11-24 10:00", "2026-11-24 11:00", time.Hour},
		{DefaultCalendar(), "2026-11-24 12:00", "2026-11-24 14:00", time.Hour},
		{DefaultCalendar(), "2026-11-24 09:00", "2026-11-25 09:00", 7 * time.Hour},
		{DefaultCalendar(), "2026-11-25 09:00", "2026-11-24 09:00", -7 * time.Hour},
		{DefaultCalendar(), "2026-11-28 09:00", "2026-11-29 18:00", 0},
		{DefaultCalendar(), "2026-03-27 09:00", "2026-03-30 09:00", 7 * time.Hour}, // across DST: a business day is 7 h
		{DefaultCalendar(), "2026-10-23 09:00", "2026-10-26 09:00", 7 * time.Hour},
		{DefaultCalendar(), "2026-05-22 17:05", "2026-05-26 09:00", 0},
		{christmas(), "2026-12-23 09:00", "2027-01-05 09:00", 14 * time.Hour},
		{DefaultCalendar(), "2026-12-23 09:00", "2027-01-05 09:00", 49 * time.Hour},
		{allDaySunday(), "2026-03-28 00:00", "2026-03-31 00:00", 23 * time.Hour},
		{allDaySunday(), "2026-10-24 00:00", "2026-10-27 00:00", 25 * time.Hour},
	}
	for _, c := range cases {
		if got := c.cal.BusinessTimeBetween(at(t, c.a), at(t, c.b)); got != c.want {
			t.Errorf("BusinessTimeBetween(%s, %s) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

func TestCalendarAddBusinessDays(t *testing.T) {
	short := DefaultCalendar()
	short.Hours[time.Friday] = []Span{{9 * time.Hour, 12 * time.Hour}}
	cases := []struct {
		name  string
		cal   Calendar
		start string
		n     int
		want  string
	}{
		{"ordinary", DefaultCalendar(), "2026-11-24 10:00", 1, "2026-11-25 10:00 CET"},
		{"lunch start", DefaultCalendar(), "2026-11-24 12:45", 1, "2026-11-25 13:30 CET"},
		{"Friday 17:05 before Whit Monday", DefaultCalendar(), "2026-05-22 17:05", 1, "2026-05-27 09:00 CEST"},
		{"Friday before Whit Monday, open", DefaultCalendar(), "2026-05-22 16:00", 1, "2026-05-26 16:00 CEST"},
		{"spring DST", DefaultCalendar(), "2026-03-27 10:00", 1, "2026-03-30 10:00 CEST"},
		{"autumn DST", DefaultCalendar(), "2026-10-23 10:00", 1, "2026-10-26 10:00 CET"},
		{"resolution", DefaultCalendar(), "2026-11-24 10:00", 10, "2026-12-08 10:00 CET"},
		{"closure", christmas(), "2026-12-22 10:00", 2, "2027-01-04 10:00 CET"},
		{"short Friday: closed at that time", short, "2026-11-26 15:00", 1, "2026-11-30 09:00 CET"},
		{"zero", DefaultCalendar(), "2026-11-28 10:00", 0, "2026-11-30 09:00 CET"},
	}
	for _, c := range cases {
		if got := c.cal.AddBusinessDays(at(t, c.start), c.n).Format("2006-01-02 15:04 MST"); got != c.want {
			t.Errorf("%s: AddBusinessDays(%s, %d) = %s, want %s", c.name, c.start, c.n, got, c.want)
		}
	}
}

func TestIsBusinessDay(t *testing.T) {
	c := christmas()
	for d, want := range map[Date]bool{{2026, time.December, 23}: true, {2026, time.December, 28}: false,
		{2026, time.December, 26}: false, {2027, time.January, 4}: true} {
		if got := c.IsBusinessDay(d); got != want {
			t.Errorf("IsBusinessDay(%v) = %v", d, got)
		}
	}
}

// TestUncheckedCalendar: the methods stay sane on spans Validate refuses.
func TestUncheckedCalendar(t *testing.T) {
	c := Calendar{Location: mustParis(t)}
	c.Hours[time.Tuesday] = []Span{{13 * time.Hour, 17 * time.Hour}, {9 * time.Hour, 14 * time.Hour}, {16 * time.Hour, 15 * time.Hour},
		{-time.Hour, 30 * time.Minute}, {23 * time.Hour, 30 * time.Hour}}
	// open 0:00–0:30, 9:00–17:00 and 23:00–24:00: 9 h 30
	if got := c.BusinessTimeBetween(at(t, "2026-11-24 00:00"), at(t, "2026-11-25 00:00")); got != 9*time.Hour+30*time.Minute {
		t.Errorf("BusinessTimeBetween = %v", got)
	}
	if got := c.AddBusinessTime(at(t, "2026-11-24 16:00"), 90*time.Minute).Format(layout); got != "2026-11-24 23:30" {
		t.Errorf("AddBusinessTime = %s", got)
	}
}

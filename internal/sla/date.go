package sla

import (
	"cmp"
	"fmt"
	"time"
)

// Date is a civil date — a day on the calendar, with neither a clock time nor a
// zone. Holidays and closures are dates: 25 December is a holiday wherever the
// instant that starts it falls in UTC.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the civil date of t in t's own location; call t.In(loc) first
// for another zone.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// ParseDate reads a date written 2006-01-02.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("date « %s » illisible (attendu AAAA-MM-JJ)", s)
	}
	return DateOf(t), nil
}

// String writes the date as 2006-01-02.
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day) }

// MarshalText writes the date as 2006-01-02, so that a Date is a JSON string.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads a date written 2006-01-02.
func (d *Date) UnmarshalText(b []byte) error {
	p, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = p
	return nil
}

// Valid reports whether the date exists (no 30 February, no month 13).
func (d Date) Valid() bool {
	return d.Month >= time.January && d.Month <= time.December && d.normalized() == d
}

// AddDays returns the date n days later (earlier when n < 0), on the calendar:
// never by adding 24 hours, which is wrong on the two DST days of a year.
func (d Date) AddDays(n int) Date {
	return DateOf(time.Date(d.Year, d.Month, d.Day+n, 0, 0, 0, 0, time.UTC))
}

// Weekday returns the day of the week.
func (d Date) Weekday() time.Weekday { return weekdayOf(d.days()) }

// weekdayOf is the weekday of day n since 1970, a Thursday.
func weekdayOf(n int) time.Weekday { return time.Weekday((n%7 + 11) % 7) }

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return cmp.Compare(d.Year, e.Year)
	case d.Month != e.Month:
		return cmp.Compare(d.Month, e.Month)
	}
	return cmp.Compare(d.Day, e.Day)
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// At returns the instant at which the wall clock in loc shows the given time of
// day (a duration since midnight, 24h being the next midnight) on date d. A time
// that the clock skips (2:30 on the spring DST Sunday) comes out as the instant
// time.Date gives for it.
func (d Date) At(clock time.Duration, loc *time.Location) time.Time {
	h := clock / time.Hour
	m := (clock % time.Hour) / time.Minute
	s := (clock % time.Minute) / time.Second
	return time.Date(d.Year, d.Month, d.Day, int(h), int(m), int(s), int(clock%time.Second), loc)
}

func (d Date) utc() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

func (d Date) normalized() Date { return DateOf(d.utc()) }

// yearDay is the day of the year, 1 to 366.
func (d Date) yearDay() int { return d.days() - Date{d.Year, time.January, 1}.days() + 1 }

// days counts the days from 1 January 1970 to d, on the proleptic Gregorian
// calendar (Howard Hinnant's days_from_civil), for a valid date: the walk of
// a calendar does this once or twice a day, and it is cheaper than time.Date.
func (d Date) days() int {
	y, m := d.Year, int(d.Month)
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	doy := (153*((m+9)%12)+2)/5 + d.Day - 1
	return era*146097 + yoe*365 + yoe/4 - yoe/100 + doy - 719468
}

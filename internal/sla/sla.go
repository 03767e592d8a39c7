// Package sla computes due times on the French business calendar.
//
// This is the foundation's calendar: whole business days, Monday to Friday, minus
// the French public holidays. Opening hours, closures, pauses and per-channel
// policies come with the routing-and-SLA work, on top of these functions.
package sla

import "time"

// Targets are the default service levels, in business days.
type Targets struct {
	FirstResponseDays int
	ResolutionDays    int
}

// DefaultTargets: a first response within one business day, a resolution within ten.
func DefaultTargets() Targets { return Targets{FirstResponseDays: 1, ResolutionDays: 10} }

// Due returns the first-response and resolution due times of a request created at t.
func (tg Targets) Due(t time.Time, loc *time.Location) (firstResponse, resolution time.Time) {
	return AddBusinessDays(t, tg.FirstResponseDays, loc), AddBusinessDays(t, tg.ResolutionDays, loc)
}

// AddBusinessDays returns the same wall-clock time n business days after t, in loc;
// a start on a closed day counts from the next business day's opening (00:00).
func AddBusinessDays(t time.Time, n int, loc *time.Location) time.Time {
	d := t.In(loc)
	if !IsBusinessDay(d) {
		for !IsBusinessDay(d) {
			d = time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, loc)
		}
	}
	for n > 0 {
		d = time.Date(d.Year(), d.Month(), d.Day()+1, d.Hour(), d.Minute(), d.Second(), d.Nanosecond(), loc)
		if IsBusinessDay(d) {
			n--
		}
	}
	return d
}

// IsBusinessDay reports whether d (in its own location) is a weekday that is not a
// French public holiday.
func IsBusinessDay(d time.Time) bool {
	if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	return !IsHoliday(d.Year(), d.Month(), d.Day())
}

// IsHoliday reports whether the date is a French public holiday (metropolitan list).
func IsHoliday(year int, month time.Month, day int) bool {
	for _, h := range Holidays(year) {
		if h.Month() == month && h.Day() == day {
			return true
		}
	}
	return false
}

// Holidays lists the eleven French public holidays of a year (Code du travail
// L3133-1), as dates at midnight UTC.
func Holidays(year int) []time.Time {
	easter := Easter(year)
	date := func(m time.Month, d int) time.Time { return time.Date(year, m, d, 0, 0, 0, 0, time.UTC) }
	return []time.Time{
		date(time.January, 1),
		easter.AddDate(0, 0, 1), // lundi de Pâques
		date(time.May, 1),
		date(time.May, 8),
		easter.AddDate(0, 0, 39), // Ascension
		easter.AddDate(0, 0, 50), // lundi de Pentecôte
		date(time.July, 14),
		date(time.August, 15),
		date(time.November, 1),
		date(time.November, 11),
		date(time.December, 25),
	}
}

// Easter returns Easter Sunday of a Gregorian year (the anonymous Gregorian
// algorithm, Meeus/Jones/Butcher).
func Easter(year int) time.Time {
	a, b, c := year%19, year/100, year%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
}

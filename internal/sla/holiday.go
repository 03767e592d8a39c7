package sla

import (
	"slices"
	"time"
)

// Holiday is a public holiday: a date and its French name.
type Holiday struct {
	Date Date
	Name string
}

// PublicHolidays lists a year's French public holidays (Code du travail
// L3133-1: eleven days, three of them after Easter), with Good Friday and
// 26 December when alsaceMoselle is set (L3134-13, Bas-Rhin, Haut-Rhin and
// Moselle), in date order. Two holidays may share a date (Ascension fell on
// 1 May in 2008).
func PublicHolidays(year int, alsaceMoselle bool) []Holiday {
	all, n := publicHolidays(year, alsaceMoselle)
	out := slices.Clone(all[:n])
	sortHolidays(out)
	return out
}

func sortHolidays(hs []Holiday) {
	slices.SortStableFunc(hs, func(a, b Holiday) int { return a.Date.Compare(b.Date) })
}

// maxHolidays is the most holidays a year has: eleven, and two in Alsace-Moselle.
const maxHolidays = 13

// holidayRule places a holiday in a year: on a fixed date, or a number of
// days after Easter Sunday when month is 0.
type holidayRule struct {
	month       time.Month
	day, easter int
	name        string
}

// holidayRules are the eleven holidays of L3133-1, in the order of the law,
// then Alsace-Moselle's two.
func holidayRules() [maxHolidays]holidayRule {
	return [maxHolidays]holidayRule{
		{time.January, 1, 0, "Jour de l'an"},
		{0, 0, 1, "Lundi de Pâques"},
		{time.May, 1, 0, "Fête du Travail"},
		{time.May, 8, 0, "Victoire 1945"},
		{0, 0, 39, "Ascension"},
		{0, 0, 50, "Lundi de Pentecôte"},
		{time.July, 14, 0, "Fête nationale"},
		{time.August, 15, 0, "Assomption"},
		{time.November, 1, 0, "Toussaint"},
		{time.November, 11, 0, "Armistice 1918"},
		{time.December, 25, 0, "Noël"},
		{0, 0, -2, "Vendredi saint"},
		{time.December, 26, 0, "Saint-Étienne"},
	}
}

// holidayCount is how many of holidayRules apply.
func holidayCount(alsaceMoselle bool) int {
	if alsaceMoselle {
		return maxHolidays
	}
	return 11
}

// publicHolidays returns the holidays in a fixed array, in the order of the
// law rather than by date.
func publicHolidays(year int, alsaceMoselle bool) (hs [maxHolidays]Holiday, n int) {
	easter := easterDate(year)
	n = holidayCount(alsaceMoselle)
	rules := holidayRules()
	for i, r := range rules[:n] {
		hs[i] = Holiday{Date{year, r.month, r.day}, r.name}
		if r.month == 0 {
			hs[i].Date = easter.AddDays(r.easter)
		}
	}
	return hs, n
}

// holidayYearDays returns the days of the year (1 to 366) of the holidays,
// without building dates: the walk of a calendar needs no more.
func holidayYearDays(year int, alsaceMoselle bool) (yds [maxHolidays]int, n int) {
	jan1 := Date{year, time.January, 1}.days()
	easter := easterDate(year).days()
	n = holidayCount(alsaceMoselle)
	rules := holidayRules()
	for i, r := range rules[:n] {
		if r.month == 0 {
			yds[i] = easter + r.easter - jan1 + 1
		} else {
			yds[i] = Date{year, r.month, r.day}.days() - jan1 + 1
		}
	}
	return yds, n
}

// Holidays lists the eleven French public holidays of a year (Code du travail
// L3133-1), as dates at midnight UTC, in the order of the law.
func Holidays(year int) []time.Time {
	hs, n := publicHolidays(year, false)
	out := make([]time.Time, n)
	for i, h := range hs[:n] {
		out[i] = h.Date.utc()
	}
	return out
}

// IsHoliday reports whether the date is a French public holiday (metropolitan list).
func IsHoliday(year int, month time.Month, day int) bool {
	hs, n := publicHolidays(year, false)
	return slices.ContainsFunc(hs[:n], func(h Holiday) bool { return h.Date == Date{year, month, day} })
}

// IsBusinessDay reports whether d (in its own location) is a weekday that is not a
// French public holiday: a business day of DefaultCalendar.
func IsBusinessDay(d time.Time) bool {
	if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	return !IsHoliday(d.Year(), d.Month(), d.Day())
}

// Easter returns Easter Sunday of a Gregorian year (the anonymous Gregorian
// algorithm, Meeus/Jones/Butcher), at midnight UTC.
func Easter(year int) time.Time { return easterDate(year).utc() }

func easterDate(year int) Date {
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
	return Date{year, time.Month(month), day}
}

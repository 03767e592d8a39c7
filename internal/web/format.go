package web

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Day and month names, written out rather than asked of the system: a server has
// no locale installed, and Go's time package speaks English only. French writes
// them lower-case inside a sentence.
var (
	weekdays = map[lang][7]string{
		french:  {"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"},
		english: {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
	}
	months = map[lang][12]string{
		french: {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
			"novembre", "décembre"},
		english: {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
			"November", "December"},
	}
)

// longDateTime writes an instant in full, in the cell's time zone:
// "mardi 24 novembre 2026 à 10 h 05" ("1er" for the first of the month, as French
// writes it), "Tuesday 24 November 2026 at 10:05".
func longDateTime(l lang, t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	p := t.In(loc)
	if l == english {
		return fmt.Sprintf("%s %d %s %d at %02d:%02d", weekdays[l][p.Weekday()], p.Day(), months[l][p.Month()-1],
			p.Year(), p.Hour(), p.Minute())
	}
	day := strconv.Itoa(p.Day())
	if p.Day() == 1 {
		day = "1er"
	}
	return fmt.Sprintf("%s %s %s %d à %d h %02d", weekdays[l][p.Weekday()], day, months[l][p.Month()-1], p.Year(),
		p.Hour(), p.Minute())
}

// shortDateTime writes an instant for a table cell: "24/11/2026 10 h 05",
// "24/11/2026 10:05".
func shortDateTime(l lang, t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	p := t.In(loc)
	if l == english {
		return p.Format("02/01/2006 15:04")
	}
	return fmt.Sprintf("%s %d h %02d", p.Format("02/01/2006"), p.Hour(), p.Minute())
}

// number writes an integer with its thousands grouped: "1 234 567" in French
// (with the narrow no-break space of French typography, which never breaks a
// number across lines), "1,234,567" in English.
func number(l lang, n int64) string {
	sep := "\u202f"
	if l == english {
		sep = ","
	}
	digits := strconv.FormatInt(n, 10)
	sign := ""
	if n < 0 {
		sign, digits = "-", digits[1:]
	}
	out := digits
	for i := len(digits) - 3; i > 0; i -= 3 {
		out = out[:i] + sep + out[i:]
	}
	return sign + out
}

// duration writes a call's length: "4 min 05 s", "1 h 02 min", "45 s".
func duration(d time.Duration) string {
	d = d.Round(time.Second)
	h, m, s := int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60
	switch {
	case h > 0:
		return fmt.Sprintf("%d h %02d min", h, m)
	case m > 0:
		return fmt.Sprintf("%d min %02d s", m, s)
	}
	return fmt.Sprintf("%d s", s)
}

// wordBound is a bound of a dashboard figure's list as the inbox writes it in
// words (inbox_chips.go): a day, or an instant. An instant at midnight in the
// cell's time zone reads as a day: the day it starts, or, as an upper bound
// (excluded), the day before, which is how the dashboard's periods end.
type wordBound struct {
	t   time.Time // in the cell's time zone
	day bool
}

// readWordBound reads a bound as the inbox's query holds it: "2026-11-24",
// "24/11/2026" or an RFC 3339 instant.
func readWordBound(raw string, loc *time.Location, upper bool) (wordBound, bool) {
	if t, err := time.Parse(time.RFC3339Nano, raw); err == nil {
		p := t.In(loc)
		if p.Hour() != 0 || p.Minute() != 0 || p.Second() != 0 || p.Nanosecond() != 0 {
			return wordBound{t: p}, true
		}
		if upper {
			p = p.AddDate(0, 0, -1)
		}
		return wordBound{t: p, day: true}, true
	}
	for _, layout := range []string{"2006-01-02", "02/01/2006"} {
		if d, err := time.ParseInLocation(layout, raw, loc); err == nil {
			return wordBound{t: d, day: true}, true
		}
	}
	return wordBound{}, false
}

// dateWords writes a bound: "3", "3 novembre", "3 novembre 2026" (the month and
// the year when asked; "1er" for the first of the month), and an instant in
// full, "28 novembre 2026 à 14 h 05" ("28 November 2026 at 14:05").
func dateWords(l lang, b wordBound, month, year bool) string {
	day := strconv.Itoa(b.t.Day())
	if l == french && b.t.Day() == 1 {
		day = "1er"
	}
	if !b.day {
		month, year = true, true
	}
	if month {
		day += " " + months[l][b.t.Month()-1]
	}
	if year {
		day += " " + strconv.Itoa(b.t.Year())
	}
	switch {
	case b.day:
	case l == english:
		day += fmt.Sprintf(" at %02d:%02d", b.t.Hour(), b.t.Minute())
	default:
		day += fmt.Sprintf(" à %d h %02d", b.t.Hour(), b.t.Minute())
	}
	return day
}

// spanWords writes the range [from, to] of a drill-down filter, either bound
// possibly empty: "entre le 3 et le 9 novembre 2026", "le 3 novembre 2026",
// "depuis le 3 novembre 2026", "jusqu'au 9 novembre 2026" (a day: included),
// "avant le 28 novembre 2026 à 14 h 05" (an instant: excluded). The first
// bound leaves out the month and the year the second one says. An unreadable
// bound is written as given (the inbox refuses it anyway).
func spanWords(l lang, loc *time.Location, from, to string) string {
	a, okA := readWordBound(from, loc, false)
	b, okB := readWordBound(to, loc, true)
	switch {
	case okA && okB && a.day && b.day && a.t.Equal(b.t):
		return l.T("span.on", dateWords(l, b, true, true))
	case okA && okB:
		sameYear := a.t.Year() == b.t.Year()
		sameMonth := sameYear && a.t.Month() == b.t.Month()
		return l.T("span.between", dateWords(l, a, !sameMonth, !sameYear), dateWords(l, b, true, true))
	case okA:
		return l.T("span.since", dateWords(l, a, true, true))
	case okB && b.day:
		return l.T("span.until", dateWords(l, b, true, true))
	case okB:
		return l.T("span.before", dateWords(l, b, true, true))
	}
	return strings.TrimSpace(from + " – " + to)
}

// boundWords writes one bound in full, as given when unreadable.
func boundWords(l lang, loc *time.Location, raw string, upper bool) string {
	if b, ok := readWordBound(raw, loc, upper); ok {
		return dateWords(l, b, true, true)
	}
	return raw
}

package web

import (
	"fmt"
	"strconv"
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

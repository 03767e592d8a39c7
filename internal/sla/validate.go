package sla

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/guichet/guichet/internal/errs"
)

// Validate refuses a calendar that an admin should not save: no time zone, no
// opening hours at all, a span that is inverted, empty, outside 0:00–24:00 or
// overlapping another of its day, an extra holiday that does not exist,
// appears twice or is already a public holiday, and a closure that does not
// exist or ends before it starts. It reports every problem at once, in
// French, naming the day and the span.
func (c Calendar) Validate() error {
	var f errs.Fields
	if c.Location == nil {
		f.Add("location", "le fuseau horaire est obligatoire (Europe/Paris en métropole)")
	}
	open := false
	for wd, spans := range c.Hours {
		checkDay(&f, time.Weekday(wd), spans)
		open = open || len(spans) > 0
	}
	if !open {
		f.Add("hours", "aucune plage d'ouverture : le guichet ne serait jamais ouvert")
	}
	c.checkHolidays(&f)
	for i, cl := range c.Closures {
		field := "closures." + strconv.Itoa(i)
		switch {
		case !cl.From.Valid() || !cl.To.Valid():
			f.Add(field, fmt.Sprintf("la fermeture%s a une date qui n'existe pas (%s au %s)", reason(cl), cl.From, cl.To))
		case cl.To.Before(cl.From):
			f.Add(field, fmt.Sprintf("la fermeture%s du %s au %s finit avant de commencer", reason(cl), frDate(cl.From), frDate(cl.To)))
		}
	}
	return f.Err()
}

// checkDay checks one weekday's spans.
func checkDay(f *errs.Fields, wd time.Weekday, spans []Span) {
	field, day := "hours."+strings.ToLower(wd.String()), frWeekdays[wd]
	var good []Span
	for _, s := range spans {
		switch {
		case s.From < 0 || s.To > 24*time.Hour || s.From > 24*time.Hour || s.To < 0:
			f.Add(field, fmt.Sprintf("%s : la plage %s sort de la journée (0:00 à 24:00)", day, s))
		case s.To < s.From:
			f.Add(field, fmt.Sprintf("%s : la plage %s finit avant de commencer", day, s))
		case s.To == s.From:
			f.Add(field, fmt.Sprintf("%s : la plage %s est vide", day, s))
		default:
			good = append(good, s)
		}
	}
	slices.SortFunc(good, func(a, b Span) int { return cmp.Compare(a.From, b.From) })
	for i := 1; i < len(good); i++ {
		if a, b := good[i-1], good[i]; b.From < a.To {
			f.Add(field, fmt.Sprintf("%s : les plages %s et %s se chevauchent", day, a, b))
		}
	}
}

// checkHolidays refuses extra holidays that do not exist, repeat, or are
// public holidays already.
func (c Calendar) checkHolidays(f *errs.Fields) {
	seen := map[Date]bool{}
	for i, d := range c.ExtraHolidays {
		field := "extra_holidays." + strconv.Itoa(i)
		if !d.Valid() {
			f.Add(field, fmt.Sprintf("le jour férié %s n'existe pas", d))
			continue
		}
		if seen[d] {
			f.Add(field, fmt.Sprintf("le jour férié du %s figure deux fois", frDate(d)))
			continue
		}
		seen[d] = true
		for _, h := range PublicHolidays(d.Year, c.AlsaceMoselle) {
			if h.Date == d {
				f.Add(field, fmt.Sprintf("le %s est déjà un jour férié (%s)", frDate(d), h.Name))
				break
			}
		}
	}
}

func reason(cl Closure) string {
	if r := strings.TrimSpace(cl.Reason); r != "" {
		return " « " + r + " »"
	}
	return ""
}

var (
	frWeekdays = [7]string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"}
	frMonths   = [13]string{"", "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
		"septembre", "octobre", "novembre", "décembre"}
)

// frDate writes a date the French way: "jeudi 24 décembre 2026".
func frDate(d Date) string {
	day := strconv.Itoa(d.Day)
	if d.Day == 1 {
		day = "1er"
	}
	return fmt.Sprintf("%s %s %s %d", frWeekdays[d.Weekday()], day, frMonths[d.Month], d.Year)
}

// Package report defines the cell's figures once — what each one counts, how it is
// computed, and the French sentence that explains it — and renders them: CSV for
// spreadsheets, HTML for the dashboard and the e-mail, PDF for the weekly report,
// SVG charts with their data tables.
//
// It computes nothing from the database itself: internal/core reads the counts and
// the durations the store aggregates (Input) and Compute turns them into Figures,
// so that the dashboard, the weekly report, the CSV export and the API show the
// same numbers for the same period.
package report

import (
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/guichet/guichet/internal/errs"
)

// Period is a span of days in the cell's time zone, [From, To).
type Period struct {
	Kind string    // "week", "month", "year" or "custom"
	From time.Time // first instant, midnight in the cell's zone
	To   time.Time // first instant after the period
}

// The kinds of period the dashboard offers.
const (
	KindWeek   = "week"
	KindMonth  = "month"
	KindYear   = "year"
	KindCustom = "custom"
)

var weekPattern = regexp.MustCompile(`^(\d{4})-W(\d{2})$`)

// ParseWeek reads an ISO week, "2026-W47", as the period from its Monday 0:00 to the
// next Monday 0:00 in loc.
func ParseWeek(s string, loc *time.Location) (Period, error) {
	m := weekPattern.FindStringSubmatch(s)
	if m == nil {
		return Period{}, errs.Field("week", fmt.Sprintf("semaine « %s » illisible : écrivez-la AAAA-Wss, par exemple 2026-W47", s))
	}
	year, _ := strconv.Atoi(m[1])
	week, _ := strconv.Atoi(m[2])
	if week < 1 || week > weeksIn(year) {
		return Period{}, errs.Field("week", fmt.Sprintf("l'année %d n'a pas de semaine %d (1 à %d)", year, week, weeksIn(year)))
	}
	return Week(year, week, loc), nil
}

// Week is ISO week w of year y: Monday to Sunday, in loc.
func Week(y, w int, loc *time.Location) Period {
	// 4 January is always in week 1.
	jan4 := time.Date(y, time.January, 4, 0, 0, 0, 0, loc)
	monday := jan4.AddDate(0, 0, -((int(jan4.Weekday()) + 6) % 7))
	from := monday.AddDate(0, 0, 7*(w-1))
	return Period{Kind: KindWeek, From: from, To: from.AddDate(0, 0, 7)}
}

// WeekOf is the ISO week that contains t (in loc).
func WeekOf(t time.Time, loc *time.Location) Period {
	y, w := t.In(loc).ISOWeek()
	return Week(y, w, loc)
}

// weeksIn is the number of ISO weeks of year y (52 or 53).
func weeksIn(y int) int {
	_, w := time.Date(y, time.December, 28, 12, 0, 0, 0, time.UTC).ISOWeek()
	return w
}

// Month is month m of year y, in loc.
func Month(y int, m time.Month, loc *time.Location) Period {
	from := time.Date(y, m, 1, 0, 0, 0, 0, loc)
	return Period{Kind: KindMonth, From: from, To: from.AddDate(0, 1, 0)}
}

// Year is calendar year y, in loc.
func Year(y int, loc *time.Location) Period {
	from := time.Date(y, time.January, 1, 0, 0, 0, 0, loc)
	return Period{Kind: KindYear, From: from, To: from.AddDate(1, 0, 0)}
}

// Days is the custom period from the first day to the last, both included (dates
// in loc); field names the parameter in errors.
func Days(first, last string, loc *time.Location) (Period, error) {
	var fe errs.Fields
	a, err1 := time.ParseInLocation("2006-01-02", first, loc)
	if err1 != nil {
		fe.Add("from", fmt.Sprintf("date de début « %s » illisible (AAAA-MM-JJ)", first))
	}
	b, err2 := time.ParseInLocation("2006-01-02", last, loc)
	if err2 != nil {
		fe.Add("to", fmt.Sprintf("date de fin « %s » illisible (AAAA-MM-JJ)", last))
	}
	if err1 == nil && err2 == nil {
		switch {
		case b.Before(a):
			fe.Add("to", "la date de fin précède la date de début")
		case b.Sub(a) > 3*366*24*time.Hour:
			fe.Add("to", "une période de trois ans au plus")
		}
	}
	if err := fe.Err(); err != nil {
		return Period{}, err
	}
	return Period{Kind: KindCustom, From: a, To: b.AddDate(0, 0, 1)}, nil
}

// Previous is the period of the same kind just before p (a custom period: the same
// number of days before it).
func (p Period) Previous() Period {
	switch p.Kind {
	case KindWeek:
		return Period{Kind: p.Kind, From: p.From.AddDate(0, 0, -7), To: p.From}
	case KindMonth:
		return Period{Kind: p.Kind, From: p.From.AddDate(0, -1, 0), To: p.From}
	case KindYear:
		return Period{Kind: p.Kind, From: p.From.AddDate(-1, 0, 0), To: p.From}
	}
	days := p.days()
	return Period{Kind: p.Kind, From: p.From.AddDate(0, 0, -days), To: p.From}
}

// YearBefore is the same period a year earlier: for a week, the same ISO week
// number of the previous year; otherwise the same dates.
func (p Period) YearBefore() Period {
	if p.Kind == KindWeek {
		y, w := p.From.ISOWeek()
		if w > weeksIn(y-1) {
			w = weeksIn(y - 1)
		}
		return Week(y-1, w, p.From.Location())
	}
	return Period{Kind: p.Kind, From: p.From.AddDate(-1, 0, 0), To: p.To.AddDate(-1, 0, 0)}
}

// days counts the calendar days of p.
func (p Period) days() int {
	n := 0
	for d := p.From; d.Before(p.To); d = d.AddDate(0, 0, 1) {
		n++
	}
	return n
}

// Last is the last day of the period (for "du … au …").
func (p Period) Last() time.Time { return p.To.AddDate(0, 0, -1) }

// ISOWeek names a week period "2026-W47"; other periods have no week name.
func (p Period) ISOWeek() string {
	y, w := p.From.ISOWeek()
	return fmt.Sprintf("%d-W%02d", y, w)
}

// Weeks lists the ISO weeks that overlap p, each cut to p's bounds, for the
// volume by week.
func (p Period) Weeks() []Period {
	var out []Period
	for w := WeekOf(p.From, p.From.Location()); w.From.Before(p.To); w = w.nextWeek() {
		cut := w
		if cut.From.Before(p.From) {
			cut.From = p.From
		}
		if cut.To.After(p.To) {
			cut.To = p.To
		}
		out = append(out, cut)
	}
	return out
}

// nextWeek is the week after w.
func (w Period) nextWeek() Period {
	return Period{Kind: KindWeek, From: w.To, To: w.To.AddDate(0, 0, 7)}
}

// Label writes the period in French: "semaine 47 de 2026 (du 16 au 22 novembre
// 2026)", "novembre 2026", "2026", "du 3 au 14 novembre 2026".
func (p Period) Label() string {
	switch p.Kind {
	case KindWeek:
		y, w := p.From.ISOWeek()
		return fmt.Sprintf("semaine %d de %d (%s)", w, y, span(p.From, p.Last()))
	case KindMonth:
		return monthsFR[p.From.Month()-1] + " " + strconv.Itoa(p.From.Year())
	case KindYear:
		return strconv.Itoa(p.From.Year())
	}
	return span(p.From, p.Last())
}

var monthsFR = [12]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
	"octobre", "novembre", "décembre"}

// span writes "du 16 au 22 novembre 2026", "du 30 novembre au 6 décembre 2026".
func span(a, b time.Time) string {
	switch {
	case a.Year() != b.Year():
		return "du " + DateFR(a) + " au " + DateFR(b)
	case a.Month() != b.Month():
		return fmt.Sprintf("du %s %s au %s", dayFR(a), monthsFR[a.Month()-1], DateFR(b))
	case a.Day() != b.Day():
		return fmt.Sprintf("du %s au %s", dayFR(a), DateFR(b))
	}
	return "le " + DateFR(a)
}

// DateFR writes a date the French way: "1er décembre 2026".
func DateFR(t time.Time) string {
	return fmt.Sprintf("%s %s %d", dayFR(t), monthsFR[t.Month()-1], t.Year())
}

func dayFR(t time.Time) string {
	if t.Day() == 1 {
		return "1er"
	}
	return strconv.Itoa(t.Day())
}

// ParsePeriod reads the period of a request for figures: an ISO week
// ("2026-W47"), or a first and a last day (both included); with neither, the last
// complete week before now. A week and days together are refused.
func ParsePeriod(week, from, to string, now time.Time, loc *time.Location) (Period, error) {
	switch {
	case week != "" && (from != "" || to != ""):
		return Period{}, errs.Field("week", "donnez une semaine ou des dates (from, to), pas les deux")
	case week != "":
		return ParseWeek(week, loc)
	case from != "" || to != "":
		if from == "" || to == "" {
			var fe errs.Fields
			if from == "" {
				fe.Add("from", "date de début manquante (AAAA-MM-JJ)")
			}
			if to == "" {
				fe.Add("to", "date de fin manquante (AAAA-MM-JJ)")
			}
			return Period{}, fe.Err()
		}
		return Days(from, to, loc)
	}
	return WeekOf(now, loc).Previous(), nil
}

// Same tells whether p and q are the same days of the same kind (for a year, the
// previous period is the same period a year before: computed once).
func (p Period) Same(q Period) bool {
	return p.Kind == q.Kind && p.From.Equal(q.From) && p.To.Equal(q.To)
}

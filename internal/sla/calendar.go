package sla

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // Europe/Paris even on a machine without a zone database
)

// Calendar is when the cell works: opening hours per weekday in a time zone,
// minus public holidays and closures. It is a plain value that an admin edits
// and the store keeps; Validate says what is wrong with it.
//
// Every method works on civil times in Location: a day is a date on the
// calendar, never 24 hours, so the two DST Sundays of a year are a day each.
// Business time is real elapsed time while open: an opening span that
// crosses a DST change is an hour shorter or longer than its clock times say.
// Methods return times in Location.
type Calendar struct {
	Location *time.Location
	// Hours are the opening spans of each weekday, indexed by time.Weekday
	// (Sunday is 0). A weekday without spans is closed.
	Hours [7][]Span
	// AlsaceMoselle adds Good Friday and 26 December to the public holidays.
	AlsaceMoselle bool
	// Closures are periods when the cell is closed, such as 24 December to
	// 1 January.
	Closures []Closure
	// ExtraHolidays are single days off that are not public holidays.
	ExtraHolidays []Date
}

// Span is an opening span of a day, from one wall-clock time to another, as
// durations since midnight: Span{9 * time.Hour, 12*time.Hour + 30*time.Minute}
// is 9:00–12:30. The span contains From and excludes To; To may be 24h.
type Span struct {
	From, To time.Duration
}

// Closure is a closed period, both dates included.
type Closure struct {
	From, To Date
	Reason   string
}

// Contains reports whether the closure covers date d.
func (cl Closure) Contains(d Date) bool { return !d.Before(cl.From) && !cl.To.Before(d) }

// DefaultCalendar is the cell's usual calendar: Europe/Paris, Monday to Friday
// 9:00–12:30 and 13:30–17:00, the metropolitan public holidays, no closures.
func DefaultCalendar() Calendar {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		panic(err) // cannot happen: time/tzdata is linked in
	}
	return defaultCalendarIn(paris)
}

func defaultCalendarIn(loc *time.Location) Calendar {
	c := Calendar{Location: loc}
	for wd := time.Monday; wd <= time.Friday; wd++ {
		c.Hours[wd] = []Span{{9 * time.Hour, 12*time.Hour + 30*time.Minute}, {13*time.Hour + 30*time.Minute, 17 * time.Hour}}
	}
	return c
}

// Holidays lists the days of a year that the calendar closes as holidays:
// the public holidays (with Alsace-Moselle's when set) and the extra
// holidays, in date order. Closures are not listed.
func (c Calendar) Holidays(year int) []Holiday {
	out := PublicHolidays(year, c.AlsaceMoselle)
	for _, d := range c.ExtraHolidays {
		if d.Year == year {
			out = append(out, Holiday{d, "Jour férié ajouté"})
		}
	}
	sortHolidays(out)
	return out
}

// IsBusinessDay reports whether the cell opens at all on date d: a weekday with
// opening hours that is neither a holiday nor in a closure.
func (c Calendar) IsBusinessDay(d Date) bool {
	w := c.walker()
	return len(w.intervals(d)) > 0
}

// ParseSpan reads a span written "9:00-12:30" (an en dash works too).
func ParseSpan(s string) (Span, error) {
	from, to, ok := strings.Cut(strings.ReplaceAll(s, "–", "-"), "-")
	if !ok {
		return Span{}, fmt.Errorf("plage « %s » illisible (attendu 9:00-12:30)", s)
	}
	f, err1 := parseClock(from)
	t, err2 := parseClock(to)
	if err1 != nil || err2 != nil {
		return Span{}, fmt.Errorf("plage « %s » illisible (attendu 9:00-12:30)", s)
	}
	return Span{f, t}, nil
}

// parseClock reads "9:00", "09:30" or "24:00" as a duration since midnight.
func parseClock(s string) (time.Duration, error) {
	h, m, ok := strings.Cut(strings.TrimSpace(s), ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || len(m) != 2 || mm < 0 || mm > 59 || hh < 0 || hh > 24 {
		return 0, fmt.Errorf("heure « %s » illisible", s)
	}
	return time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute, nil
}

// String writes the span as "9:00–12:30".
func (s Span) String() string { return clockString(s.From) + "–" + clockString(s.To) }

// MarshalText writes the span as "9:00-12:30", so that a Span is a JSON string.
func (s Span) MarshalText() ([]byte, error) {
	return []byte(clockString(s.From) + "-" + clockString(s.To)), nil
}

// UnmarshalText reads a span written "9:00-12:30".
func (s *Span) UnmarshalText(b []byte) error {
	p, err := ParseSpan(string(b))
	if err != nil {
		return err
	}
	*s = p
	return nil
}

// clockString writes a time of day as "9:05", with seconds only when there
// are some, and a minus sign for the negative offsets Validate reports.
func clockString(d time.Duration) string {
	sign := ""
	if d < 0 {
		sign, d = "-", -d
	}
	s := fmt.Sprintf("%s%d:%02d", sign, d/time.Hour, d%time.Hour/time.Minute)
	if sec := d % time.Minute; sec != 0 {
		s += fmt.Sprintf(":%02d", sec/time.Second)
	}
	return s
}

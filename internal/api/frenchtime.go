package api

import (
	"fmt"
	"time"

	"github.com/guichet/guichet/internal/tender"
)

// The French names of days and months, lower-case as French writes them in a
// sentence. Written out rather than asked of the system: no locale is installed
// on a server, and Go's time package speaks English only.
var (
	frenchWeekdays = [...]string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"}
	frenchMonths   = [...]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
		"septembre", "octobre", "novembre", "décembre"}
)

// parisDateTime writes an instant as a French notice states a deadline, in Paris
// time: "lundi 14 décembre 2026 à 12 h 00", "mardi 1er juin 2027 à 9 h 05" (the
// first of the month is an ordinal in French). It returns nil for the zero time.
func parisDateTime(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	p := t.In(tender.Paris())
	day := fmt.Sprint(p.Day())
	if p.Day() == 1 {
		day = "1er"
	}
	s := fmt.Sprintf("%s %s %s %d à %d h %02d", frenchWeekdays[p.Weekday()], day, frenchMonths[p.Month()-1],
		p.Year(), p.Hour(), p.Minute())
	return &s
}

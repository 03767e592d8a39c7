package tender

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // Europe/Paris even on a machine without a zone database
)

// Paris returns the Europe/Paris location: notices give their deadlines in
// Paris time, often without saying so.
func Paris() *time.Location { return paris() }

var paris = sync.OnceValue(func() *time.Location {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil { // cannot happen with the embedded database; keep a usable zone anyway
		return time.FixedZone("CET", 3600)
	}
	return loc
})

// Layouts of the dates notices carry, most frequent first. Those with a zone
// are read as written; the others are wall-clock times in the given location.
var (
	zonedLayouts = []string{
		time.RFC3339Nano,         // 2026-03-15T12:00:00+01:00, …Z, with fractions
		"2006-01-02T15:04Z07:00", // no seconds
		"2006-01-02 15:04:05Z07:00",
		"2006-01-02Z07:00", // eForms dates: 2026-03-15+01:00
	}
	localLayouts = []string{
		"2006-01-02T15:04:05.999999999", "2006-01-02T15:04",
		"2006-01-02 15:04:05", "2006-01-02 15:04",
		"02/01/2006 15:04:05", "02/01/2006 15:04", "02/01/2006 15h04", "02/01/2006 à 15h04", "02/01/2006 à 15:04",
	}
	dateLayouts = []string{"2006-01-02", "02/01/2006", "02-01-2006", "02.01.2006"}
)

// ParseNoticeTime reads a date or date-time as BOAMP and DECP write them:
// "2026-03-15T12:00:00+01:00", "2026-03-15T11:00:00Z", "2026-03-15 12:00",
// "15/03/2026 12:00", "2026-03-15", "15/03/2026", eForms' "2026-03-15+01:00".
// A time without a zone is a wall-clock time in loc (Paris for notices); a
// date alone is midnight in loc, and dateOnly says so, for the caller to
// decide what a deadline without an hour means. Years outside 1950–2200 are
// refused: they are typing errors, not dates. Errors are *InputError values.
func ParseNoticeTime(s string, loc *time.Location) (t time.Time, dateOnly bool, err error) {
	in := strings.Join(strings.Fields(s), " ")
	fail := func(reason string) (time.Time, bool, error) {
		return time.Time{}, false, &InputError{Field: "date", Input: s, Reason: reason}
	}
	if in == "" {
		return fail("aucune date")
	}
	t, dateOnly, ok := parseLayouts(in, loc)
	if !ok {
		return fail(fmt.Sprintf("« %s » n'est pas une date lisible (attendu par exemple 2026-03-15T12:00:00+01:00 ou 15/03/2026 12:00)", shorten(in)))
	}
	if y := t.Year(); y < 1950 || y > 2200 {
		return fail(fmt.Sprintf("l'année %d n'est pas vraisemblable", y))
	}
	return t, dateOnly, nil
}

// parseLayouts tries every known layout in turn.
func parseLayouts(in string, loc *time.Location) (time.Time, bool, bool) {
	for _, l := range zonedLayouts {
		if t, err := time.Parse(l, in); err == nil {
			return t, l == "2006-01-02Z07:00", true
		}
	}
	for _, l := range localLayouts {
		if t, err := time.ParseInLocation(l, in, loc); err == nil {
			return t, false, true
		}
	}
	for _, l := range dateLayouts {
		if t, err := time.ParseInLocation(l, in, loc); err == nil {
			return t, true, true
		}
	}
	return time.Time{}, false, false
}

// MaxAmountEuros bounds the amounts a notice may state: no public contract
// comes near 100 billion euros, and larger figures are typing or export
// errors (the DECP test file carries 1e17).
const MaxAmountEuros = 100_000_000_000

// ParseAmountCents reads an amount in euros as notices write it — "38820",
// "575000.0", "1 234 567,89 €", "1.234.567,89", "7000000 EUR HT" — and
// returns it in cents. Negative, unreadable and implausible amounts (above
// MaxAmountEuros) are *InputError values.
func ParseAmountCents(s string) (int64, error) {
	fail := func(reason string) (int64, error) {
		return 0, &InputError{Field: "montant", Input: s, Reason: reason}
	}
	num := normalizeAmount(s)
	if num == "" {
		return fail("aucun montant")
	}
	f, err := strconv.ParseFloat(num, 64)
	switch {
	case err != nil || math.IsNaN(f) || math.IsInf(f, 0):
		return fail(fmt.Sprintf("« %s » n'est pas un montant", shorten(strings.TrimSpace(s))))
	case f < 0:
		return fail("un montant ne peut pas être négatif")
	case f > MaxAmountEuros:
		return fail(fmt.Sprintf("%s € n'est pas vraisemblable (plus de 100 milliards)", strconv.FormatFloat(f, 'g', 6, 64)))
	}
	return int64(math.Round(f * 100)), nil
}

// normalizeAmount removes currency words and French thousands separators and
// turns a decimal comma into a point.
func normalizeAmount(s string) string {
	t := strings.ToUpper(s)
	for _, w := range []string{"EUROS", "EURO", "EUR", "€", "HT", "TTC"} {
		t = strings.ReplaceAll(t, w, "")
	}
	t = strings.Map(dropSpace, t)
	if strings.Contains(t, ",") {
		t = strings.ReplaceAll(t, ".", "")  // 1.234.567,89: points group thousands
		t = strings.ReplaceAll(t, ",", ".") // the comma is the decimal mark
	}
	return t
}

package sla

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/errs"
)

func TestValidateAccepts(t *testing.T) {
	ok := []Calendar{DefaultCalendar(), christmas(), alsace()}
	adjacent := DefaultCalendar()
	adjacent.Hours[time.Saturday] = []Span{{13 * time.Hour, 24 * time.Hour}, {0, 2 * time.Hour}, {2 * time.Hour, 3 * time.Hour}}
	adjacent.ExtraHolidays = []Date{{2026, time.December, 24}, {2026, time.December, 31}}
	ok = append(ok, adjacent)
	for i, c := range ok {
		if err := c.Validate(); err != nil {
			t.Errorf("calendar %d refused: %v", i, err)
		}
	}
}

func TestValidateRefuses(t *testing.T) {
	h := func(hh, mm int) time.Duration { return time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute }
	cases := []struct {
		name   string
		edit   func(c *Calendar)
		field  string
		phrase string
	}{
		{"no zone", func(c *Calendar) { c.Location = nil }, "location", "fuseau horaire est obligatoire"},
		{"no hours", func(c *Calendar) { c.Hours = [7][]Span{} }, "hours", "ne serait jamais ouvert"},
		{"inverted", func(c *Calendar) { c.Hours[time.Monday] = []Span{{h(12, 30), h(9, 0)}} },
			"hours.monday", "lundi : la plage 12:30–9:00 finit avant de commencer"},
		{"empty", func(c *Calendar) { c.Hours[time.Tuesday] = []Span{{h(9, 0), h(9, 0)}} },
			"hours.tuesday", "mardi : la plage 9:00–9:00 est vide"},
		{"overlap", func(c *Calendar) { c.Hours[time.Wednesday] = []Span{{h(13, 0), h(17, 0)}, {h(9, 0), h(13, 30)}} },
			"hours.wednesday", "mercredi : les plages 9:00–13:30 et 13:00–17:00 se chevauchent"},
		{"past midnight", func(c *Calendar) { c.Hours[time.Sunday] = []Span{{h(22, 0), h(25, 0)}} },
			"hours.sunday", "dimanche : la plage 22:00–25:00 sort de la journée (0:00 à 24:00)"},
		{"before midnight", func(c *Calendar) { c.Hours[time.Saturday] = []Span{{-h(1, 0), h(8, 0)}} },
			"hours.saturday", "samedi : la plage -1:00–8:00 sort de la journée"},
		{"duplicate holiday", func(c *Calendar) {
			c.ExtraHolidays = []Date{{2026, time.December, 24}, {2026, time.December, 31}, {2026, time.December, 24}}
		}, "extra_holidays.2", "le jour férié du jeudi 24 décembre 2026 figure deux fois"},
		{"public holiday again", func(c *Calendar) { c.ExtraHolidays = []Date{{2026, time.July, 14}} },
			"extra_holidays.0", "le mardi 14 juillet 2026 est déjà un jour férié (Fête nationale)"},
		{"Alsace-Moselle holiday again", func(c *Calendar) {
			c.AlsaceMoselle, c.ExtraHolidays = true, []Date{{2026, time.December, 26}}
		}, "extra_holidays.0", "déjà un jour férié (Saint-Étienne)"},
		{"holiday that does not exist", func(c *Calendar) { c.ExtraHolidays = []Date{{2026, time.February, 30}} },
			"extra_holidays.0", "le jour férié 2026-02-30 n'existe pas"},
		{"inverted closure", func(c *Calendar) {
			c.Closures = []Closure{{Date{2027, time.January, 1}, Date{2026, time.December, 24}, "Noël"}}
		}, "closures.0", "la fermeture « Noël » du vendredi 1er janvier 2027 au jeudi 24 décembre 2026 finit avant de commencer"},
		{"closure that does not exist", func(c *Calendar) {
			c.Closures = []Closure{{Date{2026, time.December, 24}, Date{2026, time.December, 32}, ""}}
		}, "closures.0", "la fermeture a une date qui n'existe pas"},
	}
	for _, c := range cases {
		cal := DefaultCalendar()
		c.edit(&cal)
		err := cal.Validate()
		var e *errs.Error
		if !errors.As(err, &e) || e.Code != errs.Invalid {
			t.Errorf("%s: Validate = %v, want an invalid error", c.name, err)
			continue
		}
		found := false
		for _, f := range e.Fields {
			found = found || f.Field == c.field && strings.Contains(f.Message, c.phrase)
		}
		if !found {
			t.Errorf("%s: %v, want %s: …%s…", c.name, e.Fields, c.field, c.phrase)
		}
	}
}

// TestValidateReportsAll: an admin sees every problem at once.
func TestValidateReportsAll(t *testing.T) {
	c := DefaultCalendar()
	c.Location = nil
	c.Hours[time.Monday] = []Span{{10 * time.Hour, 9 * time.Hour}}
	c.ExtraHolidays = []Date{{2026, time.May, 1}}
	var e *errs.Error
	if err := c.Validate(); !errors.As(err, &e) || len(e.Fields) != 3 {
		t.Errorf("Validate = %v, want three problems", err)
	}
}

func TestSpanText(t *testing.T) {
	for in, want := range map[string]Span{"9:00-12:30": {9 * time.Hour, 12*time.Hour + 30*time.Minute},
		"13:30–24:00": {13*time.Hour + 30*time.Minute, 24 * time.Hour}, " 08:05 - 09:00 ": {8*time.Hour + 5*time.Minute, 9 * time.Hour}} {
		got, err := ParseSpan(in)
		if err != nil || got != want {
			t.Errorf("ParseSpan(%q) = %v, %v", in, got, err)
		}
	}
	for _, bad := range []string{"9h-12h", "9:00", "25:00-26:00", "9:60-10:00", "9:0-10:00"} {
		if _, err := ParseSpan(bad); err == nil {
			t.Errorf("ParseSpan(%q) accepted", bad)
		}
	}
	var s Span
	if err := s.UnmarshalText([]byte("9:00-12:30")); err != nil || s.String() != "9:00–12:30" {
		t.Errorf("UnmarshalText: %v, %v", s, err)
	}
	if b, _ := s.MarshalText(); string(b) != "9:00-12:30" {
		t.Errorf("MarshalText = %s", b)
	}
}

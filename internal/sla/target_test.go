package sla

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/errs"
)

func TestTargetsDue(t *testing.T) {
	paris := mustParis(t)
	cases := []struct {
		created, first, resolution string
	}{
		{"2026-11-24 10:00", "2026-11-25 10:00", "2026-12-08 10:00"},
		{"2026-05-22 17:05", "2026-05-27 09:00", "2026-06-09 09:00"}, // after closing, before Whit Monday
		{"2026-11-28 11:00", "2026-12-01 09:00", "2026-12-14 09:00"}, // a Saturday
		{"2026-12-24 12:45", "2026-12-28 13:30", "2027-01-11 13:30"}, // lunch break, Christmas, 1 January
	}
	for _, c := range cases {
		fr, res := DefaultTargets().Due(at(t, c.created), paris)
		if fr.Format(layout) != c.first || res.Format(layout) != c.resolution {
			t.Errorf("Due(%s) = %s, %s; want %s, %s", c.created, fr.Format(layout), res.Format(layout), c.first, c.resolution)
		}
	}
	if fr, _ := DefaultTargets().Due(at(t, "2026-11-24 10:00"), nil); fr.Format(layout) != "2026-11-25 10:00" {
		t.Errorf("Due without a zone = %v", fr)
	}
}

func TestCalendarDue(t *testing.T) {
	c, tg := DefaultCalendar(), DefaultTargets()
	cases := []struct {
		target Target
		start  string
		want   string
	}{
		{tg.Callback, "2026-05-22 17:05", "2026-05-26 14:00"},
		{tg.Callback, "2026-11-24 13:00", "2026-11-25 09:30"}, // counts from 13:30
		{tg.Callback, "2026-11-24 12:00", "2026-11-24 17:00"}, // runs out at closing: stays at 17:00
		{tg.NextResponse, "2026-11-26 15:00", "2026-11-30 15:00"},
		{Target{}, "2026-11-28 11:00", "2026-11-30 09:00"},
	}
	for _, cs := range cases {
		if got := c.Due(at(t, cs.start), cs.target).Format(layout); got != cs.want {
			t.Errorf("Due(%s, %v) = %s, want %s", cs.start, cs.target, got, cs.want)
		}
	}
}

func TestTargetsValidate(t *testing.T) {
	if err := DefaultTargets().Validate(); err != nil {
		t.Fatal(err)
	}
	bad := DefaultTargets()
	bad.FirstResponse = Target{}
	bad.Callback = Target{BusinessTime: -time.Hour}
	bad.NextResponse = Target{BusinessDays: 1, BusinessTime: time.Hour}
	bad.Resolution = Target{BusinessDays: 1000}
	var e *errs.Error
	if err := bad.Validate(); !errors.As(err, &e) || len(e.Fields) != 4 {
		t.Fatalf("Validate = %v, want four problems", err)
	}
	want := map[string]string{"first_response": "l'objectif doit être positif", "callback": "l'objectif ne peut pas être négatif",
		"next_response": "soit en jours ouvrés, soit en heures ouvrées", "resolution": "l'objectif dépasse un an"}
	for _, f := range e.Fields {
		if w := want[f.Field]; w == "" || !strings.Contains(f.Message, w) {
			t.Errorf("%s: %s, want …%s…", f.Field, f.Message, w)
		}
	}
}

func TestTargetString(t *testing.T) {
	for tg, want := range map[Target]string{{BusinessDays: 1}: "1 jour ouvré", {BusinessDays: 10}: "10 jours ouvrés",
		{BusinessTime: 4 * time.Hour}: "4 h ouvrées", {BusinessTime: 90 * time.Minute}: "90 min ouvrées"} {
		if got := tg.String(); got != want {
			t.Errorf("%+v = %q, want %q", tg, got, want)
		}
	}
}

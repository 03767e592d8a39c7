package sla

import (
	"testing"
	"time"
)

func TestPauseResume(t *testing.T) {
	c := DefaultCalendar()
	cases := []struct {
		name               string
		due, pause, resume string
		remaining          time.Duration
		want               string
	}{
		{"waiting a day", "2026-11-25 10:00", "2026-11-24 15:00", "2026-11-26 10:00", 3 * time.Hour, "2026-11-26 14:00"},
		{"runs out at lunch: the due time is the reopening", "2026-11-25 10:00", "2026-11-24 15:00", "2026-11-26 09:30",
			3 * time.Hour, "2026-11-26 13:30"},
		{"due at an opening, no time passed", "2026-11-24 09:00", "2026-11-23 16:00", "2026-11-23 16:00", time.Hour, "2026-11-24 09:00"},
		{"over Whit Monday", "2026-05-22 16:00", "2026-05-22 15:00", "2026-05-26 09:00", time.Hour, "2026-05-26 10:00"},
		{"already late by an hour", "2026-11-23 10:00", "2026-11-23 11:00", "2026-11-25 14:00", -time.Hour, "2026-11-25 12:00"},
		{"due now", "2026-11-24 10:00", "2026-11-24 10:00", "2026-11-24 20:00", 0, "2026-11-25 09:00"},
	}
	for _, cs := range cases {
		rem := c.Pause(at(t, cs.due), at(t, cs.pause))
		if rem != cs.remaining {
			t.Errorf("%s: Pause = %v, want %v", cs.name, rem, cs.remaining)
		}
		if got := c.Resume(rem, at(t, cs.resume)).Format(layout); got != cs.want {
			t.Errorf("%s: Resume = %s, want %s", cs.name, got, cs.want)
		}
	}
}

func TestClock(t *testing.T) {
	c := DefaultCalendar()
	k := Clock{Due: at(t, "2026-11-30 17:00")}
	// Paused on Friday evening, resumed on Monday before opening: nothing
	// changes, not even the 17:00 that Calendar.Resume would move to 9:00.
	p := k.Pause(c, at(t, "2026-11-27 17:30"))
	if !p.Paused || p.Remaining != 7*time.Hour || !p.Due.Equal(k.Due) {
		t.Fatalf("Pause = %+v", p)
	}
	if again := p.Pause(c, at(t, "2026-11-28 10:00")); again != p {
		t.Errorf("pausing twice = %+v", again)
	}
	if r := p.Resume(c, at(t, "2026-11-30 08:00")); r.Paused || !r.Due.Equal(k.Due) {
		t.Errorf("Resume over a closed weekend = %+v, want %v", r, k.Due)
	}
	// Resumed on Monday at 10:00: one business hour later, and the remaining
	// seven hours run out at Tuesday's opening.
	r := p.Resume(c, at(t, "2026-11-30 10:00"))
	if r.Paused || r.Due.Format(layout) != "2026-12-01 10:00" {
		t.Errorf("Resume = %+v", r)
	}
	if again := r.Resume(c, at(t, "2026-12-01 10:00")); again != r {
		t.Errorf("resuming a running clock = %+v", again)
	}
	if z := (Clock{}).Pause(c, at(t, "2026-11-30 10:00")); z.Paused {
		t.Errorf("a clock without a due time paused: %+v", z)
	}
	// An instant before the pause counts as the pause.
	if early := p.Resume(c, at(t, "2026-11-20 10:00")); !early.Due.Equal(k.Due) {
		t.Errorf("Resume before the pause = %+v", early)
	}
}

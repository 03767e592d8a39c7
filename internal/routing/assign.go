package routing

import (
	"fmt"
	"strings"
	"time"

	"github.com/guichet/guichet/internal/errs"
)

// Mode is how a team hands its new requests to its members.
type Mode string

// The modes.
const (
	Manual      Mode = "manual"       // nobody is chosen: members take requests themselves
	RoundRobin  Mode = "round_robin"  // each member in turn: the one assigned longest ago
	LeastLoaded Mode = "least_loaded" // the member with the fewest active requests
)

// Modes lists every mode.
func Modes() []Mode { return []Mode{Manual, RoundRobin, LeastLoaded} }

// Member is a member of a team as the choice of an assignee sees them.
type Member struct {
	ID           int64
	Name         string
	Load         int       // active requests assigned to them
	LastAssigned time.Time // the last time a request was assigned to them automatically
	Absent       bool      // on leave today (see Absence)
}

// Pick chooses the member a new request goes to, among those present: with
// RoundRobin the one assigned longest ago (never assigned first), with
// LeastLoaded the one with the fewest active requests (then the one assigned
// longest ago). Ties go to the lowest id, so that the choice is the same on
// every instance. ok is false in Manual mode or when nobody is present.
func Pick(mode Mode, members []Member) (Member, bool) {
	var best Member
	found := false
	for _, m := range members {
		if m.Absent {
			continue
		}
		if !found || better(mode, m, best) {
			best, found = m, true
		}
	}
	if mode != RoundRobin && mode != LeastLoaded {
		return Member{}, false
	}
	return best, found
}

func better(mode Mode, a, b Member) bool {
	if mode == LeastLoaded && a.Load != b.Load {
		return a.Load < b.Load
	}
	if !a.LastAssigned.Equal(b.LastAssigned) {
		return a.LastAssigned.Before(b.LastAssigned)
	}
	return a.ID < b.ID
}

// Absence is a period when an agent is away (leave, training), both days
// included, in the cell's calendar dates ("2026-12-21").
type Absence struct {
	ID     int64  `json:"id"`
	UserID int64  `json:"user_id"`
	From   string `json:"from"`
	To     string `json:"to"`
	Reason string `json:"reason"`
}

// Covers reports whether the absence includes the day (YYYY-MM-DD).
func (a Absence) Covers(day string) bool { return a.From <= day && day <= a.To }

// Validate refuses an absence whose dates do not exist or are inverted.
func (a Absence) Validate() error {
	var f errs.Fields
	from, err1 := time.Parse(time.DateOnly, a.From)
	to, err2 := time.Parse(time.DateOnly, a.To)
	if err1 != nil {
		f.Add("from", fmt.Sprintf("date de début « %s » illisible (AAAA-MM-JJ)", a.From))
	}
	if err2 != nil {
		f.Add("to", fmt.Sprintf("date de fin « %s » illisible (AAAA-MM-JJ)", a.To))
	}
	if err1 == nil && err2 == nil && to.Before(from) {
		f.Add("to", "l'absence finit avant de commencer")
	}
	if a.UserID <= 0 {
		f.Add("user_id", "choisissez la personne absente")
	}
	if len(a.Reason) > 200 {
		f.Add("reason", "motif trop long (200 caractères au plus)")
	}
	return f.Err()
}

// Assignment says how each team hands out its requests: team id → mode.
// A team that is not listed is Manual.
type Assignment map[string]Mode

// Validate refuses an unknown mode or a team that does not exist.
func (as Assignment) Validate(teams []Team) error {
	var f errs.Fields
	for id, m := range as {
		if _, ok := findTeam(teams, id); !ok {
			f.Add("assignment."+id, fmt.Sprintf("le service « %s » n'existe pas", id))
		}
		if !contains(modeNames(), string(m)) {
			f.Add("assignment."+id, fmt.Sprintf("mode d'attribution inconnu « %s » (%s)", m, strings.Join(modeNames(), ", ")))
		}
	}
	return f.Err()
}

func modeNames() []string {
	var out []string
	for _, m := range Modes() {
		out = append(out, string(m))
	}
	return out
}

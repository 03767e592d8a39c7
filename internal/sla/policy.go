package sla

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/guichet/guichet/internal/errs"
)

// Policy gives the service levels of the requests it matches: a channel, a
// scope and a priority, each empty for "any". The most specific matching
// policy wins (see Policies.Match); a policy without criteria catches every
// other request.
type Policy struct {
	Name     string  `json:"name"`
	Channel  string  `json:"channel"`
	Scope    string  `json:"scope"`
	Priority string  `json:"priority"`
	Targets  Targets `json:"targets"`
}

// Policies are the SLA policies of the cell, in the order an admin sees them.
type Policies []Policy

// DefaultPolicies is one policy for every request with DefaultTargets: a first
// response within a business day (e-mail, web, portal, API), a callback within
// four business hours (a missed or unresolved call), a next response within two
// business days after a company reply, a resolution within ten.
func DefaultPolicies() Policies {
	return Policies{{Name: "Tous les canaux", Targets: DefaultTargets()}}
}

// Match returns the policy that applies to a request: among those whose
// criteria all match, the one with the most criteria, the first in the list on
// a tie. ok is false only for a list that Validate would refuse (no catch-all).
func (ps Policies) Match(channel, scope, priority string) (Policy, bool) {
	best, bestN := -1, -1
	for i, p := range ps {
		n, ok := p.matches(channel, scope, priority)
		if ok && n > bestN {
			best, bestN = i, n
		}
	}
	if best < 0 {
		return Policy{}, false
	}
	return ps[best], true
}

// matches reports whether p applies and how many criteria it names.
func (p Policy) matches(channel, scope, priority string) (int, bool) {
	n := 0
	for _, c := range [][2]string{{p.Channel, channel}, {p.Scope, scope}, {p.Priority, priority}} {
		if c[0] == "" {
			continue
		}
		if c[0] != c[1] {
			return 0, false
		}
		n++
	}
	return n, true
}

// Vocabulary lists the values a policy's criteria may take (the ticket
// package's channels, scopes and priorities), so that this package stays free
// of the ticket's types.
type Vocabulary struct {
	Channels, Scopes, Priorities []string
}

// Validate refuses policies an admin should not save: none at all, no
// catch-all policy, a name missing or used twice, an unknown criterion, two
// policies with the same criteria, and any negative, zero or doubly expressed
// target. Every problem is reported, naming the policy by its line.
func (ps Policies) Validate(v Vocabulary) error {
	var f errs.Fields
	if len(ps) == 0 {
		f.Add("policies", "il faut au moins une politique de délais")
		return f.Err()
	}
	names, criteria, catchAll := map[string]bool{}, map[string]string{}, false
	for i, p := range ps {
		field := "policies." + strconv.Itoa(i)
		line := fmt.Sprintf("politique %d", i+1)
		name := strings.TrimSpace(p.Name)
		switch {
		case name == "":
			f.Add(field+".name", line+" : le nom est obligatoire")
		case names[name]:
			f.Add(field+".name", fmt.Sprintf("%s : le nom « %s » est déjà pris", line, name))
		}
		names[name] = true
		checkCriterion(&f, field+".channel", line, "canal", p.Channel, v.Channels)
		checkCriterion(&f, field+".scope", line, "périmètre", p.Scope, v.Scopes)
		checkCriterion(&f, field+".priority", line, "priorité", p.Priority, v.Priorities)
		key := p.Channel + "|" + p.Scope + "|" + p.Priority
		if prev, dup := criteria[key]; dup {
			f.Add(field, fmt.Sprintf("%s : mêmes critères que « %s »", line, prev))
		}
		criteria[key] = name
		catchAll = catchAll || key == "||"
		p.Targets.check(&f, field+".targets", line)
	}
	if !catchAll {
		f.Add("policies", "il faut une politique sans critère (canal, périmètre et priorité vides) pour les autres demandes")
	}
	return f.Err()
}

func checkCriterion(f *errs.Fields, field, line, what, value string, known []string) {
	if value != "" && !slices.Contains(known, value) {
		f.Add(field, fmt.Sprintf("%s : %s inconnu « %s » (%s)", line, what, value, strings.Join(known, ", ")))
	}
}

// check reports each wrong target of a policy.
func (tg Targets) check(f *errs.Fields, field, line string) {
	for _, t := range tg.named() {
		if msg := t.tg.check(); msg != "" {
			f.Add(field+"."+t.field, fmt.Sprintf("%s, %s : %s", line, t.label, msg))
		}
	}
}

type namedTarget struct {
	field, label string
	tg           Target
}

func (tg Targets) named() []namedTarget {
	return []namedTarget{
		{"first_response", "première réponse", tg.FirstResponse},
		{"callback", "rappel", tg.Callback},
		{"next_response", "réponse suivante", tg.NextResponse},
		{"resolution", "résolution", tg.Resolution},
	}
}

// targetJSON is a target as the API and the store write it: a number of
// business days or of business minutes.
type targetJSON struct {
	BusinessDays    int   `json:"business_days,omitempty"`
	BusinessMinutes int64 `json:"business_minutes,omitempty"`
}

// MarshalJSON writes {"business_days": 1} or {"business_minutes": 240}.
func (tg Target) MarshalJSON() ([]byte, error) {
	return json.Marshal(targetJSON{tg.BusinessDays, int64(tg.BusinessTime / time.Minute)})
}

// UnmarshalJSON reads what MarshalJSON writes; Validate judges the values.
func (tg *Target) UnmarshalJSON(b []byte) error {
	var j targetJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*tg = Target{BusinessDays: j.BusinessDays, BusinessTime: time.Duration(j.BusinessMinutes) * time.Minute}
	return nil
}

// targetsJSON gives Targets snake_case names.
type targetsJSON struct {
	FirstResponse Target `json:"first_response"`
	Callback      Target `json:"callback"`
	NextResponse  Target `json:"next_response"`
	Resolution    Target `json:"resolution"`
}

// MarshalJSON writes the four targets under snake_case names.
func (tg Targets) MarshalJSON() ([]byte, error) { return json.Marshal(targetsJSON(tg)) }

// UnmarshalJSON reads what MarshalJSON writes.
func (tg *Targets) UnmarshalJSON(b []byte) error {
	var j targetsJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*tg = Targets(j)
	return nil
}

// ParseTarget reads a target as an admin types it: "1 j", "2 jours", "4 h",
// "90 min" (business days, hours or minutes). A bare number is a number of
// business days. Validate judges the value (zero and negatives are refused there).
func ParseTarget(s string) (Target, error) {
	t := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), " ", ""))
	num := strings.TrimRight(t, "abcdefghijklmnopqrstuvwxyzé")
	unit := t[len(num):]
	n, err := strconv.Atoi(num)
	if err != nil {
		return Target{}, fmt.Errorf("objectif « %s » illisible (exemples : 1 j, 4 h, 90 min)", s)
	}
	switch unit {
	case "", "j", "jour", "jours", "d":
		return Target{BusinessDays: n}, nil
	case "h", "heure", "heures":
		return Target{BusinessTime: time.Duration(n) * time.Hour}, nil
	case "min", "m", "minute", "minutes":
		return Target{BusinessTime: time.Duration(n) * time.Minute}, nil
	}
	return Target{}, fmt.Errorf("unité « %s » inconnue dans « %s » (j, h ou min)", unit, s)
}

// Short writes the target as ParseTarget reads it: "1 j", "4 h", "90 min".
func (tg Target) Short() string {
	switch {
	case tg.BusinessTime != 0 && tg.BusinessTime%time.Hour == 0:
		return strconv.FormatInt(int64(tg.BusinessTime/time.Hour), 10) + " h"
	case tg.BusinessTime != 0:
		return strconv.FormatInt(int64(tg.BusinessTime/time.Minute), 10) + " min"
	}
	return strconv.Itoa(tg.BusinessDays) + " j"
}

// Package routing decides who holds a request: the rules that send it to the
// cell or to a thematic service, propose a redirection to another buyer or the
// off-topic answer, and the choice of an agent inside a team (round-robin or
// least-loaded among the members present).
//
// It is pure: internal/core gathers the facts (the request's scope and topic,
// its consultation and buyer, the teams, the members and their absences), asks
// here, and writes the decision with the rule's name in the audit trail.
package routing

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/guichet/guichet/internal/errs"
)

// Action is what a rule does with a request.
type Action string

// The actions.
const (
	// ToService sends a consultation of our own organisation to the thematic
	// service its CPV mapping names: proposed, or applied when the rule is Auto.
	ToService Action = "service"
	// Redirect proposes sending the company to the buyer of the consultation:
	// its contact and its questions-and-answers page.
	Redirect Action = "redirect"
	// ToCell keeps the request in the cell.
	ToCell Action = "cell"
	// OffTopic keeps the request in the cell and proposes the off-topic answer.
	OffTopic Action = "off_topic"
	// ToTeam sends the request to a named team: proposed, or applied when Auto.
	ToTeam Action = "team"
)

// Actions lists every action.
func Actions() []Action { return []Action{ToService, Redirect, ToCell, OffTopic, ToTeam} }

// Rule is one routing rule. Rules are tried in order; the first active rule
// whose scope and topic match decides.
type Rule struct {
	Name   string `json:"name"`
	Scope  string `json:"scope"` // "" matches every scope
	Topic  string `json:"topic"` // "" matches every topic
	Action Action `json:"action"`
	TeamID string `json:"team_id,omitempty"` // ToTeam only
	// Auto applies the escalation (ToService, ToTeam) instead of proposing it.
	Auto   bool `json:"auto"`
	Active bool `json:"active"`
}

// Rules are the routing rules in the order they are tried.
type Rules []Rule

// DefaultRules are the cell's usual rules: a consultation of our own
// organisation goes to the service of its CPV code (escalation proposed),
// another buyer's is a redirection proposed with that buyer's contact and Q&A,
// a general question stays in the cell, an off-topic one too, with the
// off-topic answer proposed.
func DefaultRules() Rules {
	return Rules{
		{Name: "Nos consultations → service du CPV", Scope: "own_tender", Action: ToService, Active: true},
		{Name: "Autre acheteur → réorientation", Scope: "other_buyer_tender", Action: Redirect, Active: true},
		{Name: "Question générale → cellule", Scope: "general", Action: ToCell, Active: true},
		{Name: "Hors sujet → cellule, réponse hors sujet", Scope: "off_topic", Action: OffTopic, Active: true},
	}
}

// Team is a team as the validation of rules needs it.
type Team struct {
	ID     string
	Name   string
	Active bool
}

// Vocabulary lists the scopes and topics a rule may name.
type Vocabulary struct {
	Scopes, Topics []string
	Teams          []Team
}

// Validate refuses rules an admin should not save: a name missing or used
// twice, an unknown scope, topic or action, and a rule that sends requests to
// a team that does not exist or is deactivated. Every problem is reported,
// naming the rule by its line.
func (rs Rules) Validate(v Vocabulary) error {
	var f errs.Fields
	names := map[string]bool{}
	for i, r := range rs {
		field, line := "rules."+strconv.Itoa(i), fmt.Sprintf("règle %d", i+1)
		name := strings.TrimSpace(r.Name)
		switch {
		case name == "":
			f.Add(field+".name", line+" : le nom est obligatoire")
		case names[name]:
			f.Add(field+".name", fmt.Sprintf("%s : le nom « %s » est déjà pris", line, name))
		case len(name) > 120:
			f.Add(field+".name", line+" : nom trop long (120 caractères au plus)")
		}
		names[name] = true
		if r.Scope != "" && !contains(v.Scopes, r.Scope) {
			f.Add(field+".scope", fmt.Sprintf("%s : périmètre inconnu « %s » (%s)", line, r.Scope, strings.Join(v.Scopes, ", ")))
		}
		if r.Topic != "" && !contains(v.Topics, r.Topic) {
			f.Add(field+".topic", fmt.Sprintf("%s : thème inconnu « %s »", line, r.Topic))
		}
		checkAction(&f, field, line, r, v.Teams)
	}
	return f.Err()
}

// checkAction checks a rule's action and the team it names.
func checkAction(f *errs.Fields, field, line string, r Rule, teams []Team) {
	switch r.Action {
	case ToService, Redirect, ToCell, OffTopic:
		if r.TeamID != "" {
			f.Add(field+".team_id", fmt.Sprintf("%s : seule l'action « team » nomme un service", line))
		}
	case ToTeam:
		t, ok := findTeam(teams, r.TeamID)
		switch {
		case r.TeamID == "":
			f.Add(field+".team_id", fmt.Sprintf("%s : choisissez le service vers lequel envoyer", line))
		case !ok:
			f.Add(field+".team_id", fmt.Sprintf("%s : le service « %s » n'existe pas (ou a été supprimé)", line, r.TeamID))
		case !t.Active:
			f.Add(field+".team_id", fmt.Sprintf("%s : le service « %s » est désactivé", line, t.Name))
		}
	default:
		f.Add(field+".action", fmt.Sprintf("%s : action inconnue « %s » (service, redirect, cell, off_topic ou team)", line, r.Action))
	}
}

func findTeam(teams []Team, id string) (Team, bool) {
	for _, t := range teams {
		if t.ID == id {
			return t, true
		}
	}
	return Team{}, false
}

func contains(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}

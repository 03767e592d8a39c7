package routing

import (
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/errs"
)

var own = &Consultation{Ref: "2026-REG-014", ServiceID: "travaux", Own: true}
var other = &Consultation{Ref: "24-12345", Buyer: BuyerContact{Name: "Ville de Lyon", Email: "marches@lyon.example",
	QAURL: "https://marches.lyon.example/qr"}}

// TestDefaultRules is the routing table of the issue.
func TestDefaultRules(t *testing.T) {
	cases := []struct {
		name     string
		scope    string
		c        *Consultation
		rule     string
		team     string
		apply    bool
		proposal ProposalKind
	}{
		{"own consultation → its service, proposed", "own_tender", own, "Nos consultations → service du CPV", "travaux", false, ProposeEscalate},
		{"typed general but the consultation is ours", "general", own, "Nos consultations → service du CPV", "travaux", false, ProposeEscalate},
		{"own scope, consultation unknown → cell", "own_tender", nil, "Nos consultations → service du CPV", "cellule", false, NoProposal},
		{"another buyer → redirect proposed", "other_buyer_tender", other, "Autre acheteur → réorientation", "", false, ProposeRedirect},
		{"typed own but another buyer's", "own_tender", other, "Autre acheteur → réorientation", "", false, ProposeRedirect},
		{"general → cell", "general", nil, "Question générale → cellule", "cellule", false, NoProposal},
		{"off-topic → cell, answer proposed", "off_topic", own, "Hors sujet → cellule, réponse hors sujet", "cellule", false, ProposeOffTopic},
	}
	for _, c := range cases {
		d := DefaultRules().Evaluate(Facts{Scope: c.scope, Topic: "dce", Consultation: c.c, CellID: "cellule"})
		if d.Rule != c.rule || d.TeamID != c.team || d.Apply != c.apply || d.Proposal != c.proposal {
			t.Errorf("%s: %+v", c.name, d)
		}
	}
	d := DefaultRules().Evaluate(Facts{Scope: "other_buyer_tender", Consultation: other, CellID: "cellule"})
	if d.Buyer.QAURL != "https://marches.lyon.example/qr" || d.Buyer.Email != "marches@lyon.example" {
		t.Errorf("redirect without the buyer's contact: %+v", d.Buyer)
	}
}

func TestConfiguredRules(t *testing.T) {
	rs := DefaultRules()
	rs[0].Auto = true
	rs = append(Rules{
		{Name: "Paiement → fournitures", Topic: "paiement", Action: ToTeam, TeamID: "fournitures_services", Auto: true, Active: true},
		{Name: "Inactive", Action: ToCell, Active: false},
	}, rs...)
	cases := []struct {
		topic, scope string
		c            *Consultation
		rule, team   string
		apply        bool
	}{
		{"paiement", "general", nil, "Paiement → fournitures", "fournitures_services", true},
		{"dce", "own_tender", own, "Nos consultations → service du CPV", "travaux", true},
	}
	for _, c := range cases {
		d := rs.Evaluate(Facts{Scope: c.scope, Topic: c.topic, Consultation: c.c, CellID: "cellule"})
		if d.Rule != c.rule || d.TeamID != c.team || d.Apply != c.apply || d.Proposal != NoProposal {
			t.Errorf("%s/%s: %+v", c.topic, c.scope, d)
		}
	}
	if d := (Rules{}).Evaluate(Facts{Scope: "general"}); d.Rule != "" || d.TeamID != "" {
		t.Errorf("no rule decided %+v", d)
	}
}

func TestValidateRules(t *testing.T) {
	v := Vocabulary{Scopes: []string{"general", "own_tender"}, Topics: []string{"dce"},
		Teams: []Team{{ID: "cellule", Name: "Cellule", Active: true}, {ID: "mobilite", Name: "Mobilité"}}}
	if err := (Rules{{Name: "A", Scope: "general", Action: ToCell, Active: true}}).Validate(v); err != nil {
		t.Fatalf("good rule refused: %v", err)
	}
	bad := Rules{
		{Name: "Vers un service supprimé", Action: ToTeam, TeamID: "travaux"},
		{Name: "Vers un service désactivé", Action: ToTeam, TeamID: "mobilite"},
		{Name: "Vers un service supprimé", Scope: "national", Topic: "tva", Action: "delete"},
		{Name: " ", Action: ToTeam},
		{Name: "Cellule", Action: ToCell, TeamID: "cellule"},
	}
	want := map[string]string{
		"rules.0.team_id": "règle 1 : le service « travaux » n'existe pas (ou a été supprimé)",
		"rules.1.team_id": "règle 2 : le service « Mobilité » est désactivé",
		"rules.2.name":    "déjà pris",
		"rules.2.scope":   "périmètre inconnu « national »",
		"rules.2.topic":   "thème inconnu « tva »",
		"rules.2.action":  "action inconnue « delete »",
		"rules.3.name":    "le nom est obligatoire",
		"rules.3.team_id": "choisissez le service",
		"rules.4.team_id": "seule l'action « team » nomme un service",
	}
	got := fieldMessages(t, bad.Validate(v))
	for f, msg := range want {
		if !strings.Contains(got[f], msg) {
			t.Errorf("%s = %q, want %q", f, got[f], msg)
		}
	}
}

func TestPick(t *testing.T) {
	t0 := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	members := []Member{
		{ID: 3, Load: 1, LastAssigned: t0},
		{ID: 1, Load: 4, LastAssigned: t0.Add(time.Hour)},
		{ID: 2, Load: 0, LastAssigned: t0.Add(2 * time.Hour), Absent: true},
		{ID: 4, Load: 1},
	}
	cases := []struct {
		mode Mode
		want int64
		ok   bool
	}{
		{RoundRobin, 4, true},  // never assigned
		{LeastLoaded, 4, true}, // 2 is absent; 3 and 4 have one each, 4 never assigned
		{Manual, 0, false},
	}
	for _, c := range cases {
		if m, ok := Pick(c.mode, members); m.ID != c.want || ok != c.ok {
			t.Errorf("%s: %d %v", c.mode, m.ID, ok)
		}
	}
	// Round-robin goes round: assigning moves a member to the back.
	var order []int64
	ms := []Member{{ID: 1}, {ID: 2}, {ID: 3, Absent: true}}
	for i := range 4 {
		m, _ := Pick(RoundRobin, ms)
		order = append(order, m.ID)
		for j := range ms {
			if ms[j].ID == m.ID {
				ms[j].LastAssigned = t0.Add(time.Duration(i) * time.Minute)
			}
		}
	}
	if len(order) != 4 || order[0] != 1 || order[1] != 2 || order[2] != 1 || order[3] != 2 {
		t.Errorf("round-robin order %v", order)
	}
	if _, ok := Pick(LeastLoaded, []Member{{ID: 1, Absent: true}}); ok {
		t.Error("picked an absent member")
	}
}

func TestAbsenceAndAssignment(t *testing.T) {
	a := Absence{UserID: 1, From: "2026-12-21", To: "2026-12-31"}
	if err := a.Validate(); err != nil || !a.Covers("2026-12-24") || a.Covers("2027-01-01") {
		t.Fatalf("absence %v", err)
	}
	got := fieldMessages(t, Absence{From: "2026-12-31", To: "2026-12-21"}.Validate())
	if got["to"] != "l'absence finit avant de commencer" || got["user_id"] == "" {
		t.Errorf("inverted absence: %v", got)
	}
	got = fieldMessages(t, Absence{UserID: 1, From: "31/12/2026", To: "2026-02-30"}.Validate())
	if !strings.Contains(got["from"], "illisible") || !strings.Contains(got["to"], "illisible") {
		t.Errorf("bad dates: %v", got)
	}
	teams := []Team{{ID: "cellule", Active: true}}
	if err := (Assignment{"cellule": RoundRobin}).Validate(teams); err != nil {
		t.Fatal(err)
	}
	got = fieldMessages(t, Assignment{"cellule": "random", "travaux": LeastLoaded}.Validate(teams))
	if !strings.Contains(got["assignment.cellule"], "mode d'attribution inconnu") || !strings.Contains(got["assignment.travaux"], "n'existe pas") {
		t.Errorf("assignment: %v", got)
	}
}

func fieldMessages(t *testing.T, err error) map[string]string {
	t.Helper()
	e, ok := err.(*errs.Error)
	if !ok {
		t.Fatalf("want *errs.Error, got %T %v", err, err)
	}
	out := map[string]string{}
	for _, fe := range e.Fields {
		out[fe.Field] = fe.Message
	}
	return out
}

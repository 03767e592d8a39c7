package core_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/routing"
	"github.com/guichet/guichet/internal/sla"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/store/storetest"
	"github.com/guichet/guichet/internal/tender"
	"github.com/guichet/guichet/internal/ticket"
)

var paris, _ = time.LoadLocation("Europe/Paris")

// seedCatalog imports an open consultation of our own (works, CPV 45: the
// "travaux" service) with a formalised procedure, and one of another buyer.
func seedCatalog(t *testing.T, f *fixture) {
	t.Helper()
	deadline := time.Date(2026, 12, 15, 12, 0, 0, 0, paris)
	batch := core.ImportBatch{Source: "test", Consultations: []core.ConsultationRecord{{
		Consultation: tender.Consultation{Reference: "2026-REG-014", Object: "Réfection des toitures", Procedure: "Appel d'offres ouvert",
			CPV: []string{"45261000-4"}, Status: tender.Open, Deadline: deadline},
		Buyer: tender.Buyer{SIRET: "23840001500013", Name: "Région Auvergne-Rhône-Alpes", Own: true}}, {
		Consultation: tender.Consultation{Reference: "26-123456", Object: "Maintenance des ascenseurs", Procedure: "Procédure adaptée",
			CPV: []string{"50750000-7"}, Status: tender.Open, Deadline: deadline},
		Buyer: tender.Buyer{Name: "Ville de Lyon", Kind: tender.Commune, Email: "marches@lyon.example",
			QAURL: "https://marches.lyon.example/qr"}}}}
	if _, err := f.svc.Import(context.Background(), access.System(), batch); err != nil {
		t.Fatalf("import: %v", err)
	}
}

func request(scope, ref, topic string) core.NewTicket {
	in := webRequest()
	in.Scope, in.ConsultationRef, in.Topic = scope, ref, topic
	return in
}

// ruleOf returns the rule of the audit entry that changed field, or "?".
func ruleOf(t *testing.T, f *fixture, id int64, field string) string {
	t.Helper()
	hist, err := f.svc.History(context.Background(), f.actors[access.Admin], id)
	if err != nil {
		t.Fatal(err)
	}
	rule := "?"
	for _, h := range hist {
		if h.Field == field {
			rule = h.Rule
		}
	}
	return rule
}

func TestDueTimesComeFromThePolicyAndStay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		agent, admin := f.actors[access.Agent], f.actors[access.Admin]
		tk, _, err := f.svc.CreateTicket(ctx, agent, webRequest(), "")
		if err != nil {
			t.Fatal(err)
		}
		// Tuesday 24 November 2026, 10:00 in Paris: one business day, then ten.
		first, resolution := time.Date(2026, 11, 25, 10, 0, 0, 0, paris), time.Date(2026, 12, 8, 10, 0, 0, 0, paris)
		if !tk.Due.FirstResponse.Equal(first) || !tk.Due.Resolution.Equal(resolution) || !tk.Due.NextResponse.IsZero() {
			t.Fatalf("due %+v", tk.Due)
		}
		if r := ruleOf(t, f, tk.ID, "due_resolution"); r != "SLA : Tous les canaux" {
			t.Fatalf("due time audited with rule %q", r)
		}
		// A missed call owes a callback within four business hours.
		call := webRequest()
		call.Channel, call.Body = "phone", ""
		missed, _, err := f.svc.CreateTicket(ctx, agent, call, "")
		if err != nil || missed.Due.NextResponse.IsZero() && missed.Due.FirstResponse.IsZero() {
			t.Fatalf("call: %+v %v", missed, err)
		}
		if want := time.Date(2026, 11, 24, 15, 0, 0, 0, paris); !missed.Due.NextResponse.Equal(want) {
			t.Fatalf("callback due %v, want %v", missed.Due.NextResponse, want)
		}
		// Bad policies are refused, with every reason; nothing changes.
		bad := sla.DefaultPolicies()
		bad[0].Targets.FirstResponse = sla.Target{}
		bad = append(bad, sla.Policy{Name: "Urgent", Priority: "urgent", Targets: sla.Targets{Resolution: sla.Target{BusinessDays: -1}}})
		got := fieldsOf(t, f.svc.SavePolicies(ctx, admin, bad))
		if !strings.Contains(got["policies.0.targets.first_response"], "l'objectif doit être positif") ||
			!strings.Contains(got["policies.1.targets.resolution"], "négatif") {
			t.Fatalf("bad policies: %v", got)
		}
		if err := f.svc.SavePolicies(ctx, agent, sla.DefaultPolicies()); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("an agent saved policies: %v", err)
		}
		// A new policy applies to new requests only.
		ps := sla.DefaultPolicies()
		ps[0].Targets.FirstResponse = sla.Target{BusinessDays: 3}
		if err := f.svc.SavePolicies(ctx, admin, ps); err != nil {
			t.Fatal(err)
		}
		again, _ := f.svc.Ticket(ctx, agent, tk.ID)
		if !again.Due.FirstResponse.Equal(first) {
			t.Fatalf("editing the policy moved an existing due time to %v", again.Due.FirstResponse)
		}
		tk3, _, _ := f.svc.CreateTicket(ctx, agent, webRequest(), "")
		if want := time.Date(2026, 11, 27, 10, 0, 0, 0, paris); !tk3.Due.FirstResponse.Equal(want) {
			t.Fatalf("new policy: first response %v, want %v", tk3.Due.FirstResponse, want)
		}
	})
}

func TestCalendarIsEditedAndCheckedByAnAdmin(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		admin := f.actors[access.Admin]
		c := sla.DefaultCalendar()
		c.Hours[time.Monday] = []sla.Span{{From: 9 * time.Hour, To: 12 * time.Hour}, {From: 11 * time.Hour, To: 14 * time.Hour}}
		c.Hours[time.Tuesday] = []sla.Span{{From: 17 * time.Hour, To: 9 * time.Hour}}
		c.ExtraHolidays = []sla.Date{{Year: 2026, Month: time.December, Day: 24}, {Year: 2026, Month: time.December, Day: 24}}
		got := fieldsOf(t, f.svc.SaveCalendar(ctx, admin, c))
		if !strings.Contains(got["hours.monday"], "se chevauchent") || !strings.Contains(got["hours.tuesday"], "finit avant de commencer") ||
			!strings.Contains(got["extra_holidays.1"], "figure deux fois") {
			t.Fatalf("bad calendar: %v", got)
		}
		// Closed from 24 December to 1 January; a request on the 23rd at
		// 16:00 owes its first response on Monday 4 January at 16:00.
		c = sla.DefaultCalendar()
		c.Closures = []sla.Closure{{From: sla.Date{Year: 2026, Month: time.December, Day: 24}, To: sla.Date{Year: 2027, Month: time.January, Day: 1}}}
		if err := f.svc.SaveCalendar(ctx, admin, c); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.SaveCalendar(ctx, f.actors[access.Supervisor], c); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("a supervisor saved the calendar: %v", err)
		}
		cfg, err := f.svc.RoutingConfig(ctx, f.actors[access.Agent])
		if err != nil || len(cfg.Calendar.Closures) != 1 {
			t.Fatalf("config %+v %v", cfg.Calendar, err)
		}
		f.now = time.Date(2026, 12, 23, 16, 0, 0, 0, paris)
		tk, _, _ := f.svc.CreateTicket(ctx, f.actors[access.Agent], webRequest(), "")
		if want := time.Date(2027, 1, 4, 16, 0, 0, 0, paris); !tk.Due.FirstResponse.Equal(want) {
			t.Fatalf("first response %v, want %v", tk.Due.FirstResponse, want)
		}
	})
}

// TestPauseWhileWaitingForTheCompany: waiting for the company stops the
// resolution clock; the reply resumes it, later by the time waited, and makes
// an answer due in two business days; the answer settles it.
func TestPauseWhileWaitingForTheCompany(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		agent := f.actors[access.Agent]
		tk, _, _ := f.svc.CreateTicket(ctx, agent, webRequest(), "")
		due := tk.Due.Resolution
		f.advance(time.Hour)
		f.svc.AddMessage(ctx, agent, tk.ID, core.NewMessage{Kind: "outbound", Body: "Pouvez-vous préciser le lot ?"})
		st := ticket.WaitingCompany
		tk, err := f.svc.UpdateTicket(ctx, agent, tk.ID, ticket.Update{State: &st}, 0)
		if err != nil || tk.SLAPausedAt.IsZero() || tk.SLARemaining <= 0 {
			t.Fatalf("not paused: %v %+v", err, tk)
		}
		if r := ruleOf(t, f, tk.ID, "sla_paused_at"); !strings.Contains(r, "attente de l'entreprise") {
			t.Fatalf("pause audited as %q", r)
		}
		// Three days later (two business days: Wednesday 11:00 → Friday 11:00).
		f.advance(48 * time.Hour)
		if _, err := f.svc.AddMessage(ctx, agent, tk.ID, core.NewMessage{Kind: "inbound", Body: "Le lot 2."}); err != nil {
			t.Fatal(err)
		}
		tk, _ = f.svc.Ticket(ctx, agent, tk.ID)
		if !tk.SLAPausedAt.IsZero() || tk.State != ticket.Open {
			t.Fatalf("not resumed: %+v", tk)
		}
		if want := time.Date(2026, 12, 10, 10, 0, 0, 0, paris); !tk.Due.Resolution.Equal(want) || tk.Due.Resolution.Before(due) {
			t.Fatalf("resolution due %v, want %v (was %v)", tk.Due.Resolution, want, due)
		}
		if want := time.Date(2026, 11, 30, 11, 0, 0, 0, paris); !tk.Due.NextResponse.Equal(want) {
			t.Fatalf("next response due %v, want %v", tk.Due.NextResponse, want)
		}
		f.svc.AddMessage(ctx, agent, tk.ID, core.NewMessage{Kind: "outbound", Body: "Voici la réponse."})
		tk, _ = f.svc.Ticket(ctx, agent, tk.ID)
		if !tk.Due.NextResponse.IsZero() || !tk.NextDue().Equal(tk.Due.Resolution) {
			t.Fatalf("answer did not settle the next response: %+v", tk.Due)
		}
	})
}

func TestRoutingRules(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		seedCatalog(t, f)
		agent, admin := f.actors[access.Agent], f.actors[access.Admin]
		cases := []struct {
			in       core.NewTicket
			team     string
			proposal routing.ProposalKind
			proposed string
		}{
			{request("own_tender", "2026-REG-014", "allotissement"), "cellule", routing.ProposeEscalate, "travaux"},
			{request("general", "26-123456", "repondre"), "cellule", routing.ProposeRedirect, ""},
			{request("general", "", "repondre"), "cellule", routing.NoProposal, ""},
			{request("off_topic", "", "autre"), "cellule", routing.ProposeOffTopic, ""},
		}
		for i, c := range cases {
			tk, _, err := f.svc.CreateTicket(ctx, agent, c.in, "")
			if err != nil {
				t.Fatal(err)
			}
			g, err := f.svc.Guidance(ctx, agent, tk.ID)
			if err != nil || tk.TeamID != c.team || g.Proposal != c.proposal || g.ProposedTeam != c.proposed {
				t.Errorf("case %d: team %s, guidance %+v %v", i, tk.TeamID, g, err)
			}
			if c.proposal == routing.ProposeRedirect && (g.Buyer.QAURL != "https://marches.lyon.example/qr" || g.Buyer.Email != "marches@lyon.example") {
				t.Errorf("redirect without the buyer's contact: %+v", g.Buyer)
			}
		}
		// Automatic escalation, once configured; the audit names the rule.
		rules := routing.DefaultRules()
		rules[0].Auto = true
		if err := f.svc.SaveRouting(ctx, admin, rules, nil); err != nil {
			t.Fatal(err)
		}
		tk, _, _ := f.svc.CreateTicket(ctx, agent, request("own_tender", "2026-REG-014", "dce"), "")
		if tk.TeamID != "travaux" || tk.State != ticket.Escalated || ruleOf(t, f, tk.ID, "team") != rules[0].Name {
			t.Fatalf("auto escalation: team %s state %s rule %q", tk.TeamID, tk.State, ruleOf(t, f, tk.ID, "team"))
		}
		// A change of consultation runs the rules again.
		gen, _, _ := f.svc.CreateTicket(ctx, agent, request("general", "", "repondre"), "")
		ref := "2026-REG-014"
		gen, err := f.svc.UpdateTicket(ctx, agent, gen.ID, ticket.Update{ConsultationRef: &ref}, 0)
		if err != nil || gen.TeamID != "travaux" || gen.State != ticket.Escalated {
			t.Fatalf("after the consultation changed: %v team %s state %s", err, gen.TeamID, gen.State)
		}
		// A rule to a deleted or deactivated service is refused; nothing changes.
		if err := s.Write(ctx, func(tx *store.Tx) error {
			return tx.UpsertTeam(ctx, ticket.Team{ID: "mobilite", Name: "Mobilité", Active: false}, 4)
		}); err != nil {
			t.Fatal(err)
		}
		bad := append(routing.DefaultRules(),
			routing.Rule{Name: "Vers un service supprimé", Action: routing.ToTeam, TeamID: "achats_durables", Active: true},
			routing.Rule{Name: "Vers la mobilité", Action: routing.ToTeam, TeamID: "mobilite", Active: true})
		got := fieldsOf(t, f.svc.SaveRouting(ctx, admin, bad, routing.Assignment{"cellule": "au_hasard"}))
		if !strings.Contains(got["rules.4.team_id"], "« achats_durables » n'existe pas") || !strings.Contains(got["rules.5.team_id"], "désactivé") ||
			!strings.Contains(got["assignment.cellule"], "mode d'attribution inconnu") {
			t.Fatalf("bad rules: %v", got)
		}
		if cfg, _ := f.svc.RoutingConfig(ctx, agent); !cfg.Rules[0].Auto || len(cfg.Rules) != 4 {
			t.Fatalf("refused rules were saved: %+v", cfg.Rules)
		}
		if err := f.svc.SaveRouting(ctx, f.actors[access.Supervisor], rules, nil); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("a supervisor saved rules: %v", err)
		}
	})
}

// TestAssignmentRespectsAbsences: round-robin among the cell's agents present.
func TestAssignmentRespectsAbsences(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		admin, sup := f.actors[access.Admin], f.actors[access.Supervisor]
		ids := []int64{f.actors[access.Agent].UserID}
		for _, name := range []string{"b", "c"} {
			u, err := f.svc.AddUser(ctx, admin, core.NewUser{Email: name + "@region.example", Name: "Agent " + name, Role: "agent"})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, u.ID)
		}
		if err := f.svc.SaveRouting(ctx, admin, routing.DefaultRules(), routing.Assignment{"cellule": routing.RoundRobin}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.AddAbsence(ctx, sup, routing.Absence{UserID: ids[1], From: "2026-11-23", To: "2026-11-27", Reason: "Congés"}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.AddAbsence(ctx, sup, routing.Absence{UserID: ids[2], From: "2026-11-30", To: "2026-11-01"}); fieldsOf(t, err)["to"] == "" {
			t.Fatalf("inverted absence accepted: %v", err)
		}
		if _, err := f.svc.AddAbsence(ctx, f.actors[access.Agent], routing.Absence{UserID: ids[2], From: "2026-11-30", To: "2026-12-01"}); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("an agent recorded an absence: %v", err)
		}
		var got []int64
		for range 4 {
			f.advance(time.Minute)
			tk, _, err := f.svc.CreateTicket(ctx, f.actors[access.Agent], request("general", "", "repondre"), "")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, tk.AssigneeID)
			if r := ruleOf(t, f, tk.ID, "assignee"); r != "Attribution automatique (round_robin)" {
				t.Fatalf("assignment audited as %q", r)
			}
		}
		want := []int64{ids[0], ids[2], ids[0], ids[2]}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("assignees %v, want %v (agent %d is away)", got, want, ids[1])
			}
		}
	})
}

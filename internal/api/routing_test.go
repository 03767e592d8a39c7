package api_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/tender"
)

// TestRoutingConfigAPI: read the configuration; bad input is refused with
// each field named and nothing saved; an admin only.
func TestRoutingConfigAPI(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		var cfg struct {
			Calendar struct {
				Hours map[string][]string `json:"hours"`
			} `json:"calendar"`
			Policies []struct{ Name string } `json:"policies"`
			Rules    []struct{ Name string } `json:"rules"`
			Lead     int                     `json:"warning_lead_minutes"`
		}
		f.do(req{Method: "GET", Path: "/api/v1/routing", As: access.Agent}).decode(t, http.StatusOK, &cfg)
		if cfg.Calendar.Hours["monday"][0] != "9:00-12:30" || len(cfg.Policies) != 1 || len(cfg.Rules) != 4 || cfg.Lead != 120 {
			t.Fatalf("config %+v", cfg)
		}
		badCalendar := map[string]any{"location": "Europe/Paris", "hours": map[string]any{"monday": []string{"9:00-12:00", "11:00-14:00"},
			"tuesday": []string{"17:00-9:00"}}, "extra_holidays": []string{"2026-12-24", "2026-12-24"}}
		p := f.do(req{Method: "PUT", Path: "/api/v1/routing/calendar", As: access.Admin, Body: badCalendar}).problem(t, http.StatusUnprocessableEntity)
		if !strings.Contains(p.field("hours.monday"), "se chevauchent") || !strings.Contains(p.field("hours.tuesday"), "finit avant") ||
			!strings.Contains(p.field("extra_holidays.1"), "deux fois") {
			t.Fatalf("bad calendar: %+v", p)
		}
		p = f.do(req{Method: "PUT", Path: "/api/v1/routing/calendar", As: access.Admin,
			Body: map[string]any{"location": "Mars/Olympus", "hours": map[string]any{}}}).problem(t, http.StatusUnprocessableEntity)
		if !strings.Contains(p.field("calendar"), "fuseau horaire inconnu") {
			t.Fatalf("unknown zone: %+v", p)
		}
		policies := map[string]any{"policies": []map[string]any{{"name": "Tous", "targets": map[string]any{
			"first_response": map[string]int{"business_days": 0}, "callback": map[string]int{"business_minutes": -60},
			"next_response": map[string]int{"business_days": 2}, "resolution": map[string]int{"business_days": 10}}}}}
		p = f.do(req{Method: "PUT", Path: "/api/v1/routing/policies", As: access.Admin, Body: policies}).problem(t, http.StatusUnprocessableEntity)
		if !strings.Contains(p.field("policies.0.targets.first_response"), "positif") || !strings.Contains(p.field("policies.0.targets.callback"), "négatif") {
			t.Fatalf("bad policies: %+v", p)
		}
		rules := map[string]any{"rules": []map[string]any{{"name": "Vers un service supprimé", "action": "team", "team_id": "achats", "active": true}}}
		p = f.do(req{Method: "PUT", Path: "/api/v1/routing/rules", As: access.Admin, Body: rules}).problem(t, http.StatusUnprocessableEntity)
		if !strings.Contains(p.field("rules.0.team_id"), "« achats » n'existe pas") {
			t.Fatalf("bad rules: %+v", p)
		}
		f.do(req{Method: "PUT", Path: "/api/v1/routing/rules", As: access.Supervisor, Body: rules}).problem(t, http.StatusForbidden)
		good := map[string]any{"rules": []map[string]any{{"name": "Tout à la cellule", "action": "cell", "active": true}},
			"assignment": map[string]string{"cellule": "least_loaded"}, "warning_lead_minutes": 60}
		f.do(req{Method: "PUT", Path: "/api/v1/routing/rules", As: access.Admin, Body: good}).decode(t, http.StatusOK, &cfg)
		if len(cfg.Rules) != 1 || cfg.Lead != 60 {
			t.Fatalf("saved config %+v", cfg)
		}
	})
}

// TestGuidanceAndQAAPI: the proposals and the guard of a request, the
// publication of its answer, the consultation's Q&A, the unanswered list and
// the alerts.
func TestGuidanceAndQAAPI(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		paris, _ := time.LoadLocation("Europe/Paris")
		_, err := f.svc.Import(ctx, access.System(), core.ImportBatch{Source: "test", Consultations: []core.ConsultationRecord{{
			Consultation: tender.Consultation{Reference: "2026-REG-014", Object: "Réfection des toitures", Procedure: "Appel d'offres ouvert",
				CPV: []string{"45261000-4"}, Status: tender.Open, Deadline: time.Date(2026, 12, 15, 12, 0, 0, 0, paris), Urgent: true},
			Buyer: tender.Buyer{SIRET: "23840001500013", Name: "Région Auvergne-Rhône-Alpes", Own: true}}}})
		if err != nil {
			t.Fatal(err)
		}
		var tk struct{ ID int64 }
		f.do(req{Method: "POST", Path: "/api/v1/tickets", As: access.Agent, Body: map[string]any{"channel": "web", "subject": "Visite",
			"body": "La visite est-elle obligatoire ?", "topic": "dce", "scope": "own_tender", "consultation_ref": "2026-REG-014",
			"contact": map[string]string{"email": "anne@dupont.example"}}}).decode(t, http.StatusCreated, &tk)
		path := "/api/v1/tickets/" + strconv.FormatInt(tk.ID, 10)
		var g struct {
			Proposal     string `json:"proposal"`
			ProposedTeam string `json:"proposed_team"`
			Guard        struct {
				Flagged bool
				Publish bool
				LastDay time.Time `json:"last_day_to_answer"`
			}
			Due struct {
				FirstResponse time.Time `json:"first_response"`
			}
		}
		f.do(req{Method: "GET", Path: path + "/guidance", As: access.Viewer}).decode(t, http.StatusOK, &g)
		if g.Proposal != "escalate" || g.ProposedTeam != "travaux" || !g.Guard.Flagged || !g.Guard.Publish ||
			!g.Guard.LastDay.Equal(time.Date(2026, 12, 11, 12, 0, 0, 0, paris)) || g.Due.FirstResponse.IsZero() {
			t.Fatalf("guidance %+v", g)
		}
		p := f.do(req{Method: "POST", Path: path + "/qa", As: access.Agent, Body: map[string]string{"question": "", "answer": "Non."}}).
			problem(t, http.StatusUnprocessableEntity)
		if p.field("question") != "la question est obligatoire" {
			t.Fatalf("empty question: %+v", p)
		}
		f.do(req{Method: "POST", Path: path + "/qa", As: access.Viewer, Body: map[string]string{"question": "Q ?", "answer": "R."}}).
			problem(t, http.StatusForbidden)
		var qa struct{ ID int64 }
		f.do(req{Method: "POST", Path: path + "/qa", As: access.Agent, Body: map[string]string{"question": "La visite est-elle obligatoire ?",
			"answer": "Non."}}).decode(t, http.StatusCreated, &qa)
		var list struct{ Items []struct{ ID int64 } }
		f.do(req{Method: "GET", Path: "/api/v1/consultations/2026-REG-014/questions", As: access.Viewer}).decode(t, http.StatusOK, &list)
		if len(list.Items) != 1 || list.Items[0].ID != qa.ID {
			t.Fatalf("Q&A list %+v", list)
		}
		// Past the first response's due time: unanswered, and an alert.
		f.advance(25 * time.Hour)
		if _, err := f.svc.CheckSLA(ctx); err != nil {
			t.Fatal(err)
		}
		var un struct{ Items []struct{ ID int64 } }
		f.do(req{Method: "GET", Path: "/api/v1/tickets/unanswered", As: access.Supervisor}).decode(t, http.StatusOK, &un)
		if len(un.Items) != 1 || un.Items[0].ID != tk.ID {
			t.Fatalf("unanswered %+v", un)
		}
		f.do(req{Method: "GET", Path: "/api/v1/tickets/unanswered", As: access.Agent}).problem(t, http.StatusForbidden)
		var alerts struct {
			Items []struct{ Kind, Target string }
		}
		f.do(req{Method: "GET", Path: "/api/v1/notifications", As: access.Supervisor}).decode(t, http.StatusOK, &alerts)
		if len(alerts.Items) != 1 || alerts.Items[0].Kind != "breach" || alerts.Items[0].Target != "first_response" {
			t.Fatalf("alerts %+v", alerts)
		}
	})
}

// TestAbsencesAPI: a supervisor records and removes an absence; bad dates
// are refused.
func TestAbsencesAPI(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		agent := f.users[access.Agent].ID
		p := f.do(req{Method: "POST", Path: "/api/v1/absences", As: access.Supervisor,
			Body: map[string]any{"user_id": agent, "from": "2026-12-31", "to": "2026-12-21"}}).problem(t, http.StatusUnprocessableEntity)
		if p.field("to") != "l'absence finit avant de commencer" {
			t.Fatalf("inverted absence: %+v", p)
		}
		var a struct{ ID int64 }
		f.do(req{Method: "POST", Path: "/api/v1/absences", As: access.Supervisor,
			Body: map[string]any{"user_id": agent, "from": "2026-12-21", "to": "2026-12-31", "reason": "Congés"}}).decode(t, http.StatusCreated, &a)
		var list struct{ Items []struct{ ID int64 } }
		f.do(req{Method: "GET", Path: "/api/v1/absences", As: access.Agent}).decode(t, http.StatusOK, &list)
		if len(list.Items) != 1 || list.Items[0].ID != a.ID {
			t.Fatalf("absences %+v", list)
		}
		f.do(req{Method: "DELETE", Path: "/api/v1/absences/" + strconv.FormatInt(a.ID, 10), As: access.Agent}).problem(t, http.StatusForbidden)
		if r := f.do(req{Method: "DELETE", Path: "/api/v1/absences/" + strconv.FormatInt(a.ID, 10), As: access.Supervisor}); r.Status != http.StatusNoContent {
			t.Fatalf("delete: %d", r.Status)
		}
	})
}

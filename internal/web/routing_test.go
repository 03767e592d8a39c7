package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/tender"
)

// TestAdminRoutingRefusesBadInput: the admin screen of the calendar, the
// delays and the rules refuses what the issue names as bad input, says why,
// keeps what was typed, and saves nothing.
func TestAdminRoutingRefusesBadInput(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		if p := signedInAs(f, access.Agent).get("/agent/admin/routage"); p.code != http.StatusForbidden {
			t.Fatalf("an agent opened the admin screen: %d", p.code)
		}
		b := signedInAs(f, access.Admin)
		p := b.get("/agent/admin/routage")
		mustContain(t, p, "Calendrier ouvré", "9:00–12:30, 13:30–17:00", "Tous les canaux", "Nos consultations → service du CPV")
		cal := url.Values{"hours.monday": {"9:00-12:00, 11:00-14:00"}, "hours.tuesday": {"17:00-9:00"},
			"extra_holidays": {"2026-12-24\n2026-12-24"}, "closures": {"2026-12-24 Noël"}}
		bad := b.postForm(p, "/agent/admin/routage/calendrier", cal)
		if bad.code != http.StatusUnprocessableEntity {
			t.Fatalf("bad calendar: %d", bad.code)
		}
		mustContain(t, bad, "Rien n'a été enregistré", "se chevauchent", "finit avant de commencer", "figure deux fois",
			"ligne 1 : « 2026-12-24 Noël » illisible", "9:00-12:00, 11:00-14:00")
		pol := url.Values{"p0.name": {"Tous les canaux"}, "p0.first_response": {"0 j"}, "p0.callback": {"4 h"},
			"p0.next_response": {"2 j"}, "p0.resolution": {"-3 j"}, "warning_lead": {"120"}}
		bad = b.postForm(p, "/agent/admin/routage/delais", pol)
		mustContain(t, bad, "première réponse : l'objectif doit être positif", "résolution : l'objectif ne peut pas être négatif")
		rules := url.Values{"r0.name": {"Vers un service supprimé"}, "r0.action": {"team"}, "r0.team_id": {"achats_durables"}, "r0.active": {"1"}}
		bad = b.postForm(p, "/agent/admin/routage/regles", rules)
		mustContain(t, bad, "le service « achats_durables » n'existe pas")
		cfg, _ := f.svc.RoutingConfig(context.Background(), f.actor(access.Admin))
		if len(cfg.Rules) != 4 || len(cfg.Policies) != 1 || len(cfg.Calendar.ExtraHolidays) != 0 {
			t.Fatalf("a refused form saved something: %+v", cfg)
		}
		// A good calendar is saved.
		cal = url.Values{"hours.monday": {"9:00-12:30"}, "hours.friday": {"9:00-12:00"}, "alsace_moselle": {"1"},
			"closures": {"2026-12-24 2027-01-01 Fêtes de fin d'année"}}
		if ok := b.postForm(p, "/agent/admin/routage/calendrier", cal); ok.code != http.StatusSeeOther {
			t.Fatalf("good calendar: %d\n%s", ok.code, ok.body)
		}
		mustContain(t, b.get("/agent/admin/routage?done=calendar"), "Le calendrier est enregistré", "2026-12-24 2027-01-01 Fêtes de fin d'année")
	})
}

// TestUnansweredAndAlerts: the supervisors' list, the alerts and their badge.
func TestUnansweredAndAlerts(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		tk := f.newTicket("Question sur le lot 2", "Bonjour")
		mustContain(t, signedInAs(f, access.Supervisor).get("/agent/sans-reponse"), "Aucune demande sans réponse")
		f.advance(25 * time.Hour) // past the first response's due time (one business day)
		sup := signedInAs(f, access.Supervisor)
		if n, err := f.svc.CheckSLA(context.Background()); err != nil || n != 1 {
			t.Fatalf("CheckSLA: %d %v", n, err)
		}
		mustContain(t, sup.get("/agent/sans-reponse"), tk.Number, "Première réponse")
		inbox := sup.get("/agent")
		mustContain(t, inbox, "1 alerte(s) non lue(s)")
		mustContain(t, sup.get("/agent/notifications"), "Échéance dépassée", tk.Number)
		if strings.Contains(sup.get("/agent").text(), "alerte(s) non lue(s)") {
			t.Fatal("the badge stayed after the alerts were seen")
		}
		if p := signedInAs(f, access.Agent).get("/agent/sans-reponse"); p.code != http.StatusForbidden {
			t.Fatalf("an agent read the supervisors' list: %d", p.code)
		}
	})
}

// TestGuardAndPublishedAnswer: the ticket page shows the guard with the last
// day to answer, and publishes the answer as a Q&A.
func TestGuardAndPublishedAnswer(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		paris, _ := time.LoadLocation("Europe/Paris")
		_, err := f.svc.Import(ctx, access.System(), core.ImportBatch{Source: "test", Consultations: []core.ConsultationRecord{{
			Consultation: tender.Consultation{Reference: "2026-REG-014", Object: "Réfection des toitures", Procedure: "Appel d'offres ouvert",
				CPV: []string{"45261000-4"}, Status: tender.Open, Deadline: time.Date(2026, 12, 15, 12, 0, 0, 0, paris)},
			Buyer: tender.Buyer{SIRET: "23840001500013", Name: "Région Auvergne-Rhône-Alpes", Own: true}}}})
		if err != nil {
			t.Fatal(err)
		}
		tk, _, err := f.svc.CreateTicket(ctx, f.actor(access.Agent), core.NewTicket{Channel: "web", Subject: "Visite du site",
			Body: "La visite est-elle obligatoire ?", Topic: "dce", Scope: "own_tender", ConsultationRef: "2026-REG-014",
			Contact: &core.ContactInput{Name: "Anne Dupont", Email: "anne@dupont.example"}}, "")
		if err != nil {
			t.Fatal(err)
		}
		b := signedInAs(f, access.Agent)
		path := "/agent/tickets/" + itoa(tk.ID)
		p := b.get(path)
		mustContain(t, p, "Égalité de traitement des candidats", "Dernier jour pour répondre", "mercredi 9 décembre 2026",
			"6 jours avant, article R2132-6", "Transmettre au service : Travaux", "Publier la réponse")
		bad := b.postForm(p, path+"/qa", url.Values{"question": {"Anne Dupont demande si la visite est obligatoire"}, "answer": {" "}})
		if bad.code != http.StatusUnprocessableEntity {
			t.Fatalf("empty answer: %d", bad.code)
		}
		mustContain(t, bad, "la réponse est obligatoire", "Anne Dupont demande si la visite est obligatoire")
		ok := b.postForm(p, path+"/qa", url.Values{"question": {"La visite est-elle obligatoire ?"}, "answer": {"Non."}})
		if ok.code != http.StatusSeeOther {
			t.Fatalf("publish: %d\n%s", ok.code, ok.body)
		}
		mustContain(t, b.get(ok.location()), "La question-réponse est publiée", "Questions-réponses publiées depuis cette demande")
		// The public page: anyone reads it; it names no company.
		anonymous := f.browser()
		pub := anonymous.get("/consultations/2026-REG-014/questions")
		mustContain(t, pub, "Réfection des toitures", "La visite est-elle obligatoire ?", "Non.", "M'abonner")
		if strings.Contains(pub.text(), "Dupont") || strings.Contains(pub.text(), "anne@") {
			t.Fatal("the public page names the company")
		}
		if p := anonymous.post("/consultations/2026-REG-014/questions", url.Values{"email": {"pas une adresse"}}); p.code != http.StatusUnprocessableEntity ||
			!strings.Contains(p.text(), "adresse électronique invalide") {
			t.Fatalf("bad address: %d", p.code)
		}
		if p := anonymous.post("/consultations/2026-REG-014/questions", url.Values{"email": {"veille@btp.example"}}); p.code != http.StatusSeeOther {
			t.Fatalf("subscribe: %d %s", p.code, p.body)
		}
		if p := anonymous.get("/consultations/26-INCONNUE/questions"); p.code != http.StatusNotFound {
			t.Fatalf("unknown consultation: %d", p.code)
		}
	})
}

func signedInAs(f *fixture, r access.Role) *browser {
	b := f.browser()
	b.signIn(r)
	return b
}

package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/tender"
)

// seedCatalog imports, as `guichet import` would, an open formalised
// consultation of the region (with lots, buyer contact and Q&A), an awarded one
// of another buyer whose reference holds a slash, and an urgent one with a
// script in its object.
func seedCatalog(t *testing.T, f *fixture) {
	t.Helper()
	region := tender.Buyer{SIRET: "23690001800016", Name: "Région Auvergne-Rhône-Alpes", Kind: tender.Region,
		Email: "marches@region.example", Phone: "+33472000000", ProfileURL: "https://marches.region.example/profil",
		QAURL: "https://marches.region.example/questions", Own: true}
	deadline := time.Date(2026, 12, 15, 11, 0, 0, 0, time.UTC) // 12:00 in Paris
	b := core.ImportBatch{Buyers: []tender.Buyer{region}, Consultations: []core.ConsultationRecord{
		{Buyer: region, Consultation: tender.Consultation{Reference: "26-REG-014", Object: "Rénovation du lycée Ampère",
			Procedure: "Appel d'offres ouvert", ContractType: tender.Works, CPV: []string{"45214220-8", "45310000-3"},
			Lots:        []tender.Lot{{Number: 1, Title: "Gros œuvre", CPV: "45214220-8"}, {Number: 2, Title: "Électricité", CPV: "45310000-3"}},
			PublishedAt: time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC), Deadline: deadline, Status: tender.Open,
			NoticeURL: "https://www.boamp.fr/avis/detail/26-REG-014", Source: "boamp"}},
		{Buyer: tender.Buyer{SIRET: "21690123100011", Name: "Ville de Lyon"},
			Consultation: tender.Consultation{Reference: "decp:21690123100011:2026/77", Object: "Entretien des espaces verts",
				Procedure: "Procédure adaptée", ContractType: tender.Services, Status: tender.Awarded,
				WinnerSIRET: "44306184100047", WinnerName: "Jardins Martin", Source: "decp"}},
		{Buyer: region, Consultation: tender.Consultation{Reference: "26-XSS", Object: `<script>alert("x")</script> Nettoyage`,
			Procedure: "Appel d'offres ouvert", Deadline: deadline, Urgent: true, Status: tender.Open}},
	}}
	if _, err := f.svc.Import(context.Background(), access.System(), b); err != nil {
		t.Fatalf("import: %v", err)
	}
}

func TestConsultationPage(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		seedCatalog(t, f)
		tk, _, err := f.svc.CreateTicket(context.Background(), f.actor(access.Agent), core.NewTicket{Channel: "web",
			Subject: "Question sur le lot 2", Body: "Le lot 2 comprend-il la GTB ?", Topic: "dce", Scope: "own_tender",
			ConsultationRef: "26-REG-014", Company: &core.CompanyInput{SIRET: "44306184100047", Name: "Menuiserie Dupont"}}, "")
		if err != nil {
			t.Fatal(err)
		}
		other := f.newTicket("Sans consultation", "Bonjour")
		b := f.browser()
		b.signIn(access.Agent)

		// The ticket page links its consultation reference to the page.
		tp := b.get("/agent/tickets/" + itoa(tk.ID))
		mustContain(t, tp, `href="/agent/consultations/26-REG-014"`)

		p := b.get("/agent/consultations/26-REG-014")
		if p.code != http.StatusOK {
			t.Fatalf("page: %d\n%s", p.code, p.body)
		}
		mustContain(t, p, "26-REG-014", "Rénovation du lycée Ampère", "Appel d'offres ouvert", "procédure formalisée",
			"travaux", "45214220-8", "45310000-3", "Gros œuvre", "Électricité", "Travaux", // the service, by its name
			"lundi 2 novembre 2026 à 9 h 00", "mardi 15 décembre 2026 à 12 h 00", "(heure de Paris)", "ouverte",
			"Dernier jour pour répondre aux questions", "mercredi 9 décembre 2026 à 12 h 00", "R2132-6",
			"Région Auvergne-Rhône-Alpes", "notre organisation", "marches@region.example", "04 72 00 00 00",
			`href="https://marches.region.example/profil"`, `href="https://marches.region.example/questions"`,
			`href="https://www.boamp.fr/avis/detail/26-REG-014"`,
			"Question sur le lot 2", `href="/agent/tickets/`+itoa(tk.ID)+`"`)
		if strings.Contains(p.text(), other.Subject) {
			t.Error("a request about no consultation is listed")
		}

		// Past the DLRO the consultation is closed: no last day to answer.
		f.advance(22 * 24 * time.Hour)
		b = f.browser() // the session expired meanwhile
		b.signIn(access.Agent)
		p = b.get("/agent/consultations/26-REG-014")
		mustContain(t, p, "close (offres en cours d'analyse)")
		if strings.Contains(p.text(), "Dernier jour pour répondre") {
			t.Error("a closed consultation still shows the last day to answer")
		}

		// An awarded MAPA of another buyer, its reference escaped as one segment.
		p = b.get("/agent/consultations/decp:21690123100011:2026%2F77")
		mustContain(t, p, "attribuée", "Jardins Martin", "SIRET 44306184100047", "Ville de Lyon",
			"Aucune demande ne cite cette consultation.", "Consultation non allotie")
		if strings.Contains(p.text(), "Dernier jour pour répondre") || strings.Contains(p.text(), "procédure formalisée") {
			t.Error("a MAPA shows the formalised procedure's rule")
		}
	})
}

func TestConsultationPageUrgentAndEscaped(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		seedCatalog(t, f)
		b := f.browser()
		b.signIn(access.Agent)
		p := b.get("/agent/consultations/26-XSS")
		if p.code != http.StatusOK {
			t.Fatalf("page: %d", p.code)
		}
		if strings.Contains(p.body, `<script>alert`) {
			t.Fatal("the object's script reached the page unescaped")
		}
		// Urgent: 4 days before the DLRO instead of 6.
		mustContain(t, p, `<script>alert("x")</script> Nettoyage`, "urgence", "vendredi 11 décembre 2026 à 12 h 00",
			"au plus tard 4 jours")
	})
}

func TestUnknownConsultationIsA404InFrench(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		b := f.browser()
		b.signIn(access.Agent)
		p := b.get("/agent/consultations/26-NOPE")
		if p.code != http.StatusNotFound {
			t.Fatalf("unknown reference: %d", p.code)
		}
		mustContain(t, p, "Page introuvable", "Consultation 26-NOPE inconnue.")
		// Signed out: the sign-in page, which brings the agent back.
		if p := f.browser().get("/agent/consultations/26-NOPE"); p.code != http.StatusSeeOther ||
			!strings.HasPrefix(p.location(), "/login") {
			t.Fatalf("signed out: %d %q", p.code, p.location())
		}
	})
}

package portal_test

import (
	"context"
	"html"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/tender"
)

func TestConsultationSearchWithAndWithoutJavaScript(t *testing.T) {
	each(t, false, func(t *testing.T, f *fixture) {
		deadline := f.now.Add(10 * 24 * time.Hour)
		_, err := f.svc.Import(context.Background(), access.System(), core.ImportBatch{Source: "test", Position: 2,
			Consultations: []core.ConsultationRecord{{
				Consultation: tender.Consultation{Reference: "2026-REG-014", Object: "Réfection des toitures",
					CPV: []string{"45261000-4"}, Status: tender.Open, Deadline: deadline},
				Buyer: tender.Buyer{SIRET: "23840001500013", Name: "Région Auvergne-Rhône-Alpes", Own: true}}, {
				Consultation: tender.Consultation{Reference: "2025-OLD-001", Object: "Toitures anciennes",
					CPV: []string{"45261000-4"}, Status: tender.Open, Deadline: f.now.Add(-time.Hour)},
				Buyer: tender.Buyer{Name: "Ville de Lyon"}}}})
		if err != nil {
			t.Fatal(err)
		}
		frag := f.get("/question/consultations?q=toitures", "")
		page := html.UnescapeString(body(frag))
		if frag.Code != 200 || !strings.Contains(page, `value="2026-REG-014"`) || !strings.Contains(page, "Région Auvergne-Rhône-Alpes") ||
			strings.Contains(page, "2025-OLD-001") {
			t.Fatalf("fragment (closed consultations must not show): %d\n%s", frag.Code, page)
		}
		if w := f.get("/question/consultations?q=zz", ""); w.Code != 200 || strings.Contains(body(w), "radio") {
			t.Fatalf("short query: %s", body(w))
		}
		started := f.openForm()
		f.advance(time.Minute)
		w := f.postMultipart("/question", set(set(question(started), "consultation_q", "toitures région"), "op", "find_consultation"), nil, "", "")
		mustContain(t, "search without JavaScript", html.UnescapeString(body(w)), `name="consultation_pick" value="2026-REG-014"`)
		w = f.postMultipart("/question", set(question(started), "consultation_pick", "2026-REG-014"), nil, "", "")
		if w.Code != 303 {
			t.Fatalf("send: %d %s", w.Code, body(w))
		}
		if ref := f.tickets()[0].ConsultationRef; ref != "2026-REG-014" {
			t.Fatalf("consultation %q", ref)
		}
	})
}

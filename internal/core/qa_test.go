package core_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/store/storetest"
)

// TestEqualTreatmentGuard: a question on the documents of an open
// consultation is flagged; ours is answered by a published, anonymised Q&A
// (mailed to every company that asked or subscribed, one mail each), with the
// last day to answer of R2132-6; another buyer's is sent to its Q&A.
func TestEqualTreatmentGuard(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		seedCatalog(t, f)
		agent := f.actors[access.Agent]
		own, _, _ := f.svc.CreateTicket(ctx, agent, request("own_tender", "2026-REG-014", "dce"), "")
		g, err := f.svc.Guidance(ctx, agent, own.ID)
		lastDay := time.Date(2026, 12, 9, 12, 0, 0, 0, paris) // DLRO 15 December 12:00 − 6 days
		if err != nil || !g.Guard.Flagged || !g.Guard.Publish || !g.Guard.Formalised || !g.Guard.LastDay.Equal(lastDay) ||
			g.Guard.Warn || g.QAPageURL != "/consultations/2026-REG-014/questions" {
			t.Fatalf("guard %+v %v", g, err)
		}
		mapa, _, _ := f.svc.CreateTicket(ctx, agent, request("other_buyer_tender", "26-123456", "dce"), "")
		g, _ = f.svc.Guidance(ctx, agent, mapa.ID)
		if !g.Guard.Flagged || g.Guard.Publish || !g.Guard.Redirect || g.Guard.QAURL != "https://marches.lyon.example/qr" ||
			g.Guard.Formalised || !g.Guard.LastDay.IsZero() {
			t.Fatalf("another buyer's MAPA: %+v", g.Guard)
		}
		if other, _, _ := f.svc.CreateTicket(ctx, agent, request("own_tender", "2026-REG-014", "paiement"), ""); other != nil {
			if g, _ := f.svc.Guidance(ctx, agent, other.ID); g.Guard.Flagged {
				t.Fatal("a payment question flagged")
			}
		}
		// Publishing: bad input, the wrong consultation, the wrong role.
		got := fieldsOf(t, func() error {
			_, err := f.svc.PublishAnswer(ctx, agent, own.ID, core.NewQA{Question: " ", Answer: ""})
			return err
		}())
		if got["question"] != "la question est obligatoire" || got["answer"] != "la réponse est obligatoire" {
			t.Fatalf("empty Q&A: %v", got)
		}
		if _, err := f.svc.PublishAnswer(ctx, agent, mapa.ID, core.NewQA{Question: "Q ?", Answer: "R."}); fieldsOf(t, err)["consultation_ref"] == "" {
			t.Fatalf("published on another buyer's consultation: %v", err)
		}
		if _, err := f.svc.PublishAnswer(ctx, f.actors[access.Viewer], own.ID, core.NewQA{Question: "Q ?", Answer: "R."}); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("a viewer published: %v", err)
		}
		if err := f.svc.SubscribeQA(ctx, "2026-REG-014", "Veille@BTP.example"); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.SubscribeQA(ctx, "2026-REG-014", "pas une adresse"); fieldsOf(t, err)["email"] == "" {
			t.Fatalf("bad address subscribed: %v", err)
		}
		q, err := f.svc.PublishAnswer(ctx, agent, own.ID, core.NewQA{Question: "La visite du site est-elle obligatoire ?",
			Answer: "Non, elle est facultative."})
		if err != nil {
			t.Fatal(err)
		}
		page, err := f.svc.PublishedQAs(ctx, "2026-REG-014")
		if err != nil || len(page.Items) != 1 || page.Items[0].ID != q.ID || !page.Open || page.Consultation.Object != "Réfection des toitures" {
			t.Fatalf("public page %+v %v", page, err)
		}
		if g, _ := f.svc.Guidance(ctx, agent, own.ID); len(g.Published) != 1 {
			t.Fatalf("the request does not link to its Q&A: %+v", g.Published)
		}
		sent := mails(t, s, 0, "qa_published")
		var to []string
		for _, m := range sent {
			if len(m.Recipients) != 1 {
				t.Fatalf("one mail to several companies: %v", m.Recipients)
			}
			to = append(to, m.Recipients[0])
		}
		slices.Sort(to)
		if strings.Join(to, ",") != "Veille@btp.example,anne@dupont.example" {
			t.Fatalf("Q&A mailed to %v", to)
		}
		if _, err := f.svc.PublishedQAs(ctx, "26-123456"); !errs.Is(err, errs.NotFound) {
			t.Fatalf("another buyer's Q&A page: %v", err)
		}
		// Two days before the last day, the ticket warns.
		f.set(time.Date(2026, 12, 8, 10, 0, 0, 0, paris))
		if g, _ := f.svc.Guidance(ctx, agent, own.ID); !g.Guard.Warn || g.Guard.Passed {
			t.Fatalf("no warning before the last day: %+v", g.Guard)
		}
		f.set(time.Date(2026, 12, 10, 10, 0, 0, 0, paris))
		if g, _ := f.svc.Guidance(ctx, agent, own.ID); !g.Guard.Passed {
			t.Fatalf("last day passed, not said: %+v", g.Guard)
		}
	})
}

package core_test

import (
	"context"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/store/storetest"
	"github.com/guichet/guichet/internal/tender"
)

// TestConsultationsAndReindex: imported consultations become searchable through
// the indexer job, and a full rebuild changes no result and doubles nothing.
func TestConsultationsAndReindex(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		searchCorpus(t, f)
		agent := f.actors[access.Agent]
		deadline := f.now.Add(10 * 24 * time.Hour)
		batch := core.ImportBatch{Source: "boamp:test", Position: 1, Consultations: []core.ConsultationRecord{{
			Consultation: tender.Consultation{Reference: "26-123456", Object: "Maintenance des ascenseurs",
				CPV: []string{"50750000-7"}, Status: tender.Open, Deadline: deadline},
			Buyer: tender.Buyer{Name: "Ville de Lyon", Kind: tender.Commune}}}}
		if _, err := f.svc.Import(ctx, access.System(), batch); err != nil {
			t.Fatal(err)
		}
		search := func(q string) []string {
			res, err := f.svc.Search(ctx, agent, core.SearchInput{Q: q, Limit: 50})
			if err != nil {
				t.Fatal(err)
			}
			return refs(res.Hits)
		}
		if got := search("ascenseur"); len(got) != 0 {
			t.Fatalf("indexed before the job ran: %v", got)
		}
		for range 2 { // a second run (another instance, a restart) finds nothing new
			if err := f.svc.IndexConsultations(ctx); err != nil {
				t.Fatal(err)
			}
		}
		got := search("ascenseurs Lyon")
		if len(got) != 1 || got[0] != "consultation:26-123456" {
			t.Fatalf("consultation: %v", got)
		}
		before := search("rejet")
		wantTotal := len(search("rejet dce paiement lot ascenseur sous traitant"))
		if err := f.svc.ReindexSearch(ctx); err != nil {
			t.Fatal(err)
		}
		if after := search("rejet"); len(after) != len(before) || after[0] != before[0] {
			t.Errorf("rebuild changed the results: %v → %v", before, after)
		}
		if n := len(search("rejet dce paiement lot ascenseur sous traitant")); n != wantTotal {
			t.Errorf("rebuild: %d documents found, %d before", n, wantTotal)
		}
	})
}

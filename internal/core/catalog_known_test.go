package core_test

import (
	"context"
	"testing"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/store/storetest"
	"github.com/guichet/guichet/internal/tender"
)

// TestKnownBuyersSurviveOnlyCommittedBatches: the run's memory of buyers links
// later notices to the buyer written once, and forgets a buyer whose batch was
// refused (on PostgreSQL a rolled-back id is never reused: a stale memory would
// link to a missing row).
func TestKnownBuyersSurviveOnlyCommittedBatches(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		known := core.NewKnownBuyers()
		lyon := tender.Buyer{SIRET: "21690123100011", Name: "Ville de Lyon"}
		notice := func(ref string, lots ...tender.Lot) core.ConsultationRecord {
			return core.ConsultationRecord{Buyer: lyon, Consultation: tender.Consultation{Reference: ref,
				Object: "Entretien " + ref, Status: tender.Open, Lots: lots}}
		}
		// Two lots numbered 1: the store refuses the batch, its buyer is rolled back.
		bad := core.ImportBatch{Known: known, Consultations: []core.ConsultationRecord{
			notice("R1"), notice("R2", tender.Lot{Number: 1, Title: "a"}, tender.Lot{Number: 1, Title: "b"})}}
		if _, err := f.svc.Import(ctx, access.System(), bad); err == nil {
			t.Fatal("a batch with a lot numbered twice was accepted")
		}
		for _, ref := range []string{"R3", "R4"} {
			b := core.ImportBatch{Known: known, Consultations: []core.ConsultationRecord{notice(ref)}}
			if _, err := f.svc.Import(ctx, access.System(), b); err != nil {
				t.Fatalf("%s: %v", ref, err)
			}
		}
		buyers, _, err := f.svc.Buyers(ctx, f.actors[access.Agent], "", 0, 10)
		if err != nil || len(buyers) != 1 {
			t.Fatalf("buyers: %d, %v", len(buyers), err)
		}
		for _, ref := range []string{"R3", "R4"} {
			c, b, err := f.svc.Consultation(ctx, f.actors[access.Agent], ref)
			if err != nil || b == nil || c.BuyerID != buyers[0].ID || b.Name != "Ville de Lyon" {
				t.Fatalf("%s: buyer %+v, %v", ref, b, err)
			}
		}
		if _, _, err := f.svc.Consultation(ctx, f.actors[access.Agent], "R1"); err == nil {
			t.Fatal("R1 of the refused batch was kept")
		}
	})
}

package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/tender"
)

// TestUpsertConsultationKeepsUnchangedSearchKey: an award or a cancellation of
// a stored consultation changes its status, not its words; the update leaves
// search_key alone, so that SQLite's trigram trigger (0011) does not delete and
// re-insert the row in consultations_trigram. The index's own pages are the
// observable: unchanged by such an update and by an unchanged re-import,
// changed by a new object (which the picker then finds).
func TestUpsertConsultationKeepsUnchangedSearchKey(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := store.Open(ctx, store.Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	raw, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "guichet.db")+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	index := func() string {
		t.Helper()
		var pages sql.NullString
		if err := raw.QueryRow(`SELECT group_concat(id || ':' || hex(block), ',') FROM
			(SELECT id, block FROM consultations_trigram_data ORDER BY id)`).Scan(&pages); err != nil {
			t.Fatal(err)
		}
		return pages.String
	}
	at := time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC)
	buyer := tender.Buyer{Name: "Ville de Villeurbanne", UpdatedAt: at}
	write(t, s, func(tx *store.Tx) (store.Upserted, error) { return tx.UpsertBuyer(ctx, &buyer) })
	notice := tender.Consultation{Reference: "26-000001", BuyerID: buyer.ID, BuyerName: buyer.Name,
		Object: "Nettoyage des locaux", Status: tender.Open, Deadline: at.Add(48 * time.Hour), UpdatedAt: at}
	upsert := func(c tender.Consultation, want store.Upserted) {
		t.Helper()
		if got := write(t, s, func(tx *store.Tx) (store.Upserted, error) { return tx.UpsertConsultation(ctx, &c) }); got != want {
			t.Fatalf("upsert %s: %v, want %v", c.Reference, got, want)
		}
	}
	upsert(notice, store.Created)
	before := index()
	if before == "" {
		t.Fatal("the trigram index is empty after an insert: the observable is broken")
	}

	award := notice
	award.Status, award.WinnerName, award.WinnerSIRET = tender.Awarded, "Propreté Rhône", "44306184100047"
	upsert(award, store.Updated)
	if after := index(); after != before {
		t.Errorf("an award (same words) rewrote the trigram index:\n before %s\n after  %s", before, after)
	}
	upsert(award, store.Unchanged) // the same notice imported again
	if after := index(); after != before {
		t.Error("an unchanged re-import rewrote the trigram index")
	}

	corrected := award
	corrected.Object = "Entretien des ascenseurs"
	upsert(corrected, store.Updated)
	if after := index(); after == before {
		t.Error("a new object left the trigram index as it was")
	}
	found, err := s.FindConsultations(ctx, store.ConsultationFilter{Text: "ascenseurs"})
	if err != nil || len(found) != 1 || found[0].Status != tender.Awarded || found[0].WinnerName != "Propreté Rhône" {
		t.Fatalf("picker after the correction: %v %v", found, err)
	}
	if found, _ := s.FindConsultations(ctx, store.ConsultationFilter{Text: "nettoyage"}); len(found) != 0 {
		t.Errorf("the old object still finds %s", fmt.Sprint(found[0].Reference))
	}
}

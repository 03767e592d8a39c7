package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/company"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/store/storetest"
	"github.com/guichet/guichet/internal/tender"
)

func write[T any](t *testing.T, s *store.Store, fn func(tx *store.Tx) (T, error)) T {
	t.Helper()
	var out T
	err := s.Write(context.Background(), func(tx *store.Tx) error {
		var err error
		out, err = fn(tx)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestUpsertBuyerMergesAndCounts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		at := time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC)
		region := tender.Buyer{SIRET: "23840001500013", Name: "Région Auvergne-Rhône-Alpes", Kind: tender.Region,
			QAURL: "https://marches.example/qr", Own: true, UpdatedAt: at}
		steps := []struct {
			b    tender.Buyer
			want store.Upserted
		}{
			{region, store.Created},
			{region, store.Unchanged},
			// A BOAMP notice knows only the name and the e-mail: it completes, never erases.
			{tender.Buyer{SIRET: "23840001500013", Name: "Région Auvergne-Rhône-Alpes", Email: "marches@region.example", UpdatedAt: at}, store.Updated},
			// A buyer known only by its name, typed with other accents and case.
			{tender.Buyer{Name: "Ville de Lyon", UpdatedAt: at}, store.Created},
			{tender.Buyer{Name: "VILLE DE LYON", UpdatedAt: at}, store.Unchanged},
		}
		for i, st := range steps {
			b := st.b
			if got := write(t, s, func(tx *store.Tx) (store.Upserted, error) { return tx.UpsertBuyer(ctx, &b) }); got != st.want {
				t.Fatalf("step %d: %v, want %v", i, got, st.want)
			}
		}
		list, _, err := s.FindBuyers(ctx, "region", 0, 10)
		if err != nil || len(list) != 1 {
			t.Fatalf("find: %v %d", err, len(list))
		}
		b := list[0]
		if b.QAURL != "https://marches.example/qr" || b.Email != "marches@region.example" || !b.Own || b.Kind != tender.Region {
			t.Fatalf("merged buyer %+v", b)
		}
	})
}

func TestUpsertConsultationLotsAndPicker(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		at := time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC)
		buyer := tender.Buyer{SIRET: "23840001500013", Name: "Région Auvergne-Rhône-Alpes", UpdatedAt: at}
		write(t, s, func(tx *store.Tx) (store.Upserted, error) { return tx.UpsertBuyer(ctx, &buyer) })
		c := tender.Consultation{Reference: "2026-REG-014", BuyerID: buyer.ID, BuyerName: buyer.Name,
			Object: "Rénovation énergétique du lycée Ampère", Procedure: "Appel d'offres ouvert",
			ContractType: tender.Works, CPV: []string{"45000000-7", "45321000-3"}, Status: tender.Open,
			Deadline: at.Add(20 * 24 * time.Hour), UpdatedAt: at,
			Lots: []tender.Lot{{Number: 1, Title: "Gros œuvre", CPV: "45223220-4"}, {Number: 2, Title: "Menuiseries", CPV: "45421000-4"}}}
		for i, want := range []store.Upserted{store.Created, store.Unchanged} {
			cc := c
			if got := write(t, s, func(tx *store.Tx) (store.Upserted, error) { return tx.UpsertConsultation(ctx, &cc) }); got != want {
				t.Fatalf("pass %d: %v, want %v", i, got, want)
			}
		}
		// An award notice read later marks it awarded; replaying the first notice does not reopen it.
		award := tender.Consultation{Reference: "2026-REG-014", Status: tender.Awarded, WinnerSIRET: "44306184100047", UpdatedAt: at}
		if got := write(t, s, func(tx *store.Tx) (store.Upserted, error) { return tx.UpsertConsultation(ctx, &award) }); got != store.Updated {
			t.Fatalf("award: %v", got)
		}
		replay := c
		write(t, s, func(tx *store.Tx) (store.Upserted, error) { return tx.UpsertConsultation(ctx, &replay) })
		got, err := s.FindConsultationByRef(ctx, "2026-REG-014")
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != tender.Awarded || len(got.Lots) != 2 || got.Lots[1].Title != "Menuiseries" ||
			got.BuyerName != buyer.Name || got.WinnerSIRET != "44306184100047" {
			t.Fatalf("stored %+v", got)
		}
		for _, q := range []string{"lycee ampere", "AMPÈRE rénovation", "2026-reg", "45321000", "auvergne lycée"} {
			list, err := s.FindConsultations(ctx, store.ConsultationFilter{Text: q})
			if err != nil || len(list) != 1 {
				t.Errorf("picker %q: %d results, %v", q, len(list), err)
			}
		}
		if list, _ := s.FindConsultations(ctx, store.ConsultationFilter{Text: "piscine"}); len(list) != 0 {
			t.Errorf("picker found %d for an unrelated word", len(list))
		}
		if list, _ := s.FindConsultations(ctx, store.ConsultationFilter{OpenAt: at}); len(list) != 0 {
			t.Errorf("an awarded consultation counted as open")
		}
	})
}

func TestCatalogCompanyAndCheckpoint(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		at := time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC)
		c := company.Company{SIRET: "44306184100047", SIREN: "443061841", Name: "MENUISERIE DUPONT", Size: company.TPE,
			CommuneCode: "69123", Departement: "69", SIRETValid: true, UpdatedAt: at}
		for i, want := range []store.Upserted{store.Created, store.Unchanged} {
			cc := c
			if got := write(t, s, func(tx *store.Tx) (store.Upserted, error) { return tx.UpsertCatalogCompany(ctx, &cc) }); got != want {
				t.Fatalf("pass %d: %v, want %v", i, got, want)
			}
		}
		write(t, s, func(tx *store.Tx) (bool, error) { return true, tx.SetCheckpoint(ctx, "sirene:abc", 5000, at) })
		write(t, s, func(tx *store.Tx) (bool, error) { return true, tx.SetCheckpoint(ctx, "sirene:abc", 6000, at) })
		if n, err := s.Checkpoint(ctx, "sirene:abc"); err != nil || n != 6000 {
			t.Fatalf("checkpoint %d %v", n, err)
		}
		if n, err := s.Checkpoint(ctx, "sirene:other"); err != nil || n != 0 {
			t.Fatalf("unknown checkpoint %d %v", n, err)
		}
	})
}

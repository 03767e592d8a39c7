package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/store/storetest"
	"github.com/guichet/guichet/internal/tender"
)

// TestPickerFrequentAndRareWords covers both ways the picker finds its page: a
// rare word (few rows hold it: on SQLite the trigram index lists them, and they are
// fetched and ordered) and a frequent word (more rows than the trigram step takes:
// the ordered scan stops at the limit). Both must give the same order — open
// first, by deadline — and see an object changed by a later notice.
func TestPickerFrequentAndRareWords(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		at := time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC)
		buyer := tender.Buyer{Name: "Ville de Villeurbanne", UpdatedAt: at}
		write(t, s, func(tx *store.Tx) (store.Upserted, error) { return tx.UpsertBuyer(ctx, &buyer) })
		const n = 1100 // more than the trigram step's bound
		err := s.Write(ctx, func(tx *store.Tx) error {
			for i := range n {
				c := tender.Consultation{Reference: fmt.Sprintf("26-%06d", i), BuyerID: buyer.ID, BuyerName: buyer.Name,
					Object: fmt.Sprintf("Nettoyage des locaux, site %d", i), Status: tender.Closed,
					Deadline: at.Add(time.Duration(i) * time.Hour), UpdatedAt: at}
				if i%100 == 7 {
					c.Object += " et entretien des ascenseurs"
				}
				if i%10 == 0 {
					c.Status = tender.Open
				}
				if _, err := tx.UpsertConsultation(ctx, &c); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		refs := func(q string, open bool) string {
			t.Helper()
			f := store.ConsultationFilter{Text: q, Limit: 5}
			if open {
				f.OpenAt = at
			}
			list, err := s.FindConsultations(ctx, f)
			if err != nil {
				t.Fatalf("picker %q: %v", q, err)
			}
			var out []string
			for _, c := range list {
				out = append(out, c.Reference)
			}
			return fmt.Sprint(out)
		}
		cases := []struct {
			q    string
			open bool
			want string
		}{
			// Frequent: every row; open ones first (every tenth), by deadline.
			{"nettoyage", false, "[26-000000 26-000010 26-000020 26-000030 26-000040]"},
			// Open at `at`: the first one's deadline is `at` itself, so it is past.
			{"NETTOYAGE locaux", true, "[26-000010 26-000020 26-000030 26-000040 26-000050]"},
			// Rare: eleven rows, none open; closed ones by deadline.
			{"ascenseurs", false, "[26-000007 26-000107 26-000207 26-000307 26-000407]"},
			{"ascenseurs", true, "[]"},
			// A rare word with a frequent one, and a word too short for trigrams.
			{"entretien nettoyage", false, "[26-000007 26-000107 26-000207 26-000307 26-000407]"},
			{"site 1099", false, "[26-001099]"},
			{"xylophone", false, "[]"},
			{"26-0010", false, "[26-001000 26-001010 26-001020 26-001030 26-001040]"},
		}
		for _, c := range cases {
			if got := refs(c.q, c.open); got != c.want {
				t.Errorf("picker %q (open %v) = %s, want %s", c.q, c.open, got, c.want)
			}
		}
		// A later notice changes an object: the new words find it, the old do not.
		upd := tender.Consultation{Reference: "26-000107", Object: "Maintenance des portes automatiques", UpdatedAt: at}
		write(t, s, func(tx *store.Tx) (store.Upserted, error) { return tx.UpsertConsultation(ctx, &upd) })
		if got := refs("portes automatiques", false); got != "[26-000107]" {
			t.Errorf("after the update, the new object finds %s", got)
		}
		if got := refs("ascenseurs", false); got != "[26-000007 26-000207 26-000307 26-000407 26-000507]" {
			t.Errorf("after the update, the old object still finds %s", got)
		}
	})
}

// TestPickerBuyerName: a buyer's name typed whole lists that buyer's
// consultations in the picker's order, through the buyers (the words are
// frequent in the catalog); one word of it still searches every consultation;
// when the named buyer has nothing to show (open only), the text is searched
// everywhere.
func TestPickerBuyerName(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		at := time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC)
		named := tender.Buyer{Name: "Communauté de communes de Villein-le-Château", UpdatedAt: at}
		other := tender.Buyer{Name: "Département du Rhône", UpdatedAt: at}
		for _, b := range []*tender.Buyer{&named, &other} {
			write(t, s, func(tx *store.Tx) (store.Upserted, error) { return tx.UpsertBuyer(ctx, b) })
		}
		notices := []tender.Consultation{
			{Reference: "26-000001", BuyerID: named.ID, BuyerName: named.Name, Object: "Voirie", Status: tender.Closed,
				Deadline: at.Add(-48 * time.Hour)},
			{Reference: "26-000002", BuyerID: named.ID, BuyerName: named.Name, Object: "Cantine", Status: tender.Awarded,
				Deadline: at.Add(-96 * time.Hour)},
			{Reference: "26-000003", BuyerID: named.ID, BuyerName: named.Name, Object: "Piscine", Status: tender.Closed,
				Deadline: at.Add(-72 * time.Hour)},
			// Another buyer's notice that names the first in its object.
			{Reference: "26-000004", BuyerID: other.ID, BuyerName: other.Name, Status: tender.Open,
				Object: "Collège de la communauté de communes de Villein-le-Château", Deadline: at.Add(72 * time.Hour)},
		}
		for _, c := range notices {
			c.UpdatedAt = at
			write(t, s, func(tx *store.Tx) (store.Upserted, error) { return tx.UpsertConsultation(ctx, &c) })
		}
		refs := func(text string, open bool) string {
			t.Helper()
			f := store.ConsultationFilter{Text: text, Limit: 10}
			if open {
				f.OpenAt = at
			}
			list, err := s.FindConsultations(ctx, f)
			if err != nil {
				t.Fatalf("picker %q: %v", text, err)
			}
			var out []string
			for _, c := range list {
				out = append(out, c.Reference)
			}
			return fmt.Sprint(out)
		}
		for _, c := range []struct {
			text string
			open bool
			want string
		}{
			// The buyer's own, closed before awarded, by deadline.
			{"Communauté de communes de Villein-le-Château", false, "[26-000003 26-000001 26-000002]"},
			{"villein communes", false, "[26-000003 26-000001 26-000002]"},
			// Open only: the buyer has none, the text finds the other buyer's notice.
			{"Communauté de communes de Villein-le-Château", true, "[26-000004]"},
			// One word: every consultation holding it.
			{"villein", false, "[26-000004 26-000003 26-000001 26-000002]"},
			// Words not all in a buyer's name: the usual search.
			{"college villein", false, "[26-000004]"},
		} {
			if got := refs(c.text, c.open); got != c.want {
				t.Errorf("picker %q (open %v) = %s, want %s", c.text, c.open, got, c.want)
			}
		}
	})
}

package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/store/storetest"
	"github.com/guichet/guichet/internal/tender"
)

// TestUpsertConsultationManyLots: lots go in multi-row inserts of at most 100
// rows; a consultation with more is written whole, read back in order, and a
// second identical notice changes nothing. Two lots with one number refuse the
// write, which leaves nothing behind.
func TestUpsertConsultationManyLots(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		at := time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC)
		c := tender.Consultation{Reference: "26-LOTS", Object: "Fournitures scolaires", Status: tender.Open, UpdatedAt: at}
		for i := 1; i <= 250; i++ {
			c.Lots = append(c.Lots, tender.Lot{Number: i, Title: fmt.Sprintf("Lot %d", i), CPV: "30192700-8"})
		}
		for pass, want := range []store.Upserted{store.Created, store.Unchanged} {
			cc := c
			if got := write(t, s, func(tx *store.Tx) (store.Upserted, error) { return tx.UpsertConsultation(ctx, &cc) }); got != want {
				t.Fatalf("pass %d: %v, want %v", pass, got, want)
			}
			if cc.ID == 0 {
				t.Fatalf("pass %d: no id given back", pass)
			}
		}
		got, err := s.FindConsultationByRef(ctx, "26-LOTS")
		if err != nil || len(got.Lots) != 250 || got.Lots[0].Number != 1 || got.Lots[249].Title != "Lot 250" {
			t.Fatalf("stored %d lots, %v", len(got.Lots), err)
		}

		bad := tender.Consultation{Reference: "26-DUP", Object: "Doublon", Status: tender.Open, UpdatedAt: at,
			Lots: []tender.Lot{{Number: 1, Title: "a"}, {Number: 1, Title: "b"}}}
		err = s.Write(ctx, func(tx *store.Tx) error { _, err := tx.UpsertConsultation(ctx, &bad); return err })
		if err == nil {
			t.Fatal("two lots numbered 1 were accepted")
		}
		if _, err := s.FindConsultationByRef(ctx, "26-DUP"); !errs.Is(err, errs.NotFound) {
			t.Fatalf("the refused consultation was kept: %v", err)
		}
	})
}

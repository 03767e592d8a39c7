package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/store/storetest"
	"github.com/guichet/guichet/internal/ticket"
)

// TestSearchQueue: entries come back oldest first and limited; the lock says
// which are still queued; deleted entries are gone; a failing entry counts its
// attempts and is dropped at the limit; the requests to index come with their
// first message and version, missing ones left out.
func TestSearchQueue(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		seedConfig(t, s)
		tk := seedTicket(t, s, time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC), ticket.New)
		write := func(fn func(tx *store.Tx) error) {
			t.Helper()
			if err := s.Write(ctx, fn); err != nil {
				t.Fatal(err)
			}
		}
		write(func(tx *store.Tx) error {
			if err := tx.CreateMessage(ctx, &ticket.Message{TicketID: tk.ID, Kind: ticket.Inbound, Body: "premier",
				CreatedAt: tk.CreatedAt}); err != nil {
				return err
			}
			if err := tx.CreateMessage(ctx, &ticket.Message{TicketID: tk.ID, Kind: ticket.Inbound, Body: "second",
				CreatedAt: tk.CreatedAt}); err != nil {
				return err
			}
			for _, ref := range []int64{tk.ID, 424242, tk.ID} {
				if err := tx.QueueIndex(ctx, "request", ref); err != nil {
					return err
				}
			}
			return nil
		})
		all, err := s.FindSearchQueue(ctx, 10)
		if err != nil || len(all) != 3 {
			t.Fatalf("queue: %v, %v", all, err)
		}
		if all[0].RefID != tk.ID || all[1].RefID != 424242 || all[0].ID >= all[1].ID || all[1].ID >= all[2].ID ||
			all[0].Kind != "request" || all[0].Attempts != 0 {
			t.Fatalf("queue not oldest first: %+v", all)
		}
		if two, _ := s.FindSearchQueue(ctx, 2); len(two) != 2 || two[1] != all[1] {
			t.Fatalf("limit 2: %+v", two)
		}
		texts, err := s.FindTicketsToIndexByID(ctx, []int64{424242, tk.ID})
		if err != nil || len(texts) != 1 || texts[0].Ticket.ID != tk.ID || texts[0].First != "premier" ||
			texts[0].Ticket.Version != tk.Version {
			t.Fatalf("tickets to index: %+v, %v", texts, err)
		}
		write(func(tx *store.Tx) error {
			v, err := tx.TicketVersions(ctx, []int64{tk.ID, 424242})
			if err != nil || len(v) != 1 || v[tk.ID] != tk.Version {
				t.Errorf("versions %v, %v", v, err)
			}
			if err := tx.DeleteSearchQueue(ctx, []int64{all[0].ID}); err != nil {
				return err
			}
			held, err := tx.LockSearchQueue(ctx, []int64{all[0].ID, all[1].ID})
			if err != nil || held[all[0].ID] || !held[all[1].ID] {
				t.Errorf("lock after delete: %v, %v", held, err)
			}
			return err
		})
		for i := 1; i <= 3; i++ {
			write(func(tx *store.Tx) error {
				dropped, err := tx.FailSearchQueue(ctx, all[1].ID, 3)
				if dropped != (i == 3) {
					t.Errorf("attempt %d: dropped %v", i, dropped)
				}
				return err
			})
			if i < 3 {
				if q, _ := s.FindSearchQueue(ctx, 10); len(q) != 2 || q[0].Attempts != i {
					t.Fatalf("after attempt %d: %+v", i, q)
				}
			}
		}
		left, _ := s.FindSearchQueue(ctx, 10)
		if len(left) != 1 || left[0].ID != all[2].ID {
			t.Fatalf("left: %+v", left)
		}
	})
}

// TestIndexNewDocsCountsOnce: a batch of new documents, one of which exists
// already and is replaced, leaves the statistics counting each document once
// with its current length, and every document findable.
func TestIndexNewDocsCountsOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
		doc := func(ref int64, terms ...string) *store.SearchDoc {
			return &store.SearchDoc{Kind: "request", RefID: ref, Audience: "agent", Title: "t", Body: "b",
				Terms: terms, UpdatedAt: now}
		}
		if err := s.Write(ctx, func(tx *store.Tx) error { return tx.IndexNewDoc(ctx, doc(2, "lot")) }); err != nil {
			t.Fatal(err)
		}
		batch := []*store.SearchDoc{doc(1, "lot", "dce"), doc(2, "paiement", "retard", "facture"), doc(3, "rejet")}
		if err := s.Write(ctx, func(tx *store.Tx) error { return tx.IndexNewDocs(ctx, batch) }); err != nil {
			t.Fatal(err)
		}
		c, err := s.SearchCollection(ctx, []string{"request"})
		if err != nil {
			t.Fatal(err)
		}
		if c.Docs != 3 || c.AvgLength != 2 {
			t.Fatalf("statistics: %d documents of %.2f terms; want 3 of 2", c.Docs, c.AvgLength)
		}
		for term, want := range map[string]int{"facture": 1, "lot": 1, "rejet": 1, "dce": 1} {
			got, err := s.SearchCandidates(ctx, store.SearchMatch{Any: []string{term}, Limit: 10})
			if err != nil || len(got) != want {
				t.Fatalf("%s: %d documents (%v), want %d", term, len(got), err, want)
			}
		}
	})
}

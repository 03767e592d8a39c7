package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/ticket"
)

// BenchmarkWorkspaceReads times what the workspace reads beside a page of the
// inbox, on the inbox benchmark's database (GUICHET_BENCH_TICKETS tickets,
// default 1,000,000, and n/20 companies with one contact each): the capped
// count of each view, and the call screen's caller lookup by phone, SIRET
// prefix and name (from its start, and words inside it). SQLite only: PostgreSQL answers the same queries from the
// same indexes.
func BenchmarkWorkspaceReads(b *testing.B) {
	n := benchTickets(b)
	s, err := store.Open(context.Background(), store.Options{DataDir: cachedSQLite(b, n)})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	agent := int64(1)
	views := map[string]ticket.Filter{
		"count_todo":       {States: []ticket.State{ticket.New, ticket.Open}},
		"count_mine":       {AssigneeID: agent, States: activeStates},
		"count_unassigned": {Unassigned: true, States: activeStates},
		"count_service":    {TeamIDs: []string{"travaux"}, States: []ticket.State{ticket.Escalated}},
		"count_waiting":    {States: []ticket.State{ticket.WaitingCompany}},
		"count_due":        {Sort: ticket.DueFirst},
		"count_all":        {},
	}
	for name, f := range views {
		b.Run(name, func(b *testing.B) {
			durs := make([]time.Duration, 0, 1024)
			for b.Loop() {
				began := time.Now()
				if _, err := s.CountTickets(ctx, f, 1001); err != nil {
					b.Fatal(err)
				}
				durs = append(durs, time.Since(began))
			}
			reportPercentiles(b, durs)
		})
	}
	lookups := map[string]store.CallerFilter{
		"caller_phone": {Phone: "+33472100777"},
		"caller_siret": {Digits: "443061"},
		"caller_name":  {Words: "entreprise 4711"},
		// No name starts so: the words are searched anywhere in every name.
		"caller_name_inside": {Words: "treprise 4711"},
	}
	for name, f := range lookups {
		b.Run(name, func(b *testing.B) {
			durs := make([]time.Duration, 0, 1024)
			for b.Loop() {
				began := time.Now()
				if _, err := s.FindCallers(ctx, f); err != nil {
					b.Fatal(err)
				}
				durs = append(durs, time.Since(began))
			}
			reportPercentiles(b, durs)
		})
	}
}

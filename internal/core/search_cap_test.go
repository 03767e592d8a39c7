package core_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/search"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/store/storetest"
)

// TestOldBestMatchBeatsManyNewerWeakOnes: the best request for a query is the
// oldest of the index, behind 600 newer ones that hold the same common words
// once each in a long text. Ranking only the 500 newest candidates missed it;
// it must come first, on both stores.
func TestOldBestMatchBeatsManyNewerWeakOnes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		ctx := context.Background()
		an := f.svc.Analyzer()
		index := func(tx *store.Tx, ref int64, title, body string) error {
			terms := append(an.Terms(title+"\n"+body), search.Marker("kind", core.KindRequest), search.Marker("topic", "paiement"))
			return tx.IndexDoc(ctx, &store.SearchDoc{Kind: core.KindRequest, RefID: ref, Topic: "paiement", Audience: "agent",
				Ref: fmt.Sprintf("2026-%06d", ref), Title: title, Body: body, Terms: terms,
				UpdatedAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(ref) * time.Minute)})
		}
		err := s.Write(ctx, func(tx *store.Tx) error {
			if err := index(tx, 1, "Intérêts moratoires", "Retard de paiement : notre facture est payée en retard, le paiement a trois mois de retard."); err != nil {
				return err
			}
			for i := range int64(600) {
				if err := index(tx, 2+i, fmt.Sprintf("Question n° %d", i), "Nous avons déposé notre offre sur la plateforme "+
					"et attendons la réponse de l'acheteur pour le marché de travaux de voirie ; le paiement de l'avance "+
					"viendra ensuite, sans retard espérons-le, avec la notification et l'ordre de service du lot "+fmt.Sprint(i%7)+"."); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		agent := f.actors[access.Agent]
		for _, q := range []string{
			"retard de paiement", // every document holds both words
			"intérêts moratoires pour un retard de paiement",      // rare words only the old one holds
			"sous-traitant payé en retard, intérêts moratoires ?", // no document holds every word
			"intérêts moratoires",                                 // rare words only: every match ranked
		} {
			res, err := f.svc.Search(ctx, agent, core.SearchInput{Q: q, Kinds: []string{core.KindRequest}, Limit: 5})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Hits) == 0 || res.Hits[0].ID != 1 {
				t.Errorf("%q: the old best match is not first: %v (total %d)", q, refs(res.Hits), res.Total)
			}
			t.Logf("%q: total %d, capped %v", q, res.Total, res.Capped)
			if q == "intérêts moratoires" && (res.Capped || res.Total != 1) {
				t.Errorf("%q: its words are rare, every match is ranked: total %d, capped %v", q, res.Total, res.Capped)
			}
		}
	})
}

package core_test

import (
	"context"
	"testing"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/store/storetest"
)

// TestCallersIgnoreCaseAndAccents: the call screen finds a company written in
// capitals with accents, and its contact, from words typed in lower case
// without accents.
func TestCallersIgnoreCaseAndAccents(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		agent := f.actors[access.Agent]
		call := phoneCall(core.CallResolved)
		call.Company.Name, call.Contact.Name = "ÉCOLE DU BOIS", "Zoé Lefèvre"
		if _, err := f.svc.LogCall(ctx, agent, call, "cle-fold"); err != nil {
			t.Fatal(err)
		}
		for typed, want := range map[string]string{"ecole": "ÉCOLE DU BOIS", "Ecole du": "ÉCOLE DU BOIS",
			"bois école": "ÉCOLE DU BOIS", "zoe lefevre": "Zoé Lefèvre", "LEFEVRE": "Zoé Lefèvre"} {
			found, err := f.svc.Callers(ctx, agent, typed)
			if err != nil || len(found) != 1 {
				t.Fatalf("lookup %q: %+v %v", typed, found, err)
			}
			got := found[0].Company.Name
			if found[0].Contact.ID != 0 {
				got = found[0].Contact.Name
			}
			if got != want {
				t.Errorf("lookup %q found %q, want %q", typed, got, want)
			}
		}
	})
}

package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/company"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/store/storetest"
)

// TestFindCompaniesBySIRETStart: digits are the start of a SIRET, read as a
// range of the SIRET index, right at the ends of the range ("…9" prefixes,
// the last SIRETs of all); words still search the names.
func TestFindCompaniesBySIRETStart(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		at := time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC)
		for _, c := range []company.Company{
			{SIRET: "44306184100047", Name: "Menuiserie Dupont"},
			{SIRET: "44399999900011", Name: "Plomberie Martin"},
			{SIRET: "44400000000017", Name: "Peinture Roux"},
			{SIRET: "99900000000011", Name: "Entreprise 999"},
		} {
			c.SIREN, c.CreatedAt, c.UpdatedAt = c.SIRET[:9], at, at
			if err := s.Write(ctx, func(tx *store.Tx) error { return tx.CreateCompany(ctx, &c) }); err != nil {
				t.Fatal(err)
			}
		}
		for text, want := range map[string][]string{
			"443":            {"44306184100047", "44399999900011"},
			"4439999":        {"44399999900011"},
			"444":            {"44400000000017"},
			"999":            {"99900000000011"},
			"44306184100047": {"44306184100047"},
			"12":             nil,
			"martin":         {"44399999900011"},
		} {
			found, _, err := s.FindCompanies(ctx, store.CompanyFilter{Text: text})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, c := range found {
				got = append(got, c.SIRET)
			}
			if !slices.Equal(got, want) {
				t.Errorf("%q found %v, want %v", text, got, want)
			}
		}
	})
}

package store_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/guichet/guichet/internal/company"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/store/storetest"
)

// TestNameSearchIgnoresCaseAndAccents: names typed in capitals with accents are
// found by their words in lower case without accents, and the other way round,
// by the caller lookup (from the start of a name through the folded-name
// indexes, anywhere through the trigram indexes) and by the company search; the
// SIRET and phone lookups are unchanged.
func TestNameSearchIgnoresCaseAndAccents(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		seedDirectory(t, s, []company.Company{
			{SIRET: "44306184100047", Name: "ÉCOLE DU BOIS"},
			{SIRET: "44306184100054", Name: "École Martin"},
			{SIRET: "44306184100062", Name: "SOCIÉTÉ DES EAUX"},
			{SIRET: "44306184100070", Name: "Menuiserie Durand"},
			{SIRET: "44306184100088", Name: "Cœur de Ville"},
		}, map[string][]string{"Menuiserie Durand": {"Zoé Lefèvre"}})
		ecoles := []string{"ÉCOLE DU BOIS", "École Martin"}
		for _, c := range []struct {
			words string
			want  []string
		}{
			{"école", ecoles}, {"ECOLE", ecoles}, {"Ecole", ecoles}, {"ecole", ecoles},
			{"ÉCOLE du", ecoles[:1]},
			{"martin ecole", ecoles[1:]},
			{"societe eaux", []string{"SOCIÉTÉ DES EAUX"}},
			{"eaux SOCIETE", []string{"SOCIÉTÉ DES EAUX"}},
			{"zoe lefevre", []string{"contact:Zoé Lefèvre"}},
			{"LEFEVRE", []string{"contact:Zoé Lefèvre"}},
			{"coeur", []string{"Cœur de Ville"}},
			{"ville cœur", []string{"Cœur de Ville"}},
		} {
			if got := callerNames(t, s, store.CallerFilter{Words: c.words}); !slices.Equal(got, c.want) {
				t.Errorf("caller lookup %q found %q, want %q", c.words, got, c.want)
			}
		}
		for _, c := range []struct {
			text string
			want []string
		}{
			{"école", ecoles}, {"ECOLE", ecoles}, {"Ecole", ecoles}, {"ecole", ecoles},
			{"societe eaux", []string{"SOCIÉTÉ DES EAUX"}},
			{"COEUR", []string{"Cœur de Ville"}},
			{"44306184100062", []string{"SOCIÉTÉ DES EAUX"}},
		} {
			list, _, err := s.FindCompanies(ctx, store.CompanyFilter{Text: c.text})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, co := range list {
				got = append(got, co.Name)
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("company search %q found %q, want %q", c.text, got, c.want)
			}
		}
		if got := callerNames(t, s, store.CallerFilter{Digits: "443061841000"}); len(got) != 5 {
			t.Errorf("SIRET start found %q, want the five companies", got)
		}
		durand, err := s.FindCompanyBySIRET(ctx, "44306184100070")
		if err != nil {
			t.Fatal(err)
		}
		err = s.Write(ctx, func(tx *store.Tx) error {
			return tx.CreateContact(ctx, &company.Contact{CompanyID: durand.ID, Name: "Hélène Œuvray",
				Phone: "+33612345678", CreatedAt: durand.CreatedAt})
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := callerNames(t, s, store.CallerFilter{Phone: "+33612345678"}); !slices.Equal(got, []string{"contact:Hélène Œuvray"}) {
			t.Errorf("phone lookup found %q", got)
		}
		if got := callerNames(t, s, store.CallerFilter{Words: "helene oeuvray"}); !slices.Equal(got, []string{"contact:Hélène Œuvray"}) {
			t.Errorf("caller lookup %q found %q", "helene oeuvray", got)
		}
		if list, _, err := s.FindCompanies(ctx, store.CompanyFilter{Phone: "+33612345678"}); err != nil || len(list) != 1 ||
			list[0].Name != "Menuiserie Durand" {
			t.Errorf("company search by phone: %v, %v", list, err)
		}
		if s.Dialect() == store.SQLite {
			// A backup's integrity check evaluates the folded-name indexes:
			// fold_name is known outside a Store too.
			dest := filepath.Join(t.TempDir(), "copy.db")
			if err := s.Backup(ctx, dest); err != nil {
				t.Fatal(err)
			}
			if verdict, err := store.CheckIntegrity(ctx, dest); err != nil || verdict != "ok" {
				t.Errorf("integrity of the backup: %q, %v", verdict, err)
			}
		}
	})
}

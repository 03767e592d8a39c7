package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/company"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/store/storetest"
)

// TestFindTicketParties: the company's name and SIRET and the contact's e-mail
// by id; empty for id 0 or an id with no row.
func TestFindTicketParties(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
		co := &company.Company{SIRET: "44306184100047", SIREN: "443061841", Name: "Menuiserie Dupont",
			SIRETValid: true, CreatedAt: now, UpdatedAt: now}
		ct := &company.Contact{Name: "Anne Dupont", Email: "anne@dupont.example", CreatedAt: now}
		err := s.Write(ctx, func(tx *store.Tx) error {
			if err := tx.CreateCompany(ctx, co); err != nil {
				return err
			}
			ct.CompanyID = co.ID
			return tx.CreateContact(ctx, ct)
		})
		if err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			company, contact  int64
			name, siret, mail string
		}{
			{co.ID, ct.ID, "Menuiserie Dupont", "44306184100047", "anne@dupont.example"},
			{co.ID, 0, "Menuiserie Dupont", "44306184100047", ""},
			{0, ct.ID, "", "", "anne@dupont.example"},
			{0, 0, "", "", ""},
			{co.ID + 1000, ct.ID + 1000, "", "", ""},
		}
		for _, c := range cases {
			err := s.Write(ctx, func(tx *store.Tx) error {
				got, mail, err := tx.FindTicketParties(ctx, c.company, c.contact)
				if err != nil {
					return err
				}
				if got.Name != c.name || got.SIRET != c.siret || mail != c.mail || got.ID != c.company {
					t.Errorf("parties(%d, %d) = %+v, %q; want %q %q %q", c.company, c.contact, got, mail, c.name, c.siret, c.mail)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}
	})
}

// TestIndexNewDocReplacesAnExistingOne: IndexNewDoc skips the lookup of a
// document to replace, but one that exists all the same is replaced, not
// doubled nor refused, and the collection statistics count it once.
func TestIndexNewDocReplacesAnExistingOne(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
		doc := func(title string, terms ...string) *store.SearchDoc {
			return &store.SearchDoc{Kind: "request", RefID: 42, Audience: "agent", Ref: "2026-000042", Title: title,
				Body: title, Terms: terms, UpdatedAt: now}
		}
		for _, d := range []*store.SearchDoc{doc("premier", "lot", "dce"), doc("second", "paiement", "retard", "facture")} {
			if err := s.Write(ctx, func(tx *store.Tx) error { return tx.IndexNewDoc(ctx, d) }); err != nil {
				t.Fatal(err)
			}
		}
		err := s.Write(ctx, func(tx *store.Tx) error {
			got, err := tx.FindSearchDoc(ctx, "request", 42)
			if err != nil {
				return err
			}
			if got == nil || got.Title != "second" {
				t.Errorf("indexed twice: got %+v, want the second version", got)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		c, err := s.SearchCollection(ctx, []string{"request"})
		if err != nil {
			t.Fatal(err)
		}
		if c.Docs != 1 || c.AvgLength != 3 {
			t.Fatalf("statistics: %d documents of %.1f terms; want 1 of 3", c.Docs, c.AvgLength)
		}
	})
}

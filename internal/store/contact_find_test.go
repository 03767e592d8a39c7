package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/company"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/store/storetest"
)

// TestFindContactPrefersEmailThenPhone: a creation finds its contact within the
// company by e-mail first (the oldest such contact), else by phone, preferring
// among the phone's contacts one with the e-mail typed (empty included); another
// company's contacts and the contacts without company stay apart.
func TestFindContactPrefersEmailThenPhone(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		at := time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC)
		var acme, other int64
		ids := map[string]int64{}
		err := s.Write(ctx, func(tx *store.Tx) error {
			for i, c := range []*company.Company{{SIRET: "44306184100047", Name: "Acme"}, {SIRET: "44400000000017", Name: "Autre"}} {
				c.SIREN, c.CreatedAt, c.UpdatedAt = c.SIRET[:9], at, at
				if err := tx.CreateCompany(ctx, c); err != nil {
					return err
				}
				if i == 0 {
					acme = c.ID
				} else {
					other = c.ID
				}
			}
			for _, k := range []struct {
				key, email, phone string
				company           *int64
			}{
				{"phone-first", "anne@acme.example", "+33472000001", &acme},
				{"email-later", "anne@acme.example", "+33472000099", &acme},
				{"phone-with-email", "paul@acme.example", "+33472000002", &acme},
				{"phone-no-email", "", "+33472000002", &acme},
				{"other-company", "zoe@autre.example", "+33472000003", &other},
				{"no-company", "zoe@autre.example", "+33472000003", nil},
			} {
				c := company.Contact{Name: k.key, Email: k.email, Phone: k.phone, CreatedAt: at}
				if k.company != nil {
					c.CompanyID = *k.company
				}
				if err := tx.CreateContact(ctx, &c); err != nil {
					return err
				}
				ids[k.key] = c.ID
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name         string
			company      *int64
			email, phone string
			want         string // key of the contact found, "" for none
		}{
			{"e-mail wins over phone, oldest first", &acme, "anne@acme.example", "+33472000002", "phone-first"},
			{"phone when the e-mail is unknown", &acme, "nobody@acme.example", "+33472000099", "email-later"},
			{"phone prefers the typed e-mail's contact", &acme, "", "+33472000002", "phone-no-email"},
			{"phone alone, contact with that e-mail first", &acme, "paul@acme.example", "+33472000002", "phone-with-email"},
			{"another company's contact is not found", &acme, "zoe@autre.example", "+33472000003", ""},
			{"its own company finds it", &other, "zoe@autre.example", "", "other-company"},
			{"contacts without company", nil, "", "+33472000003", "no-company"},
			{"nothing typed", &acme, "", "", ""},
		} {
			var companyID int64
			if tc.company != nil {
				companyID = *tc.company
			}
			var got company.Contact
			var found bool
			err := s.Write(ctx, func(tx *store.Tx) error {
				var err error
				got, found, err = tx.FindContact(ctx, companyID, tc.email, tc.phone)
				return err
			})
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			switch {
			case tc.want == "" && found:
				t.Errorf("%s: found contact %q, want none", tc.name, got.Name)
			case tc.want != "" && (!found || got.ID != ids[tc.want]):
				t.Errorf("%s: found %v %q, want %q", tc.name, found, got.Name, tc.want)
			}
		}
	})
}

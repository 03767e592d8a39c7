package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/guichet/guichet/internal/access"
)

// companyWithContacts is what the tests read of a company with its contacts.
type companyWithContacts struct {
	ID       int64
	SIRET    string
	Contacts []struct {
		ID                       int64
		Name, Role, Email, Phone *string
	}
}

func TestCompanyContactsWithRoles(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		var created companyWithContacts
		f.do(req{Method: "POST", Path: "/api/v1/companies", As: access.Agent, Body: map[string]any{
			"siret": "443 061 841 00047", "name": "Menuiserie Dupont",
			"contacts": []map[string]any{
				{"name": " Anne Dupont ", "role": "gérante", "email": "Anne@Dupont.example", "phone": "04 72 12 34 56"},
				{"name": "Marc Petit", "role": "responsable des marchés", "phone": "+33 6 12 34 56 78"},
				{"email": "contact@dupont.example"},
			}}}).decode(t, http.StatusCreated, &created)
		var got companyWithContacts
		f.do(req{Method: "GET", Path: "/api/v1/companies/44306184100047", As: access.Viewer}).decode(t, http.StatusOK, &got)
		if got.ID != created.ID || len(got.Contacts) != 3 || len(created.Contacts) != 3 {
			t.Fatalf("created %+v, read %+v", created, got)
		}
		str := func(p *string) string {
			if p == nil {
				return "<null>"
			}
			return *p
		}
		want := [][4]string{
			{"Anne Dupont", "gérante", "anne@dupont.example", "+33472123456"},
			{"Marc Petit", "responsable des marchés", "<null>", "+33612345678"},
			{"<null>", "<null>", "contact@dupont.example", "<null>"},
		}
		for i, c := range got.Contacts {
			have := [4]string{str(c.Name), str(c.Role), str(c.Email), str(c.Phone)}
			if have != want[i] || c.ID == 0 || c.ID != created.Contacts[i].ID {
				t.Errorf("contact %d: %v (id %d), want %v", i, have, c.ID, want[i])
			}
		}

		// A company without contacts lists none (an empty array, not null).
		var bare map[string]any
		f.do(req{Method: "POST", Path: "/api/v1/companies", As: access.Agent,
			Body: map[string]any{"siret": "73282932000074", "name": "Sans contact"}}).decode(t, http.StatusCreated, &bare)
		if cs, ok := bare["contacts"].([]any); !ok || len(cs) != 0 {
			t.Fatalf("contacts of a company without any: %#v", bare["contacts"])
		}
	})
}

func TestCompanyContactsBadInput(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		cases := []struct {
			name   string
			body   map[string]any
			status int
			fields []string // each must be named in the problem
		}{
			{"bad phone and e-mail, and bad SIRET, reported at once", map[string]any{"siret": "44306184100048",
				"name": "Menuiserie Dupont", "contacts": []map[string]any{
					{"name": "Anne", "phone": "04 72 12"}, {"name": "Marc", "email": "marc@"}}},
				422, []string{"siret", "contacts[0].phone", "contacts[1].email"}},
			{"empty contact", map[string]any{"siret": "44306184100047", "name": "Menuiserie Dupont",
				"contacts": []map[string]any{{"role": "gérante"}}}, 422, []string{"contacts[0]"}},
			{"role too long", map[string]any{"siret": "44306184100047", "name": "Menuiserie Dupont",
				"contacts": []map[string]any{{"name": "Anne", "role": strings.Repeat("r", 101)}}}, 422, []string{"contacts[0].role"}},
			{"same e-mail twice", map[string]any{"siret": "44306184100047", "name": "Menuiserie Dupont",
				"contacts": []map[string]any{{"email": "anne@dupont.example"}, {"email": "ANNE@dupont.example"}}},
				422, []string{"contacts[1].email"}},
			{"unknown contact field", map[string]any{"siret": "44306184100047", "name": "Menuiserie Dupont",
				"contacts": []map[string]any{{"name": "Anne", "fax": "04 72 00 00 00"}}}, 422, []string{"fax"}},
			{"contacts not a list", map[string]any{"siret": "44306184100047", "name": "Menuiserie Dupont",
				"contacts": "Anne"}, 422, []string{"contacts"}},
		}
		for _, c := range cases {
			p := f.do(req{Method: "POST", Path: "/api/v1/companies", As: access.Agent, Body: c.body}).problem(t, c.status)
			for _, field := range c.fields {
				if p.field(field) == "" {
					t.Errorf("%s: no error for %s in %+v", c.name, field, p.Errors)
				}
			}
		}
		// Nothing was half-written: neither the company nor any contact.
		if _, companies := f.counts(); companies != 0 {
			t.Fatalf("refused posts left %d companies", companies)
		}
		f.do(req{Method: "GET", Path: "/api/v1/companies/44306184100047", As: access.Agent}).problem(t, http.StatusNotFound)
	})
}

package api

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/guichet/guichet/internal/company"
	"github.com/guichet/guichet/internal/core"
)

// companyJSON is a company of the catalog: what a ticket shows of it, and more.
type companyJSON struct {
	ID int64 `json:"id"`
	companyRef
	NAF         *string   `json:"naf"`
	CommuneCode *string   `json:"commune_code"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// companyView renders a company; territory decides whether it is local.
func companyView(c *company.Company, territory company.Territory) companyJSON {
	return companyJSON{
		ID: c.ID,
		companyRef: companyRef{SIRET: c.SIRET, SIREN: c.SIREN, Name: c.Name, Size: string(c.Size),
			Departement: nonEmpty(c.Departement), Local: c.Local(territory), SIRETValid: c.SIRETValid},
		NAF: nonEmpty(c.NAF), CommuneCode: nonEmpty(c.CommuneCode),
		CreatedAt: c.CreatedAt.UTC(), UpdatedAt: c.UpdatedAt.UTC(),
	}
}

// companyContactJSON is one of a company's contacts, with its role.
type companyContactJSON struct {
	ID    int64   `json:"id"`
	Name  *string `json:"name"`
	Role  *string `json:"role"`
	Email *string `json:"email"`
	Phone *string `json:"phone"` // E.164
}

// companyDetailJSON is a company read alone or just created: with its contacts.
type companyDetailJSON struct {
	companyJSON
	Contacts []companyContactJSON `json:"contacts"`
}

func companyDetail(c *company.Company, contacts []company.Contact, territory company.Territory) companyDetailJSON {
	out := companyDetailJSON{companyJSON: companyView(c, territory), Contacts: []companyContactJSON{}}
	for _, k := range contacts {
		out.Contacts = append(out.Contacts, companyContactJSON{ID: k.ID, Name: nonEmpty(k.Name), Role: nonEmpty(k.Role),
			Email: nonEmpty(k.Email), Phone: nonEmpty(k.Phone)})
	}
	return out
}

// listCompanies shows one page of the catalog, optionally matching q (words of
// the name, or the start of a SIRET).
func (s *server) listCompanies(w http.ResponseWriter, r *http.Request) error {
	q := core.CompanyQuery{Text: strings.TrimSpace(r.URL.Query().Get("q"))}
	var err error
	if q.Limit, err = pageSize(r); err != nil {
		return err
	}
	if raw := r.URL.Query().Get("cursor"); raw != "" {
		if q.AfterID, err = companyCursor(raw); err != nil {
			return err
		}
	}
	found, more, err := s.core.Companies(r.Context(), actorOf(r), q)
	if err != nil {
		return err
	}
	out := page[companyJSON]{Items: items(found, func(c *company.Company) companyJSON {
		return companyView(c, s.core.Territory())
	})}
	if more && len(found) > 0 {
		out.NextCursor = encodeCursor("company", strconv.FormatInt(found[len(found)-1].ID, 10))
	}
	return writeJSON(w, http.StatusOK, out)
}

func companyCursor(raw string) (int64, error) {
	parts, err := decodeCursor(raw, "company", 2)
	if err != nil {
		return 0, err
	}
	return cursorInt(parts[0])
}

// createCompany adds a company to the catalog, with its contacts.
func (s *server) createCompany(w http.ResponseWriter, r *http.Request) error {
	var in core.NewCompany
	if err := s.decode(w, r, &in); err != nil {
		return err
	}
	c, contacts, err := s.core.CreateCompanyWithContacts(r.Context(), actorOf(r), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/companies/"+c.SIRET)
	return writeJSON(w, http.StatusCreated, companyDetail(c, contacts, s.core.Territory()))
}

// getCompany looks a company up by its SIRET, typed in any usual form
// ("443 061 841 00047" once URL-encoded), and shows it with its contacts.
func (s *server) getCompany(w http.ResponseWriter, r *http.Request) error {
	c, err := s.core.Company(r.Context(), actorOf(r), r.PathValue("siret"))
	if err != nil {
		return err
	}
	contacts, err := s.core.CompanyContacts(r.Context(), actorOf(r), c.ID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, companyDetail(c, contacts, s.core.Territory()))
}

package core

import (
	"context"
	"strings"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/company"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/phone"
	"github.com/guichet/guichet/internal/store"
)

// CompanyInput is a company as a form or the API gives it.
type CompanyInput struct {
	SIRET       string `json:"siret"`
	Name        string `json:"name,omitempty"`
	Size        string `json:"size,omitempty"`
	CommuneCode string `json:"commune_code,omitempty"`
	Departement string `json:"departement,omitempty"`
	NAF         string `json:"naf,omitempty"`
}

// ContactInput is a person as a form or the API gives it.
type ContactInput struct {
	Name  string `json:"name,omitempty"`
	Email string `json:"email,omitempty"`
	Phone string `json:"phone,omitempty"`
}

// normalize checks a company input and puts its identifiers in canonical form;
// field prefixes the field names of the errors ("company").
func (c *CompanyInput) normalize(field string) (*CompanyInput, error) {
	if c == nil {
		return nil, nil
	}
	out := *c
	var f errs.Fields
	var err error
	at := func(name string) string { return strings.TrimPrefix(field+"."+name, ".") } // "" + "siret" = "siret"
	if out.SIRET, err = company.NormalizeSIRET(c.SIRET); err != nil {
		f.AddErr(at("siret"), err)
	}
	out.Name = strings.TrimSpace(c.Name)
	if len(out.Name) > 200 {
		f.Add(at("name"), "nom trop long (200 caractères au plus)")
	}
	size, err := company.ParseSize(orDefault(c.Size, string(company.SizeUnknown)))
	if err != nil {
		f.AddErr(at("size"), err)
	}
	out.Size = string(size)
	if c.CommuneCode != "" {
		dep, err := company.DepartementFromCommune(strings.TrimSpace(c.CommuneCode))
		if err != nil {
			f.AddErr(at("commune_code"), err)
		}
		out.CommuneCode, out.Departement = strings.TrimSpace(c.CommuneCode), dep
	} else if c.Departement != "" && !company.ValidDepartement(strings.ToUpper(strings.TrimSpace(c.Departement))) {
		f.Add(at("departement"), "département inconnu « "+c.Departement+" »")
	} else {
		out.Departement = strings.ToUpper(strings.TrimSpace(c.Departement))
	}
	return &out, f.Err()
}

// normalize checks a contact input: e-mail and phone in canonical form (E.164).
func (c *ContactInput) normalize(field string) (*ContactInput, error) {
	if c == nil {
		return nil, nil
	}
	out := ContactInput{Name: strings.TrimSpace(c.Name)}
	var f errs.Fields
	var err error
	if strings.TrimSpace(c.Email) != "" {
		if out.Email, err = company.NormalizeEmail(c.Email); err == nil {
			out.Email = strings.ToLower(out.Email)
		} else {
			f.AddErr(field+".email", err)
		}
	}
	if strings.TrimSpace(c.Phone) != "" {
		if out.Phone, err = phone.Normalize(c.Phone); err != nil {
			f.AddErr(field+".phone", err)
		}
	}
	if len(out.Name) > 200 {
		f.Add(field+".name", "nom trop long (200 caractères au plus)")
	}
	return &out, f.Err()
}

// upsertCompany finds the company by SIRET, filling what it lacks from the input,
// or creates it, and returns it as stored. It returns nil when there is no
// company (anonymous caller).
func (s *Service) upsertCompany(ctx context.Context, tx *store.Tx, in *CompanyInput) (*company.Company, error) {
	if in == nil {
		return nil, nil
	}
	now := s.clock()
	c, err := tx.FindCompanyBySIRET(ctx, in.SIRET)
	if errs.Is(err, errs.NotFound) {
		if in.Name == "" {
			return nil, errs.Field("company.name", "le nom est obligatoire pour une entreprise encore inconnue")
		}
		c = &company.Company{SIRET: in.SIRET, SIREN: company.SIRENOf(in.SIRET), Name: in.Name,
			Size: company.Size(in.Size), NAF: in.NAF, CommuneCode: in.CommuneCode, Departement: in.Departement,
			SIRETValid: true, CreatedAt: now, UpdatedAt: now}
		return tx.EnsureCompany(ctx, c)
	}
	if err != nil {
		return nil, err
	}
	if fillCompany(c, in) {
		c.UpdatedAt = now
		if err := tx.UpdateCompany(ctx, c); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// fillCompany copies into c what it does not know yet; it never overwrites what the
// catalog already holds with what a caller typed.
func fillCompany(c *company.Company, in *CompanyInput) bool {
	changed := false
	fill := func(dst *string, v string) {
		if *dst == "" && v != "" {
			*dst, changed = v, true
		}
	}
	fill(&c.Name, in.Name)
	fill(&c.NAF, in.NAF)
	fill(&c.CommuneCode, in.CommuneCode)
	fill(&c.Departement, in.Departement)
	if c.Size == company.SizeUnknown && in.Size != string(company.SizeUnknown) {
		c.Size, changed = company.Size(in.Size), true
	}
	return changed
}

// upsertContact finds the contact by e-mail or phone within the company, or creates
// it, and returns it as stored. It returns nil when no contact was given.
func (s *Service) upsertContact(ctx context.Context, tx *store.Tx, companyID int64, in *ContactInput) (*company.Contact, error) {
	if in == nil || (in.Name == "" && in.Email == "" && in.Phone == "") {
		return nil, nil
	}
	if in.Email != "" || in.Phone != "" {
		c, found, err := tx.FindContact(ctx, companyID, in.Email, in.Phone)
		if err != nil {
			return nil, err
		}
		if found {
			if c.Name == "" || c.Email == "" || c.Phone == "" {
				c.Name, c.Email, c.Phone = orDefault(c.Name, in.Name), orDefault(c.Email, in.Email), orDefault(c.Phone, in.Phone)
				if err := tx.UpdateContact(ctx, &c); err != nil {
					return nil, err
				}
			}
			return &c, nil
		}
	}
	c := company.Contact{CompanyID: companyID, Name: in.Name, Email: in.Email, Phone: in.Phone, CreatedAt: s.clock()}
	if err := tx.CreateContact(ctx, &c); err != nil {
		return nil, err
	}
	return &c, nil
}

// CreateCompany adds a company to the catalog.
func (s *Service) CreateCompany(ctx context.Context, a access.Actor, in CompanyInput) (*company.Company, error) {
	if err := a.Check(access.WriteCompany, ""); err != nil {
		return nil, err
	}
	c, err := in.normalize("")
	if err != nil {
		return nil, err
	}
	if c.Name == "" {
		return nil, errs.Field("name", "le nom de l'entreprise est obligatoire")
	}
	now := s.clock()
	co := &company.Company{SIRET: c.SIRET, SIREN: company.SIRENOf(c.SIRET), Name: c.Name, Size: company.Size(c.Size),
		NAF: c.NAF, CommuneCode: c.CommuneCode, Departement: c.Departement, SIRETValid: true, CreatedAt: now, UpdatedAt: now}
	if err := s.store.Write(ctx, func(tx *store.Tx) error { return tx.CreateCompany(ctx, co) }); err != nil {
		return nil, err
	}
	return co, nil
}

// Company returns the company with this SIRET (typed in any usual form).
func (s *Service) Company(ctx context.Context, a access.Actor, siret string) (*company.Company, error) {
	if err := a.Check(access.ReadCompany, ""); err != nil {
		return nil, err
	}
	norm, err := company.NormalizeSIRET(siret)
	if err != nil {
		var f errs.Fields
		f.AddErr("siret", err)
		return nil, f.Err()
	}
	return s.store.FindCompanyBySIRET(ctx, norm)
}

// CompanyQuery selects companies for a list or a picker.
type CompanyQuery struct {
	Text    string
	AfterID int64
	Limit   int
}

// Companies lists companies by id; more is true when another page follows.
func (s *Service) Companies(ctx context.Context, a access.Actor, q CompanyQuery) (list []*company.Company, more bool, err error) {
	if err := a.Check(access.ReadCompany, ""); err != nil {
		return nil, false, err
	}
	return s.store.FindCompanies(ctx, companyFilter(q))
}

// companyFilter reads what an agent typed in the company picker: a phone number in
// any written form finds the company of the contact who has it, a SIRET typed with
// spaces is a SIRET, anything else is words of the name.
func companyFilter(q CompanyQuery) store.CompanyFilter {
	f := store.CompanyFilter{AfterID: q.AfterID, Limit: q.Limit}
	text := strings.TrimSpace(q.Text)
	digits := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, text)
	if e164, err := phone.Normalize(text); err == nil && !strings.HasPrefix(digits, "0000") && len(digits) >= 9 &&
		len(digits) != 14 {
		f.Phone = e164
		return f
	}
	if len(digits) >= 3 && len(digits) == len(strings.Join(strings.Fields(text), "")) {
		f.Text = digits // a SIRET or SIREN prefix typed with spaces
		return f
	}
	f.Text = text
	return f
}

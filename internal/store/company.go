package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/guichet/guichet/internal/company"
	"github.com/guichet/guichet/internal/errs"
)

const companyColumns = `id, siret, siren, name, size, naf, commune_code, departement, address, postal_code, siret_valid,
	created_at, updated_at`

func scanCompany(r scanner) (*company.Company, error) {
	var c company.Company
	var valid int
	err := r.Scan(&c.ID, &c.SIRET, &c.SIREN, &c.Name, &c.Size, &c.NAF, &c.CommuneCode, &c.Departement, &c.Address,
		&c.PostalCode, &valid,
		nullTime{&c.CreatedAt}, nullTime{&c.UpdatedAt})
	c.SIRETValid = valid == 1
	return &c, err
}

// FindCompanyBySIRET reads a company by its SIRET.
func (s *Store) FindCompanyBySIRET(ctx context.Context, siret string) (*company.Company, error) {
	return s.reader().FindCompanyBySIRET(ctx, siret)
}

// FindCompanyBySIRET reads a company by its SIRET inside the transaction.
func (t *Tx) FindCompanyBySIRET(ctx context.Context, siret string) (*company.Company, error) {
	c, err := scanCompany(t.queryRow(ctx, "SELECT "+companyColumns+" FROM companies WHERE siret = ?", siret))
	if isNoRows(err) {
		return nil, errs.E(errs.NotFound, "Aucune entreprise n'a le SIRET %s.", siret)
	}
	if err != nil {
		return nil, fmt.Errorf("store: find company %s: %w", siret, err)
	}
	return c, nil
}

// CompanyFilter selects companies.
type CompanyFilter struct {
	Text    string // words of the name, or the start of a SIRET/SIREN
	Phone   string // E.164: the companies one of whose contacts has this number
	AfterID int64
	Limit   int
}

// FindCompanies lists companies by id, optionally matching a text.
func (s *Store) FindCompanies(ctx context.Context, f CompanyFilter) ([]*company.Company, bool, error) {
	var w where
	switch {
	case f.Text != "" && strings.Trim(f.Text, "0123456789") == "":
		// Digits are the start of a SIRET (core reads a SIRET typed with spaces
		// so): a range of the SIRET index, where LIKE would read every company on
		// SQLite (its LIKE ignores a BINARY index) and on a PostgreSQL whose
		// collation is not C.
		if next := nextDigits(f.Text); next != "" {
			w.add("siret >= ? AND siret < ?", f.Text, next)
		} else {
			w.add("siret >= ?", f.Text)
		}
	case f.Text != "":
		// Every word anywhere in the name, in any order. On SQLite the rows
		// holding the rarest word come from the trigram index (0013) when it is
		// rare enough; a frequent word is left to the scan in id order, which
		// finds its page at once. PostgreSQL's pg_trgm index serves the LIKE terms.
		// Words and names are folded (fold.go): "societe" finds "SOCIÉTÉ".
		words := strings.Fields(fold(f.Text))
		for _, word := range words {
			w.add(`fold_name(name) LIKE ? ESCAPE '\'`, like(word))
		}
		if err := s.addTrigramCandidates(ctx, &w, companiesTrigram, "id", words); err != nil {
			return nil, false, err
		}
	}
	if f.Phone != "" {
		w.add("id IN (SELECT company_id FROM contacts WHERE phone = ?)", f.Phone)
	}
	if f.AfterID != 0 {
		w.add("id > ?", f.AfterID)
	}
	limit := f.Limit
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	rows, err := s.reader().query(ctx, "SELECT "+companyColumns+" FROM companies"+w.String()+
		fmt.Sprintf(" ORDER BY id LIMIT %d", limit+1), s.planEachTime(w.args)...)
	if err != nil {
		return nil, false, fmt.Errorf("store: find companies: %w", err)
	}
	defer rows.Close()
	var out []*company.Company
	for rows.Next() {
		c, err := scanCompany(rows)
		if err != nil {
			return nil, false, fmt.Errorf("store: find companies: %w", err)
		}
		out = append(out, c)
	}
	more := len(out) > limit
	if more {
		out = out[:limit]
	}
	return out, more, rows.Err()
}

// nextDigits is the first string of digits after every string that starts
// with the digits p ("443" → "444", "4499" → "45"), "" when there is none
// ("999"). Digits only, so that it holds in any collation: a ":" after the
// prefix (the next byte after "9") would sort before the digits in a French
// or English PostgreSQL collation, which ignores punctuation at first.
func nextDigits(p string) string {
	b := []byte(p)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < '9' {
			b[i]++
			return string(b[:i+1])
		}
	}
	return ""
}

// CreateCompany inserts a company; an existing SIRET is a conflict.
func (t *Tx) CreateCompany(ctx context.Context, c *company.Company) error {
	var err error
	c.ID, err = t.insert(ctx, `INSERT INTO companies (siret, siren, name, size, naf, commune_code, departement,
		siret_valid, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.SIRET, c.SIREN, c.Name, c.Size, c.NAF, c.CommuneCode, c.Departement, boolInt(c.SIRETValid),
		micros(c.CreatedAt), micros(c.UpdatedAt))
	if isUniqueViolation(err) {
		return errs.E(errs.Conflict, "Une entreprise a déjà le SIRET %s.", c.SIRET)
	}
	if err != nil {
		return fmt.Errorf("store: create company: %w", err)
	}
	return nil
}

// EnsureCompany inserts c unless a company with its SIRET exists, and returns the
// stored one either way. Two requests creating the same company at once both end
// with the one row (the second waits for the first, then reads it).
func (t *Tx) EnsureCompany(ctx context.Context, c *company.Company) (*company.Company, error) {
	_, err := t.exec(ctx, `INSERT INTO companies (siret, siren, name, size, naf, commune_code, departement,
		siret_valid, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (siret) DO NOTHING`,
		c.SIRET, c.SIREN, c.Name, c.Size, c.NAF, c.CommuneCode, c.Departement, boolInt(c.SIRETValid),
		micros(c.CreatedAt), micros(c.UpdatedAt))
	if err != nil {
		return nil, fmt.Errorf("store: ensure company: %w", err)
	}
	return t.FindCompanyBySIRET(ctx, c.SIRET)
}

// UpdateCompany writes a company's fields (the SIRET never changes).
func (t *Tx) UpdateCompany(ctx context.Context, c *company.Company) error {
	_, err := t.exec(ctx, `UPDATE companies SET name = ?, size = ?, naf = ?, commune_code = ?, departement = ?,
		updated_at = ? WHERE id = ?`, c.Name, c.Size, c.NAF, c.CommuneCode, c.Departement, micros(c.UpdatedAt), c.ID)
	if err != nil {
		return fmt.Errorf("store: update company: %w", err)
	}
	return nil
}

// UpsertCatalogCompany creates the company or updates it from the catalog (SIRENE),
// which is authoritative for the identity fields: name, size, NAF, address.
// Empty fields of c keep the stored value.
func (t *Tx) UpsertCatalogCompany(ctx context.Context, c *company.Company) (Upserted, error) {
	old, err := t.FindCompanyBySIRET(ctx, c.SIRET)
	if errs.Is(err, errs.NotFound) {
		_, err := t.insert(ctx, `INSERT INTO companies (siret, siren, name, size, naf, commune_code, departement, address,
			postal_code, siret_valid, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			c.SIRET, c.SIREN, c.Name, c.Size, c.NAF, c.CommuneCode, c.Departement, c.Address, c.PostalCode,
			boolInt(c.SIRETValid), micros(c.UpdatedAt), micros(c.UpdatedAt))
		if err != nil {
			return 0, fmt.Errorf("store: create company %s: %w", c.SIRET, err)
		}
		return Created, nil
	}
	if err != nil {
		return 0, err
	}
	m := *old
	for dst, v := range map[*string]string{&m.Name: c.Name, &m.NAF: c.NAF, &m.CommuneCode: c.CommuneCode,
		&m.Departement: c.Departement, &m.Address: c.Address, &m.PostalCode: c.PostalCode} {
		if v != "" {
			*dst = v
		}
	}
	if c.Size != "" && c.Size != company.SizeUnknown {
		m.Size = c.Size
	}
	if m == *old {
		return Unchanged, nil
	}
	_, err = t.exec(ctx, `UPDATE companies SET name = ?, size = ?, naf = ?, commune_code = ?, departement = ?, address = ?,
		postal_code = ?, updated_at = ? WHERE id = ?`, m.Name, m.Size, m.NAF, m.CommuneCode, m.Departement, m.Address,
		m.PostalCode, micros(c.UpdatedAt), old.ID)
	if err != nil {
		return 0, fmt.Errorf("store: update company %s: %w", c.SIRET, err)
	}
	return Updated, nil
}

// FindContact finds a company's contact (or a contact without company when
// companyID is 0) by e-mail, else by phone; found is false when none matches.
//
// It runs on every creation inside the writer's transaction, so it is two seeks
// rather than one statement with an OR: SQLite ran that as two index searches
// merged and sorted in a temporary B-tree (about 26 µs against 2 × 5 µs).
func (t *Tx) FindContact(ctx context.Context, companyID int64, email, phone string) (c company.Contact, found bool, err error) {
	const cols = `SELECT id, COALESCE(company_id, 0), name, email, phone, created_at FROM contacts `
	find := func(q string, args ...any) (bool, error) {
		err := t.queryRow(ctx, cols+q, args...).Scan(&c.ID, &c.CompanyID, &c.Name, &c.Email, &c.Phone, nullTime{&c.CreatedAt})
		if isNoRows(err) {
			return false, nil
		}
		if err != nil {
			return false, fmt.Errorf("store: find contact: %w", err)
		}
		return true, nil
	}
	if email != "" {
		if found, err = find(`WHERE email = ? AND COALESCE(company_id, 0) = ? ORDER BY id LIMIT 1`, email, companyID); found || err != nil {
			return c, found, err
		}
	}
	if phone != "" {
		found, err = find(`WHERE phone = ? AND COALESCE(company_id, 0) = ?
			ORDER BY CASE WHEN email = ? THEN 0 ELSE 1 END, id LIMIT 1`, phone, companyID, email)
	}
	return c, found, err
}

// CreateContact inserts a contact.
func (t *Tx) CreateContact(ctx context.Context, c *company.Contact) error {
	var err error
	c.ID, err = t.insert(ctx, `INSERT INTO contacts (company_id, name, email, phone, role, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		nullID(c.CompanyID), c.Name, c.Email, c.Phone, c.Role, micros(c.CreatedAt))
	if err != nil {
		return fmt.Errorf("store: create contact: %w", err)
	}
	return nil
}

// FindContactsOfCompany lists a company's contacts, the first recorded first.
func (s *Store) FindContactsOfCompany(ctx context.Context, companyID int64) ([]company.Contact, error) {
	rows, err := s.reader().query(ctx, `SELECT id, company_id, name, email, phone, role, created_at FROM contacts
		WHERE company_id = ? ORDER BY id LIMIT 200`, companyID)
	if err != nil {
		return nil, fmt.Errorf("store: contacts of company %d: %w", companyID, err)
	}
	defer rows.Close()
	out := []company.Contact{}
	for rows.Next() {
		var c company.Contact
		if err := rows.Scan(&c.ID, &c.CompanyID, &c.Name, &c.Email, &c.Phone, &c.Role, nullTime{&c.CreatedAt}); err != nil {
			return nil, fmt.Errorf("store: contacts of company %d: %w", companyID, err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// UpdateContact writes a contact's name, e-mail and phone.
func (t *Tx) UpdateContact(ctx context.Context, c *company.Contact) error {
	_, err := t.exec(ctx, `UPDATE contacts SET name = ?, email = ?, phone = ? WHERE id = ?`, c.Name, c.Email, c.Phone, c.ID)
	if err != nil {
		return fmt.Errorf("store: update contact: %w", err)
	}
	return nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// UpdateCompaniesBySIREN applies a legal unit's identity (SIRENE's StockUniteLegale)
// to every establishment of the catalog with that SIREN; it reports whether any
// row changed.
func (t *Tx) UpdateCompaniesBySIREN(ctx context.Context, u *company.Company) (Upserted, error) {
	res, err := t.exec(ctx, `UPDATE companies SET name = CASE WHEN ? <> '' THEN ? ELSE name END,
		size = CASE WHEN ? NOT IN ('', 'unknown') THEN ? ELSE size END, updated_at = ?
		WHERE siren = ? AND ((? <> '' AND name <> ?) OR (? NOT IN ('', 'unknown') AND size <> ?))`,
		u.Name, u.Name, u.Size, u.Size, micros(u.UpdatedAt), u.SIREN, u.Name, u.Name, u.Size, u.Size)
	if err != nil {
		return 0, fmt.Errorf("store: update companies of %s: %w", u.SIREN, err)
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return Updated, nil
	}
	return Unchanged, nil
}

// Package company holds the companies that call the cell, their identifiers
// and the rules that classify them: SIRET and SIREN checks, size under décret
// 2008-1354 as far as INSEE's SIRENE lets us know it, and whether a company is
// local, that is established in one of the territory's départements.
//
// The package is pure: standard library only, no I/O, no mutable globals.
// Its errors are *IDError values with a French message fit for the user.
package company

import "time"

// Company is an establishment that asked the cell something. It is keyed by
// its SIRET when one was given; SIRETValid records whether the SIRET passed
// its check, because an agent may still log a call with a mistyped one.
type Company struct {
	ID          int64
	SIRET       string // 14 digits, or "" when unknown
	SIREN       string // the first 9 digits of SIRET
	Name        string
	Size        Size
	NAF         string // activitePrincipaleEtablissement, e.g. "43.21A"
	CommuneCode string // INSEE commune code (not the postal code)
	Departement string // from CommuneCode, see DepartementFromCommune
	Address     string // street address, as the catalog (SIRENE) gives it
	PostalCode  string
	SIRETValid  bool
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Local reports whether the company is established in the territory. The
// département comes from Departement, or from CommuneCode when Departement
// is blank; a company whose département is unknown is not local, so the
// cell's share of local companies is never overstated.
func (c Company) Local(t Territory) bool {
	dep := c.Departement
	if dep == "" {
		if d, err := DepartementFromCommune(c.CommuneCode); err == nil {
			dep = d
		}
	}
	return dep != "" && t.Contains(dep)
}

// Contact is a person who speaks for a company: the caller, the author of an
// e-mail or of a web question.
type Contact struct {
	ID        int64
	CompanyID int64
	Name      string
	Email     string // as returned by NormalizeEmail
	Phone     string // E.164, as returned by phone.Normalize
	Role      string // e.g. "gérante", "responsable des marchés"
	CreatedAt time.Time
}

// IDError explains why an identifier or a code typed by someone was refused:
// a SIRET, a SIREN, a commune code, a département, a size, an e-mail address.
type IDError struct {
	Field  string // what was typed, in French: "SIRET", "code commune", …
	Input  string // the value as typed
	Reason string // a French explanation, fit to be shown as is
}

// Error returns a French message such as
// "SIRET invalide : 14 chiffres attendus, 12 reçus".
func (e *IDError) Error() string {
	return e.Field + " invalide : " + e.Reason
}

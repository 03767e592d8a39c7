package sirene

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/guichet/guichet/internal/company"
)

// Record is one row of a stock file, read and checked. On a legal-unit file
// SIRET, CommuneCode, Departement and PostalCode are empty and SIRETValid is
// false.
type Record struct {
	Line  int    // 1-based line of the row in the file (the header is line 1)
	SIRET string // 14 digits as in the file, even when the check fails
	SIREN string // the siren column, or the first 9 digits of SIRET
	// Name is the legal name when the file has it (StockUniteLegale, joined
	// extracts), else the establishment's usual name or sign; often blank
	// on StockEtablissement, see the package documentation.
	Name string
	// Size comes from company.SizeFromINSEE. On StockEtablissement it rests
	// on the establishment's headcount alone: replace it with the legal
	// unit's (WithUnit).
	Size        company.Size
	NAF         string // activitePrincipaleEtablissement, or …UniteLegale, "43.21A"
	CommuneCode string // codeCommuneEtablissement, INSEE code, not postal
	Departement string // from CommuneCode; "" when the code is missing or wrong
	PostalCode  string
	Active      bool // administrative state "A"
	SIRETValid  bool // SIRET passed company.ValidSIRET
	Warnings    []string
}

// RowError explains why a row was rejected. The stream goes on after it.
type RowError struct {
	Line   int    // 1-based line of the row in the file
	SIRET  string // as read; the SIREN on a legal-unit file; "" if none
	Reason string // French, names the column at fault
}

// Error returns "ligne 12 (SIRET 44306184100047) : colonne siret : …", or
// "(SIREN …)" on a legal-unit file.
func (e *RowError) Error() string {
	switch len(e.SIRET) {
	case 0:
		return "ligne " + strconv.Itoa(e.Line) + " : " + e.Reason
	case 9:
		return "ligne " + strconv.Itoa(e.Line) + " (SIREN " + e.SIRET + ") : " + e.Reason
	}
	return "ligne " + strconv.Itoa(e.Line) + " (SIRET " + e.SIRET + ") : " + e.Reason
}

// rowError builds the error for the row just read; column may be "".
func (r *Reader) rowError(fields []string, column, reason string) *RowError {
	id := ""
	for _, i := range []int{r.cols.siret, r.cols.siren} {
		if i >= 0 && i < len(fields) {
			if id = strings.TrimSpace(fields[i]); id != "" {
				break
			}
		}
	}
	if column != "" {
		reason = "colonne " + column + " : " + reason
	}
	return &RowError{Line: r.line, SIRET: id, Reason: reason}
}

// record builds the Record of a row that passed the filter.
func (r *Reader) record(f []string) (Record, *RowError) {
	c := &r.cols
	rec := Record{
		Line:   r.line,
		Name:   r.name(f),
		Size:   company.SizeFromINSEE(field(f, c.tranche), field(f, c.categorie)),
		NAF:    field(f, c.naf),
		Active: c.etat >= 0 && field(f, c.etat) == "A",
	}
	if !utf8.ValidString(rec.Name) {
		rec.Name = strings.ToValidUTF8(rec.Name, "\uFFFD")
		rec.warn("dénomination", "caractères qui ne sont pas de l'UTF-8, remplacés par « \uFFFD »")
	}
	if r.kind == LegalUnitFile {
		return rec, r.unitIdentity(f, &rec)
	}
	if err := r.identity(f, &rec); err != nil {
		return rec, err
	}
	return rec, r.place(f, &rec)
}

// identity reads and checks SIRET and SIREN. A SIRET that fails its check is
// kept and flagged: the company exists in SIRENE under that number, and the
// cell must still find it when it calls.
func (r *Reader) identity(f []string, rec *Record) *RowError {
	rec.SIRET = field(f, r.cols.siret)
	if rec.SIRET == "" {
		return r.rowError(f, "siret", "SIRET absent")
	}
	rec.SIRETValid = company.ValidSIRET(rec.SIRET)
	if !rec.SIRETValid {
		// Digits with separators are valid once cleaned, and cleaned is
		// what the catalog keys on; anything else is kept as written.
		if clean, err := company.NormalizeSIRET(rec.SIRET); err != nil {
			rec.warn("siret", err.Error())
		} else {
			rec.SIRET, rec.SIRETValid = clean, true
			rec.warn("siret", "séparateurs retirés")
		}
	}
	rec.SIREN = company.SIRENOf(rec.SIRET)
	if siren := field(f, r.cols.siren); r.cols.siren >= 0 && siren != rec.SIREN {
		rec.warn("siren", "« "+siren+" » ne correspond pas au SIRET ; SIREN pris dans le SIRET")
	}
	return nil
}

// unitIdentity reads the SIREN of a legal-unit row, kept and flagged when it
// fails its check, like a SIRET.
func (r *Reader) unitIdentity(f []string, rec *Record) *RowError {
	rec.SIREN = field(f, r.cols.siren)
	if rec.SIREN == "" {
		return r.rowError(f, "siren", "SIREN absent")
	}
	if !company.ValidSIREN(rec.SIREN) {
		if clean, err := company.NormalizeSIREN(rec.SIREN); err != nil {
			rec.warn("siren", err.Error())
		} else {
			rec.SIREN = clean
			rec.warn("siren", "séparateurs retirés")
		}
	}
	return nil
}

// place reads the commune, the département and the postal code. Without a
// filter a missing or wrong commune code is a warning (establishments abroad
// have none); with one, a wrong code whose prefix matched the filter is a
// rejection, since the row cannot be shown to belong to the territory.
func (r *Reader) place(f []string, rec *Record) *RowError {
	rec.PostalCode = field(f, r.cols.postal)
	rec.CommuneCode = field(f, r.cols.commune)
	dep, err := company.DepartementFromCommune(rec.CommuneCode)
	switch {
	case err == nil:
		rec.Departement = dep
	case r.deps != nil:
		return r.rowError(f, "codeCommuneEtablissement", err.Error())
	case rec.CommuneCode == "":
		rec.warn("codeCommuneEtablissement", "code commune absent (établissement à l'étranger ?) : département inconnu")
	default:
		rec.warn("codeCommuneEtablissement", err.Error())
	}
	return nil
}

// name picks the first non-blank name column, then the name of an
// entrepreneur individuel. INSEE writes "[ND]" for what a person asked not
// to publish: it is no name.
func (r *Reader) name(f []string) string {
	for _, i := range r.cols.names {
		if n := field(f, i); n != "" && n != "[ND]" {
			return n
		}
	}
	family := field(f, r.cols.nomUsage)
	if family == "" || family == "[ND]" {
		family = field(f, r.cols.nom)
	}
	if family == "" || family == "[ND]" {
		return ""
	}
	if first := field(f, r.cols.prenom); first != "" && first != "[ND]" {
		return first + " " + family
	}
	return family
}

// warn adds a warning about one column.
func (rec *Record) warn(column, msg string) {
	rec.Warnings = append(rec.Warnings, "colonne "+column+" : "+msg)
}

// field returns the trimmed value of column i, or "" when the file has no
// such column.
func field(f []string, i int) string {
	if i < 0 || i >= len(f) {
		return ""
	}
	return strings.TrimSpace(f[i])
}

package sirene

import (
	"fmt"
	"strings"
)

// FileKind tells the two stock files apart.
type FileKind int

// The kinds of file. An establishment file has a siret column; a legal-unit
// file has siren and no siret.
const (
	EstablishmentFile FileKind = iota + 1 // StockEtablissement: one line per SIRET
	LegalUnitFile                         // StockUniteLegale: one line per SIREN
)

// String names the file as INSEE does.
func (k FileKind) String() string {
	switch k {
	case EstablishmentFile:
		return "StockEtablissement"
	case LegalUnitFile:
		return "StockUniteLegale"
	}
	return "inconnu"
}

// HeaderError says why the header line cannot be read as a SIRENE stock
// file. Missing lists the absent columns, as INSEE spells them.
type HeaderError struct {
	Missing []string
	Reason  string // French, fit to be shown as is
}

// Error returns a French message naming the missing columns.
func (e *HeaderError) Error() string {
	msg := "en-tête SIRENE invalide : " + e.Reason
	if len(e.Missing) > 0 {
		msg += " ; colonne(s) manquante(s) : " + strings.Join(e.Missing, ", ")
	}
	return msg
}

// columns holds the index of each column the reader uses, -1 when absent.
type columns struct {
	siren, siret       int
	names              []int // name candidates, best first
	nom, nomUsage      int   // entrepreneurs individuels: family names
	prenom             int   // and usual first name
	tranche, categorie int
	postal, commune    int
	naf, etat          int
}

// header maps lower-cased column names to their index.
type header map[string]int

// col returns the index of the first of names present in the header, or -1.
func (h header) col(names ...string) int {
	for _, n := range names {
		if i, ok := h[strings.ToLower(n)]; ok {
			return i
		}
	}
	return -1
}

// newHeader indexes a header line. Names are compared without case and
// without surrounding spaces; a column named twice is refused, since the
// reader could not know which one holds the data.
func newHeader(fields []string) (header, error) {
	h := make(header, len(fields))
	for i, f := range fields {
		name := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(f, "\ufeff")))
		if name == "" {
			continue
		}
		if _, dup := h[name]; dup {
			return nil, &HeaderError{Reason: fmt.Sprintf("la colonne « %s » apparaît deux fois", strings.TrimSpace(f))}
		}
		h[name] = i
	}
	return h, nil
}

// mapColumns finds the columns of an establishment or a legal-unit file and
// checks that the ones the reader needs are there.
func mapColumns(h header, o Options) (columns, FileKind, error) {
	c := columns{
		siren:     h.col("siren"),
		siret:     h.col("siret"),
		nom:       h.col("nomUniteLegale"),
		nomUsage:  h.col("nomUsageUniteLegale"),
		prenom:    h.col("prenomUsuelUniteLegale", "prenom1UniteLegale"),
		categorie: h.col("categorieEntreprise"),
	}
	switch {
	case c.siret >= 0:
		return c, EstablishmentFile, c.mapEstablishment(h, o)
	case c.siren >= 0:
		return c, LegalUnitFile, c.mapLegalUnit(h, o)
	}
	return c, 0, &HeaderError{
		Missing: []string{"siret", "siren"},
		Reason:  "ni StockEtablissement (colonne siret) ni StockUniteLegale (colonne siren)",
	}
}

// mapEstablishment reads the columns of StockEtablissement. The legal-unit
// columns are used too when the file is a joined extract that has them.
func (c *columns) mapEstablishment(h header, o Options) error {
	c.names = present(h, "denominationUniteLegale", "denominationUsuelleEtablissement",
		"enseigne1Etablissement", "denominationUsuelle1UniteLegale")
	c.tranche = h.col("trancheEffectifsUniteLegale", "trancheEffectifsEtablissement")
	c.postal = h.col("codePostalEtablissement")
	c.commune = h.col("codeCommuneEtablissement")
	c.naf = h.col("activitePrincipaleEtablissement")
	c.etat = h.col("etatAdministratifEtablissement")
	var missing []string
	need := func(i int, name string) {
		if i < 0 {
			missing = append(missing, name)
		}
	}
	need(c.commune, "codeCommuneEtablissement")
	need(c.postal, "codePostalEtablissement")
	need(c.naf, "activitePrincipaleEtablissement")
	need(c.etat, "etatAdministratifEtablissement")
	need(c.tranche, "trancheEffectifsEtablissement (ou trancheEffectifsUniteLegale)")
	if len(c.names) == 0 && c.nom < 0 {
		missing = append(missing, "denominationUsuelleEtablissement (ou enseigne1Etablissement, denominationUniteLegale)")
	}
	if missing != nil {
		return &HeaderError{Missing: missing, Reason: "fichier StockEtablissement incomplet"}
	}
	return nil
}

// mapLegalUnit reads the columns of StockUniteLegale. Such a file has no
// commune, so it cannot be filtered by département.
func (c *columns) mapLegalUnit(h header, o Options) error {
	if len(o.Departements) > 0 {
		return &HeaderError{Reason: "un fichier StockUniteLegale n'a pas de code commune : " +
			"il ne se filtre pas par département (lisez-le sans filtre, voir la documentation du paquet)"}
	}
	c.names = present(h, "denominationUniteLegale", "denominationUsuelle1UniteLegale", "sigleUniteLegale")
	c.tranche = h.col("trancheEffectifsUniteLegale")
	c.naf = h.col("activitePrincipaleUniteLegale")
	c.etat = h.col("etatAdministratifUniteLegale")
	c.postal, c.commune = -1, -1
	var missing []string
	for _, name := range []string{"denominationUniteLegale", "categorieEntreprise",
		"trancheEffectifsUniteLegale", "activitePrincipaleUniteLegale"} {
		if h.col(name) < 0 {
			missing = append(missing, name)
		}
	}
	if o.ActiveOnly && c.etat < 0 {
		missing = append(missing, "etatAdministratifUniteLegale")
	}
	if missing != nil {
		return &HeaderError{Missing: missing, Reason: "fichier StockUniteLegale incomplet"}
	}
	return nil
}

// present returns the indexes of the named columns that exist, in order.
func present(h header, names ...string) []int {
	var out []int
	for _, n := range names {
		if i := h.col(n); i >= 0 {
			out = append(out, i)
		}
	}
	return out
}

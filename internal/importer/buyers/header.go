package buyers

import (
	"fmt"
	"strings"
)

// The columns, by canonical name. A header may spell them in either case,
// with or without accents, with spaces or dashes for underscores
// ("Profil acheteur", "Téléphone"), and "name" and "phone" are accepted for
// "nom" and "telephone".
const (
	colSIRET   = "siret"
	colName    = "nom"
	colKind    = "type"
	colEmail   = "email"
	colPhone   = "telephone"
	colProfile = "profil_acheteur"
	colQA      = "questions_reponses"
	colOwn     = "notre_organisation"
)

// aliases maps every accepted spelling, once canonicalised, to its column.
var aliases = map[string]string{
	"siret": colSIRET, "nom": colName, "name": colName, "type": colKind,
	"email": colEmail, "e_mail": colEmail, "courriel": colEmail,
	"telephone": colPhone, "phone": colPhone, "tel": colPhone,
	"profil_acheteur": colProfile, "questions_reponses": colQA, "notre_organisation": colOwn,
}

// required are the columns without which a row cannot make a buyer.
var required = []string{colSIRET, colName, colKind}

// HeaderError says why the header line cannot be read.
type HeaderError struct {
	Missing []string // canonical names of the missing columns
	Reason  string   // French, fit to be shown as is
}

// Error returns a French message naming the missing columns.
func (e *HeaderError) Error() string {
	msg := "en-tête du fichier des acheteurs invalide : " + e.Reason
	if len(e.Missing) > 0 {
		msg += " ; colonne(s) manquante(s) : " + strings.Join(e.Missing, ", ")
	}
	return msg
}

// columns maps canonical column names to their index in the row.
type columns map[string]int

// mapHeader finds the columns. It refuses a header that names a column
// twice (as "nom" and "name", say) or lacks a required one, and returns one
// warning listing the columns it does not know, which it ignores.
func mapHeader(fields []string) (columns, []string, error) {
	cols := columns{}
	var unknown []string
	for i, f := range fields {
		name := strings.TrimSpace(strings.TrimPrefix(f, "\ufeff"))
		if name == "" {
			continue
		}
		col, ok := aliases[canonical(name)]
		if !ok {
			unknown = append(unknown, "« "+name+" »")
			continue
		}
		if _, dup := cols[col]; dup {
			return nil, nil, &HeaderError{Reason: fmt.Sprintf("la colonne %s apparaît deux fois (« %s »)", col, name)}
		}
		cols[col] = i
	}
	var missing []string
	for _, c := range required {
		if _, ok := cols[c]; !ok {
			missing = append(missing, c)
		}
	}
	if missing != nil {
		return nil, nil, &HeaderError{Missing: missing, Reason: "colonnes attendues : siret, nom, type, " +
			"et au choix email, telephone, profil_acheteur, questions_reponses, notre_organisation"}
	}
	var warnings []string
	if unknown != nil {
		warnings = append(warnings, "colonne(s) inconnue(s), ignorée(s) : "+strings.Join(unknown, ", "))
	}
	return cols, warnings, nil
}

// canonical lower-cases a name, drops the accents French uses and turns
// spaces, dashes, slashes and dots into underscores: "Questions/Réponses"
// and "questions-reponses" both read "questions_reponses", "Tél." "tel".
func canonical(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(s)) {
		switch r {
		case 'à', 'â', 'ä':
			r = 'a'
		case 'é', 'è', 'ê', 'ë':
			r = 'e'
		case 'î', 'ï':
			r = 'i'
		case 'ô', 'ö':
			r = 'o'
		case 'ù', 'û', 'ü':
			r = 'u'
		case 'ç':
			r = 'c'
		case ' ', '-', '/', '\'', '’', '.':
			r = '_'
		}
		b.WriteRune(r)
	}
	return strings.Trim(b.String(), "_")
}

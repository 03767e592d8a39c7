package company

import "strings"

// Size is a company's category under décret 2008-1354 (article 51 of the loi
// de modernisation de l'économie), as the cell reports it. The values are
// stable identifiers for storage and the API; Label gives the French text.
type Size string

// The sizes. SizeUnknown is a value, not an absence: most callers never give
// their headcount, and reports count them apart.
const (
	TPE         Size = "tpe"     // micro-entreprise: < 10 staff, ≤ 2 M€
	PME         Size = "pme"     // < 250 staff, ≤ 50 M€ turnover or ≤ 43 M€ balance sheet
	ETI         Size = "eti"     // < 5,000 staff
	GE          Size = "ge"      // grande entreprise: the rest
	SizeUnknown Size = "unknown" // not given, not found in SIRENE
)

// ParseSize reads a size as stored or as shown: its identifier ("pme") or its
// label ("PME (petite ou moyenne entreprise)"), ignoring case and surrounding
// spaces. A blank string is SizeUnknown, so that an unanswered form field or
// an empty column reads as "we do not know". Anything else is an *IDError.
func ParseSize(s string) (Size, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return SizeUnknown, nil
	}
	for _, size := range [...]Size{TPE, PME, ETI, GE, SizeUnknown} {
		if strings.EqualFold(t, string(size)) || strings.EqualFold(t, size.Label()) {
			return size, nil
		}
	}
	return "", &IDError{
		Field:  "taille d'entreprise",
		Input:  s,
		Reason: "« " + shorten(t) + " » n'est pas une taille connue ; valeurs admises : TPE, PME, ETI, GE",
	}
}

// Label returns the French label shown to agents and in reports; any value
// that is not one of the constants reads as unknown.
func (s Size) Label() string {
	switch s {
	case TPE:
		return "TPE (micro-entreprise)"
	case PME:
		return "PME (petite ou moyenne entreprise)"
	case ETI:
		return "ETI (entreprise de taille intermédiaire)"
	case GE:
		return "GE (grande entreprise)"
	}
	return "taille inconnue"
}

// SizeFromINSEE derives a size from two columns of the SIRENE stock file:
// trancheEffectifsUniteLegale (headcount bracket) and categorieEntreprise.
//
// Décret 2008-1354 classifies on headcount and on turnover or balance sheet,
// counted over the enterprise with its linked companies. SIRENE publishes
// no turnover; INSEE computes categorieEntreprise (PME, ETI or GE) with the
// full criteria and the group, so it is the better source when present. But
// INSEE has no TPE category: micro-enterprises are inside PME. So:
//
//  1. ETI or GE: keep it. A holding or a subsidiary with no staff of its own
//     belongs to a large group, and is not a micro-enterprise in law.
//  2. Otherwise a bracket under 10 staff (NN non-employer, 00, 01 1–2,
//     02 3–5, 03 6–9) makes a TPE: the only way to tell TPE from PME, on
//     headcount alone since the turnover is unknown.
//  3. Otherwise PME when INSEE says so.
//  4. With no category (new units, not yet computed), the bracket alone:
//     10–249 staff PME, 250–4,999 ETI, 5,000 and more GE.
//  5. Anything else (blank, unknown codes) is SizeUnknown.
func SizeFromINSEE(tranche, categorie string) Size {
	tranche = strings.ToUpper(strings.TrimSpace(tranche))
	categorie = strings.ToUpper(strings.TrimSpace(categorie))
	switch {
	case categorie == "ETI":
		return ETI
	case categorie == "GE":
		return GE
	}
	bySize := sizeFromTranche(tranche)
	switch {
	case bySize == TPE:
		return TPE
	case categorie == "PME":
		return PME
	}
	return bySize
}

// sizeFromTranche maps INSEE's headcount brackets to a size.
func sizeFromTranche(tranche string) Size {
	switch tranche {
	case "NN", "00", "01", "02", "03":
		return TPE
	case "11", "12", "21", "22", "31":
		return PME
	case "32", "41", "42", "51":
		return ETI
	case "52", "53":
		return GE
	}
	return SizeUnknown
}

package tender

import "strings"

// ContractTypeOf returns the contract type a CPV code suggests: division 45 is
// works, 03 to 44 and 48 supplies, 50 to 98 services. It returns "" for a code
// outside those ranges. A notice that states its type wins over this guess: a
// supply contract may well include installation services.
func ContractTypeOf(cpv string) ContractType {
	div := Division(cpv)
	if div == "" {
		return ""
	}
	n := int(div[0]-'0')*10 + int(div[1]-'0')
	switch {
	case n == 45:
		return Works
	case n >= 3 && n <= 44, n == 48:
		return Supplies
	case n >= 50 && n <= 98:
		return Services
	}
	return ""
}

// ParseContractType reads the contract type as notices write it: BOAMP's
// type_marche (TRAVAUX, SERVICES, FOURNITURES), the legacy XML's element names
// (SERVICE, FOURNITURE), eForms codes (works, supplies, services) and French
// labels in any case, with or without accents. ok is false for anything else.
func ParseContractType(label string) (ContractType, bool) {
	switch foldLabel(label) {
	case "travaux", "travail", "works", "work":
		return Works, true
	case "fournitures", "fourniture", "supplies", "supply":
		return Supplies, true
	case "services", "service":
		return Services, true
	}
	return "", false
}

// foldLabel lower-cases, trims and strips the French accents and typographic
// apostrophes of a label, so that comparisons survive the ways notices write it.
func foldLabel(s string) string {
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
		case '’', '‘', 'ʼ':
			r = '\''
		case '\u00a0', '\u202f', '\t', '\n':
			r = ' '
		}
		b.WriteRune(r)
	}
	return b.String()
}

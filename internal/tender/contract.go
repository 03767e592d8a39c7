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

// foldLabel folds a label with Fold and makes every apostrophe the ASCII
// one, so that comparisons survive the ways notices write labels.
func foldLabel(s string) string {
	return apostrophes.Replace(Fold(s))
}

var apostrophes = strings.NewReplacer("‘", "'", "ʼ", "'", "`", "'")

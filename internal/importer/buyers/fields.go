package buyers

import (
	"net/url"
	"strings"

	"github.com/guichet/guichet/internal/tender"
)

// kinds maps the accepted values of the type column, once canonicalised,
// to a kind: French and English, with or without accents.
var kinds = map[string]tender.BuyerKind{
	"region": tender.Region, "departement": tender.Departement, "department": tender.Departement,
	"commune": tender.Commune, "ville": tender.Commune, "city": tender.Commune, "municipality": tender.Commune,
	"hopital": tender.Hospital, "hospital": tender.Hospital, "centre_hospitalier": tender.Hospital, "chu": tender.Hospital,
	"etat": tender.State, "state": tender.State, "service_de_l_etat": tender.State,
	"autre": tender.OtherBuyer, "other": tender.OtherBuyer,
}

// kindValues lists the values the error message offers.
const kindValues = "region, departement, commune, hopital, etat, autre (ou en anglais : region, department, city, hospital, state, other)"

// ParseKind reads a buyer type as people write it: "Région", "département",
// "hôpital", "État", "city", "other"… It reports false for anything else.
func ParseKind(s string) (tender.BuyerKind, bool) {
	k, ok := kinds[canonical(s)]
	return k, ok
}

// parseBool reads the notre_organisation column. Blank is false: most
// buyers are not the cell's own organisation.
func parseBool(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "oui", "o", "vrai", "true", "yes", "y", "1", "x":
		return true, true
	case "", "non", "n", "faux", "false", "no", "0":
		return false, true
	}
	return false, false
}

// parseURL accepts an absolute http or https URL with a host, and returns
// it trimmed. The reason is French, "" when the URL is fine.
func parseURL(s string) (string, string) {
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return "", "adresse web illisible"
	case u.Scheme == "" || u.Host == "" && u.Opaque != "":
		return "", "adresse web incomplète : elle doit commencer par https:// (ou http://)"
	case u.Scheme != "https" && u.Scheme != "http":
		return "", "seules les adresses http:// et https:// sont acceptées"
	case u.Host == "" || strings.HasPrefix(u.Host, ":"):
		return "", "adresse web sans nom de domaine"
	}
	return s, ""
}

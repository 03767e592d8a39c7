package boamp

import "strings"

// readLegacy reads a notice in the legacy BOAMP schema (Boamp_v230.xsd and
// its JSON rendering in donnees): IDENTITE, OBJET, PROCEDURE, CONDITION_DELAI,
// ATTRIBUTION.
func readLegacy(d map[string]any) details {
	obj := d["OBJET"]
	out := details{
		object:    firstText(obj, []string{"OBJET_COMPLET"}, []string{"TITRE_MARCHE"}),
		contract:  choice(get(obj, "TYPE_MARCHE")),
		procedure: legacyProcedure(choice(get(d, "PROCEDURE", "TYPE_PROCEDURE"))),
		deadline:  textAt(d, "CONDITION_DELAI", "RECEPT_OFFRES"),
		amount: firstText(d, []string{"OBJET", "CARACTERISTIQUES", "VALEUR_TOTALE"}, []string{"OBJET", "CARACTERISTIQUES", "MONTANT"},
			[]string{"OBJET", "VALEUR_TOTALE"}, []string{"ATTRIBUTION", "VALEUR_TOTALE"}, []string{"ATTRIBUTION", "DECISION", "MONTANT"}),
		buyer: legacyBuyer(d["IDENTITE"]),
	}
	for _, c := range list(get(obj, "CPV")) {
		out.cpvs = append(out.cpvs, texts(get(c, "PRINCIPAL"))...)
	}
	for _, l := range list(get(obj, "LOTS", "LOT")) {
		out.lots = append(out.lots, lotText{
			number: textAt(l, "NUM"),
			title:  firstText(l, []string{"INTITULE"}, []string{"DESCRIPTION"}),
			cpv:    textAt(l, "CPV", "PRINCIPAL"),
		})
	}
	for _, dec := range list(get(d, "ATTRIBUTION", "DECISION")) {
		for _, t := range list(get(dec, "TITULAIRE")) {
			out.winners = append(out.winners, winnerText{name: textAt(t, "DENOMINATION"), siret: legacySIRET(t)})
		}
	}
	return out
}

// legacyBuyer reads IDENTITE, the buyer of a legacy notice.
func legacyBuyer(id any) buyerText {
	return buyerText{
		name:       textAt(id, "DENOMINATION"),
		siret:      legacySIRET(id),
		email:      textAt(id, "MEL"),
		phone:      textAt(id, "TEL"),
		profileURL: firstText(id, []string{"URL_PROFIL_ACHETEUR"}, []string{"URL"}),
	}
}

// legacySIRET reads the SIRET of a buyer or winner; the schema named it
// differently over the years, and most notices have none.
func legacySIRET(v any) string {
	return firstText(v, []string{"SIRET"}, []string{"CODE_IDENT_NATIONAL"}, []string{"NUM_SIRET"})
}

// legacyProcedures names the TYPE_PROCEDURE elements as the product shows
// procedures, so that tender.IsFormalised reads them like BOAMP's labels.
var legacyProcedures = map[string]string{
	"OUVERT":              "Appel d'offres ouvert",
	"RESTREINT":           "Appel d'offres restreint",
	"PROCEDURE_ADAPTE":    "Procédure adaptée",
	"PROCEDURE_ADAPTEE":   "Procédure adaptée",
	"NEGOCIE":             "Procédure avec négociation",
	"NEGOCIATION":         "Procédure avec négociation",
	"DIALOGUE_COMPETITIF": "Dialogue compétitif",
	"CONCOURS":            "Concours",
}

func legacyProcedure(name string) string {
	if label, ok := legacyProcedures[name]; ok {
		return label
	}
	if name == "" {
		return ""
	}
	r := []rune(strings.ToLower(strings.ReplaceAll(name, "_", " ")))
	return strings.ToUpper(string(r[:1])) + string(r[1:])
}

package boamp

// readFrenchForm reads the French national forms BOAMP published from 2019 to
// the eForms switch: {"FNSimple": {"initial": …}} and {"MAPA": {"initial": …}},
// with "attribution" or "rectificatif" instead of "initial" for later notices.
func readFrenchForm(v any) details {
	form := first(v)
	part := get(form, "initial")
	if part == nil {
		part = get(form, "attribution")
	}
	if part == nil {
		part = get(form, "rectificatif")
	}
	nature := get(part, "natureMarche")
	out := details{
		object:   textAt(nature, "description"),
		contract: textAt(nature, "type"),
		cpvs:     texts(get(nature, "codeCPV", "objetPrincipal", "classPrincipale")),
		deadline: firstText(part, []string{"delais", "receptionOffres"}, []string{"procedure", "dateReceptionOffres"}),
		amount: firstText(part, []string{"natureMarche", "valeurEstimee", "fourchette", "valeurHaute"},
			[]string{"natureMarche", "valeurEstimee", "valeur"}, []string{"resultat", "attribue", "montant", "valeur"},
			[]string{"attribution", "resultat", "attribue", "montant", "valeur"}),
		buyer: buyerText{
			email: textAt(part, "communication", "adresseMailContact"),
			phone: textAt(part, "communication", "telContact"),
		},
	}
	for _, l := range list(get(part, "lots", "lot")) {
		out.lots = append(out.lots, lotText{
			number: firstText(l, []string{"numero"}, []string{"numLot"}, []string{"num"}),
			title:  firstText(l, []string{"intitule"}, []string{"description"}),
			cpv:    textAt(l, "codeCPV", "objetPrincipal", "classPrincipale"),
		})
	}
	return out
}

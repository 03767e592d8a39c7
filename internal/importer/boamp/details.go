package boamp

// details is what the body of a notice says — the donnees of a JSON record,
// or the XML notice itself — as written, before any check. record.go checks
// it and merges it with the record's columns.
type details struct {
	idweb, nature, status string // XML notices only: JSON records have columns for them
	object                string
	published             string
	deadline              string
	procedure             string
	contract              string // contract type as written: TRAVAUX, SERVICE, works…
	cpvs                  []string
	lots                  []lotText
	amount                string
	buyer                 buyerText
	winners               []winnerText
	departements          []string
	descriptors           []string
	urgent                bool
}

type lotText struct{ number, title, cpv string }

type buyerText struct{ name, siret, email, phone, profileURL string }

type winnerText struct{ name, siret string }

// readBody reads the body of a notice whatever its shape: eForms
// ({"EFORMS": {"ContractNotice": …}}), the French forms of 2019–2023
// ({"FNSimple": …}, {"MAPA": …}) and the legacy schema derived from the XML
// notices ({"IDENTITE": …, "OBJET": …}). Shapes it does not know still give
// their CPV codes when a known CPV element can be found anywhere in them.
func readBody(body map[string]any) details {
	var d details
	switch {
	case body["EFORMS"] != nil:
		d = readEForms(body["EFORMS"])
	case body["FNSimple"] != nil:
		d = readFrenchForm(body["FNSimple"])
	case body["MAPA"] != nil:
		d = readFrenchForm(body["MAPA"])
	case body["OBJET"] != nil || body["IDENTITE"] != nil:
		d = readLegacy(body)
	}
	if len(d.cpvs) == 0 && len(d.lots) == 0 {
		d.cpvs = anyCPV(body)
	}
	return d
}

// anyCPV looks for the CPV elements of every known schema anywhere in a body.
func anyCPV(body map[string]any) []string {
	var out []string
	for _, v := range findAll(body, "classPrincipale") {
		out = append(out, texts(v)...)
	}
	for _, v := range findAll(body, "cbc:ItemClassificationCode") {
		out = append(out, texts(v)...)
	}
	for _, v := range findAll(body, "CPV") {
		for _, c := range list(v) {
			out = append(out, texts(get(c, "PRINCIPAL"))...)
		}
	}
	for _, v := range findAll(body, "CPV_CODE") { // TED's legacy forms: <CPV_CODE CODE="45000000"/>
		out = append(out, textAt(v, "@CODE"))
	}
	return out
}

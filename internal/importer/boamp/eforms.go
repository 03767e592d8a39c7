package boamp

import "strings"

// readEForms reads an eForms notice (the European forms BOAMP has used since
// 2023), as BOAMP renders the UBL XML in JSON: "cac:"/"cbc:" keys, values as
// {"#text": …, "@listName": …}. The notice is the first object under EFORMS:
// ContractNotice, ContractAwardNotice, PriorInformationNotice.
func readEForms(v any) details {
	root := eformsNotice(v)
	proj := get(root, "cac:ProcurementProject")
	out := details{
		object:    firstText(proj, []string{"cbc:Name"}, []string{"cbc:Description"}),
		contract:  textAt(proj, "cbc:ProcurementTypeCode"),
		procedure: eformsProcedure(textAt(root, "cac:TenderingProcess", "cbc:ProcedureCode")),
		amount:    textAt(proj, "cac:RequestedTenderTotal", "cbc:EstimatedOverallContractAmount"),
		cpvs:      eformsCPVs(proj),
	}
	if total := textAt(extension(root, "efac:NoticeResult"), "cbc:TotalAmount"); total != "" {
		out.amount = total // an award notice: what was awarded, not what was estimated
	}
	orgs := eformsOrganizations(root)
	out.buyer = eformsBuyer(root, orgs)
	out.winners = eformsWinners(root, orgs)
	for i, lot := range list(get(root, "cac:ProcurementProjectLot")) {
		lp := get(lot, "cac:ProcurementProject")
		out.lots = append(out.lots, lotText{
			number: textAt(lot, "cbc:ID"),
			title:  firstText(lp, []string{"cbc:Name"}, []string{"cbc:Description"}),
			cpv:    textAt(lp, "cac:MainCommodityClassification", "cbc:ItemClassificationCode"),
		})
		if i == 0 {
			out.deadline = eformsDeadline(get(lot, "cac:TenderingProcess", "cac:TenderSubmissionDeadlinePeriod"))
			out.urgent = eformsAccelerated(get(lot, "cac:TenderingProcess"))
		}
	}
	return out
}

// eformsNotice returns the notice under EFORMS, whatever its type.
func eformsNotice(v any) any {
	m, ok := first(v).(map[string]any)
	if !ok {
		return nil
	}
	if name := choice(m); name != "" {
		return m[name]
	}
	return nil
}

// extension returns an element of the notice's eForms extension
// (ext:UBLExtensions/…/efext:EformsExtension), where eForms keeps the
// organisations and the results; wherever else BOAMP put it when the path
// differs.
func extension(root any, key string) any {
	ext := get(root, "ext:UBLExtensions", "ext:UBLExtension", "ext:ExtensionContent", "efext:EformsExtension")
	if v := get(ext, key); v != nil {
		return v
	}
	return find(root, key)
}

// eformsCPVs returns the main then the additional CPV codes of a project.
func eformsCPVs(proj any) []string {
	cpvs := texts(get(proj, "cac:MainCommodityClassification", "cbc:ItemClassificationCode"))
	for _, add := range list(get(proj, "cac:AdditionalCommodityClassification")) {
		cpvs = append(cpvs, texts(get(add, "cbc:ItemClassificationCode"))...)
	}
	return cpvs
}

// eformsDeadline joins the EndDate ("2026-10-15+02:00") and EndTime
// ("12:00:00+02:00") of a submission deadline into one date-time.
func eformsDeadline(period any) string {
	date, clock := textAt(period, "cbc:EndDate"), textAt(period, "cbc:EndTime")
	if date == "" || clock == "" || len(date) < 10 {
		return date
	}
	return date[:10] + "T" + clock
}

// eformsAccelerated reports the accelerated-procedure justification of BT-106.
func eformsAccelerated(process any) bool {
	for _, j := range list(get(process, "cac:ProcessJustification")) {
		code := get(j, "cbc:ProcessReasonCode")
		if textAt(code, "@listName") == "accelerated-procedure" && text(code) == "true" {
			return true
		}
	}
	return false
}

// eformsProcedures names the procurement-procedure-type codes as BOAMP's
// procedure_libelle does.
var eformsProcedures = map[string]string{
	"open":        "Procédure ouverte",
	"restricted":  "Procédure restreinte",
	"neg-w-call":  "Procédure avec négociation",
	"neg-wo-call": "Procédure négociée sans publicité",
	"comp-dial":   "Dialogue compétitif",
	"innovation":  "Partenariat d'innovation",
	"oth-single":  "Autre procédure en une étape",
	"oth-mult":    "Autre procédure en plusieurs étapes",
}

func eformsProcedure(code string) string {
	if label, ok := eformsProcedures[strings.ToLower(code)]; ok {
		return label
	}
	return code
}

// organization is one efac:Organization of the notice, by its ORG-… id.
type organization struct {
	id string
	buyerText
}

// eformsOrganizations reads the organisations the notice names.
func eformsOrganizations(root any) []organization {
	var orgs []organization
	for _, o := range list(get(extension(root, "efac:Organizations"), "efac:Organization")) {
		c := get(o, "efac:Company")
		orgs = append(orgs, organization{
			id: textAt(c, "cac:PartyIdentification", "cbc:ID"),
			buyerText: buyerText{
				name:       firstText(c, []string{"cac:PartyName", "cbc:Name"}, []string{"cbc:Name"}),
				siret:      textAt(c, "cac:PartyLegalEntity", "cbc:CompanyID"),
				email:      textAt(c, "cac:Contact", "cbc:ElectronicMail"),
				phone:      textAt(c, "cac:Contact", "cbc:Telephone"),
				profileURL: firstText(c, []string{"cbc:BuyerProfileURI"}, []string{"cbc:WebsiteURI"}),
			},
		})
	}
	return orgs
}

// eformsBuyer returns the organisation the contracting party points to, or
// the first one when the notice does not say.
func eformsBuyer(root any, orgs []organization) buyerText {
	party := get(root, "cac:ContractingParty")
	id := textAt(party, "cac:Party", "cac:PartyIdentification", "cbc:ID")
	var b buyerText
	for i, o := range orgs {
		if o.id == id || (i == 0 && id == "") {
			b = o.buyerText
			break
		}
	}
	if uri := textAt(party, "cbc:BuyerProfileURI"); uri != "" {
		b.profileURL = uri
	}
	return b
}

// eformsWinners returns the organisations named as tenderers of the results
// (efac:TenderingParty/efac:Tenderer) of an award notice.
func eformsWinners(root any, orgs []organization) []winnerText {
	var out []winnerText
	for _, party := range findAll(extension(root, "efac:NoticeResult"), "efac:TenderingParty") {
		for _, p := range list(party) {
			for _, t := range list(get(p, "efac:Tenderer")) {
				id := textAt(t, "cbc:ID")
				for _, o := range orgs {
					if o.id == id && id != "" {
						out = append(out, winnerText{name: o.name, siret: o.siret})
					}
				}
			}
		}
	}
	return out
}

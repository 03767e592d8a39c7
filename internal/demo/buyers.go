package demo

import (
	"fmt"
	"hash/fnv"

	"github.com/guichet/guichet/internal/company"
	"github.com/guichet/guichet/internal/tender"
)

// buyer is a public buyer of the demo catalog, with what the generator needs
// to draw its tenders.
type buyer struct {
	tender.Buyer
	family string   // the key of its tenders in otherKinds
	towns  []string // its seat first, then the towns of its département, for {ville} and sector lots
	dep    string   // département of its seat
	weight int      // how many tenders it publishes, relatively
}

// buyerEntry is a real public buyer by its real name; everything else about
// it (SIRET, contacts, URLs) is made up.
type buyerEntry struct {
	name   string
	kind   tender.BuyerKind
	family string
	host   string // the label of its made-up domain: host.example
	town   string
	dep    string
	prefix string // its landlines' first four digits
	weight int
}

// regionSIRET is the real SIRET of the Région Auvergne-Rhône-Alpes, the cell's
// own organisation by default: BOAMP notices carry it, so an import of real
// notices into a demo database finds the demo's region.
const regionSIRET = "20005376700014"

// buyerEntries are the other buyers: the territory's départements, cities and
// their groupings, hospitals, State services and public bodies, and a few from
// elsewhere whose tenders local companies also answer.
var buyerEntries = []buyerEntry{
	{"Département de l'Ain", tender.Departement, "departement", "ain", "Bourg-en-Bresse", "01", "0474", 4},
	{"Département de l'Allier", tender.Departement, "departement", "allier", "Moulins", "03", "0470", 3},
	{"Département de l'Ardèche", tender.Departement, "departement", "ardeche", "Privas", "07", "0475", 3},
	{"Département du Cantal", tender.Departement, "departement", "cantal", "Aurillac", "15", "0471", 2},
	{"Département de la Drôme", tender.Departement, "departement", "drome", "Valence", "26", "0475", 4},
	{"Département de l'Isère", tender.Departement, "departement", "isere", "Grenoble", "38", "0476", 7},
	{"Département de la Loire", tender.Departement, "departement", "loire", "Saint-Étienne", "42", "0477", 5},
	{"Département de la Haute-Loire", tender.Departement, "departement", "hauteloire", "Le Puy-en-Velay", "43", "0471", 2},
	{"Département du Puy-de-Dôme", tender.Departement, "departement", "puydedome", "Clermont-Ferrand", "63", "0473", 5},
	{"Département du Rhône", tender.Departement, "departement", "rhone", "Lyon", "69", "0472", 5},
	{"Département de la Savoie", tender.Departement, "departement", "savoie", "Chambéry", "73", "0479", 4},
	{"Département de la Haute-Savoie", tender.Departement, "departement", "hautesavoie", "Annecy", "74", "0450", 5},
	{"Métropole de Lyon", tender.OtherBuyer, "epci", "grandlyon", "Lyon", "69", "0478", 10},
	{"Grenoble-Alpes Métropole", tender.OtherBuyer, "epci", "lametro", "Grenoble", "38", "0476", 6},
	{"Saint-Étienne Métropole", tender.OtherBuyer, "epci", "saintetiennemetropole", "Saint-Étienne", "42", "0477", 5},
	{"Clermont Auvergne Métropole", tender.OtherBuyer, "epci", "clermontmetropole", "Clermont-Ferrand", "63", "0473", 5},
	{"Grand Annecy", tender.OtherBuyer, "epci", "grandannecy", "Annecy", "74", "0450", 3},
	{"Grand Chambéry", tender.OtherBuyer, "epci", "grandchambery", "Chambéry", "73", "0479", 3},
	{"Valence Romans Agglo", tender.OtherBuyer, "epci", "valenceromansagglo", "Valence", "26", "0475", 3},
	{"Communauté d'agglomération du Puy-en-Velay", tender.OtherBuyer, "epci", "agglo-lepuy", "Le Puy-en-Velay", "43", "0471", 2},
	{"Montluçon Communauté", tender.OtherBuyer, "epci", "montlucon-communaute", "Montluçon", "03", "0470", 2},
	{"Vichy Communauté", tender.OtherBuyer, "epci", "vichy-communaute", "Vichy", "03", "0470", 2},
	{"Grand Bourg Agglomération", tender.OtherBuyer, "epci", "grandbourg", "Bourg-en-Bresse", "01", "0474", 2},
	{"Annemasse Agglo", tender.OtherBuyer, "epci", "annemasse-agglo", "Annemasse", "74", "0450", 2},
	{"Roannais Agglomération", tender.OtherBuyer, "epci", "roannais-agglo", "Roanne", "42", "0477", 2},
	{"Vienne Condrieu Agglomération", tender.OtherBuyer, "epci", "vienne-condrieu", "Vienne", "38", "0474", 2},
	{"Ville de Lyon", tender.Commune, "commune", "lyon", "Lyon", "69", "0472", 8},
	{"Ville de Villeurbanne", tender.Commune, "commune", "villeurbanne", "Villeurbanne", "69", "0478", 4},
	{"Ville de Vénissieux", tender.Commune, "commune", "venissieux", "Vénissieux", "69", "0472", 3},
	{"Ville de Saint-Priest", tender.Commune, "commune", "saint-priest", "Saint-Priest", "69", "0478", 2},
	{"Ville de Grenoble", tender.Commune, "commune", "grenoble", "Grenoble", "38", "0476", 5},
	{"Ville d'Échirolles", tender.Commune, "commune", "echirolles", "Échirolles", "38", "0476", 2},
	{"Ville de Saint-Martin-d'Hères", tender.Commune, "commune", "saintmartindheres", "Saint-Martin-d'Hères", "38", "0476", 2},
	{"Commune de Voiron", tender.Commune, "commune", "voiron", "Voiron", "38", "0476", 2},
	{"Ville de Vienne", tender.Commune, "commune", "vienne", "Vienne", "38", "0474", 2},
	{"Ville de Bourgoin-Jallieu", tender.Commune, "commune", "bourgoinjallieu", "Bourgoin-Jallieu", "38", "0474", 2},
	{"Ville de Saint-Étienne", tender.Commune, "commune", "saint-etienne", "Saint-Étienne", "42", "0477", 4},
	{"Ville de Roanne", tender.Commune, "commune", "roanne", "Roanne", "42", "0477", 2},
	{"Commune de Montbrison", tender.Commune, "commune", "montbrison", "Montbrison", "42", "0477", 1},
	{"Ville de Clermont-Ferrand", tender.Commune, "commune", "clermont-ferrand", "Clermont-Ferrand", "63", "0473", 4},
	{"Commune de Riom", tender.Commune, "commune", "riom", "Riom", "63", "0473", 1},
	{"Ville d'Issoire", tender.Commune, "commune", "issoire", "Issoire", "63", "0473", 1},
	{"Ville de Thiers", tender.Commune, "commune", "thiers", "Thiers", "63", "0473", 1},
	{"Ville de Chambéry", tender.Commune, "commune", "chambery", "Chambéry", "73", "0479", 3},
	{"Ville d'Aix-les-Bains", tender.Commune, "commune", "aixlesbains", "Aix-les-Bains", "73", "0479", 2},
	{"Ville d'Albertville", tender.Commune, "commune", "albertville", "Albertville", "73", "0479", 1},
	{"Ville d'Annecy", tender.Commune, "commune", "annecy", "Annecy", "74", "0450", 3},
	{"Ville d'Annemasse", tender.Commune, "commune", "annemasse", "Annemasse", "74", "0450", 2},
	{"Ville de Thonon-les-Bains", tender.Commune, "commune", "thonon", "Thonon-les-Bains", "74", "0450", 2},
	{"Ville de Valence", tender.Commune, "commune", "valence", "Valence", "26", "0475", 3},
	{"Ville de Montélimar", tender.Commune, "commune", "montelimar", "Montélimar", "26", "0475", 2},
	{"Ville de Romans-sur-Isère", tender.Commune, "commune", "romans", "Romans-sur-Isère", "26", "0475", 1},
	{"Ville de Bourg-en-Bresse", tender.Commune, "commune", "bourgenbresse", "Bourg-en-Bresse", "01", "0474", 2},
	{"Ville d'Oyonnax", tender.Commune, "commune", "oyonnax", "Oyonnax", "01", "0474", 1},
	{"Ville de Montluçon", tender.Commune, "commune", "montlucon", "Montluçon", "03", "0470", 2},
	{"Ville de Moulins", tender.Commune, "commune", "moulins", "Moulins", "03", "0470", 1},
	{"Ville de Vichy", tender.Commune, "commune", "vichy", "Vichy", "03", "0470", 2},
	{"Ville de Privas", tender.Commune, "commune", "privas", "Privas", "07", "0475", 1},
	{"Ville d'Annonay", tender.Commune, "commune", "annonay", "Annonay", "07", "0475", 1},
	{"Commune d'Aubenas", tender.Commune, "commune", "aubenas", "Aubenas", "07", "0475", 1},
	{"Ville d'Aurillac", tender.Commune, "commune", "aurillac", "Aurillac", "15", "0471", 1},
	{"Ville du Puy-en-Velay", tender.Commune, "commune", "lepuyenvelay", "Le Puy-en-Velay", "43", "0471", 1},
	{"Hospices civils de Lyon", tender.Hospital, "hospital", "chu-lyon", "Lyon", "69", "0472", 7},
	{"CHU Grenoble Alpes", tender.Hospital, "hospital", "chu-grenoble", "Grenoble", "38", "0476", 5},
	{"CHU de Clermont-Ferrand", tender.Hospital, "hospital", "chu-clermontferrand", "Clermont-Ferrand", "63", "0473", 4},
	{"CHU de Saint-Étienne", tender.Hospital, "hospital", "chu-st-etienne", "Saint-Étienne", "42", "0477", 4},
	{"Centre hospitalier Annecy Genevois", tender.Hospital, "hospital", "ch-annecygenevois", "Annecy", "74", "0450", 2},
	{"Centre hospitalier Métropole Savoie", tender.Hospital, "hospital", "ch-metropole-savoie", "Chambéry", "73", "0479", 2},
	{"Centre hospitalier de Valence", tender.Hospital, "hospital", "ch-valence", "Valence", "26", "0475", 2},
	{"Centre hospitalier de Vienne", tender.Hospital, "hospital", "ch-vienne", "Vienne", "38", "0474", 1},
	{"Centre hospitalier de Bourg-en-Bresse", tender.Hospital, "hospital", "ch-bourg", "Bourg-en-Bresse", "01", "0474", 1},
	{"Centre hospitalier de Roanne", tender.Hospital, "hospital", "ch-roanne", "Roanne", "42", "0477", 1},
	{"Centre hospitalier de Montluçon", tender.Hospital, "hospital", "ch-montlucon", "Montluçon", "03", "0470", 1},
	{"Centre hospitalier Émile-Roux du Puy-en-Velay", tender.Hospital, "hospital", "ch-lepuy", "Le Puy-en-Velay", "43", "0471", 1},
	{"Centre hospitalier d'Aurillac", tender.Hospital, "hospital", "ch-aurillac", "Aurillac", "15", "0471", 1},
	{"Préfecture de la région Auvergne-Rhône-Alpes", tender.State, "state", "prefecture-ara", "Lyon", "69", "0472", 2},
	{"Direction régionale de l'environnement, de l'aménagement et du logement Auvergne-Rhône-Alpes", tender.State, "state", "dreal-ara", "Lyon", "69", "0426", 2},
	{"Direction interdépartementale des routes Centre-Est", tender.State, "state", "dir-centre-est", "Lyon", "69", "0478", 3},
	{"Direction départementale des territoires de l'Isère", tender.State, "state", "ddt38", "Grenoble", "38", "0476", 1},
	{"Direction départementale des territoires du Puy-de-Dôme", tender.State, "state", "ddt63", "Clermont-Ferrand", "63", "0473", 1},
	{"Rectorat de l'académie de Lyon", tender.State, "state", "ac-lyon", "Lyon", "69", "0472", 2},
	{"Rectorat de l'académie de Grenoble", tender.State, "state", "ac-grenoble", "Grenoble", "38", "0476", 2},
	{"Rectorat de l'académie de Clermont-Ferrand", tender.State, "state", "ac-clermont", "Clermont-Ferrand", "63", "0473", 1},
	{"Université Grenoble Alpes", tender.OtherBuyer, "university", "univ-grenoble-alpes", "Grenoble", "38", "0476", 3},
	{"Université Clermont Auvergne", tender.OtherBuyer, "university", "uca", "Clermont-Ferrand", "63", "0473", 2},
	{"Université Claude Bernard Lyon 1", tender.OtherBuyer, "university", "univ-lyon1", "Villeurbanne", "69", "0472", 3},
	{"SDIS du Rhône", tender.OtherBuyer, "sdis", "sdis69", "Lyon", "69", "0472", 2},
	{"SDIS de l'Isère", tender.OtherBuyer, "sdis", "sdis38", "Grenoble", "38", "0476", 2},
	{"SDIS du Puy-de-Dôme", tender.OtherBuyer, "sdis", "sdis63", "Clermont-Ferrand", "63", "0473", 1},
	{"Lyon Métropole Habitat", tender.OtherBuyer, "housing", "lmh", "Lyon", "69", "0472", 2},
	{"Alpes Isère Habitat", tender.OtherBuyer, "housing", "alpes-isere-habitat", "Grenoble", "38", "0476", 2},
	{"Ministère des Armées – Secrétariat général pour l'administration", tender.State, "state", "sga-defense", "Paris", "75", "0144", 2},
	{"Direction interministérielle du numérique", tender.State, "state", "dinum", "Paris", "75", "0142", 1},
	{"Préfecture de la région Bourgogne-Franche-Comté", tender.State, "state", "prefecture-bfc", "Dijon", "21", "0380", 1},
	{"Région Bourgogne-Franche-Comté", tender.Region, "region", "bourgognefranchecomte", "Dijon", "21", "0380", 2},
	{"Département de Saône-et-Loire", tender.Departement, "departement", "saoneetloire", "Mâcon", "71", "0385", 2},
	{"Ville de Dijon", tender.Commune, "commune", "dijon", "Dijon", "21", "0380", 1},
	{"Assistance publique – Hôpitaux de Paris", tender.Hospital, "hospital", "aphp", "Paris", "75", "0140", 2},
}

// sirenPrefix starts the made-up SIREN of a public buyer the way real ones
// start: 1 for the State, 20 for regions and groupings, 21 for communes, 22 for
// départements, 26 for hospitals, 28 for SDIS, 27 for housing offices.
func sirenPrefix(e buyerEntry) string {
	switch e.family {
	case "state", "university":
		return "130"
	case "region", "epci":
		return "200"
	case "commune":
		return "21" + e.dep
	case "departement":
		return "22" + e.dep
	case "hospital":
		return "26" + e.dep
	case "sdis":
		return "28" + e.dep
	}
	return "27" + e.dep
}

// makeBuyers builds the catalog's buyers: the region (our own organisation)
// first, then the others. Their SIRETs and phones depend on their names only,
// so that every demo has the same buyers; their e-mail addresses and URLs are
// under the reserved .example domain, so that no mail can reach a real mailbox.
func makeBuyers(region string, townsByDep map[string][]string, territoryTowns []string) []buyer {
	seen := map[string]bool{regionSIRET: true}
	host := slug(region, "")
	own := buyer{Buyer: tender.Buyer{SIRET: regionSIRET, Name: "Région " + region, Kind: tender.Region, Own: true,
		Email: "commande.publique@" + host + ".example", Phone: "+33426734000",
		ProfileURL: "https://marchespublics." + host + ".example", QAURL: "https://marchespublics." + host + ".example/questions-reponses"},
		family: "region", towns: territoryTowns, dep: "69"}
	out := []buyer{own}
	for _, e := range buyerEntries {
		r := newRNG(int64(nameHash(e.name)), 0)
		b := buyer{family: e.family, dep: e.dep, weight: e.weight, towns: []string{e.town}}
		for _, t := range townsByDep[e.dep] {
			if t != e.town {
				b.towns = append(b.towns, t)
			}
		}
		b.Buyer = tender.Buyer{Name: e.name, Kind: e.kind, SIRET: buyerSIRET(r, sirenPrefix(e), seen),
			Email: pick(r, []string{"marches.publics@", "commande.publique@", "achats@"}) + e.host + ".example",
			Phone: landline(r, e.prefix), ProfileURL: "https://marches." + e.host + ".example",
			QAURL: "https://marches." + e.host + ".example/consultations/questions"}
		out = append(out, b)
	}
	return out
}

// buyerSIRET draws a valid SIRET with the given SIREN prefix, unique among seen.
func buyerSIRET(r *rng, prefix string, seen map[string]bool) string {
	for {
		siren := prefix
		for len(siren) < 8 {
			siren += fmt.Sprint(r.IntN(10))
		}
		siren = withKey(siren, company.ValidSIREN)
		if siren == "" || siren == "356000000" {
			continue
		}
		s := withKey(fmt.Sprintf("%s%04d", siren, r.between(1, 30)), company.ValidSIRET)
		if s != "" && !seen[s] {
			seen[s] = true
			return s
		}
	}
}

// landline draws a number with the prefix, in E.164.
func landline(r *rng, prefix string) string {
	for {
		typed := fmt.Sprintf("%s %s %02d %02d %02d", prefix[:2], prefix[2:], r.IntN(100), r.IntN(100), r.IntN(100))
		if e164, ok := metropolitan(typed); ok {
			return e164
		}
	}
}

// nameHash seeds a buyer's own random stream from its name.
func nameHash(name string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(name))
	return h.Sum64() >> 1
}

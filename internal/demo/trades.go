package demo

import "strings"

// trade is what a company does: the words of its name, its NAF codes, how its
// people describe themselves, and the region's service that buys from it.
type trade struct {
	heads  []string // name heads: "Menuiserie", "Atelier Bois"
	naf    []string // activitePrincipaleEtablissement codes
	worker string   // "artisan menuisier", as in "je suis artisan menuisier"
	team   string   // the thematic service whose tenders it answers
	big    bool     // the trade has intermediate and large companies
	family bool     // "Dupont et Fils" reads right for it
	cpv    []string // the CPV prefixes of the tenders it wins
}

// fits reports whether the trade answers tenders of the CPV code.
func (t *trade) fits(cpv string) bool {
	for _, p := range t.cpv {
		if strings.HasPrefix(cpv, p) {
			return true
		}
	}
	return false
}

var trades = []trade{
	{[]string{"Menuiserie", "Atelier Bois", "Menuiserie Agencement"}, []string{"43.32A"}, "artisan menuisier", "travaux", false, true, []string{"4542"}},
	{[]string{"Plomberie Chauffage", "Plomberie Sanitaire", "Thermique Services"}, []string{"43.22A", "43.22B"}, "plombier-chauffagiste", "travaux", false, true, []string{"4533", "5072", "507"}},
	{[]string{"Électricité Générale", "Élec Services", "Électricité"}, []string{"43.21A"}, "électricien", "travaux", false, true, []string{"4531", "5023", "50413", "5075", "504"}},
	{[]string{"Bâtiment", "Maçonnerie", "Construction", "BTP"}, []string{"43.99C", "41.20B"}, "entreprise de maçonnerie", "travaux", true, true, []string{"452", "4541", "4543", "45111", "45262"}},
	{[]string{"Travaux Publics", "Terrassement", "Routes et Réseaux"}, []string{"42.11Z", "43.12A"}, "entreprise de travaux publics", "travaux", true, true, []string{"4511", "4523"}},
	{[]string{"Peinture Décoration", "Peinture et Revêtements", "Décors"}, []string{"43.34Z"}, "peintre en bâtiment", "travaux", false, true, []string{"4544"}},
	{[]string{"Couverture Zinguerie", "Charpente Couverture", "Toitures"}, []string{"43.91B", "43.91A"}, "couvreur", "travaux", false, true, []string{"4526"}},
	{[]string{"Métallerie", "Serrurerie Métallerie", "Ferronnerie"}, []string{"25.11Z", "43.32B"}, "métallier", "travaux", false, true, []string{"4542", "45262100"}},
	{[]string{"Bureau d'études", "BET", "Ingénierie"}, []string{"71.12B"}, "bureau d'études", "travaux", true, false, []string{"71"}},
	{[]string{"Atelier d'architecture", "Architectes"}, []string{"71.11Z"}, "architecte", "travaux", false, false, []string{"7122"}},
	{[]string{"Nettoyage", "Propreté Services", "Multi-Services Propreté"}, []string{"81.21Z", "81.22Z"}, "entreprise de nettoyage", "fournitures_services", true, false, []string{"909", "905", "9061", "9831"}},
	{[]string{"Paysages", "Jardins et Espaces Verts", "Espaces Verts"}, []string{"81.30Z"}, "paysagiste", "fournitures_services", false, true, []string{"773", "45112700"}},
	{[]string{"Imprimerie", "Imprimerie Numérique", "Arts Graphiques"}, []string{"18.12Z"}, "imprimeur", "fournitures_services", false, true, []string{"22", "798"}},
	{[]string{"Traiteur", "Saveurs", "Restauration"}, []string{"56.21Z", "56.29A"}, "traiteur", "fournitures_services", true, false, []string{"15", "553", "555", "03"}},
	{[]string{"Bureautique", "Mobilier", "Fournitures"}, []string{"46.66Z", "31.01Z"}, "fournisseur de mobilier de bureau", "fournitures_services", true, false, []string{"39", "18"}},
	{[]string{"Sécurité", "Gardiennage", "Protection"}, []string{"80.10Z"}, "société de gardiennage", "fournitures_services", true, false, []string{"797"}},
	{[]string{"Transports", "Autocars", "Voyages"}, []string{"49.39A", "49.39B", "49.41A"}, "transporteur", "mobilite", true, true, []string{"60"}},
	{[]string{"Garage", "Auto Services", "Véhicules Utilitaires"}, []string{"45.20A", "45.11Z"}, "garagiste", "mobilite", false, true, []string{"34", "501"}},
	{[]string{"Informatique", "Numérique", "Systèmes", "Data"}, []string{"62.01Z", "62.02A", "62.03Z"}, "prestataire informatique", "prestations_intellectuelles", true, false, []string{"72", "30", "48"}},
	{[]string{"Formation", "Formation Conseil", "Institut de Formation"}, []string{"85.59A"}, "organisme de formation", "prestations_intellectuelles", false, false, []string{"80"}},
	{[]string{"Conseil", "Consultants", "Études et Conseil"}, []string{"70.22Z"}, "cabinet de conseil", "prestations_intellectuelles", false, false, []string{"794", "72224"}},
	{[]string{"Communication", "Agence Créative", "Événements"}, []string{"73.11Z", "82.30Z"}, "agence de communication", "prestations_intellectuelles", false, false, []string{"7995", "793", "798"}},
}

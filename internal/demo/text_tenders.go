package demo

// What the tenders are about: objects as buyers title them, with the CPV code
// of the whole and the lots they are divided into. Every code is one of the
// CPV 2008 list (a test checks them against internal/tender's copy of it);
// the check digit is computed, never written here.

// tenderKind is a kind of tender: its object ({ville} is a town of the
// buyer's département, or of the territory for the region), its main CPV code
// (8 digits) and the lots a division draws from, in order; nil lots mean a
// division by geographic sector, single none.
type tenderKind struct {
	object string
	cpv    string
	lots   []lotKind
}

// lotKind is a lot as consultations title them, with its own CPV code.
type lotKind struct{ title, cpv string }

// single marks a tender that is not divided into lots (one site, one
// service); a tender about a named town is not divided by sector either.
var single = []lotKind{}

// buildingTrades are the lots of a building's works, one per trade, in the
// order a DCE lists them.
var buildingTrades = []lotKind{
	{"Désamiantage", "45262660"}, {"Démolition – terrassement", "45111000"}, {"Gros œuvre – maçonnerie", "45223220"},
	{"Charpente – couverture", "45261000"}, {"Étanchéité", "45261420"}, {"Menuiseries extérieures", "45421000"},
	{"Plâtrerie – cloisons – faux plafonds", "45410000"}, {"Menuiseries intérieures", "45421100"},
	{"Revêtements de sols souples", "45432100"}, {"Carrelage – faïence", "45431000"}, {"Peinture", "45442100"},
	{"Électricité courants forts et faibles", "45311000"}, {"Plomberie – sanitaires", "45330000"},
	{"Chauffage – ventilation – climatisation", "45331000"}, {"Ascenseur", "45313100"},
	{"VRD – aménagements paysagers", "45112700"},
}

// roofTrades are the lots of a roof's repair.
var roofTrades = []lotKind{
	{"Désamiantage", "45262660"}, {"Charpente – couverture", "45261000"}, {"Étanchéité", "45261420"},
	{"Zinguerie", "45261000"}, {"Échafaudages", "45262100"},
}

var foodLots = []lotKind{
	{"Viandes fraîches", "15110000"}, {"Fruits et légumes", "15300000"}, {"Produits laitiers", "15500000"},
	{"Pain et viennoiseries", "15811100"}, {"Produits surgelés", "15896000"}, {"Épicerie", "15800000"},
}

var furnitureLots = []lotKind{
	{"Mobilier de salle de classe", "39160000"}, {"Mobilier d'internat", "39143000"},
	{"Mobilier de bureau", "39130000"}, {"Mobilier de restauration", "39100000"},
}

var protectionLots = []lotKind{
	{"Vêtements de travail", "18110000"}, {"Chaussures de sécurité", "18830000"}, {"Équipements de protection", "18143000"},
}

var computerLots = []lotKind{
	{"Ordinateurs portables", "30213100"}, {"Ordinateurs fixes", "30213000"}, {"Écrans et périphériques", "30200000"},
}

var hospitalSupplyLots = []lotKind{
	{"Pansements et compresses", "33140000"}, {"Dispositifs de perfusion", "33140000"}, {"Gants d'examen", "33140000"},
	{"Matériel de suture", "33140000"},
}

// ownKinds are the region's tenders; the service that runs one is the one
// its main CPV code routes to.
var ownKinds = []tenderKind{
	{"Réhabilitation énergétique du lycée de {ville}", "45453000", buildingTrades},
	{"Restructuration de la demi-pension du lycée de {ville}", "45214220", buildingTrades},
	{"Réfection des toitures du lycée professionnel de {ville}", "45261000", roofTrades},
	{"Mise en accessibilité de l'internat du lycée de {ville}", "45214220", buildingTrades},
	{"Remplacement des menuiseries extérieures du lycée de {ville}", "45421000", buildingTrades[:6]},
	{"Construction d'un gymnase au lycée de {ville}", "45212200", buildingTrades},
	{"Désamiantage et rénovation des ateliers du lycée de {ville}", "45262660", buildingTrades},
	{"Maîtrise d'œuvre pour l'extension du lycée de {ville}", "71221000", single},
	{"Fourniture de mobilier pour les lycées de la Région", "39160000", furnitureLots},
	{"Nettoyage des locaux de l'hôtel de Région", "90911200", single},
	{"Maintenance des ascenseurs des lycées", "50750000", nil},
	{"Fourniture de denrées alimentaires pour la restauration scolaire", "15000000", foodLots},
	{"Fourniture d'équipements de protection individuelle", "18143000", protectionLots},
	{"Maintenance des installations de sécurité incendie des lycées", "50413200", nil},
	{"Entretien des espaces verts des lycées du secteur de {ville}", "77310000", nil},
	{"Impression des supports de communication de la Région", "22000000", single},
	{"Formations qualifiantes pour les demandeurs d'emploi – secteur de {ville}", "80530000", nil},
	{"Acquisition d'ordinateurs portables pour les lycéens", "30213100", computerLots},
	{"Tierce maintenance applicative du système d'information des aides", "72267000", single},
	{"Assistance à maîtrise d'ouvrage pour la transformation numérique", "72224000", single},
	{"Accompagnement à la création d'entreprise", "79411000", nil},
	{"Organisation des événements régionaux", "79952000", single},
	{"Transport scolaire – lignes du secteur de {ville}", "60130000", nil},
	{"Exploitation de lignes régulières interurbaines autour de {ville}", "60112000", nil},
	{"Fourniture de véhicules électriques pour le parc régional", "34144900", single},
	{"Location de cars avec chauffeur", "60172000", nil},
}

// otherKinds are the other buyers' tenders, by the family of buyer that
// publishes them (buyerEntry.family).
var otherKinds = map[string][]tenderKind{
	"departement": {
		{"Travaux d'entretien des routes départementales – secteur de {ville}", "45233141", nil},
		{"Rénovation du collège de {ville}", "45214200", buildingTrades},
		{"Fourniture de sel de déneigement", "34927100", nil},
		{"Transport des élèves en situation de handicap", "60130000", nil},
		{"Fourniture de repas pour les collèges du secteur de {ville}", "55523100", nil},
		{"Maintenance des installations de chauffage des collèges", "50720000", nil},
		{"Fourniture de matériel informatique pour les collèges", "30200000", computerLots},
		{"Prestations de formation des agents", "80511000", nil},
	},
	"commune": {
		{"Travaux d'entretien de voirie", "45233140", nil},
		{"Entretien des espaces verts", "77310000", nil},
		{"Nettoyage des bâtiments communaux", "90911200", nil},
		{"Rénovation de l'école élémentaire", "45453000", buildingTrades},
		{"Fourniture de repas en liaison froide", "55321000", nil},
		{"Réfection de la toiture du gymnase", "45261000", roofTrades},
		{"Maîtrise d'œuvre pour la rénovation de la médiathèque", "71221000", single},
		{"Impression et routage du magazine municipal", "79810000", single},
		{"Fourniture de produits d'entretien", "39830000", nil},
		{"Maintenance de l'éclairage public", "50232100", nil},
		{"Fourniture de vêtements de travail", "18110000", protectionLots},
	},
	"epci": {
		{"Collecte des déchets ménagers et assimilés", "90511000", nil},
		{"Travaux d'assainissement – secteur de {ville}", "45232410", nil},
		{"Renouvellement des conduites d'eau potable", "45232150", nil},
		{"Nettoiement des voies et espaces publics", "90610000", nil},
		{"Construction d'un centre aquatique à {ville}", "45212200", buildingTrades},
		{"Exploitation du réseau de transport urbain", "60112000", single},
	},
	"hospital": {
		{"Fourniture de consommables médicaux", "33140000", hospitalSupplyLots},
		{"Fourniture de produits pharmaceutiques", "33600000", single},
		{"Blanchisserie et location de linge", "98310000", single},
		{"Distribution des repas des patients", "55320000", nil},
		{"Maintenance des équipements biomédicaux", "50421000", nil},
		{"Restructuration du service des urgences", "45215140", buildingTrades},
		{"Nettoyage des locaux hospitaliers", "90911200", nil},
	},
	"state": {
		{"Gardiennage et sûreté des bâtiments administratifs", "79713000", nil},
		{"Nettoyage des locaux administratifs", "90919200", nil},
		{"Maintenance multitechnique des bâtiments", "50700000", nil},
		{"Fourniture de matériel informatique", "30213000", computerLots},
		{"Réhabilitation de la cité administrative de {ville}", "45454000", buildingTrades},
		{"Travaux d'entretien des routes nationales – secteur de {ville}", "45233141", nil},
		{"Prestations de formation des agents", "80511000", nil},
		{"Fourniture de carburants", "09134100", nil},
	},
	"university": {
		{"Maintenance des équipements scientifiques", "50400000", nil},
		{"Rénovation énergétique des bâtiments du campus", "45453000", buildingTrades},
		{"Fourniture de matériel informatique", "30213000", computerLots},
		{"Abonnements aux revues scientifiques", "22200000", single},
		{"Nettoyage des locaux universitaires", "90911200", nil},
	},
	"sdis": {
		{"Construction d'un centre d'incendie et de secours à {ville}", "45216121", buildingTrades},
		{"Fourniture de véhicules d'incendie", "34144210", single},
		{"Fourniture d'équipements de protection des sapeurs-pompiers", "18143000", protectionLots},
		{"Maintenance des véhicules", "50110000", nil},
	},
	"housing": {
		{"Rénovation énergétique de logements sociaux à {ville}", "45453000", buildingTrades},
		{"Entretien des parties communes", "90911200", nil},
		{"Maintenance des chaudières individuelles", "50720000", nil},
		{"Remplacement des ascenseurs", "45313100", single},
	},
}

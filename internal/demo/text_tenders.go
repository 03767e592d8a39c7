package demo

// What the tenders are about and who runs them.

// ownObjects are the region's tenders, by the service that runs them.
var ownObjects = map[string][]string{
	"travaux": {
		"Réhabilitation énergétique du lycée de {ville}",
		"Restructuration de la demi-pension du lycée de {ville}",
		"Réfection des toitures du lycée professionnel de {ville}",
		"Mise en accessibilité de l'internat du lycée de {ville}",
		"Remplacement des menuiseries extérieures du lycée de {ville}",
		"Construction d'un gymnase au lycée de {ville}",
		"Désamiantage et rénovation des ateliers du lycée de {ville}",
		"Maîtrise d'œuvre pour l'extension du lycée de {ville}",
	},
	"fournitures_services": {
		"Fourniture de mobilier pour les lycées de la Région",
		"Nettoyage des locaux de l'hôtel de Région",
		"Maintenance des ascenseurs des lycées",
		"Fourniture de denrées alimentaires pour la restauration scolaire",
		"Fourniture d'équipements de protection individuelle",
		"Gardiennage des sites régionaux",
		"Entretien des espaces verts des lycées du secteur de {ville}",
		"Impression des supports de communication de la Région",
	},
	"prestations_intellectuelles": {
		"Formations qualifiantes pour les demandeurs d'emploi – secteur de {ville}",
		"Acquisition d'ordinateurs portables pour les lycéens",
		"Tierce maintenance applicative du système d'information des aides",
		"Assistance à maîtrise d'ouvrage pour la transformation numérique",
		"Accompagnement à la création d'entreprise",
		"Organisation des événements régionaux",
	},
	"mobilite": {
		"Transport scolaire – lignes du secteur de {ville}",
		"Exploitation de lignes régulières interurbaines autour de {ville}",
		"Fourniture de véhicules électriques pour le parc régional",
		"Location de cars avec chauffeur",
	},
}

// otherBuyers are public buyers of the territory whose tenders companies ask about.
var otherBuyers = []string{
	"Département de l'Isère", "Département du Rhône", "Métropole de Lyon", "Ville de Lyon",
	"Grenoble-Alpes Métropole", "Ville de Grenoble", "Saint-Étienne Métropole", "Clermont Auvergne Métropole",
	"Département du Puy-de-Dôme", "Département de la Savoie", "Département de la Haute-Savoie", "Grand Annecy",
	"Grand Chambéry", "Ville de Valence", "Département de la Drôme", "Département de l'Ain",
	"Département de l'Allier", "Département de l'Ardèche", "Département du Cantal", "Département de la Haute-Loire",
	"Hospices civils de Lyon", "CHU Grenoble Alpes", "CHU de Clermont-Ferrand", "CHU de Saint-Étienne",
	"Université Grenoble Alpes", "Université Clermont Auvergne", "SDIS du Rhône", "SDIS de l'Isère",
	"Commune de Voiron", "Commune de Riom", "Commune d'Aubenas", "Commune de Montbrison",
	"Communauté d'agglomération du Puy-en-Velay", "Montluçon Communauté",
}

// otherObjects are what the other buyers' tenders are about.
var otherObjects = []string{
	"Travaux d'entretien de voirie",
	"Entretien des espaces verts",
	"Nettoyage des bâtiments communaux",
	"Rénovation de l'école élémentaire",
	"Fourniture de repas en liaison froide",
	"Maintenance des installations de chauffage",
	"Fourniture de produits d'entretien",
	"Réfection de la toiture du gymnase",
	"Construction d'un centre d'incendie et de secours",
	"Fourniture de matériel informatique",
	"Maîtrise d'œuvre pour la rénovation de la médiathèque",
	"Transport des élèves vers les équipements sportifs",
	"Rénovation énergétique de logements sociaux",
	"Fourniture de vêtements de travail",
	"Impression et routage du magazine",
	"Prestations de formation des agents",
}

package demo

// General questions on the rules, and requests that are not the cell's business.

var seuilsCases = []textCase{
	{
		subjects: []string{"Seuil de publicité pour un marché de {marche} € HT", "Marché de {marche} € : quelle procédure ?"},
		questions: []string{
			"Un client public nous demande un devis pour des prestations d'environ {marche} € HT, sans appel d'offres. A-t-il le droit ?",
			"bonjour, à partir de quel montant une mairie doit faire un appel d'offres ? on nous dit des choses différentes",
		},
		call:   "demande à partir de quel montant un acheteur doit publier un avis (marché d'environ {marche} € HT).",
		answer: "En dessous de {seuil} € HT pour les fournitures et services, et de 100 000 € HT pour les travaux, l'acheteur peut traiter sans publicité ni mise en concurrence, en choisissant une offre pertinente et sans toujours contracter avec le même fournisseur. À partir de 90 000 € HT, l'avis est publié au BOAMP ou dans un journal d'annonces légales ; au-delà de {seuilue} € HT ({seuiltravaux} € HT pour les travaux), c'est une procédure formalisée publiée au JOUE.",
	},
	{
		subjects: []string{"Différence entre MAPA et appel d'offres", "MAPA : qu'est-ce que ça change pour nous ?"},
		questions: []string{
			"Quelle est la différence entre une procédure adaptée et un appel d'offres ? Peut-on négocier dans un MAPA ?",
		},
		call:   "demande la différence entre procédure adaptée et appel d'offres, et si l'on peut négocier.",
		answer: "En procédure adaptée (MAPA), l'acheteur fixe lui-même les règles dans le règlement de la consultation et peut négocier s'il l'a prévu ; en appel d'offres, toute négociation est interdite et les délais sont fixés par le code. Le choix dépend du montant : au-delà de {seuilue} € HT pour les fournitures et services, la procédure formalisée est obligatoire.",
	},
	{
		subjects: []string{"Accord-cadre : montant maximum obligatoire ?", "Accord-cadre à bons de commande sans maximum"},
		questions: []string{
			"Un accord-cadre auquel nous voulons répondre n'indique aucun montant maximum. Est-ce régulier ?",
		},
		call:   "demande si un accord-cadre sans montant maximum est régulier.",
		answer: "Non : depuis 2022, un accord-cadre doit indiquer une quantité ou un montant maximum, une fois atteint il cesse de produire effet. Vous pouvez poser la question à l'acheteur sur la plateforme ; s'il ne corrige pas, c'est un motif de référé précontractuel.",
	},
	{
		subjects: []string{"Procédure avec négociation : dans quels cas ?", "Marché négocié sans publicité"},
		questions: []string{
			"Un acheteur a passé un marché négocié sans publicité avec un concurrent. Dans quels cas est-ce permis ?",
		},
		call:   "demande dans quels cas un marché peut être passé sans publicité ni mise en concurrence.",
		answer: "Hors des petits montants (moins de {seuil} € HT pour les fournitures et services), c'est possible seulement dans des cas limités : urgence impérieuse, appel d'offres infructueux, prestataire unique pour une raison technique ou d'exclusivité. L'avis d'attribution et les données essentielles permettent de vérifier ce qui a été fait.",
	},
	{
		subjects: []string{"Marchés réservés aux petites entreprises ?", "Clause d'insertion et marchés réservés"},
		questions: []string{
			"Existe-t-il des marchés réservés aux TPE ou aux entreprises locales ? Nous sommes {effectif} personnes près de {ville}.",
		},
		call:   "demande s'il existe des marchés réservés aux petites entreprises ou aux entreprises locales.",
		answer: "Un acheteur ne peut pas réserver un marché aux entreprises locales : la préférence géographique est interdite. Les marchés peuvent être réservés aux structures d'insertion ou aux entreprises adaptées, et l'allotissement permet aux petites entreprises de répondre aux lots à leur mesure. Répondre en groupement est une autre voie.",
	},
}

var autreCases = []textCase{
	{
		subjects:  []string{"Demande de subvention pour mon entreprise", "Aide régionale à l'investissement"},
		questions: []string{"Bonjour, nous voudrions investir dans une nouvelle machine. La Région peut-elle nous aider financièrement ?", "existe t il des aides de la région pour embaucher un apprenti ?"},
		call:      "cherche une aide financière régionale pour son entreprise.",
		answer:    "Votre demande ne relève pas de la cellule marchés publics, qui répond aux questions sur les consultations. Les aides aux entreprises sont gérées par la direction du développement économique : le formulaire de contact et les dispositifs sont sur le site de la Région, rubrique Entreprises.",
	},
	{
		subjects:  []string{"Candidature spontanée", "Offre d'emploi de juriste marchés publics"},
		questions: []string{"Bonjour, je suis juriste en commande publique et je souhaiterais rejoindre vos équipes. À qui adresser ma candidature ?"},
		call:      "souhaite envoyer une candidature spontanée.",
		answer:    "La cellule ne gère pas les recrutements. Les offres d'emploi de la Région et le dépôt de candidature spontanée sont sur son site, rubrique Emploi.",
	},
	{
		subjects:  []string{"Transport scolaire de ma fille", "Inscription au car scolaire"},
		questions: []string{"Bonjour, le car scolaire ne passe plus à l'arrêt de notre hameau depuis la rentrée. Qui contacter ?"},
		call:      "appelle au sujet du transport scolaire de son enfant.",
		answer:    "Cette question ne relève pas de la cellule marchés publics. Le service des transports scolaires de votre département d'habitation répond sur les inscriptions et les circuits : son numéro est sur le site de la Région, rubrique Transports.",
	},
	{
		subjects:  []string{"Financement d'une formation", "Formation de mes salariés"},
		questions: []string{"Je voudrais financer une formation de cariste pour deux salariés. La Région prend-elle en charge ?"},
		call:      "cherche un financement pour la formation de ses salariés.",
		answer:    "La cellule répond aux questions sur les marchés publics. Pour la formation de vos salariés, adressez-vous à votre opérateur de compétences (OPCO) ; les dispositifs régionaux pour les demandeurs d'emploi sont présentés sur le site de la Région.",
	},
	{
		subjects:  []string{"Litige avec un client privé", "Facture impayée par un particulier"},
		questions: []string{"Un client particulier refuse de payer notre facture de travaux depuis trois mois. Pouvez-vous nous aider ?"},
		call:      "demande de l'aide pour un litige avec un client privé.",
		answer:    "La cellule ne traite que des marchés publics. Pour un litige avec un client privé, le médiateur des entreprises ou votre chambre de métiers peuvent vous orienter.",
	},
	{
		subjects:  []string{"Nuisances d'un chantier près de chez moi", "Réclamation sur des travaux de voirie"},
		questions: []string{"Le chantier devant chez moi commence à 6 h du matin. Qui est responsable ?"},
		call:      "se plaint des nuisances d'un chantier près de son domicile.",
		answer:    "La cellule répond aux entreprises sur les marchés publics. Pour un chantier, adressez-vous au maître d'ouvrage indiqué sur le panneau de chantier, ou à la mairie pour les horaires autorisés.",
	},
	{
		subjects:  []string{"Carte grise : démarche en ligne", "Demande de certificat d'immatriculation"},
		questions: []string{"bonjour je n'arrive pas a faire ma carte grise sur internet, vous pouvez m'aider"},
		call:      "demande de l'aide pour une carte grise.",
		answer:    "Cette démarche ne relève pas de la Région : les cartes grises se demandent sur le site de l'Agence nationale des titres sécurisés (ANTS).",
	},
}

// redirects are the answers that send the company to another buyer: for the
// content of its tender documents, equal treatment lets only that buyer answer,
// publicly; for a rejection, only it knows the reasons.
var redirects = map[string]string{
	"dce":           "Votre question porte sur le contenu du DCE de la consultation {ref} ({acheteur}). Pour garantir l'égalité de traitement, seul l'acheteur peut y répondre, et sa réponse doit être publiée pour tous les candidats : posez-la sur sa plateforme, dans la rubrique des questions, le plus tôt possible avant la date limite du {dlro}.",
	"allotissement": "Le découpage en lots et ses règles relèvent de l'acheteur ({acheteur}), qui a rédigé le règlement de la consultation {ref}. Posez votre question sur sa plateforme : la réponse sera publiée pour tous les candidats.",
	"rejet":         "Seul l'acheteur ({acheteur}) connaît les motifs du rejet de votre offre à la consultation {ref}. Adressez-lui une demande écrite des motifs : en procédure adaptée il doit vous répondre dans les 15 jours. Nous restons à votre disposition pour lire sa réponse avec vous.",
	"attribution":   "Le calendrier et le résultat de la consultation {ref} relèvent de l'acheteur ({acheteur}) : contactez le service indiqué dans le règlement de la consultation. L'avis d'attribution sera publié au même endroit que l'avis de marché.",
	"execution":     "L'exécution de votre marché relève de l'acheteur qui l'a passé ({acheteur}) : adressez-vous au service qui le suit, dont les coordonnées figurent dans le CCAP et sur l'ordre de service.",
	"paiement":      "Le paiement relève de l'acheteur ({acheteur}) et de son comptable public : relancez le service qui suit votre marché en joignant la facture et son statut sur Chorus Pro.",
	"":              "Cette question relève de l'acheteur qui a lancé la consultation {ref} ({acheteur}) : posez-la sur sa plateforme, où la réponse sera publiée pour tous les candidats, ou contactez le service indiqué dans le règlement de la consultation.",
}

// serviceAnswers are the thematic services' answers on the region's own tenders.
var serviceAnswers = map[string]string{
	"dce":           "Après vérification avec le chef de projet, la réponse est publiée dans les questions-réponses de la consultation {ref}, visible de tous les candidats : elle précise le point soulevé sur le lot {lot}.",
	"allotissement": "Le découpage de la consultation {ref} est justifié dans le règlement ; la réponse à votre question est publiée dans les questions-réponses de la consultation pour tous les candidats.",
	"rejet":         "Vous trouverez ci-joint le détail des notes obtenues par votre offre sur chaque critère pour le lot {lot}, et les caractéristiques de l'offre retenue. Nous restons disponibles pour un échange téléphonique.",
	"attribution":   "L'analyse des offres de la consultation {ref} s'achève : les courriers seront envoyés aux candidats dans les prochains jours.",
	"execution":     "Le conducteur d'opération a été informé ; il reprend contact avec vous cette semaine pour régler ce point sur le lot {lot}.",
	"paiement":      "La facture a été retrouvée : elle était bloquée faute de service fait. Elle est mise en paiement cette semaine ; les intérêts moratoires seront versés avec elle.",
	"repondre":      "Le règlement de la consultation {ref} a été précisé sur ce point dans les questions-réponses de la consultation, visibles de tous les candidats.",
}

// Short messages of the conversation around the answer.
var (
	askPrecision = []string{
		"Pour vous répondre précisément, pouvez-vous nous indiquer la référence de la consultation et le lot concerné ?",
		"Pouvez-vous nous transmettre le courrier que vous avez reçu, ou nous indiquer sa date et sa référence ?",
		"Merci de nous préciser le nom de l'acheteur et l'objet du marché, afin que nous puissions vérifier.",
	}
	precisionReplies = []string{
		"Bonjour, il s'agit de la consultation {ref}, lot {lot}. Merci.",
		"Voici les informations : {objet}, référence {ref}. Cordialement.",
		"c'est le marché {ref} pour le lot {lot}",
	}
	thanks = []string{
		"Merci pour votre réponse rapide, mais je n'ai pas trouvé le document dont vous parlez. Pouvez-vous me renvoyer le lien ?",
		"Merci. Une dernière question : la même règle vaut-elle pour le lot {lot2} ?",
	}
	notes = []string{
		"Entreprise déjà venue à la réunion d'information sur les marchés de la Région.",
		"Vérifié dans le RC avant de répondre.",
		"Question fréquente : à ajouter à la FAQ.",
		"Même entreprise que la demande de la semaine dernière.",
		"Rappeler si pas de nouvelles sous 48 h.",
	}
)

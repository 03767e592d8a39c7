package demo

// Questions on the documents of a consultation and on the platforms.

var dceCases = []textCase{
	{
		ref:      true,
		subjects: []string{"Lot {lot} : visite obligatoire ?", "Visite de site – consultation {ref}", "{ref} : visite du site pour le lot {lot}"},
		questions: []string{
			"Bonjour, le règlement de la consultation {ref} parle d'une visite pour le lot {lot}. Est-elle obligatoire ? Nous ne pouvons pas nous libérer aux dates proposées.",
			"la visite du site est elle obligatoire pour le lot {lot} ? et si oui comment on prend rdv ? merci",
		},
		call:   "demande si la visite du site est obligatoire pour le lot {lot} de la consultation {ref} et comment la réserver.",
		answer: "Le règlement de la consultation le précise à son article sur la visite : si elle est obligatoire, une offre sans attestation de visite est irrégulière, et les modalités de rendez-vous y figurent. Si aucune date ne vous convient, posez la question sur la plateforme de la consultation : la réponse y sera publiée pour tous les candidats.",
	},
	{
		ref:      true,
		subjects: []string{"Consultation {ref} : DPGF introuvable dans le DCE", "Il manque le cadre de prix du lot {lot}", "{ref} : fichier du BPU illisible"},
		questions: []string{
			"Nous avons téléchargé le DCE de la consultation {ref} mais nous ne trouvons pas la DPGF du lot {lot}. Le zip ne contient que le RC, le CCAP et le CCTP.",
			"Bjr, le fichier du bordereau de prix du lot {lot} ne s'ouvre pas (erreur Excel). Pouvez-vous nous le renvoyer ? Date limite le {dlro}.",
		},
		call:   "signale une pièce manquante ou illisible dans le DCE de la consultation {ref} (cadre de prix du lot {lot}).",
		answer: "Nous avons vérifié le DCE : le cadre de prix du lot {lot} est en ligne, dans le dossier de ce lot, au format tableur et en PDF. Pour que tous les candidats disposent de la même information, la précision est publiée dans les questions-réponses de la consultation. Identifiez-vous lors du téléchargement pour être prévenu des modifications du DCE.",
	},
	{
		ref:      true,
		subjects: []string{"Incohérence entre le CCTP et le BPU", "{ref} lot {lot} : quantités différentes entre CCTP et DQE", "Contradiction entre les pièces du DCE"},
		questions: []string{
			"Le CCTP du lot {lot} prévoit des menuiseries aluminium mais le BPU parle de PVC. Sur quoi devons-nous chiffrer ?",
			"Dans la consultation {ref}, les quantités du DQE ne correspondent pas aux plans. Laquelle des deux pièces fait foi ?",
		},
		call:   "relève une contradiction entre le CCTP et le cadre de prix (consultation {ref}, lot {lot}).",
		answer: "En cas de contradiction, l'ordre de priorité des pièces est fixé par le CCAP ; mais une erreur du DCE doit être corrigée pour tous les candidats. Votre question est transmise à l'acheteur pour une réponse publiée sur la plateforme, visible de tous, au plus tard 6 jours avant la date limite en procédure formalisée.",
	},
	{
		ref:      true,
		subjects: []string{"Question sur le CCAP : pénalités de retard", "{ref} : montant des pénalités"},
		questions: []string{
			"Le CCAP de la consultation {ref} prévoit des pénalités de 500 € par jour de retard sans plafond. Est-ce normal ? Cela nous paraît énorme pour un lot de ce montant.",
		},
		call:   "s'inquiète du montant des pénalités de retard prévues au CCAP de la consultation {ref}.",
		answer: "Les pénalités sont fixées librement par le CCAP, qui peut déroger au CCAG ; c'est un élément à prendre en compte dans votre prix et votre planning. Vous pouvez signaler ce point à l'acheteur par une question sur la plateforme ; en exécution, le juge peut modérer des pénalités manifestement excessives.",
	},
	{
		ref:      true,
		subjects: []string{"Date limite de remise des offres – {ref}", "{ref} : report de la date limite possible ?"},
		questions: []string{
			"La date limite de la consultation {ref} est le {dlro}. Est-il possible d'avoir quelques jours de plus ? Nous attendons le devis d'un fournisseur.",
			"bonjour on a vu le marché {ref} trop tard, on peut avoir un délai en plus ?",
		},
		call:   "demande un délai supplémentaire pour la consultation {ref} (date limite le {dlro}).",
		answer: "La date limite est la même pour tous et ne se négocie pas individuellement : l'acheteur ne la reporte que par une modification publiée pour tous les candidats. Déposez une offre complète avant le {dlro} ; une offre arrivée après est écartée sans être lue.",
	},
	{
		ref:      true,
		subjects: []string{"Variantes autorisées ?", "{ref} : peut-on proposer une variante ?"},
		questions: []string{
			"Pour le lot {lot} de la consultation {ref}, nous pourrions proposer une solution technique moins chère que celle du CCTP. Avons-nous le droit ?",
		},
		call:   "demande s'il peut proposer une variante technique au lot {lot} de la consultation {ref}.",
		answer: "En procédure adaptée les variantes sont admises sauf si le règlement les interdit ; en appel d'offres elles sont interdites sauf s'il les autorise. Le règlement de la consultation {ref} le précise, avec les exigences minimales à respecter. Remettez toujours aussi l'offre de base si elle est obligatoire.",
	},
	{
		subjects: []string{"Quel CCAG s'applique ?", "Où trouver le CCAG-Travaux ?"},
		questions: []string{
			"Le CCAP renvoie au CCAG-Travaux mais il n'est pas dans le DCE. Où le trouver ? Quelle version s'applique ?",
		},
		call:   "demande où trouver le CCAG auquel renvoie un CCAP.",
		answer: "Le CCAG n'est jamais joint au DCE : c'est un texte publié (les CCAG de 2021) auquel le CCAP renvoie et déroge, en listant ses dérogations à la fin. Vous le trouvez sur le site de la direction des affaires juridiques du ministère de l'économie.",
	},
	{
		subjects: []string{"Comment lire un DCE ?", "RC, CCAP, CCTP : à quoi sert chaque pièce ?"},
		questions: []string{
			"On a téléchargé notre premier DCE, il y a une dizaine de fichiers. Par lequel commencer ? Qu'est-ce qui est le plus important ?",
			"bonjour, dans un dossier de consultation il y a RC, CCAP, CCTP, AE, BPU... je suis perdu, vous pouvez m'expliquer ?",
		},
		call:   "demande à quoi sert chaque pièce d'un DCE (premier dossier téléchargé).",
		answer: "Commencez par le règlement de la consultation (RC) : il dit quoi remettre, comment, et comment les offres seront jugées. Le CCAP fixe les règles administratives et financières (prix, délais, pénalités, paiement), le CCTP décrit la prestation. L'acte d'engagement (AE) est votre engagement signé, et le BPU, le DQE ou la DPGF sont les cadres de prix à remplir.",
	},
}

var dematerialisationCases = []textCase{
	{
		ref:      true,
		subjects: []string{"Dépôt de l'offre impossible sur la plateforme", "{ref} : erreur au dépôt de l'offre", "URGENT – dépôt bloqué pour la consultation {ref}"},
		questions: []string{
			"Nous n'arrivons pas à déposer notre offre pour la consultation {ref} : la plateforme affiche une erreur au moment de l'envoi. La date limite est le {dlro}. Que faire ?",
			"urgent !! le dépôt tourne en boucle depuis une heure pour le marché {ref}, on a peur de rater l'heure limite",
		},
		call:   "n'arrive pas à déposer son offre sur la plateforme pour la consultation {ref} (date limite le {dlro}).",
		answer: "Contactez sans attendre l'assistance de la plateforme, dont le numéro figure en bas de chaque page ; vérifiez la taille et le nom de vos fichiers et essayez un autre navigateur. Vous pouvez aussi envoyer une copie de sauvegarde, sur support physique ou électronique, avant la date limite : elle n'est ouverte que si l'offre électronique n'arrive pas ou est illisible. Seule l'heure de fin de dépôt compte, pas celle du début.",
	},
	{
		subjects: []string{"Signature électronique obligatoire ?", "Faut-il signer l'offre électroniquement ?"},
		questions: []string{
			"Devons-nous signer électroniquement tous les documents de l'offre ? Nous n'avons pas de certificat de signature.",
			"bonjour, une signature scannée suffit-elle sur l'acte d'engagement ?",
		},
		call:   "demande si l'offre doit être signée électroniquement.",
		answer: "La signature n'est le plus souvent pas exigée au dépôt : seul l'attributaire signe son marché, et il doit alors le faire avec un certificat de signature électronique qualifié (une signature scannée n'en est pas une). Lisez le règlement de la consultation, qui le précise ; un certificat s'obtient en quelques jours auprès d'un prestataire qualifié.",
	},
	{
		subjects: []string{"Fichier trop lourd pour le dépôt", "Taille maximale des fichiers sur la plateforme"},
		questions: []string{
			"Notre mémoire technique avec les photos fait 180 Mo et la plateforme le refuse. Comment faire ?",
		},
		call:   "ne parvient pas à déposer un fichier trop volumineux.",
		answer: "Compressez les images ou découpez le document en plusieurs fichiers nommés clairement ; évitez les caractères spéciaux dans les noms. Si le règlement limite le nombre de pages ou la taille, respectez-le. Déposez bien avant l'heure limite : un dépôt long peut finir après elle.",
	},
	{
		subjects: []string{"Accusé de réception de dépôt non reçu", "Mon offre est-elle bien arrivée ?"},
		questions: []string{
			"Nous avons déposé hier notre offre mais nous n'avons pas reçu d'accusé de réception par mail. Est-elle bien arrivée ?",
		},
		call:   "n'a pas reçu d'accusé de réception après le dépôt de son offre.",
		answer: "L'accusé de réception s'affiche à la fin du dépôt et se retrouve dans votre espace sur la plateforme, rubrique des dépôts ; le courriel peut être arrivé dans les indésirables. S'il n'apparaît nulle part, contactez l'assistance de la plateforme, qui peut vérifier l'horodatage.",
	},
	{
		subjects: []string{"Être alerté des nouvelles consultations", "Où trouver les appels d'offres de la Région ?"},
		questions: []string{
			"Comment être prévenu des marchés de la Région dans notre domaine ({metier}) ? Nous ratons souvent les annonces.",
			"bonjour, ou est ce qu'on trouve les marchés publics du coin ? on est {metier} vers {ville}",
		},
		call:   "demande comment être informé des consultations dans son domaine.",
		answer: "Créez un compte sur le profil d'acheteur de la Région et activez les alertes par mots-clés ou codes CPV ; faites de même sur le BOAMP, qui publie les avis de tous les acheteurs au-delà de 90 000 € HT. Les acheteurs publient aussi leurs consultations sur leur propre plateforme : les principales du territoire sont listées sur notre site.",
	},
}

package demo

// Questions after the deadline: rejection and award, then performance and payment.

var rejetCases = []textCase{
	{
		subjects: []string{"Toujours écartés des marchés publics : que faire ?", "Comment connaître les raisons d'un rejet ?"},
		questions: []string{
			"Nous répondons depuis un an aux marchés des collectivités et nous ne sommes jamais retenus. Comment savoir ce qui ne va pas dans nos offres ?",
			"encore un courrier de rejet ce matin, c'est le cinquième cette année. on est {metier}, on fait du bon travail, je comprends pas",
		},
		call:   "n'est jamais retenu et veut comprendre pourquoi ses offres sont écartées.",
		answer: "Demandez à chaque fois les motifs du rejet et les notes obtenues sur chaque critère : l'acheteur doit vous les communiquer. Le prix n'est souvent qu'un critère parmi d'autres, et un mémoire technique précis, qui répond point par point aux sous-critères, fait souvent la différence. Nous pouvons relire avec vous un dossier non retenu pour préparer le suivant.",
	},
	{
		ref:      true,
		subjects: []string{"Pourquoi notre offre a-t-elle été rejetée ?", "Offre non retenue – consultation {ref}", "Lot {lot} perdu : on peut savoir pourquoi ?"},
		questions: []string{
			"Nous avons reçu un courrier nous disant que notre offre pour le lot {lot} de la consultation {ref} n'a pas été retenue, sans autre explication. Comment savoir pourquoi ?",
			"bonjour on a perdu le marché {ref} alors qu'on était moins cher que l'an dernier. on peut savoir qui a gagné et à quel prix ?",
			"Madame, Monsieur,\nnous venons d'apprendre que notre offre pour {objet} n'est pas retenue. Nous souhaiterions comprendre ce qui n'allait pas pour progresser.",
		},
		call:   "veut savoir pourquoi son offre n'a pas été retenue (consultation {ref}, lot {lot}).",
		answer: "Vous pouvez demander par écrit les motifs du rejet à l'acheteur. En procédure adaptée, il doit vous les donner dans les 15 jours suivant votre demande ; en procédure formalisée, les motifs et le nom de l'attributaire figurent dans le courrier, et vous pouvez demander les caractéristiques et avantages de l'offre retenue. Les notes obtenues sur chaque critère vous aideront pour la prochaine fois.",
	},
	{
		ref:      true,
		subjects: []string{"Demande des motifs de rejet – {ref}", "Motifs du rejet et nom de l'attributaire"},
		questions: []string{
			"Nous avons demandé les motifs du rejet de notre offre (consultation {ref}) il y a trois semaines et nous n'avons rien reçu. Est-ce normal ?",
		},
		call:   "n'a pas reçu les motifs du rejet demandés il y a trois semaines (consultation {ref}).",
		answer: "L'acheteur doit répondre dans les 15 jours suivant la réception de votre demande écrite. Relancez-le par écrit en rappelant la date de votre première demande ; gardez une trace de vos envois. Pour la {procedure} {ref}, nous avons signalé le retard au service acheteur concerné.",
	},
	{
		ref:      true,
		subjects: []string{"Offre jugée anormalement basse", "{ref} : offre rejetée comme anormalement basse"},
		questions: []string{
			"Notre offre pour le lot {lot} a été écartée comme anormalement basse sans qu'on nous demande quoi que ce soit. Nous avons pourtant des prix justes, nous travaillons en circuit court.",
		},
		call:   "conteste le rejet de son offre jugée anormalement basse sans demande de justification (consultation {ref}).",
		answer: "L'acheteur ne peut rejeter une offre comme anormalement basse qu'après vous avoir demandé par écrit des justifications et les avoir examinées (articles R2152-3 et suivants). Si vous n'avez pas été interrogé, écrivez-lui en le rappelant ; avant la signature du marché, un référé précontractuel reste possible.",
	},
	{
		ref:      true,
		subjects: []string{"Notre offre déclarée irrégulière", "{ref} : offre irrégulière pour une pièce manquante"},
		questions: []string{
			"On nous dit que notre offre est irrégulière parce qu'il manquait l'attestation de visite. Ne pouvait-on pas nous la demander ?",
		},
		call:   "conteste le rejet de son offre pour une pièce manquante (consultation {ref}).",
		answer: "L'acheteur peut demander aux candidats de régulariser une offre irrégulière, mais il n'y est pas obligé ; s'il le fait, il doit le faire pour tous. Une pièce exigée à peine d'irrégularité, comme l'attestation de visite, doit être dans l'offre : vérifiez la liste du règlement avant chaque dépôt.",
	},
	{
		ref:      true,
		subjects: []string{"Courrier de rejet reçu : quels recours ?", "Contester l'attribution du marché {ref}"},
		questions: []string{
			"Nous pensons que l'attributaire du lot {lot} ne respecte pas le CCTP. Pouvons-nous contester la décision ? Le marché n'est pas encore signé.",
		},
		call:   "demande comment contester l'attribution du lot {lot} de la consultation {ref}.",
		answer: "Avant la signature, vous pouvez saisir le juge du référé précontractuel ; en procédure formalisée l'acheteur doit attendre 11 jours après l'envoi des lettres de rejet avant de signer. Après la signature, un recours en contestation de validité est possible dans les deux mois suivant la publication de l'avis d'attribution. Commencez par demander les motifs du rejet : ils vous diront si le recours a des chances.",
	},
}

var attributionCases = []textCase{
	{
		ref:      true,
		subjects: []string{"Résultat de la consultation {ref} ?", "Toujours pas de réponse pour le lot {lot}", "Quand connaîtrons-nous le résultat ?"},
		questions: []string{
			"Nous avons répondu à la consultation {ref} (lot {lot}) il y a plus d'un mois et nous n'avons aucune nouvelle. Est-ce normal ? Quand aurons-nous la réponse ?",
			"bonjour, on a déposé pour {objet}, on attend toujours. c'est long ?",
		},
		call:   "attend le résultat de la consultation {ref} (lot {lot}) depuis plus d'un mois.",
		answer: "L'analyse des offres prend souvent plusieurs semaines ; la durée de validité des offres indiquée au règlement (souvent 120 jours) est le délai maximum. Chaque candidat est informé dès la décision : les candidats non retenus par un courrier de rejet, l'attributaire par une lettre lui demandant ses attestations.",
	},
	{
		subjects: []string{"Délai de standstill avant signature", "Combien de temps avant la signature du marché ?"},
		questions: []string{
			"On nous a annoncé que nous étions retenus. Quand le marché sera-t-il signé ? Pouvons-nous commencer les commandes de matériel ?",
		},
		call:   "demande quand son marché sera signé et s'il peut commencer.",
		answer: "En procédure formalisée, l'acheteur attend 11 jours après l'envoi des courriers de rejet avant de signer (16 jours s'ils ne sont pas envoyés par voie électronique). Le marché ne commence qu'à sa notification : n'engagez pas de dépenses avant de l'avoir reçue.",
	},
	{
		subjects: []string{"Pièces demandées à l'attributaire pressenti", "Courrier NOTI1 : quelles attestations envoyer ?"},
		questions: []string{
			"Nous avons reçu un courrier disant que nous sommes pressentis et qu'il faut envoyer des attestations sous 5 jours. Lesquelles exactement ?",
		},
		call:   "demande quelles pièces envoyer en tant qu'attributaire pressenti.",
		answer: "Il s'agit en général de l'attestation de régularité fiscale, de l'attestation de vigilance URSSAF de moins de six mois, d'un extrait Kbis et, pour les travaux, des attestations d'assurance. Le courrier et le règlement de la consultation en donnent la liste exacte ; sans ces pièces dans le délai, l'offre suivante est retenue.",
	},
	{
		ref:      true,
		subjects: []string{"Qui a remporté le marché {ref} ?", "Avis d'attribution pas encore publié"},
		questions: []string{
			"Nous voudrions savoir quelle entreprise a obtenu le lot {lot} de la consultation {ref} et pour quel montant.",
		},
		call:   "demande le nom de l'attributaire et le montant du lot {lot} de la consultation {ref}.",
		answer: "L'avis d'attribution est publié là où l'avis de marché l'a été (BOAMP, JOUE ou plateforme) ; pour les marchés de 40 000 € HT et plus, les données essentielles (titulaire, montant, durée) sont aussi publiées en données ouvertes. Candidat évincé, vous pouvez demander ces informations à l'acheteur.",
	},
}

var executionCases = []textCase{
	{
		ref:      true,
		subjects: []string{"Ordre de service pas encore reçu", "Lot {lot} : quand commencer les travaux ?"},
		questions: []string{
			"Notre marché ({objet}, lot {lot}) a été notifié il y a trois semaines, mais nous n'avons pas reçu d'ordre de service. Devons-nous commencer ?",
		},
		call:   "attend l'ordre de service de démarrage du lot {lot} (consultation {ref}).",
		answer: "Ne commencez pas sans ordre de service si le marché prévoit que les travaux démarrent à sa réception : c'est lui qui fait courir le délai d'exécution. Le CCAG prévoit que le titulaire peut demander la résiliation si l'ordre de service n'est pas donné dans les six mois suivant la notification.",
	},
	{
		ref:      true,
		subjects: []string{"Avenant pour travaux supplémentaires – lot {lot}", "Travaux non prévus au marché"},
		questions: []string{
			"Sur le chantier du lot {lot}, le maître d'œuvre nous demande des travaux qui ne sont pas au marché. Comment serons-nous payés ?",
			"on nous demande des prestations en plus sur le marché {ref}, sans papier. on le fait ou pas ?",
		},
		call:   "demande comment faire payer des travaux supplémentaires sur le lot {lot} (consultation {ref}).",
		answer: "Des prestations hors marché ne sont payées que si elles font l'objet d'un ordre de service ou d'une modification du marché (avenant) signée avant leur réalisation. Demandez un ordre de service écrit, chiffrez-le sur la base des prix du marché et réservez votre position par écrit en cas de désaccord.",
	},
	{
		ref:      true,
		subjects: []string{"Pénalités de retard appliquées sur le chantier", "Contestation de pénalités – lot {lot}"},
		questions: []string{
			"La Région nous applique des pénalités de retard sur le lot {lot} alors que le retard vient d'un autre lot. Que pouvons-nous faire ?",
		},
		call:   "conteste des pénalités de retard appliquées sur le lot {lot} (consultation {ref}).",
		answer: "Adressez au maître d'ouvrage un mémoire en réclamation motivé, avec les preuves que le retard ne vous est pas imputable (comptes rendus de chantier, ordres de service), dans le délai prévu par le CCAG. Le comité consultatif de règlement amiable peut aussi être saisi.",
	},
	{
		subjects: []string{"Révision des prix : quel indice ?", "Formule de révision des prix"},
		questions: []string{
			"Avec la hausse des matériaux, notre prix ne tient plus. Le marché prévoit une révision des prix : comment la calculer ?",
		},
		call:   "demande comment appliquer la révision des prix de son marché.",
		answer: "La formule et les indices sont fixés par le CCAP (par exemple BT01 pour le bâtiment) ; la révision s'applique à chaque situation avec le dernier indice connu. Elle est de droit si le marché la prévoit : indiquez-la sur vos factures.",
	},
	{
		ref:      true,
		subjects: []string{"Bon de commande : montant minimum ?", "Accord-cadre {ref} : pas de commande depuis six mois"},
		questions: []string{
			"Nous sommes titulaires de l'accord-cadre {ref} mais nous n'avons reçu aucun bon de commande depuis six mois. L'acheteur est-il obligé de commander ?",
		},
		call:   "titulaire de l'accord-cadre {ref}, n'a reçu aucune commande depuis six mois.",
		answer: "L'acheteur n'est tenu de commander que si l'accord-cadre prévoit un minimum ; sinon il commande selon ses besoins, dans la limite du maximum. S'il y a un minimum et qu'il n'est pas atteint à la fin, vous pouvez être indemnisé.",
	},
}

var paiementCases = []textCase{
	{
		ref:      true,
		subjects: []string{"Retard de paiement facture n° {facture}", "Facture {facture} impayée depuis {jours} jours", "Relance paiement – marché {ref}"},
		questions: []string{
			"Notre facture n° {facture} du {datefacture} ({montant} € TTC) pour le marché {ref} n'est toujours pas payée, cela fait {jours} jours. À qui s'adresser ?",
			"bonjour, toujours pas payé pour la facture {facture} ({montant} €). pour une petite boite comme nous c'est très dur. merci de faire le nécessaire",
		},
		call:   "relance le paiement de la facture n° {facture} ({montant} € TTC, marché {ref}), en attente depuis {jours} jours.",
		answer: "Le délai de paiement est de 30 jours pour la Région et les collectivités (50 jours pour un hôpital public). Au-delà, les intérêts moratoires (taux de la BCE plus 8 points) et l'indemnité forfaitaire de 40 € sont dus de plein droit, sans avoir à les demander. Vérifiez d'abord l'état de la facture sur Chorus Pro : mise à disposition, rejetée ou mise en paiement.",
	},
	{
		subjects: []string{"Facture rejetée sur Chorus Pro", "Chorus Pro : code service obligatoire ?"},
		questions: []string{
			"Notre facture n° {facture} a été rejetée sur Chorus Pro pour « code service absent ». Où trouver ce code ?",
			"c'est quoi le numéro d'engagement qu'on me demande sur chorus ? je l'ai pas",
		},
		call:   "facture rejetée sur Chorus Pro (code service ou numéro d'engagement manquant).",
		answer: "Le code service et le numéro d'engagement figurent sur le bon de commande ou dans l'acte d'engagement ; à défaut, demandez-les au service qui suit votre marché. Déposez à nouveau la facture avec ces mentions : le délai de paiement court à partir de la réception de la facture conforme.",
	},
	{
		subjects: []string{"Avance de 10 % : comment la demander ?", "Avance forfaitaire pour une PME"},
		questions: []string{
			"Notre marché fait {marche} € HT sur un an. Avons-nous droit à une avance ? Nous sommes une PME.",
		},
		call:   "demande s'il a droit à une avance sur son marché de {marche} € HT.",
		answer: "L'avance est obligatoire pour les marchés de plus de 50 000 € HT et de plus de deux mois, sauf si vous y renoncez dans l'acte d'engagement. Pour une PME, son taux minimum est de 10 % avec la Région (30 % avec l'État). Elle est versée sans demande particulière si l'acte d'engagement ne la refuse pas.",
	},
	{
		ref:      true,
		subjects: []string{"Retenue de garantie non restituée", "Remboursement de la retenue de garantie – lot {lot}"},
		questions: []string{
			"La réception du lot {lot} date de plus d'un an et on ne nous a toujours pas rendu la retenue de garantie. Comment la récupérer ?",
		},
		call:   "demande la restitution de la retenue de garantie du lot {lot} (consultation {ref}).",
		answer: "La retenue de garantie (5 % au plus, 3 % pour une PME avec la Région) est remboursée un mois après la fin du délai de garantie, sauf réserves notifiées. Demandez-la par écrit au service acheteur en rappelant la date de réception ; elle peut aussi être remplacée par une garantie à première demande.",
	},
	{
		subjects: []string{"Intérêts moratoires sur facture n° {facture}", "Indemnité de 40 € pour retard de paiement"},
		questions: []string{
			"Notre facture n° {facture} a été payée avec {jours} jours de retard. Faut-il faire une facture pour les intérêts de retard ?",
		},
		call:   "demande comment obtenir les intérêts moratoires d'une facture payée en retard.",
		answer: "Les intérêts moratoires et l'indemnité forfaitaire de 40 € sont dus de plein droit et doivent être payés avec le principal, sans demande de votre part. S'ils ne l'ont pas été, réclamez-les par écrit au service acheteur en indiquant la facture et les dates.",
	},
}

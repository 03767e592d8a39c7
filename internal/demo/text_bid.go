package demo

// Questions asked while preparing a bid: how to respond, and lots.

var repondreCases = []textCase{
	{
		subjects: []string{"Pièces à fournir pour la candidature", "Quels documents pour candidater ?", "Dossier de candidature : liste des pièces"},
		questions: []string{
			"Nous voulons répondre pour la première fois à un marché public et nous ne savons pas quels documents mettre dans la candidature. Faut-il forcément le DC1 et le DC2 ? Nous sommes {metier}, {effectif} salariés.",
			"je suis {metier} et je voudrais répondre a un appel d'offre. quels papiers il faut fournir pour la candidature ? kbis, urssaf, assurance décennale ? merci de votre aide",
			"Pouvez-vous m'indiquer la liste des pièces de candidature à joindre ? Le règlement parle de DUME mais nous n'en avons jamais rempli.",
		},
		call:   "demande la liste des pièces de candidature (première réponse à un marché public).",
		answer: "Pour la candidature : le DC1 (lettre de candidature) et le DC2 (déclaration du candidat), ou à leur place un DUME. Les attestations fiscales et sociales et le Kbis ne sont demandés qu'au candidat pressenti, avant l'attribution. Lisez toujours l'article du règlement de la consultation sur le contenu de la candidature : il peut demander des références, des certificats de qualification ou une attestation d'assurance.",
	},
	{
		subjects: []string{"Sous-traitance : faut-il un DC4 ?", "Déclarer un sous-traitant", "DC4 et paiement direct"},
		questions: []string{
			"Nous allons sous-traiter une partie des travaux (l'électricité) à un autre artisan. Que faut-il remplir ? On m'a parlé d'un DC4.",
			"Bonjour, pour un marché de travaux nous voulons présenter un sous-traitant en paiement direct. Le DC4 doit-il être signé par les deux entreprises ? À quel moment le fournir ?",
		},
		call:   "demande comment déclarer un sous-traitant (DC4, paiement direct).",
		answer: "Le sous-traitant se présente avec le formulaire DC4, signé par vous et par lui, dans l'offre ou en cours de marché. L'acheteur l'accepte et agrée ses conditions de paiement ; au-delà de 600 € TTC, il le paie directement pour sa part. Joignez ses propres pièces de candidature (DC1 et DC2, ou DUME) pour qu'il puisse vérifier ses capacités.",
	},
	{
		subjects: []string{"Répondre en groupement avec un autre artisan", "Groupement d'entreprises : comment faire ?"},
		questions: []string{
			"Avec deux autres artisans du secteur nous aimerions répondre ensemble à un marché de rénovation. Comment on fait un groupement ? Faut-il créer une société ?",
			"Nous sommes une petite structure ({effectif} personnes) et le marché est trop gros pour nous seuls. Peut-on répondre à plusieurs entreprises ? Qui signe ?",
		},
		call:   "demande comment répondre en groupement avec d'autres entreprises.",
		answer: "Pas besoin de créer une société : un groupement momentané d'entreprises, conjoint ou solidaire, se déclare dans le DC1 ou le DUME, avec un mandataire qui dépose l'offre et représente les membres. Chaque membre fournit sa propre candidature ; les capacités s'additionnent. Le règlement de la consultation peut imposer une forme de groupement après l'attribution : vérifiez-le.",
	},
	{
		subjects: []string{"Références exigées : nous sommes une jeune entreprise", "Pas de références publiques, peut-on candidater ?"},
		questions: []string{
			"Notre société a été créée il y a un an, nous n'avons pas encore de références en marchés publics. Est-ce éliminatoire ?",
			"on nous demande 3 références de moins de 3 ans, on n'a que des chantiers pour des particuliers, ca compte ?",
		},
		call:   "demande si l'absence de références publiques empêche de candidater (entreprise créée récemment).",
		answer: "Une entreprise nouvelle ne peut pas être écartée pour ce seul motif : elle prouve sa capacité par d'autres moyens (titres et expérience des dirigeants, moyens humains et matériels). Les chantiers privés sont de vraies références : indiquez le client, l'année, le montant et l'objet, avec une attestation du client si possible.",
	},
	{
		ref:      true,
		subjects: []string{"Comment répondre à la consultation {ref} ?", "{ref} : première réponse, besoin d'aide", "Répondre au lot {lot} de la consultation {ref}"},
		questions: []string{
			"Nous avons vu la consultation {ref} ({objet}) et elle nous intéresse. Nous n'avons jamais répondu à un marché public : par quoi commencer ? La date limite est le {dlro}.",
			"Bonjour, je voudrais répondre au marché {ref}, lot {lot}. Je dois envoyer quoi et comment ? Par courrier ou sur internet ?",
			"Bonjour,\nsuite à la réunion d'information de la CCI, nous souhaitons répondre à la consultation {ref} ({acheteur}). Pouvez-vous nous expliquer les étapes ?",
		},
		call:   "souhaite répondre à la consultation {ref} (lot {lot}), première réponse : demande la marche à suivre.",
		answer: "Téléchargez le DCE complet sur le profil d'acheteur en vous identifiant (vous serez prévenu des modifications) et lisez d'abord le règlement de la consultation : il liste les pièces de la candidature et de l'offre et les critères de jugement. L'offre comprend en général l'acte d'engagement, le cadre de prix (BPU, DQE ou DPGF) et un mémoire technique. Tout se dépose sur la plateforme avant le {dlro} : une offre arrivée après, même de quelques minutes, est écartée.",
	},
	{
		ref:      true,
		subjects: []string{"Mémoire technique : que doit-il contenir ?", "Consultation {ref} : contenu du mémoire technique"},
		questions: []string{
			"Pour la consultation {ref} ({objet}), le règlement demande un mémoire technique. Y a-t-il un modèle ? Combien de pages ? Nous n'avons jamais fait ça.",
			"Bonjour, que faut-il mettre dans le mémoire technique du lot {lot} ? C'est noté sur 60 % et je ne veux pas passer à côté.",
		},
		call:   "demande ce que doit contenir le mémoire technique (consultation {ref}, lot {lot}).",
		answer: "Il n'y a pas de modèle imposé, sauf si le DCE fournit un cadre de mémoire technique : dans ce cas, suivez-le. Reprenez un à un les sous-critères du règlement de la consultation et répondez à chacun : moyens humains et matériels affectés, méthode, planning, gestion des déchets, références comparables. Soyez précis et concret plutôt que long.",
	},
}

var allotissementCases = []textCase{
	{
		ref:      true,
		subjects: []string{"Peut-on répondre à plusieurs lots ?", "{ref} : réponse à plusieurs lots", "Lots {lot} et {lot2} : une seule candidature ?"},
		questions: []string{
			"Nous souhaitons répondre aux lots {lot} et {lot2} de la consultation {ref}. Faut-il faire deux dossiers complets ?",
			"Bonjour, est-ce qu'on peut répondre à plusieurs lots du marché {ref} ou faut-il choisir ?",
		},
		call:   "demande s'il peut répondre aux lots {lot} et {lot2} de la consultation {ref} et avec quel dossier.",
		answer: "Oui, sauf si le règlement de la consultation limite le nombre de lots par candidat. Une seule candidature suffit pour tous les lots ; en revanche il faut une offre distincte par lot (acte d'engagement et cadre de prix de chaque lot), car chaque lot est jugé séparément.",
	},
	{
		ref:      true,
		subjects: []string{"Lot {lot} : offre pour ce lot seulement", "Répondre uniquement au lot {lot}"},
		questions: []string{
			"Notre activité ne correspond qu'au lot {lot} de la consultation {ref}. Pouvons-nous répondre à ce seul lot ?",
			"bonjour, on fait seulement le lot {lot}, est ce qu'on est obligé de chiffrer les autres lots ?",
		},
		call:   "demande s'il peut répondre au seul lot {lot} de la consultation {ref}.",
		answer: "Oui : chaque lot est un marché à part, vous pouvez ne répondre qu'au lot {lot}. Ne remplissez que l'acte d'engagement et le cadre de prix de ce lot, et indiquez-le clairement dans votre lettre de candidature.",
	},
	{
		ref:      true,
		subjects: []string{"Pourquoi le marché n'est-il pas alloti ?", "{ref} : marché global, pas de lots"},
		questions: []string{
			"La consultation {ref} ({objet}) n'est pas découpée en lots. Une petite entreprise comme la nôtre ne peut pas répondre sur tout. Est-ce légal ?",
			"Encore un marché global ({ref}) qui réserve le marché aux gros. Les petites entreprises locales n'ont aucune chance. Que peut-on faire ?",
		},
		call:   "conteste l'absence de lots dans la consultation {ref}, qu'il juge fermée aux petites entreprises.",
		answer: "L'allotissement est la règle (article L2113-10 du code de la commande publique) ; l'acheteur qui ne divise pas son marché doit le justifier (L2113-11), et ses motifs figurent dans les documents de la consultation. Vous pouvez aussi répondre en groupement avec d'autres entreprises, ou vous proposer comme sous-traitant d'une entreprise candidate.",
	},
	{
		ref:      true,
		subjects: []string{"Limitation du nombre de lots attribuables", "{ref} : deux lots au maximum par entreprise ?"},
		questions: []string{
			"Le règlement de la consultation {ref} dit qu'un même candidat ne peut pas obtenir plus de deux lots. Si nous sommes les mieux classés sur trois lots, que se passe-t-il ?",
		},
		call:   "demande comment s'applique la limitation du nombre de lots attribuables (consultation {ref}).",
		answer: "Vous pouvez répondre à tous les lots, mais vous n'en obtiendrez que le nombre maximum prévu. Le règlement de la consultation doit indiquer la règle de choix entre les lots où vous êtes le mieux classé : lisez-la avant de déposer, elle vous aide à classer vos priorités.",
	},
	{
		subjects: []string{"Rabais si nous obtenons plusieurs lots ?", "Offre variable selon le nombre de lots"},
		questions: []string{
			"Si nous obtenons plusieurs lots, nous pourrions faire un prix plus bas. Avons-nous le droit de proposer une remise globale ?",
		},
		call:   "demande s'il peut proposer un rabais en cas d'attribution de plusieurs lots.",
		answer: "Ces offres variables ne sont possibles que si le règlement de la consultation les autorise expressément. Sans cette mention, chaque lot doit avoir son prix propre, sans condition liée aux autres lots.",
	},
	{
		subjects: []string{"Qu'est-ce que l'allotissement ?", "Marché en lots : comment ça marche ?"},
		questions: []string{
			"Je vois souvent des marchés découpés en lots. Est-ce que chaque lot est un marché différent ? Faut-il une assurance par lot ?",
		},
		call:   "demande comment fonctionne un marché découpé en lots.",
		answer: "Chaque lot est jugé et attribué séparément, comme un marché distinct ; vous pouvez répondre à un ou plusieurs lots avec une seule candidature et une offre par lot. Votre assurance doit couvrir l'activité de chaque lot auquel vous répondez.",
	},
}

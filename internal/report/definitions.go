package report

// Definition is one figure: its identifier (CSV, API, tests), its French label and
// the sentence that says how it is computed, shown as the figure's tooltip on the
// dashboard and printed under the tables of the report.
type Definition struct {
	ID    string
	Label string
	Help  string
	Unit  Unit
}

// Unit says how a figure's value reads.
type Unit string

// The units.
const (
	Count Unit = "count" // a number of requests
	Share Unit = "share" // a ratio between 0 and 1, shown as a percentage
	Hours Unit = "hours" // business hours
	Score Unit = "score" // a mean rating out of 5
)

// The figures, in the order the report shows them. Every rendering (dashboard,
// report, CSV, API) reads its labels and explanations here: change a definition
// here and everywhere follows.
var definitions = []Definition{
	{"volume", "Demandes reçues", "Nombre de demandes créées dans la période (date de création, heure de Paris), tous canaux confondus.", Count},
	{"volume_by_channel", "Demandes reçues par canal", "Demandes créées dans la période, par canal d'arrivée (téléphone, courriel, formulaire, portail, API).", Count},
	{"volume_by_week", "Demandes reçues par semaine", "Demandes créées dans la période, par semaine ISO (du lundi au dimanche) ; une semaine à cheval sur le début ou la fin de la période n'en compte que les jours inclus.", Count},
	{"share_local", "Entreprises locales", "Demandes dont l'établissement de l'entreprise est dans un département du territoire, sur les demandes créées dans la période dont l'entreprise est connue (les appels anonymes ne comptent pas).", Share},
	{"share_tpe_local", "TPE parmi les entreprises locales", "Demandes d'une entreprise locale de taille TPE (moins de 10 salariés), sur les demandes d'entreprises locales créées dans la période.", Share},
	{"resolved", "Demandes résolues", "Nombre de demandes passées à l'état « résolue » dans la période (date de la dernière résolution).", Count},
	{"handled_by_cell", "Traitées directement par la cellule", "Demandes résolues dans la période avec le résultat « répondu par la cellule », sur les demandes résolues dans la période hors sujet exclu.", Share},
	{"answered_by_service", "Répondues par un service", "Demandes résolues dans la période avec le résultat « répondu par le service », sur les demandes résolues dans la période hors sujet exclu.", Share},
	{"redirected", "Réorientées vers l'acheteur", "Demandes résolues dans la période avec le résultat « réorienté vers l'acheteur », sur les demandes résolues dans la période hors sujet exclu.", Share},
	{"off_topic", "Hors sujet", "Demandes résolues dans la période avec le résultat « hors sujet », sur toutes les demandes résolues dans la période.", Share},
	{"escalated", "Transmises à un service", "Demandes créées dans la période qu'un service thématique a détenues à un moment (historique des équipes du journal d'audit, ou équipe actuelle), sur les demandes créées dans la période ; une demande passée par deux services compte pour chacun.", Share},
	{"topics", "Classement des thèmes", "Demandes créées dans la période par thème, du plus demandé au moins demandé.", Count},
	{"consultations", "Consultations les plus demandées", "Les dix consultations citées par le plus de demandes créées dans la période.", Count},
	{"first_response_median", "Première réponse (médiane)", "Temps ouvré (heures d'ouverture de la cellule, hors week-ends et jours fériés) entre la création d'une demande et sa première réponse, pour les premières réponses données dans la période ; la moitié des réponses sont plus rapides.", Hours},
	{"first_response_p90", "Première réponse (9 sur 10)", "Même délai que la médiane ; 90 % des premières réponses données dans la période l'ont été en ce temps ouvré ou moins (90e centile, rang le plus proche).", Hours},
	{"resolution_median", "Résolution (médiane)", "Temps ouvré entre la création d'une demande et sa résolution, pour les demandes résolues dans la période ; la moitié sont plus rapides.", Hours},
	{"resolution_p90", "Résolution (9 sur 10)", "Même délai que la médiane ; 90 % des demandes résolues dans la période l'ont été en ce temps ouvré ou moins (90e centile, rang le plus proche).", Hours},
	{"sla_first_response", "Première réponse dans les délais", "Demandes dont l'échéance de première réponse tombait dans la période (et est passée) qui avaient reçu leur première réponse à l'échéance, sur toutes ces demandes.", Share},
	{"sla_resolution", "Résolution dans les délais", "Demandes dont l'échéance de résolution tombait dans la période (et est passée) qui étaient résolues à l'échéance, sur toutes ces demandes.", Share},
	{"past_due_unanswered", "Sans réponse après l'échéance", "Demandes sans aucune réponse ni résolution dont l'échéance de première réponse était passée à la fin de la période (maintenant, si la période est en cours). L'objectif est 0.", Count},
	{"satisfaction_mean", "Satisfaction (/5)", "Moyenne sur 5 des notes données en ligne dans la période, à l'enquête envoyée après la résolution ; les notes recueillies par téléphone sont à part.", Score},
	{"satisfaction_ratings", "Notes reçues en ligne", "Nombre de notes données en ligne dans la période (une par demande : une note changée compte une fois, à sa dernière date).", Count},
	{"satisfaction_distribution", "Répartition des notes", "Notes données en ligne dans la période, de 1 à 5.", Count},
	{"satisfaction_response_rate", "Taux de réponse aux enquêtes", "Enquêtes envoyées par courriel dans la période qui ont reçu une note en ligne, sur les enquêtes envoyées dans la période.", Share},
	{"satisfaction_phone_mean", "Satisfaction par téléphone (/5)", "Moyenne sur 5 des notes recueillies par un agent à la fin d'un appel, enregistrées dans la période ; comptées à part des notes en ligne.", Score},
	{"satisfaction_phone_ratings", "Notes recueillies par téléphone", "Nombre de notes enregistrées par un agent dans la période.", Count},
}

// Definitions lists every figure, in report order.
func Definitions() []Definition { return append([]Definition(nil), definitions...) }

// Define returns the definition of a figure by its identifier; it panics on an
// unknown one, which is a programming error caught by the tests.
func Define(id string) Definition {
	for _, d := range definitions {
		if d.ID == id {
			return d
		}
	}
	panic("report: no figure " + id)
}

// channelLabels name the channels in French.
var channelLabels = map[string]string{
	"phone": "Téléphone", "email": "Courriel", "web": "Formulaire web", "portal": "Portail de suivi", "api": "API",
}

// channelOrder is the order channels are listed in.
var channelOrder = []string{"phone", "email", "web", "portal", "api"}

package tender

import (
	"strings"
	"time"
)

// Days before the DLRO by which complementary information on the consultation
// documents must reach candidates in a formalised procedure (article R2132-6
// of the Code de la commande publique, in force 2026).
const (
	answerDaysBeforeDeadline       = 6
	answerDaysBeforeDeadlineUrgent = 4 // the offer period was shortened for urgency
)

// LastDayToAnswer returns the last moment the buyer can send an answer to a
// question on the consultation documents: the DLRO minus 6 days (4 when the
// offer period was shortened for urgency), at the same wall-clock time in the
// deadline's location, so a DLRO of 15 March 12:00 gives 9 March 12:00 even
// across a change to summer time. ok is false for a procedure that is not
// formalised (MAPA): the law sets no fixed delay there, only a sufficient one,
// and for a zero deadline.
func LastDayToAnswer(deadline time.Time, formalised, urgent bool) (time.Time, bool) {
	if !formalised || deadline.IsZero() {
		return time.Time{}, false
	}
	days := answerDaysBeforeDeadline
	if urgent {
		days = answerDaysBeforeDeadlineUrgent
	}
	return deadline.AddDate(0, 0, -days), true
}

// IsFormalised reports whether a procedure, as a notice names it, is one of
// the formalised procedures of the Code: appel d'offres ouvert or restreint,
// procédure (concurrentielle) avec négociation, dialogue compétitif,
// partenariat d'innovation. It reads BOAMP's procedure_libelle, DECP's
// procedure, the legacy XML's element names (OUVERT, RESTREINT) and eForms
// codes (open, restricted, neg-w-call, comp-dial, innovation). A procédure
// adaptée (MAPA), a contract without publicity and anything unknown are not.
func IsFormalised(procedure string) bool {
	p := strings.NewReplacer("_", " ", "-", " ").Replace(foldLabel(procedure))
	p = strings.Join(strings.Fields(p), " ")
	for _, no := range []string{"adapte", "mapa", "sans publicite", "sans mise en concurrence", "neg wo call"} {
		if strings.Contains(p, no) {
			return false
		}
	}
	switch p {
	case "aoo", "aor", "ao", "open", "restricted", "neg w call", "comp dial", "innovation",
		"ouvert", "restreint", "negocie", "dialogue competitif":
		return true
	}
	for _, yes := range []string{"appel d'offres", "appel d offres", "procedure ouverte", "procedure restreinte",
		"avec negociation", "procedure negociee", "dialogue competitif", "partenariat d'innovation", "partenariat d innovation"} {
		if strings.Contains(p, yes) {
			return true
		}
	}
	return false
}

package decp

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/guichet/guichet/internal/company"
	"github.com/guichet/guichet/internal/tender"
)

// maxMonths bounds a contract's duration: 99 years is already a concession's.
const maxMonths = 1200

// parseRecord checks one contract. Only a contract without an id (or that is
// not an object) is refused; every other bad field is left out with a warning.
func parseRecord(index int, v any) (Record, error) {
	m := object(v)
	if m == nil {
		return Record{}, &RecordError{Index: index, Reason: "le marché n'est pas un objet JSON mais " + kindOf(v)}
	}
	id := text(m["id"])
	if id == "" {
		return Record{}, &RecordError{Index: index, Reason: "id manquant : le marché ne peut pas être identifié"}
	}
	rec := Record{Index: index, ID: id, Nature: text(m["nature"]), Object: text(m["objet"]), Procedure: text(m["procedure"])}
	rec.buyer(m["acheteur"])
	rec.CPV = rec.cpv(m["codeCPV"])
	rec.DurationMonths = rec.months(m["dureeMois"], "dureeMois")
	rec.NotifiedAt = rec.date(m["dateNotification"], "dateNotification")
	rec.AmountCents = rec.amount(m["montant"], "")
	rec.Winners = rec.winners(m["titulaires"], "")
	rec.modifications(m["modifications"])
	rec.publication(m["datePublicationDonnees"])
	rec.booleans(m, "marcheInnovant", "attributionAvance", "sousTraitanceDeclaree")
	if rec.Object == "" {
		rec.warn("objet manquant")
	}
	return rec, nil
}

func (rec *Record) warn(format string, args ...any) {
	rec.Warnings = append(rec.Warnings, fmt.Sprintf(format, args...))
}

// buyer reads acheteur.id, the buyer's SIRET.
func (rec *Record) buyer(v any) {
	raw := text(object(v)["id"])
	if raw == "" {
		rec.warn("acheteur.id manquant : l'acheteur n'est pas identifié")
		return
	}
	rec.BuyerSIRET = rec.siret(raw, "SIRET de l'acheteur")
}

// siret checks a SIRET: one that fails the check is kept, flagged.
func (rec *Record) siret(raw, what string) string {
	s, err := company.NormalizeSIRET(raw)
	if err == nil {
		return s
	}
	rec.warn("%s : %v (conservé tel quel)", what, err)
	return strings.Join(strings.Fields(raw), "")
}

// cpv checks codeCPV: a code without check digit gets it, a wrong check digit
// is corrected with a warning, an unreadable code is left out.
func (rec *Record) cpv(v any) string {
	raw := text(v)
	if raw == "" {
		rec.warn("codeCPV manquant")
		return ""
	}
	c, err := tender.ParseCPV(raw)
	if err != nil && lostLeadingZero(raw) {
		// Files converted through a spreadsheet turn 09310000 into 9310000.
		if c, err = tender.ParseCPV("0" + raw); err == nil {
			rec.warn("codeCPV : « %s » a perdu son zéro initial, %s retenu", raw, c.String())
		}
	}
	if err != nil {
		rec.warn("codeCPV : %v (ignoré)", err)
		return ""
	}
	if !c.CheckOK {
		rec.warn("codeCPV : clé de contrôle erronée dans %s-%s, %s retenu", c.Code, c.Check, c.String())
	}
	return c.String()
}

// months reads a duration in whole months; "NC" and the like are warnings.
func (rec *Record) months(v any, field string) int {
	if v == nil {
		return 0
	}
	f, err := strconv.ParseFloat(text(v), 64)
	switch {
	case err != nil:
		rec.warn("%s : « %s » n'est pas une durée en mois (ignorée)", field, shorten(v))
	case f != math.Trunc(f):
		rec.warn("%s : %s n'est pas un nombre entier de mois (ignoré)", field, text(v))
	case f < 0 || f > maxMonths:
		rec.warn("%s : %s mois n'est pas une durée vraisemblable (ignorée)", field, text(v))
	default:
		return int(f)
	}
	return 0
}

// lostLeadingZero reports a code of 7 digits, optionally with its check
// digit: CPV divisions 03 and 09 start with a zero that numbers drop.
func lostLeadingZero(raw string) bool {
	code, _, _ := strings.Cut(raw, "-")
	code = strings.TrimSpace(code)
	if len(code) != 7 {
		return false
	}
	for _, r := range code {
		if r < '0' || r > '9' {
			return false
		}
	}
	return code[0] == '3' || code[0] == '9'
}

// date reads a date of the contract; a bad one is a warning and stays zero.
func (rec *Record) date(v any, field string) time.Time {
	if v == nil {
		rec.warn("%s manquante", field)
		return time.Time{}
	}
	t, _, err := tender.ParseNoticeTime(text(v), tender.Paris())
	if err != nil {
		rec.warn("%s : %v", field, err)
		return time.Time{}
	}
	return t.In(tender.Paris())
}

// amount reads an amount in euros HT; an implausible one (the 1e17 of the
// test file) is a warning and stays zero. where prefixes the warning of a
// modification.
func (rec *Record) amount(v any, where string) int64 {
	if v == nil {
		return 0
	}
	cents, err := tender.ParseAmountCents(text(v))
	if err != nil {
		rec.warn("%s%v (ignoré)", where, err)
		return 0
	}
	return cents
}

// shorten writes a value for a message, cut when long.
func shorten(v any) string {
	s := text(v)
	if s == "" {
		s = kindOf(v)
	}
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

package boamp

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/guichet/guichet/internal/company"
	"github.com/guichet/guichet/internal/tender"
)

// fill checks what the notice says and writes it into the record: every
// value that fails a check is left out (or corrected, for a CPV check digit)
// with a warning, never silently.
func (rec *Record) fill(d details, etat string) {
	c := &rec.Consultation
	c.Reference, c.Source = rec.IDWeb, "boamp"
	c.Object, c.Procedure = d.object, d.procedure
	c.Departements, c.Descriptors, c.Urgent = d.departements, d.descriptors, d.urgent
	c.PublishedAt, _ = rec.date(d.published, "date de parution")
	c.Deadline = rec.deadline(d.deadline)
	c.CPV = rec.cpvs(d.cpvs)
	c.Lots = rec.lots(d.lots)
	for _, l := range c.Lots {
		if l.CPV != "" && !slices.Contains(c.CPV, l.CPV) {
			c.CPV = append(c.CPV, l.CPV)
		}
	}
	c.ContractType = rec.contractType(d.contract, c.CPV)
	if d.amount != "" {
		if cents, err := tender.ParseAmountCents(d.amount); err != nil {
			rec.warn("%v : montant ignoré", err)
		} else {
			c.AmountCents = cents
		}
	}
	rec.Buyer = rec.buyer(d.buyer)
	c.BuyerName, c.BuyerSIRET = rec.Buyer.Name, rec.Buyer.SIRET
	rec.winners(d.winners)
	rec.status(strings.ToUpper(etat))
}

// status sets the state: a cancellation wins, then an award; anything else is
// open (whether its deadline has passed is for the caller, who has a clock).
func (rec *Record) status(etat string) {
	c := &rec.Consultation
	switch {
	case etat == "AVIS_ANNULE" || etat == "ANNULATION" || etat == "ANNULE" || rec.Nature == "ANNULATION":
		rec.Cancelled, c.Status = true, tender.Cancelled
	case strings.Contains(rec.Nature, "ATTRIBUTION") || strings.Contains(rec.Nature, "RESULTAT"):
		c.Status = tender.Awarded
	default:
		c.Status = tender.Open
	}
}

// date reads a date of the notice; a bad one is a warning and stays zero.
func (rec *Record) date(s, what string) (time.Time, bool) {
	if s == "" {
		return time.Time{}, false
	}
	t, dateOnly, err := tender.ParseNoticeTime(s, tender.Paris())
	if err != nil {
		rec.warn("%s : %v", what, err)
		return time.Time{}, false
	}
	return t.In(tender.Paris()), dateOnly
}

// deadline reads the DLRO. A deadline without an hour is taken as the end of
// that day, with a warning: a consultation must not look closed while
// candidates can still answer.
func (rec *Record) deadline(s string) time.Time {
	t, dateOnly := rec.date(s, "date limite de réponse")
	if dateOnly {
		rec.warn("date limite de réponse sans heure (%s) : fin de journée retenue", t.Format("02/01/2006"))
		return time.Date(t.Year(), t.Month(), t.Day(), 23, 59, 59, 0, tender.Paris())
	}
	return t
}

// cpvs checks the codes of the notice, main code first, without duplicates;
// fill adds those of the lots after them.
func (rec *Record) cpvs(raw []string) []string {
	var out []string
	for _, r := range raw {
		if code := rec.cpv(r, "CPV de l'avis"); code != "" && !slices.Contains(out, code) {
			out = append(out, code)
		}
	}
	return out
}

// cpv checks one code: an unreadable code is left out, a wrong check digit is
// replaced by the official one; both with a warning.
func (rec *Record) cpv(raw, where string) string {
	c, err := tender.ParseCPV(raw)
	if err != nil {
		rec.warn("%s : %v (code ignoré)", where, err)
		return ""
	}
	if !c.CheckOK {
		rec.warn("%s : clé de contrôle erronée dans %s-%s, %s retenu", where, c.Code, c.Check, c.String())
	}
	return c.String()
}

// lots numbers the lots ("LOT-0002", "2", "Lot 2" are all lot 2; without a
// number, the position) and checks their CPV codes.
func (rec *Record) lots(lots []lotText) []tender.Lot {
	var out []tender.Lot
	for i, l := range lots {
		lot := tender.Lot{Number: lotNumber(l.number, i+1), Title: l.title}
		if l.cpv != "" {
			lot.CPV = rec.cpv(l.cpv, fmt.Sprintf("CPV du lot %d", lot.Number))
		}
		out = append(out, lot)
	}
	return out
}

// lotNumber reads the digits of a lot id; fallback when there are none.
func lotNumber(s string, fallback int) int {
	n, seen := 0, false
	for _, r := range s {
		if r >= '0' && r <= '9' && n < 1_000_000 {
			n, seen = n*10+int(r-'0'), true
		}
	}
	if !seen || n == 0 {
		return fallback
	}
	return n
}

// contractType reads the type the notice states, or guesses it from the
// main CPV code.
func (rec *Record) contractType(label string, cpvs []string) tender.ContractType {
	if t, ok := tender.ParseContractType(label); ok {
		return t
	}
	if len(cpvs) > 0 {
		return tender.ContractTypeOf(cpvs[0])
	}
	return ""
}

// buyer checks the buyer's identifiers and contacts.
func (rec *Record) buyer(b buyerText) tender.Buyer {
	out := tender.Buyer{Name: b.name, ProfileURL: b.profileURL, Kind: tender.GuessBuyerKind(b.name)}
	out.SIRET = rec.siret(b.siret, "SIRET de l'acheteur")
	if b.email != "" {
		if e, err := company.NormalizeEmail(b.email); err != nil {
			rec.warn("courriel de l'acheteur : %v (ignoré)", err)
		} else {
			out.Email = e
		}
	}
	if b.phone != "" {
		if p, ok := frenchPhone(b.phone); ok {
			out.Phone = p
		} else {
			rec.warn("téléphone de l'acheteur « %s » illisible (ignoré)", b.phone)
		}
	}
	return out
}

// winners sets the winner of an award notice: the names, and the first SIRET.
func (rec *Record) winners(ws []winnerText) {
	var names []string
	for _, w := range ws {
		if w.name != "" && !slices.Contains(names, w.name) {
			names = append(names, w.name)
		}
		if s := rec.siret(w.siret, "SIRET du titulaire"); s != "" && rec.Consultation.WinnerSIRET == "" {
			rec.Consultation.WinnerSIRET = s
		}
	}
	rec.Consultation.WinnerName = strings.Join(names, " ; ")
}

// siret checks a SIRET: one that fails the check is kept, flagged.
func (rec *Record) siret(raw, what string) string {
	if raw == "" {
		return ""
	}
	s, err := company.NormalizeSIRET(raw)
	if err == nil {
		return s
	}
	rec.warn("%s : %v (conservé tel quel)", what, err)
	return strings.Join(strings.Fields(raw), "")
}

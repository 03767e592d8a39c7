package demo

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// textCase is one kind of question of a topic, with the words each party uses:
// subjects and questions as companies write them, the agent's summary of a
// call, and the answer. Texts are templates: {name} is replaced by vars.
type textCase struct {
	ref       bool     // speaks of one consultation: only for requests about a tender
	subjects  []string // short and specific
	questions []string // the company's message, e-mail or web form
	call      string   // what a caller asked, as the agent notes it: "demande si …"
	answer    string   // the cell's answer
}

// vars are the values a text may use, each as {name}.
type vars struct {
	at          time.Time // when the request came, for the figures in force then
	ref, objet  string
	acheteur    string
	service     string
	procedure   string
	lot, lot2   int
	dlro        time.Time
	facture     string
	montant     int // an invoice, in euros
	jours       int // days waited
	marche      int // an estimated contract amount, in euros HT
	societe     string
	metier      string
	ville       string
	effectif    int
	datefacture time.Time
}

// fill replaces every {name} of tpl by its value.
func fill(tpl string, v *vars) string {
	if !strings.Contains(tpl, "{") {
		return tpl
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(tpl, '{')
		j := strings.IndexByte(tpl, '}')
		if i < 0 || j < i {
			b.WriteString(tpl)
			return b.String()
		}
		b.WriteString(tpl[:i])
		b.WriteString(v.value(tpl[i+1 : j]))
		tpl = tpl[j+1:]
	}
}

// value is the text of one variable; an unknown name is left visible, and the
// tests look for braces in what was generated.
func (v *vars) value(name string) string {
	switch name {
	case "ref":
		return v.ref
	case "objet":
		return v.objet
	case "acheteur":
		return v.acheteur
	case "service":
		return v.service
	case "procedure":
		return v.procedure
	case "lot":
		return strconv.Itoa(v.lot)
	case "lot2":
		return strconv.Itoa(v.lot2)
	case "dlro":
		return frDate(v.dlro) + " à " + frHour(v.dlro)
	case "facture":
		return v.facture
	case "montant":
		return frNumber(v.montant) + ",00"
	case "jours":
		return strconv.Itoa(v.jours)
	case "marche":
		return frNumber(v.marche)
	case "societe":
		return v.societe
	case "metier":
		return v.metier
	case "ville":
		return v.ville
	case "effectif":
		return strconv.Itoa(v.effectif)
	case "datefacture":
		return v.datefacture.Format("02/01/2006")
	}
	return v.figure(name)
}

// figure is a threshold as in force on the day of the request.
func (v *vars) figure(name string) string {
	switch name {
	case "seuil":
		return figureAt(noPublicitySupplies, v.at)
	case "seuilue":
		return figureAt(euSupplies, v.at)
	case "seuiltravaux":
		return figureAt(euWorks, v.at)
	}
	return "{" + name + "}"
}

// dated is a figure of the Code de la commande publique and the day it took effect.
type dated struct {
	from  time.Time
	value string
}

func since(y int, m time.Month, d int, value string) dated {
	return dated{time.Date(y, m, d, 0, 0, 0, 0, time.UTC), value}
}

// The thresholds the answers quote change by decree: each answer quotes the one
// in force on the day of the request.
var (
	noPublicitySupplies = []dated{since(2020, 1, 1, "40 000"), since(2026, 4, 1, "60 000")}
	euSupplies          = []dated{since(2022, 1, 1, "215 000"), since(2024, 1, 1, "221 000"), since(2026, 1, 1, "216 000")}
	euWorks             = []dated{since(2022, 1, 1, "5 382 000"), since(2024, 1, 1, "5 538 000"), since(2026, 1, 1, "5 404 000")}
)

// figureAt returns the figure in force at t.
func figureAt(list []dated, t time.Time) string {
	v := list[0].value
	for _, d := range list {
		if !t.Before(d.from) {
			v = d.value
		}
	}
	return v
}

var (
	frWeekdays = [...]string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"}
	frMonths   = [...]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
		"septembre", "octobre", "novembre", "décembre"}
)

// frDate writes "vendredi 13 mars".
func frDate(t time.Time) string {
	return fmt.Sprintf("%s %d %s", frWeekdays[t.Weekday()], t.Day(), frMonths[t.Month()-1])
}

// frHour writes 12:00 as "12 h" and 16:30 as "16 h 30".
func frHour(t time.Time) string {
	if t.Minute() == 0 {
		return fmt.Sprintf("%d h", t.Hour())
	}
	return fmt.Sprintf("%d h %02d", t.Hour(), t.Minute())
}

// frNumber writes 12480 as "12 480".
func frNumber(n int) string {
	s := strconv.Itoa(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// firstSentences keeps the start of a text, whole sentences up to about limit
// bytes: the short messages of large volumes.
func firstSentences(s string, limit int) string {
	end := 0
	for end < len(s) && end < limit {
		i := strings.Index(s[end:], ". ")
		if i < 0 {
			return s
		}
		end += i + 1
	}
	if end == 0 || end >= len(s) {
		return s
	}
	return s[:end]
}

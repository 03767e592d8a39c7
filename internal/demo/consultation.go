package demo

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/guichet/guichet/internal/tender"
)

// consultation is a tender of the catalog: one of the region's own, run by one
// of its services, or another buyer's, seen in the BOAMP.
type consultation struct {
	ref       string // "2026-REG-014" for the region's, "26-123456" (BOAMP) for others
	own       bool
	by        *buyer
	buyer     string // the buyer's name, as texts write it
	object    string
	team      string   // the service its main CPV routes to: for the region's tenders, the one that runs it
	cpv       []string // with their check digits, the main code first
	lots      int
	lotList   []tender.Lot
	contract  tender.ContractType
	formal    bool   // a formalised procedure (appel d'offres), else a MAPA
	proc      string // as published: "Appel d'offres ouvert", "Procédure adaptée"…
	urgent    bool   // the offer period was shortened for urgency
	amount    int64  // estimated, HT, in cents
	published time.Time
	deadline  time.Time // DLRO, Paris time

	// What the requests said about it, noted while they are drawn, from which
	// the catalog settles its status at now.
	holder   int  // a firm that asked about performing it or being paid: it won; -1 none
	rejected bool // a company asked why its offer was rejected: an award was made
	status   tender.Status
	winner   int // index of the winning firm, -1 none
}

// procedure names the procedure the way answers speak of it.
func (c *consultation) procedure() string {
	return strings.ToLower(c.proc[:1]) + c.proc[1:]
}

// The catalog: the consultations the year's requests ask about (about 700
// refs in a year), and as many more published in the last weeks as make the
// platform list about 700 open ones at now (DOMAIN.md: 650–750), about 15 %
// of them the region's own.
const (
	ownHistory       = 130
	otherHistory     = 560
	consultationSpan = 120 // days before the data starts when the oldest was published
	openTarget       = 700
	ownShare         = 0.15
)

// tenders are the consultations of the demo, the region's and the others', each
// list in order of publication.
type tenders struct{ own, other []consultation }

// makeConsultations publishes the tenders over the year of data and the months
// before it (requests about payment come long after the publication), then
// those still open at now.
func makeConsultations(seed int64, cal *calendar, buyers []buyer) tenders {
	r := newRNG(seed, streamConsultations)
	d := newDrawer(r, cal, buyers)
	from := cal.first.AddDate(0, 0, -consultationSpan)
	span := int(cal.now.Sub(from).Hours()/24) - 2
	var all []consultation
	open := 0
	for i := range ownHistory + otherHistory {
		c := d.draw(i < ownHistory, cal.nextOpen(from.AddDate(0, 0, r.IntN(span))), time.Time{})
		if c.deadline.After(cal.now) {
			open++
		}
		all = append(all, c)
	}
	for range r.between(openTarget-10, openTarget+10) - open {
		all = append(all, d.current())
	}
	var t tenders
	for _, c := range all {
		if c.own {
			t.own = append(t.own, c)
		} else {
			t.other = append(t.other, c)
		}
	}
	for _, list := range [][]consultation{t.own, t.other} {
		sort.SliceStable(list, func(i, j int) bool { return list[i].published.Before(list[j].published) })
		numberConsultations(r, list)
	}
	return t
}

// current draws a consultation published in the last six weeks whose offers
// are due in the weeks after now.
func (d *drawer) current() consultation {
	now := d.cal.now
	pub := now
	for !pub.Before(now) {
		pub = d.cal.nextOpen(now.AddDate(0, 0, -d.r.between(1, 42)))
	}
	return d.draw(d.r.chance(ownShare), pub, now.Add(24*time.Hour))
}

// numberConsultations gives the region's tenders a yearly sequence and the
// others increasing BOAMP-like ids: about 320 notices a day, numbered from
// the first of January.
func numberConsultations(r *rng, cs []consultation) {
	seq := map[int]int{}
	for i := range cs {
		c := &cs[i]
		y := c.published.Year() // in the cell's zone
		if c.own {
			seq[y]++
			c.ref = fmt.Sprintf("%d-REG-%03d", y, seq[y])
			continue
		}
		seq[y] = max(seq[y]+1, c.published.YearDay()*320+r.IntN(320))
		c.ref = fmt.Sprintf("%02d-%06d", y%100, seq[y])
	}
}

// phase is when in a tender's life a topic comes up.
type phase int

const (
	phaseOpen      phase = iota // while companies prepare their bids
	phaseAward                  // after the deadline: rejection, award
	phaseExecution              // months later: performance, payment
)

func phaseOf(topic string) phase {
	switch topic {
	case "rejet", "attribution":
		return phaseAward
	case "execution", "paiement":
		return phaseExecution
	}
	return phaseOpen
}

// pick returns a tender of the right owner that a request at t on a topic of
// phase ph plausibly speaks of — still open for questions on bidding, past its
// deadline for the others —, one of the caller's trade (tr, when known) if it
// can, or nil when none was published yet.
func (t *tenders) pick(r *rng, own bool, at time.Time, ph phase, tr *trade) *consultation {
	cs := t.other
	if own {
		cs = t.own
	}
	from, to := at.AddDate(0, 0, -40), at
	switch ph {
	case phaseAward:
		from, to = at.AddDate(0, 0, -130), at.AddDate(0, 0, -25)
	case phaseExecution:
		from, to = at.AddDate(0, 0, -560), at.AddDate(0, 0, -70)
	}
	byPub := func(c consultation, x time.Time) int { return c.published.Compare(x) }
	lo, _ := slices.BinarySearchFunc(cs, from, byPub)
	hi, _ := slices.BinarySearchFunc(cs, to, byPub)
	if hi <= lo { // nothing in the window: the latest published before it
		lo = max(0, hi-3)
	}
	if hi <= lo {
		return nil
	}
	var c, fallback *consultation
	for range 12 {
		c = &cs[lo+r.IntN(hi-lo)]
		if (ph == phaseOpen) == c.deadline.Before(at) {
			continue
		}
		if tr == nil || tr.fits(c.cpv[0]) {
			return c
		}
		if fallback == nil {
			fallback = c
		}
	}
	if fallback != nil {
		return fallback
	}
	return c
}

// note records what a request says of its tender: a company asking about
// performing it or being paid holds it; a rejection means it was awarded.
func (c *consultation) note(topic string, firm int) {
	switch {
	case phaseOf(topic) == phaseExecution && firm >= 0 && c.holder < 0:
		c.holder = firm
	case topic == "rejet":
		c.rejected = true
	}
}

// lotOf draws a lot number of c.
func lotOf(r *rng, c *consultation) int {
	if c == nil || c.lots <= 1 {
		return 1
	}
	return r.between(1, c.lots)
}

// toService is "au service Travaux", where a request is sent.
func toService(team string) string {
	return "au " + strings.TrimPrefix(serviceName(team), "le ")
}

// serviceName is how a message names a service: "le service Travaux".
func serviceName(team string) string {
	switch team {
	case "travaux":
		return "le service Travaux"
	case "fournitures_services":
		return "le service Fournitures et services"
	case "prestations_intellectuelles":
		return "le service Prestations intellectuelles, TIC et formation"
	case "mobilite":
		return "le service Mobilité"
	}
	return "le service " + strings.ReplaceAll(team, "_", " ")
}

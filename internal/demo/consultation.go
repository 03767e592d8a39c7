package demo

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
)

// consultation is a tender companies ask about: one of the region's own, run by
// one of its services, or another buyer's, seen in the BOAMP.
type consultation struct {
	ref       string // "2026-REG-014" for the region's, "26-123456" (BOAMP) for others
	own       bool
	buyer     string
	object    string
	team      string // the region's tenders: the service that runs it
	lots      int
	formal    bool // a formalised procedure (appel d'offres), else a MAPA
	published time.Time
	deadline  time.Time // DLRO
}

// procedure names the procedure the way answers speak of it.
func (c *consultation) procedure() string {
	if c.formal {
		return "appel d'offres ouvert"
	}
	return "procédure adaptée"
}

// Consultations to make: about 700 refs are asked about in a year.
const (
	ownConsultations   = 240
	otherConsultations = 520
	consultationSpan   = 120 // days before the data starts when the oldest was published
)

// tenders are the consultations of the demo, the region's and the others', each
// list in order of publication.
type tenders struct{ own, other []consultation }

// makeConsultations publishes the tenders over the year of data and the months
// before it (requests about payment come long after the publication).
func makeConsultations(seed int64, cal *calendar, region string, towns []string) tenders {
	r := newRNG(seed, streamConsultations)
	from := cal.first.AddDate(0, 0, -consultationSpan)
	span := int(cal.now.Sub(from).Hours()/24) - 2
	var t tenders
	for i := range ownConsultations + otherConsultations {
		c := consultation{own: i < ownConsultations}
		c.published = cal.nextOpen(from.AddDate(0, 0, r.IntN(span)))
		d := cal.nextOpen(c.published.AddDate(0, 0, r.between(21, 45))).In(cal.loc)
		c.deadline = time.Date(d.Year(), d.Month(), d.Day(), 12, 0, 0, 0, cal.loc)
		if c.own {
			c.team = choices(wt[string]{"travaux", 35}, wt[string]{"fournitures_services", 35},
				wt[string]{"prestations_intellectuelles", 22}, wt[string]{"mobilite", 8}).draw(r)
			c.buyer = "Région " + region
			c.object = fill(pick(r, ownObjects[c.team]), &vars{ville: pick(r, towns)})
		} else {
			c.buyer = pick(r, otherBuyers)
			c.object = pick(r, otherObjects)
		}
		c.lots = choices(wt[int]{1, 3}, wt[int]{2, 2}, wt[int]{3, 2}, wt[int]{4, 2}, wt[int]{6, 1}).draw(r)
		if (c.team == "travaux" || !c.own) && r.chance(0.5) {
			c.lots = r.between(4, 12) // works: one lot per trade
		}
		c.formal = r.chance(0.4)
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

// numberConsultations gives the region's tenders a yearly sequence and the
// others increasing BOAMP-like ids.
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
		if seq[y] == 0 {
			seq[y] = r.between(10_000, 60_000)
		}
		seq[y] += r.between(100, 2_500)
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
// phase ph plausibly speaks of, or nil when none was published yet.
func (t *tenders) pick(r *rng, own bool, at time.Time, ph phase) *consultation {
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
	var c *consultation
	for range 8 {
		c = &cs[lo+r.IntN(hi-lo)]
		if ph != phaseOpen || !c.deadline.Before(at) {
			break
		}
	}
	return c
}

// lotOf draws a lot number of c.
func lotOf(r *rng, c *consultation) int {
	if c == nil || c.lots <= 1 {
		return 1
	}
	return r.between(1, c.lots)
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

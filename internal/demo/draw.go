package demo

import (
	"slices"
	"strings"
	"time"

	"github.com/guichet/guichet/internal/tender"
)

// drawer draws consultations: whose, about what, with which lots, procedure,
// amount and deadline.
type drawer struct {
	r      *rng
	cal    *calendar
	region *buyer
	others weighted[*buyer]
	ownBy  map[string][]tenderKind // the region's kinds by the service they route to; looked up only
	teams  weighted[string]
	routes tender.ServiceTable
}

func newDrawer(r *rng, cal *calendar, buyers []buyer) *drawer {
	d := &drawer{r: r, cal: cal, region: &buyers[0], ownBy: map[string][]tenderKind{},
		routes: tender.DefaultServiceTable(),
		teams: choices(wt[string]{"travaux", 35}, wt[string]{"fournitures_services", 35},
			wt[string]{"prestations_intellectuelles", 22}, wt[string]{"mobilite", 8})}
	for _, k := range ownKinds {
		team := d.routes.ServiceFor(k.cpv)
		d.ownBy[team] = append(d.ownBy[team], k)
	}
	var others []wt[*buyer]
	for i := range buyers[1:] {
		b := &buyers[i+1]
		others = append(others, wt[*buyer]{b, b.weight})
	}
	d.others = choices(others...)
	return d
}

// draw makes a consultation published at pub whose deadline is after notBefore
// (when set).
func (d *drawer) draw(own bool, pub time.Time, notBefore time.Time) consultation {
	r := d.r
	c := consultation{own: own, published: pub, holder: -1, winner: -1}
	var k tenderKind
	if own {
		c.by = d.region
		k = pick(r, d.ownBy[d.teams.draw(r)])
	} else {
		c.by = d.others.draw(r)
		kinds := otherKinds[c.by.family]
		if c.by.family == "region" {
			kinds = ownKinds
		}
		k = pick(r, kinds)
	}
	c.buyer = c.by.Name
	c.object = withTown(k.object, pick(r, c.by.towns))
	c.team = d.routes.ServiceFor(k.cpv)
	c.contract = contractOf(k.cpv)
	d.divide(&c, k)
	d.procedure(&c)
	d.due(&c, notBefore)
	return c
}

// divide draws the lots: a few for supplies and services, one per trade for
// half of the works; a lot's title is a trade, a family of products or a
// sector of the buyer's area.
func (d *drawer) divide(c *consultation, k tenderKind) {
	r := d.r
	n := choices(wt[int]{1, 3}, wt[int]{2, 2}, wt[int]{3, 2}, wt[int]{4, 2}, wt[int]{6, 1}).draw(r)
	if c.contract == tender.Works && r.chance(0.5) {
		n = r.between(4, 12)
	}
	lots := k.lots
	if lots == nil && strings.Contains(k.object, "{ville}") {
		lots = single
	}
	if lots == nil {
		for _, town := range c.by.towns {
			lots = append(lots, lotKind{"Secteur " + ofTown(town), k.cpv})
		}
	}
	n = max(1, min(n, len(lots)))
	if n == 1 {
		lots = []lotKind{{c.object, k.cpv}}
	} else if n < len(lots) {
		keep := r.Perm(len(lots))[:n]
		slices.Sort(keep)
		chosen := make([]lotKind, n)
		for i, j := range keep {
			chosen[i] = lots[j]
		}
		lots = chosen
	}
	c.cpv = []string{cpvCode(k.cpv)}
	for i, l := range lots[:n] {
		code := cpvCode(l.cpv)
		c.lotList = append(c.lotList, tender.Lot{Number: i + 1, Title: l.title, CPV: code})
		if !slices.Contains(c.cpv, code) && len(c.cpv) < 5 {
			c.cpv = append(c.cpv, code)
		}
	}
	c.lots = n
}

// procedure draws the procedure and an estimated amount that fits it: a
// formalised procedure above the EU thresholds, a MAPA below.
func (d *drawer) procedure(c *consultation) {
	r := d.r
	c.formal = r.chance(0.4)
	euros := 0
	switch {
	case c.formal && c.contract == tender.Works:
		euros = r.between(5_500, 18_000) * 1000
	case c.formal:
		euros = r.between(220, 3_000) * 1000
	case c.contract == tender.Works:
		euros = r.between(90, 5_000) * 1000
	default:
		euros = r.between(40, 210) * 1000
	}
	c.amount = int64(euros) * 100
	c.proc = "Procédure adaptée"
	if c.formal {
		c.proc = choices(wt[string]{"Appel d'offres ouvert", 8}, wt[string]{"Appel d'offres restreint", 1},
			wt[string]{"Procédure avec négociation", 1}).draw(r)
		c.urgent = r.chance(0.06)
	}
}

// due draws the DLRO, a business day at a round hour in Paris time: three to
// six weeks after the publication, two to three for an urgent one, and after
// notBefore when set.
func (d *drawer) due(c *consultation, notBefore time.Time) {
	r := d.r
	days := r.between(21, 45)
	if c.urgent {
		days = r.between(15, 20)
	}
	at := c.published.AddDate(0, 0, days)
	if !notBefore.IsZero() && at.Before(notBefore) {
		at = notBefore.AddDate(0, 0, r.between(0, 40))
	}
	day := d.cal.nextOpen(at).In(d.cal.loc)
	hour := choices(wt[int]{12, 6}, wt[int]{16, 2}, wt[int]{17, 1}, wt[int]{10, 1}, wt[int]{14, 1}).draw(r)
	c.deadline = time.Date(day.Year(), day.Month(), day.Day(), hour, 0, 0, 0, d.cal.loc)
}

// withTown puts a town in an object, with the elisions French makes: "du
// lycée d'Annecy", "à Aubenas", "au Puy-en-Velay".
func withTown(tpl, town string) string {
	tpl = strings.ReplaceAll(tpl, "de {ville}", ofTown(town))
	tpl = strings.ReplaceAll(tpl, "à {ville}", atTown(town))
	return strings.ReplaceAll(tpl, "{ville}", town)
}

// ofTown is "de Lyon", "d'Annecy", "du Puy-en-Velay".
func ofTown(town string) string {
	switch {
	case strings.HasPrefix(town, "Le "):
		return "du " + town[len("Le "):]
	case strings.HasPrefix(town, "Les "):
		return "des " + town[len("Les "):]
	case strings.IndexAny(town[:1], "AEIOUY") == 0 || strings.HasPrefix(town, "É"):
		return "d'" + town
	}
	return "de " + town
}

// atTown is "à Lyon", "au Puy-en-Velay".
func atTown(town string) string {
	switch {
	case strings.HasPrefix(town, "Le "):
		return "au " + town[len("Le "):]
	case strings.HasPrefix(town, "Les "):
		return "aux " + town[len("Les "):]
	}
	return "à " + town
}

// contractOf is the contract type of a main CPV code: division 45 is works,
// divisions below 45 and 48 supplies, the rest services.
func contractOf(cpv string) tender.ContractType {
	switch div := tender.Division(cpv); {
	case div == "45":
		return tender.Works
	case div < "45" || div == "48":
		return tender.Supplies
	}
	return tender.Services
}

// cpvCode writes an 8-digit code with its official check digit.
func cpvCode(code string) string {
	return tender.CPV{Code: code}.String()
}

// noticeURL is where a consultation is published: the region's own platform,
// or a made-up notice page (never a real site, whose ids would be others').
func noticeURL(c *consultation) string {
	if c.own {
		return strings.TrimSuffix(c.by.ProfileURL, "/") + "/consultation/" + c.ref
	}
	return "https://boamp.example/avis/" + c.ref
}

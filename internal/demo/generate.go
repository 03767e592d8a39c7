package demo

import (
	"context"
	"time"

	"github.com/guichet/guichet/internal/company"
	"github.com/guichet/guichet/internal/sla"
	"github.com/guichet/guichet/internal/ticket"
)

// Requests per write transaction: about a twentieth of the volume, so that the
// progress moves, within these bounds.
const (
	minBatch = 20
	maxBatch = 2500
)

// compactFrom is the volume from which requests get short messages (one or two
// each, no greetings, no internal notes), so that a million stay a few minutes'
// work and a database of reasonable size.
const compactFrom = 20_000

// generator draws the demo data. It runs in one goroutine, in one order, from
// its own random streams: the same seed and the same now give the same data.
type generator struct {
	now     time.Time
	cal     *calendar
	firms   *firmSet
	buyers  []buyer
	tenders tenders
	crew    *crew
	region  string
	towns   []string // the territory's towns, for texts about places
	compact bool
	targets sla.Targets
	n       int
	batch   int // requests per write transaction
	seed    int64

	r        *rng // the requests' stream
	scopes   *deck[ticket.Scope]
	ownWay   *deck[handling]
	otherWay *deck[handling]
	channels *deck[ticket.Channel]
	local    *deck[bool]
	tpe      *deck[bool]
	topics   map[string]weighted[string] // looked up by topicTable, never ranged over
	cases    map[string]caseSet          // by topic, looked up

	contactMade []bool // firm contacts already stored, by global index
	anonymous   int    // contacts without a company made so far
}

// newGenerator prepares the companies, the tenders and the decks.
func newGenerator(o Options, loc *time.Location, territory company.Territory, c *crew) (*generator, error) {
	g := &generator{now: o.Now, cal: newCalendar(o.Now, loc), crew: c, region: territory.Name,
		compact: o.Tickets >= compactFrom, targets: sla.DefaultTargets(), n: o.Tickets, seed: o.Seed,
		batch: min(max(o.Tickets/20, minBatch), maxBatch),
		r:     newRNG(o.Seed, streamTickets), topics: topicTables()}
	firms, err := makeFirms(o.Seed, min(max(o.Tickets/3, 50), 100_000), territory, o.Tickets)
	if err != nil {
		return nil, err
	}
	g.firms = firms
	g.contactMade = make([]bool, firms.contacts)
	townsByDep := map[string][]string{} // looked up only
	for i := range communes {
		dep, err := company.DepartementFromCommune(communes[i].code)
		if err != nil {
			continue
		}
		townsByDep[dep] = append(townsByDep[dep], communes[i].name)
		if territory.Contains(dep) {
			g.towns = append(g.towns, communes[i].name)
		}
	}
	g.buyers = makeBuyers(territory.Name, townsByDep, g.towns)
	g.tenders = makeConsultations(o.Seed, g.cal, g.buyers)
	g.scopes = newDeck(wt[ticket.Scope]{ticket.OffTopic, 2}, wt[ticket.Scope]{ticket.OwnTender, 5},
		wt[ticket.Scope]{ticket.OtherBuyerTender, 6}, wt[ticket.Scope]{ticket.General, 7})
	g.ownWay = newDeck(wt[handling]{byCell, 4}, wt[handling]{byService, 1})
	g.otherWay = newDeck(wt[handling]{byCell, 17}, wt[handling]{redirected, 3})
	g.channels = newDeck(wt[ticket.Channel]{ticket.Phone, 65}, wt[ticket.Channel]{ticket.Email, 20},
		wt[ticket.Channel]{ticket.Web, 12}, wt[ticket.Channel]{ticket.Portal, 2}, wt[ticket.Channel]{ticket.API, 1})
	g.local = newDeck(wt[bool]{true, 7}, wt[bool]{false, 3})
	g.tpe = newDeck(wt[bool]{true, 5}, wt[bool]{false, 5})
	g.cases = map[string]caseSet{
		"repondre": newCaseSet(repondreCases), "dce": newCaseSet(dceCases),
		"allotissement": newCaseSet(allotissementCases), "rejet": newCaseSet(rejetCases),
		"attribution": newCaseSet(attributionCases), "execution": newCaseSet(executionCases),
		"paiement": newCaseSet(paiementCases), "dematerialisation": newCaseSet(dematerialisationCases),
		"seuils_procedures": newCaseSet(seuilsCases), "autre": newCaseSet(autreCases),
	}
	return g, nil
}

// produce draws the year day by day, request by request in the order they came,
// and sends them in batches; it stops when ctx ends.
func (g *generator) produce(ctx context.Context, out chan<- *batch) error {
	calRNG := newRNG(g.seed, streamCalendar)
	counts := g.cal.dailyCounts(calRNG, g.n)
	b := &batch{}
	send := func() error {
		select {
		case out <- b:
			b = &batch{}
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	for i, k := range counts {
		if k == 0 {
			continue
		}
		for _, at := range g.cal.timesOfDay(calRNG, g.cal.day(i), k) {
			p := g.plan(at)
			l := g.live(p)
			if l.err != nil {
				return l.err
			}
			g.add(b, p, l)
			if len(b.tickets) == g.batch {
				if err := send(); err != nil {
					return err
				}
			}
		}
	}
	if len(b.tickets) > 0 {
		return send()
	}
	return nil
}

// add puts a played request in the batch, with its company and contact when
// they call for the first time (they are created with their first request).
func (g *generator) add(b *batch, p *plan, l *life) {
	d := draft{t: l.tk, firm: p.firm, contact: -1, messages: l.msgs, audit: l.audit}
	if p.firm >= 0 {
		f := &g.firms.list[p.firm]
		if p.newFirm {
			co := f.co
			co.CreatedAt, co.UpdatedAt = p.at, p.at
			b.firms = append(b.firms, newFirm{index: p.firm, co: co})
		}
		d.contact = p.contact
		if !g.contactMade[p.contact] {
			g.contactMade[p.contact] = true
			c := p.person.Contact
			c.CreatedAt = p.at
			b.contacts = append(b.contacts, newContact{index: p.contact, firm: p.firm, c: c})
		}
	} else if p.person != nil {
		d.contact = g.firms.contacts + g.anonymous
		g.anonymous++
		c := p.person.Contact
		c.CreatedAt = p.at
		b.contacts = append(b.contacts, newContact{index: d.contact, firm: -1, c: c})
	}
	b.tickets = append(b.tickets, d)
}

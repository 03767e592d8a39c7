package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/tender"
)

// catalogBatch is the number of consultations per import transaction.
const catalogBatch = 250

// settle gives every consultation its status at now, from its dates and from
// what the requests said of it: the company that asked about performing it
// holds it, a rejection means it was awarded, most tenders whose deadline is
// two months past are awarded, and a few are declared sans suite.
func (g *generator) settle() {
	r := newRNG(g.seed, streamCatalog)
	byCPV := map[string][]int{} // firms whose trade fits a main CPV code, by code; looked up only
	for _, list := range [][]consultation{g.tenders.own, g.tenders.other} {
		for i := range list {
			c := &list[i]
			firms, ok := byCPV[c.cpv[0]]
			if !ok {
				firms = g.firms.fitting(c)
				byCPV[c.cpv[0]] = firms
			}
			settleOne(r, c, g.now, firms)
		}
	}
}

// fitting lists the firms whose trade answers c's main CPV code, or, when no
// trade does, those of the service it routes to.
func (s *firmSet) fitting(c *consultation) []int {
	var fit, team []int
	for i := range s.list {
		tr := s.list[i].trade
		if tr.fits(c.cpv[0]) {
			fit = append(fit, i)
		}
		if tr.team == c.team {
			team = append(team, i)
		}
	}
	if len(fit) > 0 {
		return fit
	}
	return team
}

func settleOne(r *rng, c *consultation, now time.Time, firms []int) {
	since := now.Sub(c.deadline)
	switch {
	case c.holder < 0 && !c.rejected && r.chance(0.015):
		c.status = tender.Cancelled
	case since < 0:
		c.status = tender.Open
	case c.holder >= 0:
		c.status, c.winner = tender.Awarded, c.holder
	case c.rejected || since > 60*24*time.Hour && r.chance(0.9) || since > 21*24*time.Hour && r.chance(0.35):
		c.status = tender.Awarded
		if len(firms) > 0 {
			c.winner = pick(r, firms)
		}
	default:
		c.status = tender.Closed
	}
}

// catalogCounts is what writeCatalog stored.
type catalogCounts struct{ buyers, consultations, open int }

// writeCatalog imports the buyers, then the consultations in batches, through
// the catalog's own use case, as an import of open data would.
func (g *generator) writeCatalog(ctx context.Context, svc *core.Service) (catalogCounts, error) {
	var n catalogCounts
	b := core.ImportBatch{}
	for i := range g.buyers {
		b.Buyers = append(b.Buyers, g.buyers[i].Buyer)
	}
	n.buyers = len(b.Buyers)
	if _, err := svc.Import(ctx, access.System(), b); err != nil {
		return n, fmt.Errorf("demo: buyers: %w", err)
	}
	b = core.ImportBatch{}
	flush := func() error {
		if _, err := svc.Import(ctx, access.System(), b); err != nil {
			return fmt.Errorf("demo: consultations: %w", err)
		}
		n.consultations += len(b.Consultations)
		b = core.ImportBatch{}
		return nil
	}
	for _, list := range [][]consultation{g.tenders.own, g.tenders.other} {
		for i := range list {
			c := &list[i]
			b.Consultations = append(b.Consultations, core.ConsultationRecord{Consultation: g.record(c), Buyer: c.by.Buyer})
			if c.status == tender.Open {
				n.open++
			}
			if len(b.Consultations) == catalogBatch {
				if err := flush(); err != nil {
					return n, err
				}
			}
		}
	}
	if len(b.Consultations) == 0 {
		return n, nil
	}
	return n, flush()
}

// record is the consultation as the catalog stores it.
func (g *generator) record(c *consultation) tender.Consultation {
	tc := tender.Consultation{Reference: c.ref, Object: c.object, Procedure: c.proc, ContractType: c.contract,
		CPV: c.cpv, Lots: c.lotList, PublishedAt: c.published, Deadline: c.deadline, Urgent: c.urgent,
		Status: c.status, NoticeURL: noticeURL(c), Departements: []string{c.by.dep}, AmountCents: c.amount,
		Source: "demo"}
	if c.own {
		tc.ServiceID = c.team // the service that runs it, whatever the configured routing
	}
	if c.winner >= 0 {
		co := &g.firms.list[c.winner].co
		tc.WinnerSIRET, tc.WinnerName = co.SIRET, co.Name
	}
	return tc
}

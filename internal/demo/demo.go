// Package demo fills a new Guichet database with a year of a contact cell's life:
// demo accounts, companies with valid SIRETs in real towns, the catalog of
// buyers and consultations they ask about (about 700 open at the end of the
// year, 15 % of them the region's own), and requests whose shares match the
// cell's figures (DOMAIN.md): 70 % from local companies, half of those TPE,
// 10 % off-topic, 85–95 % handled directly by the cell, mostly by phone. Every
// e-mail address is under the reserved .example domain: a demo never mails a
// real company or buyer.
//
// The data is deterministic: the same Seed and Now give the same requests, the
// same numbers, the same companies and the same catalog. Each request's life is
// played through the domain's own rules (ticket.Apply, ticket.Receive), so its
// states, timestamps, outcome and audit trail are those the product would have
// recorded.
package demo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/ticket"
)

// Options say where and how much demo data to make.
type Options struct {
	Store *store.Store  // the database to fill; it must hold no request yet
	Core  *core.Service // the use cases on the same database (accounts, configuration)
	Seed  int64         // the random seed; 0 means 1
	// Tickets is the number of requests; 0 means 2,000, one year of the cell.
	Tickets int
	// Now is the end of the year of data: requests are made in the 365 days
	// before it, and those of the last weeks are still being worked on. Required:
	// the generator never reads the clock.
	Now time.Time
	// Progress receives the progress: a bar on a terminal, a line every 10 %
	// otherwise; nil is silent.
	Progress io.Writer
}

// Result is what was made.
type Result struct {
	Logins    []Login
	Companies int // the companies that called: each is created with its first request
	Contacts  int // their people, and the anonymous callers who gave a name
	Tickets   int
	// The catalog: its buyers, and its consultations, of which Open are open at Now.
	Buyers, Consultations, Open int
}

// Generate fills the database. It seeds the teams and topics, creates the demo
// accounts, writes the requests in batches, each batch in one transaction, then
// imports the catalog the requests speak of: the buyers, the region first, and
// about 700 open consultations plus the past ones the requests refer to.
// A failed or cancelled generation leaves the batches already written: start
// again from a new database.
func Generate(ctx context.Context, o Options) (*Result, error) {
	if err := o.check(); err != nil {
		return nil, err
	}
	if err := o.Core.Seed(ctx); err != nil {
		return nil, fmt.Errorf("demo: seed: %w", err)
	}
	existing, _, err := o.Store.FindTickets(ctx, ticket.Filter{Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(existing) > 0 {
		return nil, errs.E(errs.Conflict, "La base contient déjà des demandes : les données de démonstration se créent dans une base neuve.")
	}
	logins, c, err := addAccounts(ctx, o.Core)
	if err != nil {
		return nil, err
	}
	g, err := newGenerator(o, o.Core.Location(), o.Core.Territory(), c)
	if err != nil {
		return nil, err
	}
	res := &Result{Logins: logins}
	if err := g.run(ctx, o.Store, newProgress(o.Progress, o.Tickets), res); err != nil {
		return nil, err
	}
	// The catalog comes last: the requests decided who holds which contract.
	g.settle()
	n, err := g.writeCatalog(ctx, o.Core)
	if err != nil {
		return nil, err
	}
	res.Buyers, res.Consultations, res.Open = n.buyers, n.consultations, n.open
	// The knowledge base's starter articles, then the search index over what was
	// written in bulk (bulk writes skip the use cases that index as they go).
	if _, err := o.Core.LoadStarterContent(ctx); err != nil {
		return nil, fmt.Errorf("demo: knowledge base: %w", err)
	}
	if err := o.Core.ReindexSearch(ctx); err != nil {
		return nil, fmt.Errorf("demo: search index: %w", err)
	}
	return res, nil
}

// check applies the defaults and refuses what cannot work.
func (o *Options) check() error {
	var f errs.Fields
	if o.Store == nil || o.Core == nil {
		f.Add("store", "la base et le service sont nécessaires")
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.Tickets == 0 {
		o.Tickets = 2_000
	}
	if o.Tickets < 0 {
		f.Add("tickets", "le nombre de demandes ne peut pas être négatif")
	}
	if o.Now.IsZero() {
		f.Add("now", "la date de fin des données est nécessaire")
	}
	o.Now = o.Now.UTC().Truncate(time.Second)
	return f.Err()
}

// run draws the requests in one goroutine while this one writes them: on two
// cores, drawing and writing overlap.
func (g *generator) run(ctx context.Context, s *store.Store, pg progress, res *Result) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan *batch, 2)
	var genErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer close(batches)
		genErr = g.produce(ctx, batches)
	}()
	w := newWriter(s, len(g.firms.list))
	var writeErr error
	for b := range batches {
		if writeErr != nil {
			continue // drain, the producer stops at the cancel
		}
		if writeErr = w.write(ctx, b); writeErr != nil {
			cancel()
			continue
		}
		res.Companies += len(b.firms)
		res.Contacts += len(b.contacts)
		res.Tickets += len(b.tickets)
		pg.add(len(b.tickets))
	}
	<-done
	pg.finish()
	if writeErr != nil {
		return fmt.Errorf("demo: write: %w", writeErr)
	}
	if genErr != nil && !errors.Is(genErr, context.Canceled) {
		return genErr
	}
	return ctx.Err()
}

package demo

import (
	"context"

	"github.com/guichet/guichet/internal/company"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/ticket"
)

// batch is what one write transaction stores: the companies and contacts that
// call for the first time, then the requests with their messages and audit.
type batch struct {
	firms    []newFirm
	contacts []newContact
	tickets  []draft
}

type newFirm struct {
	index int // in the firm set
	co    company.Company
}

type newContact struct {
	index int // global contact index
	firm  int // -1 for a contact without company
	c     company.Contact
}

// draft is a played request, its company and contact still named by index.
type draft struct {
	t        ticket.Ticket
	firm     int
	contact  int
	messages []ticket.Message
	audit    []ticket.AuditEntry
}

// writer stores batches and remembers the ids the database gave. Every kind of
// row goes in bulk: one statement per row would also make SQLite's sub-journal
// of the write's savepoint grow and be walked statement after statement.
type writer struct {
	store    *store.Store
	firmIDs  []int64
	contacts []int64 // by global contact index, grown as needed
}

func newWriter(s *store.Store, firms int) *writer {
	return &writer{store: s, firmIDs: make([]int64, firms)}
}

// write stores one batch in one transaction, each kind of row in bulk.
func (w *writer) write(ctx context.Context, b *batch) error {
	return w.store.Write(ctx, func(tx *store.Tx) error {
		cos := make([]*company.Company, len(b.firms))
		for i := range b.firms {
			cos[i] = &b.firms[i].co
		}
		if err := tx.CreateCompanies(ctx, cos); err != nil {
			return err
		}
		for i := range b.firms {
			w.firmIDs[b.firms[i].index] = b.firms[i].co.ID
		}
		cts := make([]*company.Contact, len(b.contacts))
		for i := range b.contacts {
			c := &b.contacts[i]
			if c.firm >= 0 {
				c.c.CompanyID = w.firmIDs[c.firm]
			}
			cts[i] = &c.c
		}
		if err := tx.CreateContacts(ctx, cts); err != nil {
			return err
		}
		for _, c := range b.contacts {
			for len(w.contacts) <= c.index {
				w.contacts = append(w.contacts, 0)
			}
			w.contacts[c.index] = c.c.ID
		}
		return w.writeTickets(ctx, tx, b.tickets)
	})
}

// writeTickets stores the requests, which takes their numbers, then their
// messages and audit trails, which need the requests' ids.
func (w *writer) writeTickets(ctx context.Context, tx *store.Tx, drafts []draft) error {
	tks := make([]*ticket.Ticket, len(drafts))
	nm, na := 0, 0
	for i := range drafts {
		d := &drafts[i]
		if d.firm >= 0 {
			d.t.CompanyID = w.firmIDs[d.firm]
		}
		if d.contact >= 0 {
			d.t.ContactID = w.contacts[d.contact]
		}
		tks[i] = &d.t
		nm += len(d.messages)
		na += len(d.audit)
	}
	if err := tx.CreateTickets(ctx, tks); err != nil {
		return err
	}
	msgs := make([]ticket.Message, 0, nm)
	audit := make([]ticket.AuditEntry, 0, na)
	for i := range drafts {
		d := &drafts[i]
		for _, m := range d.messages {
			m.TicketID = d.t.ID
			msgs = append(msgs, m)
		}
		for _, a := range d.audit {
			a.TicketID = d.t.ID
			if a.Field == "created" {
				a.New = d.t.Number
			}
			audit = append(audit, a)
		}
	}
	if err := tx.CreateMessages(ctx, msgs); err != nil {
		return err
	}
	return tx.CreateAuditEntries(ctx, audit)
}

package core

import (
	"context"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/company"
	"github.com/guichet/guichet/internal/telephony"
	"github.com/guichet/guichet/internal/ticket"
)

// CompanyFileLimit bounds the requests and the calls a company's page shows;
// the page links to the full lists beyond.
const CompanyFileLimit = 50

// CompanyFile is what the workspace shows of one company: its identity, its
// contacts, its requests (most recent first) and its calls.
type CompanyFile struct {
	Company     *company.Company
	Local       bool // established in the cell's territory
	Contacts    []company.Contact
	Tickets     []*ticket.Ticket
	MoreTickets bool
	Calls       []*telephony.Record
	MoreCalls   bool
}

// CompanyFile returns a company's page, by its SIRET typed in any usual form.
// It needs the rights to read companies and requests (every role, the viewer
// included).
func (s *Service) CompanyFile(ctx context.Context, a access.Actor, siret string) (*CompanyFile, error) {
	co, err := s.Company(ctx, a, siret)
	if err != nil {
		return nil, err
	}
	out := &CompanyFile{Company: co, Local: co.Local(s.territory)}
	if out.Contacts, err = s.CompanyContacts(ctx, a, co.ID); err != nil {
		return nil, err
	}
	tickets, err := s.Tickets(ctx, a, ticket.Filter{CompanySIRET: co.SIRET, Sort: ticket.NewestFirst, Limit: CompanyFileLimit})
	if err != nil {
		return nil, err
	}
	out.Tickets, out.MoreTickets = tickets.Items, tickets.Next != nil
	calls, err := s.Calls(ctx, a, CallQuery{CompanySIRET: co.SIRET, Limit: CompanyFileLimit})
	if err != nil {
		return nil, err
	}
	out.Calls, out.MoreCalls = calls.Calls, calls.Next != ""
	return out, nil
}

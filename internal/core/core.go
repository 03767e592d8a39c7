// Package core holds Guichet's use cases: what the web workspace, the JSON API, the
// mail and telephony adapters and the jobs all call. A use case checks the actor's
// permission, applies the domain rules, and writes the change, its audit entries
// (and, later, its outbox mail) in one transaction.
//
// Entry points import core, never the store.
package core

import (
	"context"
	"log/slog"
	"time"

	"github.com/guichet/guichet/internal/attach"
	"github.com/guichet/guichet/internal/company"
	"github.com/guichet/guichet/internal/live"
	"github.com/guichet/guichet/internal/sla"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/tender"
	"github.com/guichet/guichet/internal/ticket"
)

// Options are a Service's dependencies.
type Options struct {
	Store     *store.Store
	Now       func() time.Time // the clock; time.Now when nil
	Territory company.Territory
	Location  *time.Location // the cell's time zone; Europe/Paris when nil
	SLA       sla.Targets
	// Services sends a consultation to a thematic service by its CPV division.
	Services tender.ServiceTable
	Logger   *slog.Logger
	// Live receives the live events (ticket changes, screen pops); nil: none.
	Live *live.Broker
	// OriginateURL asks the switchboard to call out (click-to-call): a URL
	// template with {from_extension}, {to} (E.164) and {to_national}; "" offers
	// tel: links only — GUICHET_PBX_ORIGINATE_URL.
	OriginateURL string
	// Attach checks and stores attachments; nil: default limits, contents in
	// the database, no virus scan.
	Attach *attach.Keeper
	// PortalAllSIRET lets a signed-in company contact follow every request of
	// its establishments (SIRET), not only its own.
	PortalAllSIRET bool
	// Mail configures e-mail in and out: sender, reply-to, SMTP, IMAP mailboxes.
	Mail MailOptions
	// Reports configures the satisfaction surveys and the weekly report mail
	// (survey.go, report_job.go); zero values are the defaults.
	Reports ReportOptions
}

// Service runs the use cases.
type Service struct {
	store     *store.Store
	now       func() time.Time
	territory company.Territory
	loc       *time.Location
	sla       sla.Targets
	services  tender.ServiceTable
	log       *slog.Logger
	live      *live.Broker
	originate string // Options.OriginateURL
	attach    *attach.Keeper
	portalAll bool
	portalKey portalKeyCache
	mail      MailOptions
	mailSt    mailState
	kb        knowledge // search.go: the French analyser, the glossary and the article renderer
	reports   ReportOptions
	sso       *SSOOptions      // sso.go: single sign-on, nil when off
	retention RetentionOptions // retention.go: anonymisation of old requests
	caches    createCaches     // config_cache.go: routing configuration and topics read by every creation
}

// New builds a Service.
func New(o Options) *Service {
	s := &Service{store: o.Store, now: o.Now, territory: o.Territory, loc: o.Location, sla: o.SLA,
		services: o.Services, log: o.Logger}
	s.live = o.Live
	s.originate = o.OriginateURL
	s.attach, s.portalAll = attachKeeper(o), o.PortalAllSIRET
	s.mail = o.Mail
	s.reports = o.Reports.withDefaults()
	if s.now == nil {
		s.now = time.Now
	}
	if s.loc == nil {
		s.loc, _ = time.LoadLocation("Europe/Paris")
	}
	if len(s.territory.Departements) == 0 {
		s.territory = company.DefaultTerritory()
	}
	if s.sla == (sla.Targets{}) {
		s.sla = sla.DefaultTargets()
	}
	if len(s.services.Divisions) == 0 && s.services.Default == "" {
		s.services = tender.DefaultServiceTable()
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	return s
}

// clock returns the current time at the store's precision (microseconds, UTC), so
// that what a use case returns equals what a later read returns.
func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// Now is the current time on the service's clock, for the layers that show
// time-dependent states (an open consultation past its deadline shows as closed).
func (s *Service) Now() time.Time { return s.clock() }

// Territory is the list of départements whose companies count as local.
func (s *Service) Territory() company.Territory { return s.territory }

// Location is the cell's time zone.
func (s *Service) Location() *time.Location { return s.loc }

// Ping checks that the database answers.
func (s *Service) Ping(ctx context.Context) error { return s.store.Ping(ctx) }

// Seed gives a new installation its default teams and topics; existing ones are
// left as an admin configured them.
func (s *Service) Seed(ctx context.Context) error {
	teams, err := s.store.FindTeams(ctx)
	if err != nil {
		return err
	}
	topics, err := s.store.FindTopics(ctx)
	if err != nil {
		return err
	}
	return s.store.Write(ctx, func(tx *store.Tx) error {
		if len(teams) == 0 {
			for i, tm := range ticket.DefaultTeams() {
				if err := tx.UpsertTeam(ctx, tm, i); err != nil {
					return err
				}
			}
		}
		if len(topics) == 0 {
			for _, tp := range ticket.DefaultTopics() {
				if err := tx.UpsertTopic(ctx, tp); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// Teams lists the cell and the services.
func (s *Service) Teams(ctx context.Context) ([]ticket.Team, error) { return s.store.FindTeams(ctx) }

// Topics lists the configured topics.
func (s *Service) Topics(ctx context.Context) ([]ticket.Topic, error) { return s.store.FindTopics(ctx) }

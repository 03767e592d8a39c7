package core

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/routing"
	"github.com/guichet/guichet/internal/sla"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/ticket"
)

// The keys of the configuration documents an admin edits (routing_config).
const (
	keyCalendar    = "calendar"
	keyPolicies    = "sla_policies"
	keyRules       = "routing_rules"
	keyAssignment  = "assignment"
	keyWarningLead = "sla_warning_lead"
)

// DefaultWarningLead is the business time before a due time at which the
// SLA job warns the assignee and the supervisors.
const DefaultWarningLead = 2 * time.Hour

// RoutingConfig is what an admin configures for routing and service levels:
// the business calendar, the SLA policies, the routing rules, how each team
// hands out its requests and how long before a due time to warn.
type RoutingConfig struct {
	Calendar    sla.Calendar       `json:"calendar"`
	Policies    sla.Policies       `json:"policies"`
	Rules       routing.Rules      `json:"rules"`
	Assignment  routing.Assignment `json:"assignment"`
	WarningLead time.Duration      `json:"-"`
	// WarningLeadMinutes is WarningLead for the API, in business minutes.
	WarningLeadMinutes int `json:"warning_lead_minutes"`
}

// defaultConfig is the configuration of a new installation: the calendar in
// the cell's time zone, one policy with the service's targets, the default rules.
func (s *Service) defaultConfig() RoutingConfig {
	cal := sla.DefaultCalendar()
	cal.Location = s.loc
	return RoutingConfig{Calendar: cal, Policies: sla.Policies{{Name: "Tous les canaux", Targets: s.sla}},
		Rules: routing.DefaultRules(), Assignment: routing.Assignment{}, WarningLead: DefaultWarningLead,
		WarningLeadMinutes: int(DefaultWarningLead / time.Minute)}
}

// configReader is a store or a transaction: both read configuration documents.
type configReader interface {
	FindConfigs(ctx context.Context) (map[string]string, error)
}

// loadConfig reads the stored documents over the defaults.
func (s *Service) loadConfig(ctx context.Context, r configReader) (RoutingConfig, error) {
	cfg := s.defaultConfig()
	docs, err := r.FindConfigs(ctx)
	if err != nil {
		return cfg, err
	}
	for key, dst := range map[string]any{keyCalendar: &cfg.Calendar, keyPolicies: &cfg.Policies, keyRules: &cfg.Rules,
		keyAssignment: &cfg.Assignment, keyWarningLead: &cfg.WarningLeadMinutes} {
		if doc, ok := docs[key]; ok {
			if err := json.Unmarshal([]byte(doc), dst); err != nil {
				return cfg, fmt.Errorf("core: configuration %s illisible: %w", key, err)
			}
		}
	}
	cfg.WarningLead = time.Duration(cfg.WarningLeadMinutes) * time.Minute
	return cfg, nil
}

// RoutingConfig returns the calendar, SLA policies, routing rules and
// assignment modes in force. Every signed-in role that reads requests may see them.
func (s *Service) RoutingConfig(ctx context.Context, a access.Actor) (RoutingConfig, error) {
	if err := a.Check(access.ReadTicket, ""); err != nil {
		return RoutingConfig{}, err
	}
	return s.loadConfig(ctx, s.store)
}

// SaveCalendar replaces the business calendar after checking it. Due times
// already stored on requests do not move: only new due times use it.
func (s *Service) SaveCalendar(ctx context.Context, a access.Actor, c sla.Calendar) error {
	if err := a.Check(access.ManageConfig, ""); err != nil {
		return err
	}
	if c.Location == nil {
		c.Location = s.loc
	}
	if err := c.Validate(); err != nil {
		return err
	}
	return s.saveConfigs(ctx, a, map[string]any{keyCalendar: c})
}

// SavePolicies replaces the SLA policies after checking them; existing
// requests keep their due times.
func (s *Service) SavePolicies(ctx context.Context, a access.Actor, ps sla.Policies) error {
	if err := a.Check(access.ManageConfig, ""); err != nil {
		return err
	}
	if err := ps.Validate(policyVocabulary()); err != nil {
		return err
	}
	return s.saveConfigs(ctx, a, map[string]any{keyPolicies: ps})
}

// SaveRouting replaces the routing rules and the assignment modes after
// checking them against the configured topics and teams: a rule that names a
// deleted or deactivated service is refused.
func (s *Service) SaveRouting(ctx context.Context, a access.Actor, rules routing.Rules, as routing.Assignment) error {
	if err := a.Check(access.ManageConfig, ""); err != nil {
		return err
	}
	v, err := s.routingVocabulary(ctx)
	if err != nil {
		return err
	}
	var f errs.Fields
	f.AddErr("", rules.Validate(v))
	f.AddErr("", as.Validate(v.Teams))
	if err := f.Err(); err != nil {
		return err
	}
	if as == nil {
		as = routing.Assignment{}
	}
	return s.saveConfigs(ctx, a, map[string]any{keyRules: rules, keyAssignment: as})
}

// SaveWarningLead sets how long, in business minutes, before a due time the
// SLA job warns (between 1 minute and 5 business days).
func (s *Service) SaveWarningLead(ctx context.Context, a access.Actor, minutes int) error {
	if err := a.Check(access.ManageConfig, ""); err != nil {
		return err
	}
	if minutes < 1 || minutes > 5*7*60 {
		return errs.Field("warning_lead_minutes", fmt.Sprintf("délai d'alerte hors limites (%d min) : de 1 à %d minutes ouvrées", minutes, 5*7*60))
	}
	return s.saveConfigs(ctx, a, map[string]any{keyWarningLead: minutes})
}

// saveConfigs writes documents in one transaction, for an admin only.
func (s *Service) saveConfigs(ctx context.Context, a access.Actor, docs map[string]any) error {
	if err := a.Check(access.ManageConfig, ""); err != nil {
		return err
	}
	now := s.clock()
	// Whatever the outcome, the copy in memory may no longer be what is stored.
	defer s.caches.routing.invalidate()
	return s.store.Write(ctx, func(tx *store.Tx) error {
		for key, v := range docs {
			b, err := json.Marshal(v)
			if err != nil {
				return err
			}
			if err := tx.SaveConfig(ctx, key, string(b), now, a.UserID); err != nil {
				return err
			}
		}
		return nil
	})
}

// policyVocabulary is what a policy's criteria may name.
func policyVocabulary() sla.Vocabulary {
	var v sla.Vocabulary
	for _, c := range ticket.Channels() {
		v.Channels = append(v.Channels, string(c))
	}
	for _, sc := range ticket.Scopes() {
		v.Scopes = append(v.Scopes, string(sc))
	}
	for _, p := range ticket.Priorities() {
		v.Priorities = append(v.Priorities, string(p))
	}
	return v
}

// routingVocabulary is what a rule may name: the scopes, the active topics,
// the teams (a deactivated one is known, to say so).
func (s *Service) routingVocabulary(ctx context.Context) (routing.Vocabulary, error) {
	var v routing.Vocabulary
	for _, sc := range ticket.Scopes() {
		v.Scopes = append(v.Scopes, string(sc))
	}
	topics, err := s.store.FindTopics(ctx)
	if err != nil {
		return v, err
	}
	for _, t := range topics {
		if t.Active {
			v.Topics = append(v.Topics, t.ID)
		}
	}
	teams, err := s.store.FindTeams(ctx)
	if err != nil {
		return v, err
	}
	for _, t := range teams {
		v.Teams = append(v.Teams, routing.Team{ID: t.ID, Name: t.Name, Active: t.Active})
	}
	return v, nil
}

// Absences lists the agents' absences that are not over.
func (s *Service) Absences(ctx context.Context, a access.Actor) ([]routing.Absence, error) {
	if err := a.Check(access.ReadTicket, ""); err != nil {
		return nil, err
	}
	return s.store.FindAbsences(ctx, sla.DateOf(s.clock().In(s.loc)).String())
}

// AddAbsence records an agent's leave; automatic assignment skips them on
// those days.
func (s *Service) AddAbsence(ctx context.Context, a access.Actor, ab routing.Absence) (*routing.Absence, error) {
	if err := a.Check(access.ManageAbsences, ""); err != nil {
		return nil, err
	}
	ab.Reason = strings.TrimSpace(ab.Reason)
	if err := ab.Validate(); err != nil {
		return nil, err
	}
	err := s.store.Write(ctx, func(tx *store.Tx) error { return tx.CreateAbsence(ctx, &ab, s.clock()) })
	if err != nil {
		return nil, err
	}
	return &ab, nil
}

// DeleteAbsence removes an absence (entered by mistake, or leave cancelled).
func (s *Service) DeleteAbsence(ctx context.Context, a access.Actor, id int64) error {
	if err := a.Check(access.ManageAbsences, ""); err != nil {
		return err
	}
	return s.store.Write(ctx, func(tx *store.Tx) error { return tx.DeleteAbsence(ctx, id) })
}

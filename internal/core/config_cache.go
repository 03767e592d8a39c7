package core

import (
	"context"
	"sync"
	"time"

	"github.com/guichet/guichet/internal/ticket"
)

// What every creation reads but an admin rarely changes — the routing
// configuration (calendar, SLA policies, routing rules, assignment modes) and
// the list of topics — is kept in memory, as the mail templates are
// (mailtemplate.go): read at most every configTTL, dropped at once when this
// process saves the configuration (saveConfigs), so that a save here applies to
// the next request; another instance (PostgreSQL) sees a change within
// configTTL. Creation reads both before its transaction (CreateTicket), so that
// neither the read nor the parse of the JSON documents runs on SQLite's one
// writer (docs/perf.md, "Creation, second pass (28 November, evening)").
const configTTL = 10 * time.Second

// createCaches holds the Service's cached configuration.
type createCaches struct {
	routing ttlCache[RoutingConfig]
	topics  ttlCache[[]ticket.Topic]
}

// ttlCache keeps one value read from the store for configTTL.
type ttlCache[T any] struct {
	mu     sync.Mutex
	v      T
	ok     bool
	readAt time.Time
	gen    uint64 // counts invalidations, so that a read begun before one is not kept
}

// get returns the value in memory when it is fresh, or reads it. keep says
// whether a value read may be kept (an empty list of topics is not: Seed has
// not run yet).
func (c *ttlCache[T]) get(ctx context.Context, read func(context.Context) (T, error), keep func(T) bool) (T, error) {
	now := time.Now()
	c.mu.Lock()
	if c.ok && now.Sub(c.readAt) < configTTL && now.Sub(c.readAt) >= 0 {
		v := c.v
		c.mu.Unlock()
		return v, nil
	}
	gen := c.gen
	c.mu.Unlock()
	v, err := read(ctx)
	if err != nil {
		return v, err
	}
	if keep == nil || keep(v) {
		c.mu.Lock()
		if c.gen == gen { // no save since the read began: the copy is current
			c.v, c.ok, c.readAt = v, true, now
		}
		c.mu.Unlock()
	}
	return v, nil
}

// invalidate drops the value, after this process changed what it was read from.
func (c *ttlCache[T]) invalidate() {
	c.mu.Lock()
	var zero T
	c.v, c.ok = zero, false
	c.gen++
	c.mu.Unlock()
}

// routingConfig is the routing configuration in force, from memory when it is
// fresh, otherwise read through r (the store, or the caller's transaction: on
// PostgreSQL a transaction must not wait for a second pool connection). The
// value is shared: callers only read it.
func (s *Service) routingConfig(ctx context.Context, r configReader) (RoutingConfig, error) {
	return s.caches.routing.get(ctx, func(ctx context.Context) (RoutingConfig, error) { return s.loadConfig(ctx, r) }, nil)
}

// topicReader reads the configured topics: the store (its read pool), or a
// write transaction.
type topicReader interface {
	FindTopics(ctx context.Context) ([]ticket.Topic, error)
}

// activeTopics is the list of topics, from memory when it is fresh, otherwise
// read through r. A write transaction passes itself: reading through the pool
// would make the one writer (SQLite) wait for a reader, and, on PostgreSQL, a
// transaction wait for a second connection of the pool. What a transaction
// reads is kept as a read through the pool would be: the transactions that
// validate a request do not change the topics, and a save drops the copy.
func (s *Service) activeTopics(ctx context.Context, r topicReader) ([]ticket.Topic, error) {
	return s.caches.topics.get(ctx, r.FindTopics, func(ts []ticket.Topic) bool { return len(ts) > 0 })
}

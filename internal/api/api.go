// Package api is Guichet's JSON API, version 1: the surface integrations use to
// create and follow requests, read the company catalog, the buyers and their
// consultations, and the configuration.
//
// The whole surface is in routes.go. Handlers decode, call one use case of
// internal/core and render; they return errors, and problem (errors.go) is the one
// place that turns an error into a status and an RFC 9457 problem document. The
// OpenAPI description, openapi.json, is written by hand and checked against the
// route table and the real responses by the tests.
package api

import (
	"log/slog"
	"net/http"

	"github.com/guichet/guichet/internal/core"
)

// DefaultMaxBodyBytes is the request body limit when Options leaves it at 0: far
// above any ticket or message a person types, far below what would hurt the server.
const DefaultMaxBodyBytes = 1 << 20

// Options are the API's dependencies.
type Options struct {
	Core         *core.Service
	Logger       *slog.Logger // nil discards
	MaxBodyBytes int64        // 0 means DefaultMaxBodyBytes
}

// server holds what every handler needs.
type server struct {
	core    *core.Service
	log     *slog.Logger
	maxBody int64
}

// New returns the handler of every path under /api/v1/. It expects the full path
// (the app mounts it at "/api/v1/" without stripping the prefix).
func New(o Options) http.Handler {
	s := &server{core: o.Core, log: o.Logger, maxBody: o.MaxBodyBytes}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.maxBody <= 0 {
		s.maxBody = DefaultMaxBodyBytes
	}
	mux := http.NewServeMux()
	for _, rt := range table(s) {
		mux.Handle(rt.pattern, s.endpoint(rt))
	}
	return s.withRequestID(s.recoverPanics(s.problemsForUnrouted(mux)))
}

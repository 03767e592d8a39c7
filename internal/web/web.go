// Package web is the agents' workspace: server-rendered pages for signing in,
// the inbox and the ticket page, in French by default and in English.
//
// The whole surface is in routes.go, one row per endpoint with the permission it
// needs. Handlers decode the form, call one use case of internal/core and render
// a template; they return errors, and fail (errors.go) is the one place that turns
// an error into a page. Templates and static files are embedded in the binary and
// parsed when the handler is built. Pages work without JavaScript.
package web

import (
	"github.com/guichet/guichet/internal/assets"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/guichet/guichet/internal/core"
)

// Options are the workspace's dependencies.
type Options struct {
	Core   *core.Service
	Logger *slog.Logger // nil discards
	// Secure marks cookies Secure and sends HSTS: set it when the public URL is
	// https (GUICHET_BASE_URL).
	Secure bool
	// BaseURL is the public URL; its origin is trusted for form posts when a proxy
	// in front rewrites the Host header.
	BaseURL string
}

// server holds what every handler needs.
type server struct {
	core    *core.Service
	log     *slog.Logger
	secure  bool
	now     func() time.Time // the service's clock: "overdue" is decided on it
	pages   assets.Pages
	assets  assets.Set
	loc     *time.Location
	maxForm int64
}

// maxFormBytes bounds a posted form: a reply is at most ticket.MaxBody (100 kB)
// of text, which a form may encode at up to 3 bytes per byte.
const maxFormBytes = 512 << 10

// New returns the handler of the workspace's paths (/login, /logout, /agent…,
// /static/…). It expects full paths: the app mounts it without stripping them.
func New(o Options) http.Handler {
	s := &server{core: o.Core, log: o.Logger, secure: o.Secure, now: o.Core.Now, loc: o.Core.Location(),
		maxForm: maxFormBytes, pages: mustParsePages(), assets: assets.MustLoad(staticFS, "static")}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	mux := http.NewServeMux()
	for _, rt := range s.table() {
		mux.Handle(rt.pattern, s.endpoint(rt))
	}
	cop := http.NewCrossOriginProtection()
	if u, err := url.Parse(o.BaseURL); err == nil && u.Scheme != "" && u.Host != "" {
		cop.AddTrustedOrigin(u.Scheme + "://" + u.Host)
	}
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, s.visitor(r), errForged)
	}))
	return s.securityHeaders(cop.Handler(s.unrouted(mux)))
}

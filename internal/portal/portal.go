// Package portal is the companies' side of Guichet: the public question form
// (/question) and the follow-up portal (/suivi), in French, accessible, and
// working without JavaScript (a little script only checks the SIRET, searches
// consultations and suggests FAQ articles as the company types).
//
// It is an entry point like internal/web: routes.go lists every endpoint, the
// handlers decode, call one use case of internal/core and render; fail is the
// one place where an error becomes a page. Portal sessions (a cookie scoped
// to /suivi, opened by a single-use e-mail link) are separate from the agents'
// sessions; every portal form carries the session's CSRF token, and Go's
// cross-origin protection guards every post, the public form's included.
package portal

import (
	"github.com/guichet/guichet/internal/assets"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/errs"
)

// Options are the portal's dependencies.
type Options struct {
	Core   *core.Service
	Logger *slog.Logger // nil discards
	// BaseURL is the public address (GUICHET_BASE_URL): the sign-in links sent
	// by e-mail start with it, and its origin is trusted for posts.
	BaseURL string
	// Secure marks the cookie Secure and sends HSTS (an https BaseURL).
	Secure bool
	// TrustedProxies are the reverse proxies (addresses or CIDR ranges) whose
	// X-Forwarded-For gives the company's address for the rate limits —
	// GUICHET_TRUSTED_PROXIES. Without them every company behind the proxy
	// would share one address's limits.
	TrustedProxies []string
	// MinFillTime is the shortest time a person takes to fill the question
	// form; a faster post is a robot's (default 3 s).
	MinFillTime time.Duration
}

// server holds what every handler needs.
type server struct {
	core    *core.Service
	log     *slog.Logger
	base    string
	secure  bool
	minFill time.Duration
	pages   assets.Pages
	assets  assets.Set
	proxies []*net.IPNet
}

// New returns the handler of /question…, /suivi… and /portail/static/….
func New(o Options) http.Handler {
	s := &server{core: o.Core, log: o.Logger, base: strings.TrimRight(o.BaseURL, "/"), secure: o.Secure,
		minFill: o.MinFillTime, pages: mustParsePages(), assets: assets.MustLoad(staticFS, "static")}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	for _, p := range o.TrustedProxies {
		if !strings.Contains(p, "/") {
			if strings.Contains(p, ":") {
				p += "/128"
			} else {
				p += "/32"
			}
		}
		if _, n, err := net.ParseCIDR(p); err == nil {
			s.proxies = append(s.proxies, n)
		}
	}
	if s.minFill == 0 {
		s.minFill = 3 * time.Second
	}
	mux := http.NewServeMux()
	for _, rt := range s.table() {
		mux.Handle(rt.pattern, s.endpoint(rt))
	}
	mux.Handle("/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, errs.E(errs.NotFound, "Aucune page à l'adresse %s.", r.URL.Path))
	}))
	cop := http.NewCrossOriginProtection()
	if u, err := url.Parse(o.BaseURL); err == nil && u.Scheme != "" && u.Host != "" {
		cop.AddTrustedOrigin(u.Scheme + "://" + u.Host)
	}
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, errForged)
	}))
	return s.securityHeaders(cop.Handler(mux))
}

// contentSecurityPolicy allows only the portal's own style and script, no
// inline code, no framing, and forms posting only here.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; " +
	"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

func (s *server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin") // a sign-in link must not leak in a Referer
		if s.secure {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		if !strings.HasPrefix(r.URL.Path, "/portail/static/") {
			h.Set("Cache-Control", "no-store")
		}
		next.ServeHTTP(w, r)
	})
}

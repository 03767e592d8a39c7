package app

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/guichet/guichet/internal/api"
	"github.com/guichet/guichet/internal/faq"
	"github.com/guichet/guichet/internal/portal"
	"github.com/guichet/guichet/internal/web"
)

// Handler is the whole HTTP surface: operations endpoints, the JSON API and the
// pages, behind the request-id, access-log and metrics middleware.
func (a *App) Handler() http.Handler {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m := newHTTPMetrics(reg)

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", a.healthz)
	mux.HandleFunc("GET /readyz", a.readyz)
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	mux.Handle("/api/v1/", api.New(api.Options{Core: a.core, Logger: a.log, MaxBodyBytes: a.cfg.MaxBodyBytes}))
	workspace := web.New(web.Options{Core: a.core, Logger: a.log, BaseURL: a.cfg.BaseURL,
		Secure: strings.HasPrefix(a.cfg.BaseURL, "https://")})
	for _, prefix := range []string{"/login", "/login/", "/logout", "/agent", "/agent/", "/static/", "/enquete/", "/consultations/"} {
		mux.Handle(prefix, workspace)
	}
	companies := portal.New(portal.Options{Core: a.core, Logger: a.log, BaseURL: a.cfg.BaseURL,
		Secure: strings.HasPrefix(a.cfg.BaseURL, "https://"), TrustedProxies: a.cfg.TrustedProxies})
	for _, prefix := range []string{"/question", "/question/", "/suivi", "/suivi/", "/portail/static/"} {
		mux.Handle(prefix, companies)
	}
	publicFAQ := faq.New(faq.Options{Core: a.core, Logger: a.log, Secure: strings.HasPrefix(a.cfg.BaseURL, "https://")})
	mux.Handle("/faq", publicFAQ)
	mux.Handle("/faq/", publicFAQ)
	mux.HandleFunc("GET /{$}", a.home)
	return requestID(a.accessLog(m.instrument(mux)))
}

// healthz says the process is up.
func (a *App) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintln(w, "ok")
}

// readyz says the instance can serve: the database answers.
func (a *App) readyz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := a.core.Ping(r.Context()); err != nil {
		a.log.Error("readyz: database unreachable", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintln(w, "database unreachable")
		return
	}
	fmt.Fprintln(w, "ok")
}

// home is the public home page until the public site is built.
func (a *App) home(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprint(w, `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Guichet</title></head>
<body><main><h1>Guichet — cellule contact marchés publics</h1>
<p>Le service répond aux questions des entreprises sur les marchés publics.</p>
<p>API : <a href="/api/v1/openapi.json">description OpenAPI</a>.</p></main></body></html>`)
}

// requestID gives every request an id (kept from X-Request-ID when the proxy set a
// sane one), echoed in the response and in the logs.
func requestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-ID")
		if len(id) == 0 || len(id) > 64 {
			b := make([]byte, 8)
			rand.Read(b)
			id = hex.EncodeToString(b)
			r.Header.Set("X-Request-ID", id)
		}
		w.Header().Set("X-Request-ID", id)
		next.ServeHTTP(w, r)
	})
}

// statusWriter remembers the status a handler wrote.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (s *statusWriter) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// accessLog logs one line per request, at debug level for the probes.
func (a *App) accessLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		level := slog.LevelInfo
		if r.URL.Path == "/healthz" || r.URL.Path == "/readyz" || r.URL.Path == "/metrics" {
			level = slog.LevelDebug
		}
		a.log.Log(r.Context(), level, "request", "method", r.Method, "path", r.URL.Path, "status", statusOf(sw),
			"duration_ms", float64(time.Since(start).Microseconds())/1000, "request_id", r.Header.Get("X-Request-ID"))
	})
}

func statusOf(sw *statusWriter) int {
	if sw.status == 0 {
		return http.StatusOK
	}
	return sw.status
}

// httpMetrics counts requests and their durations by route pattern (not by raw
// path, which would make one series per ticket).
type httpMetrics struct {
	duration *prometheus.HistogramVec
}

func newHTTPMetrics(reg prometheus.Registerer) *httpMetrics {
	m := &httpMetrics{duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "guichet_http_request_duration_seconds",
		Help:    "Durée des requêtes HTTP, par route et statut.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
	}, []string{"method", "route", "status"})}
	reg.MustRegister(m.duration)
	return m
}

func (m *httpMetrics) instrument(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		route := r.Pattern // set by the mux that matched, including the API's own
		if route == "" {
			route = "unmatched"
		}
		m.duration.WithLabelValues(r.Method, route, strconv.Itoa(statusOf(sw))).Observe(time.Since(start).Seconds())
	})
}

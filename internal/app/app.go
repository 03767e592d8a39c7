// Package app wires Guichet together: configuration, store, use cases, HTTP
// surfaces, and their lifecycle. It is the only package that imports everything;
// cmd/guichet only parses the command line and calls it.
package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/guichet/guichet/internal/config"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/live"
	"github.com/guichet/guichet/internal/store"
)

// App is a running instance's parts.
type App struct {
	cfg   config.Config
	store *store.Store
	core  *core.Service
	log   *slog.Logger
	live  *live.Broker // live updates (live.go)
}

// NewLogger returns the JSON logger every command uses, at the configured level.
func NewLogger(w io.Writer, level slog.Level) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level}))
}

// Open opens the database (SQLite in DataDir, or PostgreSQL), applies pending
// migrations and seeds a new installation's defaults.
func Open(ctx context.Context, cfg config.Config, log *slog.Logger) (*App, error) {
	s, err := store.Open(ctx, store.Options{DataDir: cfg.DataDir, DatabaseURL: cfg.DatabaseURL, Logger: log})
	if err != nil {
		return nil, err
	}
	mailOpts, err := mailOptions(cfg, log) // mail.go
	if err != nil {
		s.Close()
		return nil, err
	}
	broker := newBroker(s, log)
	svc := core.New(core.Options{Store: s, Territory: cfg.Territory, Services: cfg.Services, Logger: log,
		Live: broker, OriginateURL: cfg.PBXOriginateURL, Attach: attachKeeper(cfg, s, log), PortalAllSIRET: cfg.PortalAllSIRET, Mail: mailOpts,
		Reports: core.ReportOptions{SurveyDelay: cfg.Reports.SurveyDelay, SurveyShare: cfg.Reports.SurveyShare,
			SurveyOff: cfg.Reports.SurveyShare == 0, SurveyValidity: cfg.Reports.SurveyValidity,
			WeeklyAt: cfg.Reports.WeeklyAt, WeeklyOff: cfg.Reports.WeeklyOff}})
	enableSSO(svc, cfg, log) // sso.go
	svc.SetRetention(core.RetentionOptions{Years: cfg.Retention.Years, Off: cfg.Retention.Off})
	if err := svc.Seed(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("seed: %w", err)
	}
	return &App{cfg: cfg, store: s, core: svc, log: log, live: broker}, nil
}

// Core returns the use cases, for the CLI commands.
func (a *App) Core() *core.Service { return a.core }

// Close closes the database.
func (a *App) Close() error { return a.store.Close() }

// Serve listens on addr and serves until ctx ends, then shuts down gracefully:
// requests under way get up to 10 seconds to finish.
func (a *App) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           a.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(a.log.Handler(), slog.LevelWarn),
	}
	srv.RegisterOnShutdown(a.live.Close) // live streams end, so that Shutdown does not wait for them
	jobsCtx, stopJobs := context.WithCancel(ctx)
	jobs := a.runJobs(jobsCtx, a.core.Jobs())
	defer func() { stopJobs(); jobs.Wait() }()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	a.log.Info("listening", "addr", ln.Addr().String(), "store", a.store.Dialect())
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := srv.Shutdown(shutdown)
	if e := <-errc; !errors.Is(e, http.ErrServerClosed) {
		err = errors.Join(err, e)
	}
	a.log.Info("stopped")
	return err
}

// Migrations applies pending migrations and lists them all with their state;
// with dryRun it only lists.
func Migrations(ctx context.Context, cfg config.Config, log *slog.Logger, dryRun bool) ([]store.Migration, error) {
	s, err := store.OpenNoMigrate(store.Options{DataDir: cfg.DataDir, DatabaseURL: cfg.DatabaseURL, Logger: log})
	if err != nil {
		return nil, err
	}
	defer s.Close()
	if !dryRun {
		if err := s.Migrate(ctx); err != nil {
			return nil, err
		}
	}
	return s.Migrations(ctx)
}

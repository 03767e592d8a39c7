package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/bench"
	"github.com/guichet/guichet/internal/config"
	"github.com/guichet/guichet/internal/core"
)

// BenchLocal runs the load tool against an instance of its own, served on a
// loopback port, with an agent account and its token made for the run: a fresh
// embedded store in a temporary directory, or, with useDataDir, cfg's store (e.g.
// a demo store of a million requests).
func BenchLocal(ctx context.Context, cfg config.Config, o bench.Options, useDataDir bool) (*bench.Report, error) {
	if !useDataDir {
		dir, err := os.MkdirTemp("", "guichet-bench-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(dir)
		cfg.DataDir, cfg.DatabaseURL = dir, ""
	}
	a, err := Open(ctx, cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		return nil, err
	}
	defer a.Close()
	email := fmt.Sprintf("bench-%d@guichet.invalid", os.Getpid())
	if _, err := a.core.AddUser(ctx, access.System(), core.NewUser{Email: email, Name: "Load tool", Role: "agent"}); err != nil {
		return nil, err
	}
	if o.Token, err = a.core.CreateToken(ctx, access.System(), email); err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	serveCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- a.Serve(serveCtx, ln) }()
	o.BaseURL = "http://" + ln.Addr().String()
	report, err := bench.Run(ctx, o)
	stop()
	return report, errors.Join(err, <-done)
}

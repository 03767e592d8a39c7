package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"runtime/pprof"

	"github.com/guichet/guichet/internal/app"
	"github.com/guichet/guichet/internal/bench"
)

func runBench(ctx context.Context, args []string, e env) error {
	fs := flags("bench", e)
	url := fs.String("url", "", "server to load (default: a throw-away embedded instance)")
	token := fs.String("token", "", "API token for --url")
	clients := fs.Int("clients", bench.DefaultClients, "concurrent clients")
	duration := fs.Duration("duration", bench.DefaultDuration, "how long the load lasts")
	scenario := fs.String("scenario", bench.ScenarioMixed, "create, inbox or mixed")
	data := fs.String("data", "", "without --url: serve this data directory (e.g. a large demo store) instead of a fresh one")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	seed := fs.Int64("seed", 1, "seed of the generated requests")
	allowRemote := fs.Bool("allow-remote", false, "allow a --url outside the loopback interface (never point a load at a server that is not yours)")
	maxRequests := fs.Int("max-requests", 0, "stop after this many requests (default: the tool's cap)")
	cpuProfile := fs.String("cpuprofile", "", "without --url: write a CPU profile of the whole run (server and load) to this file")
	if err := parse(fs, args); err != nil {
		return err
	}
	o := bench.Options{BaseURL: *url, Token: *token, Clients: *clients, Duration: *duration, Scenario: *scenario,
		Seed: *seed, AllowRemote: *allowRemote, MaxRequests: *maxRequests}
	if !*asJSON {
		o.Out = e.stdout
	}
	var report *bench.Report
	var err error
	if *url != "" {
		if *token == "" {
			return fmt.Errorf("%w: --token is required with --url", errUsage)
		}
		report, err = bench.Run(ctx, o)
	} else {
		cfg, cerr := loadConfig(e, nil, data)
		if cerr != nil {
			return cerr
		}
		if *cpuProfile != "" {
			f, perr := os.Create(*cpuProfile)
			if perr != nil {
				return perr
			}
			defer f.Close()
			if perr := pprof.StartCPUProfile(f); perr != nil {
				return perr
			}
			defer pprof.StopCPUProfile()
		}
		report, err = app.BenchLocal(ctx, cfg, o, *data != "")
	}
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(report)
	}
	return nil
}

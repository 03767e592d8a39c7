package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/report"
)

// runReport writes the report of a week, or of any period, on demand: the same
// document the Monday job mails (PDF), its HTML version, or its figures as CSV.
func runReport(ctx context.Context, args []string, e env) error {
	const use = "guichet report weekly [--week 2026-W47 | --from 2026-11-01 --to 2026-11-30] --format pdf|html|csv [--out FILE]"
	if len(args) == 0 || args[0] != "weekly" {
		return fmt.Errorf("%w: %s", errUsage, use)
	}
	fs := flags("report weekly", e)
	week := fs.String("week", "", "ISO week, e.g. 2026-W47 (default: the last complete week)")
	from := fs.String("from", "", "first day of a period (YYYY-MM-DD), with --to")
	to := fs.String("to", "", "last day of a period, included, with --from")
	format := fs.String("format", "pdf", "pdf, html or csv")
	out := fs.String("out", "", "file to write (default: standard output)")
	team := fs.String("team", "", "only the requests of this team")
	channel := fs.String("channel", "", "only the requests of this channel")
	topic := fs.String("topic", "", "only the requests of this topic")
	data := fs.String("data", "", "data directory of the embedded store (GUICHET_DATA_DIR)")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if !slices.Contains(report.Formats, *format) {
		return fmt.Errorf("%w: --format %q: pdf, html ou csv", errUsage, *format)
	}
	a, err := openApp(ctx, e, *data)
	if err != nil {
		return err
	}
	defer a.Close()
	svc := a.Core()
	p, err := report.ParsePeriod(*week, *from, *to, svc.Now(), svc.Location())
	if err != nil {
		return err
	}
	doc, err := svc.ReportDocument(ctx, access.System(), p, report.Filter{Team: *team, Channel: *channel, Topic: *topic})
	if err != nil {
		return err
	}
	return writeOut(e, *out, func(w io.Writer) error { return report.Write(w, doc, *format) })
}

// writeOut writes to a file, replaced only once complete, or to standard output.
func writeOut(e env, path string, write func(io.Writer) error) error {
	if path == "" {
		return write(e.stdout)
	}
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, path)
}

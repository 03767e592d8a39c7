// Package importer runs the catalog imports: it reads a file with the parser of
// its kind (SIRENE, buyers CSV, BOAMP, DECP), rejects bad records one by one with
// their position, and writes the good ones in batches through core — each batch all
// or nothing, with a checkpoint, so that an interrupted import resumes after its
// last complete batch and a second run changes nothing.
package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/core"
)

// Kind is the kind of file to import.
type Kind string

// The kinds of import.
const (
	Sirene Kind = "sirene"
	Buyers Kind = "buyers"
	BOAMP  Kind = "boamp"
	DECP   Kind = "decp"
)

// Kinds lists every kind, for the CLI.
func Kinds() []Kind { return []Kind{Sirene, Buyers, BOAMP, DECP} }

// Options configure a run.
type Options struct {
	Core  *core.Service
	Actor access.Actor // access.System() from the CLI
	// Departements keeps only the SIRENE establishments of these départements;
	// empty keeps them all.
	Departements []string
	BatchSize    int       // records per transaction; 200 by default (docs/perf-catalog.md)
	Progress     io.Writer // progress lines (nil: silent)
	Restart      bool      // ignore the checkpoint of a previous run of the same file
}

// Rejection is a record that was not imported, and why.
type Rejection struct {
	Position string // "ligne 12", "enregistrement 3"
	ID       string // SIRET, idweb, DECP id… when known
	Reason   string
}

// Summary counts what a run did.
type Summary struct {
	Read, Created, Updated, Unchanged, Rejected, Skipped int
	Warnings                                             int
	Rejections                                           []Rejection // the first 1,000
}

func (s *Summary) reject(r Rejection) {
	s.Rejected++
	if len(s.Rejections) < 1000 {
		s.Rejections = append(s.Rejections, r)
	}
}

// String is the one-line summary the CLI prints.
func (s Summary) String() string {
	return fmt.Sprintf("lus %d, créés %d, mis à jour %d, inchangés %d, rejetés %d, déjà importés %d, avertissements %d",
		s.Read, s.Created, s.Updated, s.Unchanged, s.Rejected, s.Skipped, s.Warnings)
}

// record is one parsed record, ready to join a batch.
type record struct {
	add      func(b *core.ImportBatch)
	warnings int
}

// source is a parser as the runner sees it: next returns a record, a *Rejection
// (the stream goes on), io.EOF, or another error (the file cannot be read further).
type source interface {
	next() (record, error)
}

// Run imports one file. source is the file's fingerprint for the checkpoint (""
// for a stream that cannot be resumed, like standard input).
func Run(ctx context.Context, o Options, kind Kind, r io.Reader, fingerprint string) (Summary, error) {
	var sum Summary
	opened, err := open(kind, r, o)
	if err != nil {
		return sum, err
	}
	src := prefetch(opened)
	defer src.stop()
	ckpt := ""
	var resumeAt int64
	if fingerprint != "" {
		ckpt = string(kind) + ":" + fingerprint
		if !o.Restart {
			if resumeAt, err = o.Core.ImportCheckpoint(ctx, ckpt); err != nil {
				return sum, err
			}
		}
	}
	w := &batchWriter{o: o, sum: &sum, source: ckpt, size: orDefault(o.BatchSize, 200), known: core.NewKnownBuyers()}
	for pos := int64(1); ; pos++ {
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		rec, err := src.next()
		if errors.Is(err, io.EOF) {
			break
		}
		var rej *Rejection
		switch {
		case errors.As(err, &rej):
			sum.Read++
			sum.reject(*rej)
			w.position = pos
			continue
		case err != nil:
			// The file cannot be read further: keep what was read before.
			return sum, errors.Join(w.flush(ctx), err)
		}
		sum.Read++
		sum.Warnings += rec.warnings
		if pos <= resumeAt {
			sum.Skipped++
			continue
		}
		if err := w.add(ctx, rec, pos); err != nil {
			return sum, err
		}
	}
	return sum, w.flush(ctx)
}

// batchWriter gathers records and writes them a batch at a time.
type batchWriter struct {
	o        Options
	sum      *Summary
	source   string
	size     int
	batch    core.ImportBatch
	n        int
	position int64
	known    *core.KnownBuyers // the run's buyers, so that a buyer is looked up once per run
}

func (w *batchWriter) add(ctx context.Context, rec record, pos int64) error {
	rec.add(&w.batch)
	w.n++
	w.position = pos
	if w.n >= w.size {
		return w.flush(ctx)
	}
	return nil
}

func (w *batchWriter) flush(ctx context.Context) error {
	if w.n == 0 {
		return nil
	}
	w.batch.Source, w.batch.Position, w.batch.Known = w.source, w.position, w.known
	counts, err := w.o.Core.Import(ctx, w.o.Actor, w.batch)
	if err != nil {
		return fmt.Errorf("lot se terminant à l'enregistrement %d : %w", w.position, err)
	}
	w.sum.Created += counts.Created
	w.sum.Updated += counts.Updated
	w.sum.Unchanged += counts.Unchanged
	if w.o.Progress != nil {
		fmt.Fprintf(w.o.Progress, "… %d enregistrements lus\n", w.position)
	}
	w.batch, w.n = core.ImportBatch{}, 0
	return nil
}

// ParseKind reads a kind name.
func ParseKind(s string) (Kind, error) {
	for _, k := range Kinds() {
		if string(k) == strings.ToLower(s) {
			return k, nil
		}
	}
	return "", fmt.Errorf("type d'import inconnu %q (sirene, buyers, boamp ou decp)", s)
}

func orDefault(n, def int) int {
	if n <= 0 {
		return def
	}
	return n
}

// Error makes a Rejection usable as the error of a source.
func (r *Rejection) Error() string { return r.Position + " : " + r.Reason }

package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/importer"
)

func runImport(ctx context.Context, args []string, e env) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: guichet import sirene|buyers|boamp|decp [--departements 69,38] [--restart] FILE… (- for standard input)", errUsage)
	}
	kind, err := importer.ParseKind(args[0])
	if err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	fs := flags("import "+args[0], e)
	deps := fs.String("departements", "", "SIRENE: keep the establishments of these départements (default: the territory; \"all\" for every one)")
	restart := fs.Bool("restart", false, "import from the start even if an earlier run of the same file was interrupted")
	batch := fs.Int("batch", 200, "records per transaction")
	data := fs.String("data", "", "data directory of the embedded store (GUICHET_DATA_DIR)")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return fmt.Errorf("%w: no file given (use - for standard input)", errUsage)
	}
	a, err := openApp(ctx, e, *data)
	if err != nil {
		return err
	}
	defer a.Close()
	o := importer.Options{Core: a.Core(), Actor: access.System(), BatchSize: *batch, Restart: *restart}
	switch *deps {
	case "":
		o.Departements = a.Core().Territory().Departements
	case "all":
	default:
		o.Departements = strings.Split(*deps, ",")
	}
	failed := 0
	for _, name := range fs.Args() {
		if err := importOne(ctx, e, o, kind, name); err != nil {
			fmt.Fprintf(e.stderr, "%s : %v\n", name, err)
			failed++
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d fichier(s) en échec", failed)
	}
	return nil
}

// importOne imports one file (or standard input) and prints its summary and the
// rejected records with their position.
func importOne(ctx context.Context, e env, o importer.Options, kind importer.Kind, name string) error {
	in, fingerprint, size, closeFn, err := openInput(e, name)
	if err != nil {
		return err
	}
	defer closeFn()
	if f, ok := e.stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) && size > 0 {
		bar := progressbar.DefaultBytes(size, "import "+filepath.Base(name))
		in = io.TeeReader(in, bar)
		defer bar.Finish()
	}
	sum, err := importer.Run(ctx, o, kind, in, fingerprint)
	for _, r := range sum.Rejections {
		fmt.Fprintf(e.stderr, "%s : %s%s : rejeté : %s\n", name, r.Position, idSuffix(r.ID), r.Reason)
	}
	if sum.Rejected > len(sum.Rejections) {
		fmt.Fprintf(e.stderr, "%s : … et %d autres rejets\n", name, sum.Rejected-len(sum.Rejections))
	}
	fmt.Fprintf(e.stdout, "%s : %s\n", name, sum)
	return err
}

func idSuffix(id string) string {
	if id == "" {
		return ""
	}
	return " (" + id + ")"
}

// openInput opens a file or standard input ("-"). A file's fingerprint (path,
// size, modification time) names its checkpoint: a file fixed and saved again is
// a new file, imported from the start (idempotently). Standard input cannot resume.
func openInput(e env, name string) (io.Reader, string, int64, func(), error) {
	if name == "-" {
		return e.stdin, "", 0, func() {}, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, "", 0, nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, "", 0, nil, err
	}
	abs, _ := filepath.Abs(name)
	fp := fmt.Sprintf("%s|%d|%d", abs, st.Size(), st.ModTime().UnixNano())
	return f, fp, st.Size(), func() { f.Close() }, nil
}

package demo

import (
	"fmt"
	"io"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progress tells the operator how far the generation is.
type progress interface {
	add(n int)
	finish()
}

// newProgress shows a bar on a terminal, a line every 10 % elsewhere (a log, a
// CI job), nothing without a writer.
func newProgress(w io.Writer, total int) progress {
	if w == nil {
		return silent{}
	}
	if f, ok := w.(interface{ Fd() uintptr }); ok && term.IsTerminal(int(f.Fd())) {
		return &bar{progressbar.NewOptions(total,
			progressbar.OptionSetWriter(w),
			progressbar.OptionSetDescription("Demandes de démonstration"),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("demandes"),
			progressbar.OptionSetWidth(30),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionOnCompletion(func() { fmt.Fprintln(w) }),
		)}
	}
	return &lines{w: w, total: total}
}

type silent struct{}

func (silent) add(int) {}
func (silent) finish() {}

type bar struct{ b *progressbar.ProgressBar }

func (b *bar) add(n int) { b.b.Add(n) }
func (b *bar) finish()   { b.b.Finish() }

// lines writes "Données de démonstration : 30 % (600 demandes sur 2 000)" each
// time a new tenth is reached.
type lines struct {
	w           io.Writer
	total, done int
	tenth       int
}

func (l *lines) add(n int) {
	l.done += n
	if t := l.done * 10 / max(1, l.total); t > l.tenth {
		l.tenth = t
		fmt.Fprintf(l.w, "Données de démonstration : %d %% (%s demandes sur %s)\n",
			l.tenth*10, frNumber(l.done), frNumber(l.total))
	}
}

func (l *lines) finish() {}

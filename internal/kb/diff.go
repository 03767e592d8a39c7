package kb

import (
	"strings"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// Diff is the line diff from old to new: each changed line prefixed with "-" or
// "+", each unchanged line with a space. An empty old text gives every line as added.
func Diff(old, new string) string {
	dmp := diffmatchpatch.New()
	a, b, lines := dmp.DiffLinesToChars(old, new)
	diffs := dmp.DiffCharsToLines(dmp.DiffMain(a, b, false), lines)
	var out strings.Builder
	for _, d := range diffs {
		prefix := " "
		switch d.Type {
		case diffmatchpatch.DiffDelete:
			prefix = "-"
		case diffmatchpatch.DiffInsert:
			prefix = "+"
		}
		for _, line := range strings.SplitAfter(d.Text, "\n") {
			if line == "" {
				continue
			}
			out.WriteString(prefix + strings.TrimSuffix(line, "\n") + "\n")
		}
	}
	return out.String()
}

// DiffLine is one line of a diff, for display.
type DiffLine struct {
	Op   string // "+", "-" or " "
	Text string
}

// ParseDiff splits a Diff into its lines.
func ParseDiff(d string) []DiffLine {
	var out []DiffLine
	for _, l := range strings.Split(strings.TrimSuffix(d, "\n"), "\n") {
		if l == "" {
			continue
		}
		out = append(out, DiffLine{Op: l[:1], Text: l[1:]})
	}
	return out
}

package mail

import (
	"regexp"
	"strings"
)

// Fold returns the new part of a mail's text: the quoted history (what the
// company's mail client copied of earlier mails) and the signature are cut, so
// that the conversation shows what the company wrote this time. The full text is
// kept beside it. The rules are the attribution lines of the usual clients in
// French and English (Gmail, Outlook, Thunderbird, Apple Mail), "> " quotes,
// the "-- " signature separator and the "sent from my phone" lines. When folding
// would leave nothing, the text is kept whole.
func Fold(text string) string {
	lines := strings.Split(normalizeNewlines(text), "\n")
	cut := len(lines)
	for i := 0; i < len(lines); i++ {
		if quoteStart(lines, i) || signatureStart(lines[i]) {
			cut = i
			break
		}
	}
	var kept []string
	for _, l := range lines[:cut] {
		if !strings.HasPrefix(strings.TrimLeft(l, " "), ">") {
			kept = append(kept, l)
		}
	}
	out := strings.TrimSpace(strings.Join(kept, "\n"))
	if out == "" {
		return strings.TrimSpace(text)
	}
	return out
}

var (
	// "Le mar. 3 mars 2026 à 14:05, Anne <a@b.fr> a écrit :", "On Tue, Mar 3, 2026 at 2:05 PM X wrote:"
	attribution = regexp.MustCompile(`(?i)^\s*(le\s.+\s(a\s)?écrit\s?:|on\s.+\swrote:|.+\s(a écrit|wrote)\s?:)\s*$`)
	// the start of an attribution that the client wrapped over two lines
	attributionStart = regexp.MustCompile(`(?i)^\s*(le|on)\s.*\d`)
	separators       = regexp.MustCompile(`(?i)^\s*(-{2,}\s*(original message|message d'origine|mail original|forwarded message|message transféré|message transmis)\s*-{2,}|_{10,})\s*$`)
	// Outlook's header block: "De : X" then "Envoyé : …" / "From: X" then "Sent: …"
	outlookFrom = regexp.MustCompile(`(?i)^\s*\*?(de|from)\s?:\*?\s`)
	outlookNext = regexp.MustCompile(`(?i)^\s*\*?(envoyé|sent|date|à|to|objet|subject)\s?:`)
	mobileSig   = regexp.MustCompile(`(?i)^\s*(envoyé|sent|envoyé depuis|sent from)\s(de|from|depuis)?\s*(mon|my)\s`)
)

func quoteStart(lines []string, i int) bool {
	l := lines[i]
	if attribution.MatchString(l) || separators.MatchString(l) {
		return true
	}
	if i+1 < len(lines) && attributionStart.MatchString(l) && attribution.MatchString(l+" "+lines[i+1]) {
		return true
	}
	if outlookFrom.MatchString(l) {
		for j := i + 1; j < len(lines) && j <= i+3; j++ {
			if outlookNext.MatchString(lines[j]) {
				return true
			}
		}
	}
	return false
}

func signatureStart(l string) bool {
	return l == "-- " || l == "--" || mobileSig.MatchString(l)
}

package kb

import (
	"regexp"
	"strings"
)

// Identity is what identifies a company and its contact in a request: it is
// removed from an FAQ draft made from that request.
type Identity struct {
	CompanyName string
	SIRET       string
	ContactName string
	Email       string
	Phone       string
}

var (
	emailRE = regexp.MustCompile(`[\p{L}0-9._%+\-]+@[\p{L}0-9.\-]+\.[\p{L}]{2,}`)
	// A French phone number however typed: +33 or 0, then nine digits in groups.
	phoneRE = regexp.MustCompile(`(?:\+33\s?\(?0?\)?|\b0)[1-9](?:[\s.\-]?\d{2}){4}\b`)
	// A SIRET (14 digits) or SIREN (9 digits), spaced or not.
	siretRE = regexp.MustCompile(`\b\d{3}\s?\d{3}\s?\d{3}(?:\s?\d{5})?\b`)
	// A sign-off: the lines after "Cordialement" and the like are a signature.
	signOffRE = regexp.MustCompile(`(?is)\s*\b(bien cordialement|cordialement|bien à vous|salutations distinguées|respectueusement)\b.*$`)
	greetRE   = regexp.MustCompile(`(?i)^\s*(bonjour|bonsoir|madame|monsieur|mesdames|messieurs)\b[^\n,]*[,\n]`)
)

// Anonymise removes the company's identity from text: its name, its contact's
// name, any e-mail address, phone number, SIRET or SIREN, the greeting and the
// signature. What it replaces gets a neutral word, so the sentence still reads.
func Anonymise(text string, id Identity) string {
	text = signOffRE.ReplaceAllString(text, "")
	text = greetRE.ReplaceAllString(text, "")
	text = emailRE.ReplaceAllString(text, "[adresse e-mail]")
	text = phoneRE.ReplaceAllString(text, "[téléphone]")
	text = siretRE.ReplaceAllString(text, "[SIRET]")
	for _, name := range []struct{ value, with string }{
		{id.CompanyName, "notre entreprise"}, {id.ContactName, "[nom]"}} {
		if n := strings.TrimSpace(name.value); len(n) >= 3 {
			re := regexp.MustCompile(`(?i)` + regexp.QuoteMeta(n))
			text = re.ReplaceAllString(text, name.with)
		}
	}
	// A contact is also called by one of their names ("M. Durand").
	for _, part := range strings.Fields(id.ContactName) {
		if len(part) >= 3 {
			text = regexp.MustCompile(`(?i)\b`+regexp.QuoteMeta(part)+`\b`).ReplaceAllString(text, "[nom]")
		}
	}
	if id.SIRET != "" {
		text = strings.ReplaceAll(text, id.SIRET, "[SIRET]")
	}
	return strings.TrimSpace(text)
}

// FAQDraft builds an article draft from a resolved request's question and answer,
// with the company's identity removed from both. The agent edits and publishes it.
func FAQDraft(subject, question, answer, topic string, id Identity) Article {
	q := Anonymise(question, id)
	ans := Anonymise(answer, id)
	body := "**Question :** " + quoteLines(q) + "\n\n## Réponse\n\n" + ans + "\n"
	return Article{Title: Anonymise(subject, id), Topic: topic, Body: body, Visibility: Public, Status: Draft}
}

func quoteLines(s string) string { return strings.ReplaceAll(s, "\n", "\n\n") }

// Slugify makes an article address from a title: folded, lower-case, words
// joined by dashes, at most 60 characters.
func Slugify(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(title) {
		if f, ok := slugFolds[r]; ok {
			r = f
		}
		if ('a' <= r && r <= 'z') || ('0' <= r && r <= '9') {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		} else {
			dash = true
		}
		if b.Len() >= 60 {
			break
		}
	}
	return strings.Trim(b.String(), "-")
}

var slugFolds = map[rune]rune{'à': 'a', 'â': 'a', 'ä': 'a', 'ç': 'c', 'é': 'e', 'è': 'e', 'ê': 'e', 'ë': 'e',
	'î': 'i', 'ï': 'i', 'ô': 'o', 'ö': 'o', 'ù': 'u', 'û': 'u', 'ü': 'u', 'ÿ': 'y', 'œ': 'o'}

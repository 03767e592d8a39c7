package web

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// lang is a language of the workspace. Messages are keyed: templates and
// handlers name a key, and the page's language picks the text. French is the
// default and the reference: a key missing in English falls back to French, and a
// test checks that both languages have the same keys.
type lang string

const (
	french  lang = "fr"
	english lang = "en"
)

var catalogs = map[lang]map[string]string{french: messagesFR, english: messagesEN}

// parseLang reads a language code; anything unknown is French.
func parseLang(s string) lang {
	if l := lang(strings.ToLower(strings.TrimSpace(s))); catalogs[l] != nil {
		return l
	}
	return french
}

// T returns the message of key in l, formatted with args when there are some.
// A key missing everywhere shows as itself, so that a slip is visible, not blank.
func (l lang) T(key string, args ...any) string {
	msg, ok := catalogs[l][key]
	if !ok {
		if msg, ok = messagesFR[key]; !ok {
			return key
		}
	}
	if len(args) > 0 {
		return fmt.Sprintf(msg, args...)
	}
	return msg
}

// negotiate picks the language of an anonymous visitor from Accept-Language
// (RFC 9110, 12.5.4): the supported language with the highest weight, French when
// none is acceptable or the header is absent.
func negotiate(header string) lang {
	type choice struct {
		l lang
		q float64
	}
	var choices []choice
	for part := range strings.SplitSeq(header, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		primary, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(tag)), "-")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		if catalogs[lang(primary)] != nil && q > 0 {
			choices = append(choices, choice{lang(primary), q})
		}
	}
	sort.SliceStable(choices, func(i, j int) bool { return choices[i].q > choices[j].q })
	if len(choices) == 0 {
		return french
	}
	return choices[0].l
}

// plural picks key.one or key.other for n: French uses the singular for 0 and 1,
// English for 1 only.
func plural(l lang, key string, n int) string {
	if n == 1 || (l == french && n == 0) {
		return key + ".one"
	}
	return key + ".other"
}

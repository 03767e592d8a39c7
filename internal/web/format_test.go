package web

import (
	"io/fs"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/ticket"
)

func TestFrenchAndEnglishFormats(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	at := time.Date(2026, 11, 24, 9, 5, 0, 0, time.UTC)
	first := time.Date(2027, 6, 1, 7, 0, 0, 0, time.UTC) // summer time: 9:00 in Paris
	cases := []struct{ got, want string }{
		{longDateTime(french, at, paris), "mardi 24 novembre 2026 à 10 h 05"},
		{longDateTime(french, first, paris), "mardi 1er juin 2027 à 9 h 00"},
		{longDateTime(english, at, paris), "Tuesday 24 November 2026 at 10:05"},
		{shortDateTime(french, at, paris), "24/11/2026 10 h 05"},
		{shortDateTime(english, at, paris), "24/11/2026 10:05"},
		{longDateTime(french, time.Time{}, paris), ""},
		{number(french, 1234), "1\u202f234"},
		{number(french, 1234567), "1\u202f234\u202f567"},
		{number(french, -1234), "-1\u202f234"},
		{number(french, 999), "999"},
		{number(english, 1234567), "1,234,567"},
		{duration(245 * time.Second), "4 min 05 s"},
		{duration(3720 * time.Second), "1 h 02 min"},
		{duration(45 * time.Second), "45 s"},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

func TestNegotiateLanguage(t *testing.T) {
	cases := map[string]lang{
		"":                        french,
		"en":                      english,
		"en-GB,en;q=0.9":          english,
		"de-DE,en;q=0.5,fr;q=0.8": french,
		"de, en;q=0.1":            english,
		"fr;q=0, en;q=0.2":        english,
		"it":                      french,
		"EN-us":                   english,
		"en;q=abc, fr;q=0.3":      english, // an unreadable weight counts as 1
	}
	for header, want := range cases {
		if got := negotiate(header); got != want {
			t.Errorf("negotiate(%q) = %s, want %s", header, got, want)
		}
	}
}

func TestSafeNext(t *testing.T) {
	cases := map[string]string{
		"/agent":                     "/agent",
		"/agent?view=mine":           "/agent?view=mine",
		"/agent/tickets/12":          "/agent/tickets/12",
		"//evil.example/agent":       "",
		"https://evil.example/agent": "",
		"/\\evil.example":            "",
		"/agentx":                    "",
		"/api/v1/tickets":            "",
		"javascript:alert(1)":        "",
	}
	for in, want := range cases {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestMessagesCoverEveryKey keeps the two languages in step, and checks that
// every key the templates name, and every value of the closed lists pages
// translate, has a message.
func TestMessagesCoverEveryKey(t *testing.T) {
	fr, en := slices.Sorted(maps.Keys(messagesFR)), slices.Sorted(maps.Keys(messagesEN))
	for _, k := range fr {
		if _, ok := messagesEN[k]; !ok {
			t.Errorf("%s: no English message", k)
		}
	}
	for _, k := range en {
		if _, ok := messagesFR[k]; !ok {
			t.Errorf("%s: no French message", k)
		}
	}
	var keys []string
	literal := regexp.MustCompile(`\.T "([a-z_.]+)"`)
	fs.WalkDir(templateFS, "templates", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, _ := fs.ReadFile(templateFS, path)
		for _, m := range literal.FindAllStringSubmatch(string(body), -1) {
			keys = append(keys, m[1])
		}
		return nil
	})
	for _, s := range ticket.States() {
		keys = append(keys, "state."+string(s))
	}
	for _, c := range ticket.Channels() {
		keys = append(keys, "channel."+string(c))
	}
	for _, s := range ticket.Scopes() {
		keys = append(keys, "scope."+string(s))
	}
	for _, o := range ticket.Outcomes() {
		keys = append(keys, "outcome."+string(o))
	}
	for _, p := range ticket.Priorities() {
		keys = append(keys, "priority."+string(p))
	}
	for _, k := range ticket.MessageKinds() {
		keys = append(keys, "kind."+string(k))
	}
	for _, r := range access.Roles() {
		keys = append(keys, "role."+string(r))
	}
	for _, v := range views {
		keys = append(keys, "view."+v.ID)
	}
	for _, s := range []ticket.Sort{ticket.NewestFirst, ticket.OldestFirst, ticket.DueFirst} {
		keys = append(keys, "sort."+string(s))
	}
	for _, status := range statuses {
		keys = append(keys, "error.status."+itoa(status))
	}
	for _, d := range done {
		keys = append(keys, "ticket.done."+d)
	}
	if len(keys) < 100 {
		t.Fatalf("only %d keys found: the template scan is broken", len(keys))
	}
	for _, k := range keys {
		if _, ok := messagesFR[k]; !ok {
			t.Errorf("%s: used but has no message", k)
		}
	}
}

// TestEveryScreenParses renders nothing but proves the embedded templates parse
// and each screen has the layout and its content.
func TestEveryScreenParses(t *testing.T) {
	p := mustParsePages()
	for _, name := range screens {
		if p[name] == nil || p[name].Lookup("content") == nil || p[name].Lookup("layout.html") == nil {
			t.Errorf("screen %s incomplete", name)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

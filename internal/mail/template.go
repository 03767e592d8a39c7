package mail

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	htmltemplate "html/template"
	"io/fs"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"sync"
	texttemplate "text/template"
	"time"
)

// The templates live in templates/NAME.LANG.tmpl; each file documents its fields
// at the top and defines three parts: "subject", "text" and "html". An
// administrator may replace a file's source (stored in the database); it is
// checked by Check before it is saved.

//go:embed templates/*.tmpl
var templateFS embed.FS

// Rendered is a template's output.
type Rendered struct {
	Subject string
	Text    string
	HTML    string
}

// Names lists the templates, in alphabetical order.
func Names() []string {
	names := make([]string, 0, len(samples))
	for n := range samples {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Known reports whether name is a template.
func Known(name string) bool { _, ok := samples[name]; return ok }

// DefaultSource returns the embedded source of a template in lang, falling back
// to French when the language has no version.
func DefaultSource(name, lang string) (string, error) {
	if !Known(name) {
		return "", fmt.Errorf("modèle de mail inconnu « %s »", name)
	}
	b, err := templateFS.ReadFile("templates/" + name + "." + lang + ".tmpl")
	if errors.Is(err, fs.ErrNotExist) {
		b, err = templateFS.ReadFile("templates/" + name + ".fr.tmpl")
	}
	return string(b), err
}

// Render executes source (the file of template name) with data. A documented
// field missing from data takes its zero value (an empty buyer phone, say); a
// field the template names that is not documented is an error. The key
// SummaryHTML, pre-rendered by the weekly report, is trusted HTML.
func Render(name, source string, data map[string]any) (Rendered, error) {
	var r Rendered
	data = withDocumented(name, data)
	tt, ht, err := parse(name, source)
	if err != nil {
		return r, err
	}
	var sb, tb, hb bytes.Buffer
	if err := tt.ExecuteTemplate(&sb, "subject", data); err != nil {
		return r, err
	}
	if err := tt.ExecuteTemplate(&tb, "text", data); err != nil {
		return r, err
	}
	if err := ht.ExecuteTemplate(&hb, "html", trustSummary(data)); err != nil {
		return r, err
	}
	r.Subject = oneLine(sb.String())
	r.Text = strings.TrimSpace(tb.String()) + "\n"
	r.HTML = strings.TrimSpace(hb.String())
	if r.Subject == "" {
		return r, errors.New("l'objet du mail est vide")
	}
	return r, nil
}

// parsed keeps the templates already parsed, by name and source: a mail is
// rendered inside the transaction of the change that sends it, on the store's one
// writer, and parsing cost more than executing. An edited template has another
// source, so it is parsed anew; the bound only guards against unbounded edits.
var parsed struct {
	sync.Mutex
	m map[string]parsedTemplate
}

type parsedTemplate struct {
	text *texttemplate.Template
	html *htmltemplate.Template
}

const maxParsed = 256

// parse returns the text and HTML templates of source (both are safe to execute
// concurrently once parsed).
func parse(name, source string) (*texttemplate.Template, *htmltemplate.Template, error) {
	key := name + "\x00" + source
	parsed.Lock()
	p, ok := parsed.m[key]
	parsed.Unlock()
	if ok {
		return p.text, p.html, nil
	}
	funcs := texttemplate.FuncMap{"date": frenchDate, "datetime": frenchDateTime}
	tt, err := texttemplate.New("mail").Funcs(funcs).Option("missingkey=error").Parse(source)
	if err != nil {
		return nil, nil, err
	}
	ht, err := htmltemplate.New("mail").Funcs(htmltemplate.FuncMap(funcs)).Option("missingkey=error").Parse(source)
	if err != nil {
		return nil, nil, err
	}
	for _, part := range []string{"subject", "text", "html"} {
		if tt.Lookup(part) == nil {
			return nil, nil, fmt.Errorf("la partie « %s » manque ({{define \"%s\"}}…{{end}})", part, part)
		}
	}
	parsed.Lock()
	if parsed.m == nil {
		parsed.m = map[string]parsedTemplate{}
	}
	if len(parsed.m) < maxParsed {
		parsed.m[key] = parsedTemplate{tt, ht}
	}
	parsed.Unlock()
	return tt, ht, nil
}

// Check parses source and renders it with the template's example data, so that
// a syntax error or an unknown field is refused before an administrator saves it.
func Check(name, source string) error {
	sample, ok := samples[name]
	if !ok {
		return fmt.Errorf("modèle de mail inconnu « %s »", name)
	}
	_, err := Render(name, source, sample())
	return frenchError(err, sample())
}

var (
	templateLine = regexp.MustCompile(`^template: [^:]+:(\d+):(\d+:)? ?(.*)$`)
	missingKey   = regexp.MustCompile(`map has no entry for key "([^"]+)"`)
)

// frenchError restates a template error for an administrator: the line, and
// for a field that does not exist, the fields that do.
func frenchError(err error, sample map[string]any) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if m := missingKey.FindStringSubmatch(msg); m != nil {
		fields := make([]string, 0, len(sample))
		for k := range sample {
			fields = append(fields, k)
		}
		sort.Strings(fields)
		line := ""
		if l := templateLine.FindStringSubmatch(msg); l != nil {
			line = "ligne " + l[1] + " : "
		}
		return fmt.Errorf("%schamp inconnu « %s » (champs disponibles : %s)", line, m[1], strings.Join(fields, ", "))
	}
	if l := templateLine.FindStringSubmatch(msg); l != nil {
		return fmt.Errorf("ligne %s : erreur de syntaxe (%s)", l[1], l[3])
	}
	return err
}

// Sample returns the example data of a template (its documented fields), for a
// preview.
func Sample(name string) map[string]any {
	if s, ok := samples[name]; ok {
		return s()
	}
	return nil
}

// withDocumented adds the template's documented fields that data lacks, each
// with the zero value of its example's type.
func withDocumented(name string, data map[string]any) map[string]any {
	sample, ok := samples[name]
	if !ok {
		return data
	}
	out := make(map[string]any, len(data)+8)
	for k, v := range sample() {
		out[k] = reflect.Zero(reflect.TypeOf(v)).Interface()
	}
	for k, v := range data {
		out[k] = v
	}
	return out
}

func trustSummary(data map[string]any) map[string]any {
	s, ok := data["SummaryHTML"].(string)
	if !ok {
		return data
	}
	out := make(map[string]any, len(data))
	for k, v := range data {
		out[k] = v
	}
	out["SummaryHTML"] = htmltemplate.HTML(s)
	return out
}

var paris = mustParis()

func mustParis() *time.Location {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		return time.FixedZone("CET", 3600)
	}
	return loc
}

var frenchMonths = [...]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
	"septembre", "octobre", "novembre", "décembre"}

// frenchDate writes a time as "3 mars 2026" in Paris time.
func frenchDate(v any) string {
	t, ok := v.(time.Time)
	if !ok || t.IsZero() {
		return fmt.Sprint(v)
	}
	t = t.In(paris)
	return fmt.Sprintf("%d %s %d", t.Day(), frenchMonths[t.Month()-1], t.Year())
}

// frenchDateTime writes a time as "3 mars 2026 à 14 h 05" in Paris time.
func frenchDateTime(v any) string {
	t, ok := v.(time.Time)
	if !ok || t.IsZero() {
		return fmt.Sprint(v)
	}
	return frenchDate(t) + fmt.Sprintf(" à %d h %02d", t.In(paris).Hour(), t.In(paris).Minute())
}

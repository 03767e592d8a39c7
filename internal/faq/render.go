package faq

import (
	"bytes"
	"embed"
	"html/template"
	"net/http"
	"strconv"
	"time"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

type pages map[string]*template.Template

var screens = []string{"home", "topic", "article", "search", "glossary", "error"}

func mustParsePages() pages {
	base := template.Must(template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html",
		"templates/parts.html"))
	out := pages{}
	for _, name := range screens {
		out[name] = template.Must(template.Must(base.Clone()).ParseFS(templateFS, "templates/"+name+".html"))
	}
	out["suggest"] = template.Must(template.New("suggest.html").Funcs(funcs).ParseFS(templateFS, "templates/parts.html",
		"templates/suggest.html"))
	return out
}

// page is what every template receives.
type page struct {
	Title string
	Data  any
}

// render writes a screen into a buffer first, so a template error is a clean
// error page rather than half a page.
func (s *server) render(w http.ResponseWriter, status int, screen, title string, data any) error {
	var buf bytes.Buffer
	if err := s.pages[screen].ExecuteTemplate(&buf, "layout.html", page{Title: title, Data: data}); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

// fragment writes a piece of HTML meant to be inserted into another page.
func (s *server) fragment(w http.ResponseWriter, name string, data any) error {
	var buf bytes.Buffer
	if err := s.pages[name].ExecuteTemplate(&buf, name+".html", data); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, err := w.Write(buf.Bytes())
	return err
}

// static serves the FAQ's style sheet (internal/assets).
func (s *server) static(w http.ResponseWriter, r *http.Request) error {
	if !s.assets.Serve(w, r, r.PathValue("file")) {
		http.NotFound(w, r)
	}
	return nil
}

var months = [...]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
	"octobre", "novembre", "décembre"}

// frenchDate writes a date the French way: "18 novembre 2026", "1er mars 2026".
func frenchDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	day := strconv.Itoa(t.Day())
	if t.Day() == 1 {
		day = "1er"
	}
	return day + " " + months[t.Month()-1] + " " + strconv.Itoa(t.Year())
}

var funcs = template.FuncMap{
	"frenchDate": frenchDate,
	"isoDate":    func(t time.Time) string { return t.Format("2006-01-02") },
}

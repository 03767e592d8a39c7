package faq

import (
	"embed"
	"html/template"
	"net/http"
	"strconv"
	"time"

	"github.com/guichet/guichet/internal/assets"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

var screens = []string{"home", "topic", "article", "search", "glossary", "error"}

func mustParsePages() assets.Pages {
	out := assets.MustParsePages(templateFS, funcs, screens...)
	out.AddFragment(templateFS, funcs, "suggest", "parts.html", "suggest.html")
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
	return assets.Write(w, status, s.pages[screen], "layout.html", page{Title: title, Data: data})
}

// fragment writes a piece of HTML meant to be inserted into another page.
func (s *server) fragment(w http.ResponseWriter, name string, data any) error {
	return assets.Write(w, http.StatusOK, s.pages[name], name+".html", data)
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

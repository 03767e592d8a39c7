package portal

import (
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"time"

	"github.com/guichet/guichet/internal/assets"
	"github.com/guichet/guichet/internal/attach"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/ticket"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

var screens = []string{"question", "sent", "follow", "link", "request", "error"}

// mustParsePages parses the screens (the layout plus each screen's "content")
// and the consultation picker's list, which question.html defines.
func mustParsePages() assets.Pages {
	out := assets.MustParsePages(templateFS, funcs, screens...)
	out.AddFragment(templateFS, funcs, "consultations", "question.html", "consultations.html")
	return out
}

// page is what every template receives.
type page struct {
	Title    string
	SignedIn bool
	Email    string
	CSRF     string
	Data     any
}

// render writes a screen, executed into a buffer first so that a template
// error is a clean error page rather than half a page.
func (s *server) render(w http.ResponseWriter, status int, screen, title string, v *visit, data any) error {
	p := page{Title: title, Data: data}
	if v != nil && v.signedIn {
		p.SignedIn, p.Email, p.CSRF = true, v.session.Email, v.session.CSRF
	}
	return assets.Write(w, status, s.pages[screen], "layout.html", p)
}

// paris is the cell's time zone, in which companies read dates.
var paris = mustLoadParis()

func mustLoadParis() *time.Location {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		panic("portal: Europe/Paris: " + err.Error())
	}
	return loc
}

var months = [12]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
	"octobre", "novembre", "décembre"}

// frenchDate writes "24 novembre 2026 à 10 h 05" in Paris time.
func frenchDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	p := t.In(paris)
	day := strconv.Itoa(p.Day())
	if p.Day() == 1 {
		day = "1er"
	}
	return fmt.Sprintf("%s %s %d à %d h %02d", day, months[p.Month()-1], p.Year(), p.Hour(), p.Minute())
}

var funcs = template.FuncMap{
	"date":  frenchDate,
	"iso":   func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
	"size":  attach.FormatSize,
	"state": func(st ticket.State) string { return st.LabelFR() },
	// err pairs an input's id with its error, for the "error-for" part.
	"err":     func(errors map[string]string, id string) fieldMsg { return fieldMsg{ID: id, Msg: errors[id]} },
	"minutes": func(d time.Duration) int { return int(d / time.Minute) },
	"linkTTL": func() time.Duration { return core.PortalLinkTTL },
}

// static serves the portal's style sheet and script (internal/assets).
func (s *server) static(w http.ResponseWriter, r *http.Request, v *visit) error {
	if !s.assets.Serve(w, r, r.PathValue("file")) {
		return errs.E(errs.NotFound, "Fichier introuvable.")
	}
	return nil
}

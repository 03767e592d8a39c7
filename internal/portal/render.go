package portal

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strconv"
	"time"

	"github.com/guichet/guichet/internal/attach"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/ticket"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// pages are the parsed templates: the layout plus each screen's "content".
type pages map[string]*template.Template

var screens = []string{"question", "sent", "follow", "link", "request", "error"}

func mustParsePages() pages {
	base := template.Must(template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html",
		"templates/parts.html"))
	out := pages{}
	for _, name := range screens {
		out[name] = template.Must(template.Must(base.Clone()).ParseFS(templateFS, "templates/"+name+".html"))
	}
	out["consultations"] = template.Must(template.New("").Funcs(funcs).ParseFS(templateFS, "templates/question.html",
		"templates/consultations.html"))
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
	var buf bytes.Buffer
	if err := s.pages[screen].ExecuteTemplate(&buf, "layout.html", p); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
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

// asset is an embedded file ready to serve.
type asset struct {
	body        []byte
	etag        string
	contentType string
}

func mustLoadStatic() map[string]asset {
	out := map[string]asset{}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := fs.ReadFile(staticFS, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		ct := "text/css; charset=utf-8"
		if path.Ext(p) == ".js" {
			ct = "text/javascript; charset=utf-8"
		}
		out[p[len("static/"):]] = asset{body: body, etag: `"` + hex.EncodeToString(sum[:8]) + `"`, contentType: ct}
		return nil
	})
	if err != nil {
		panic("portal: static files: " + err.Error())
	}
	return out
}

// static serves the portal's style sheet and script; the name is a key of
// the embedded files, never a path on disk.
func (s *server) static(w http.ResponseWriter, r *http.Request, v *visit) error {
	a, ok := s.assets[r.PathValue("file")]
	if !ok {
		return errs.E(errs.NotFound, "Fichier introuvable.")
	}
	w.Header().Set("ETag", a.etag)
	w.Header().Set("Cache-Control", "public, max-age=86400")
	if r.Header.Get("If-None-Match") == a.etag {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	w.Header().Set("Content-Type", a.contentType)
	_, err := w.Write(a.body)
	return err
}

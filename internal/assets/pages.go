package assets

import (
	"bytes"
	"html/template"
	"io/fs"
	"net/http"
)

// Pages are a package's parsed screens, by name: each screen is the shared
// layout (templates/layout.html and templates/parts.html) with the screen's own
// templates/<name>.html, executed as "layout.html". The workspace, the portal and
// the FAQ build theirs with MustParsePages.
type Pages map[string]*template.Template

// MustParsePages parses the layout once and each screen on a copy of it, from
// the templates/ folder of fsys. A template that does not parse is a build
// mistake (every package's tests render its screens), so it panics.
func MustParsePages(fsys fs.FS, funcs template.FuncMap, screens ...string) Pages {
	base := template.Must(template.New("layout.html").Funcs(funcs).ParseFS(fsys, "templates/layout.html",
		"templates/parts.html"))
	out := Pages{}
	for _, name := range screens {
		out[name] = template.Must(template.Must(base.Clone()).ParseFS(fsys, "templates/"+name+".html"))
	}
	return out
}

// AddFragment parses a piece of HTML served on its own (a list a page fetches
// and inserts, say) from the given files of templates/, without the layout; it
// is executed by the name of its last file.
func (p Pages) AddFragment(fsys fs.FS, funcs template.FuncMap, name string, files ...string) {
	paths := make([]string, len(files))
	for i, f := range files {
		paths[i] = "templates/" + f
	}
	p[name] = template.Must(template.New("").Funcs(funcs).ParseFS(fsys, paths...))
}

// Write executes template name of t with data into a buffer, then sends it as
// HTML with status: a template error becomes the caller's error (a clean error
// page) rather than half a page already sent.
func Write(w http.ResponseWriter, status int, t *template.Template, name string, data any) error {
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name, data); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

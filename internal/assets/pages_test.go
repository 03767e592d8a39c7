package assets

import (
	"html/template"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
)

var pagesFS = fstest.MapFS{
	"templates/layout.html": {Data: []byte(`<main>{{template "content" .}}</main>`)},
	"templates/parts.html":  {Data: []byte(`{{define "name"}}<b>{{.}}</b>{{end}}`)},
	"templates/home.html":   {Data: []byte(`{{define "content"}}Bonjour {{template "name" .Who}}{{end}}`)},
	"templates/broken.html": {Data: []byte(`{{define "content"}}{{.Who.Missing}}{{end}}`)},
	"templates/list.html":   {Data: []byte(`{{define "list.html"}}<li>{{upper .}}</li>{{end}}`)},
}

// Each screen gets the layout and the shared parts, and its own content only;
// a fragment is executed without the layout.
func TestPagesRenderScreensAndFragments(t *testing.T) {
	funcs := template.FuncMap{"upper": strings.ToUpper}
	p := MustParsePages(pagesFS, funcs, "home", "broken")
	p.AddFragment(pagesFS, funcs, "list", "parts.html", "list.html")

	rec := httptest.NewRecorder()
	if err := Write(rec, 201, p["home"], "layout.html", map[string]string{"Who": "<Anne>"}); err != nil {
		t.Fatal(err)
	}
	if got, want := rec.Body.String(), "<main>Bonjour <b>&lt;Anne&gt;</b></main>"; got != want || rec.Code != 201 {
		t.Errorf("home: %d %q, want 201 %q", rec.Code, got, want)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}

	rec = httptest.NewRecorder()
	if err := Write(rec, 200, p["list"], "list.html", "lot 2"); err != nil {
		t.Fatal(err)
	}
	if got := rec.Body.String(); got != "<li>LOT 2</li>" {
		t.Errorf("fragment: %q", got)
	}
}

// A template that fails half-way writes nothing: the caller can still send a
// clean error page.
func TestPagesWriteNothingOnError(t *testing.T) {
	p := MustParsePages(pagesFS, nil, "broken")
	rec := httptest.NewRecorder()
	if err := Write(rec, 200, p["broken"], "layout.html", map[string]string{"Who": "x"}); err == nil {
		t.Fatal("no error from a failing template")
	}
	if rec.Body.Len() != 0 || rec.Header().Get("Content-Type") != "" {
		t.Errorf("a failing template wrote %q (headers %v)", rec.Body.String(), rec.Header())
	}
}

package assets

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"testing/fstest"
)

func TestServeKnownFilesWithRevalidation(t *testing.T) {
	set := MustLoad(fstest.MapFS{
		"static/site.css":    {Data: []byte("body{}")},
		"static/js/live.js":  {Data: []byte("1;")},
		"elsewhere/skip.css": {Data: []byte("no")},
	}, "static")
	get := func(name, etag string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("GET", "/static/"+name, nil)
		if etag != "" {
			r.Header.Set("If-None-Match", etag)
		}
		w := httptest.NewRecorder()
		if !set.Serve(w, r, name) {
			w.Code = http.StatusNotFound
		}
		return w
	}
	w := get("site.css", "")
	if w.Code != 200 || w.Body.String() != "body{}" || w.Header().Get("Content-Type") != "text/css; charset=utf-8" ||
		w.Header().Get("ETag") == "" {
		t.Fatalf("css: %d %q %v", w.Code, w.Body, w.Header())
	}
	if again := get("site.css", w.Header().Get("ETag")); again.Code != http.StatusNotModified || again.Body.Len() != 0 {
		t.Fatalf("revalidation: %d %q", again.Code, again.Body)
	}
	if js := get("js/live.js", ""); js.Code != 200 || js.Header().Get("Content-Type") != "text/javascript; charset=utf-8" {
		t.Fatalf("nested script: %d %v", js.Code, js.Header())
	}
	for _, name := range []string{"../elsewhere/skip.css", "skip.css", "", "static/site.css"} {
		if w := get(name, ""); w.Code != http.StatusNotFound {
			t.Errorf("%q served: %d", name, w.Code)
		}
	}
}

package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"

	"github.com/guichet/guichet/internal/errs"
)

//go:embed static
var staticFS embed.FS

// asset is an embedded file ready to serve.
type asset struct {
	body        []byte
	etag        string
	contentType string
}

// mustLoadStatic reads the embedded files once, with their ETags (a hash of the
// content: the files change only with the binary).
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
		out[p[len("static/"):]] = asset{body: body, etag: `"` + hex.EncodeToString(sum[:8]) + `"`,
			contentType: contentType(p)}
		return nil
	})
	if err != nil {
		panic("web: static files: " + err.Error())
	}
	return out
}

// static serves the embedded style sheet and images. A client may keep them a
// day; the ETag makes revalidation cheap after that. Only the files embedded
// are served: the name is a key, never a path on disk.
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

func contentType(name string) string {
	switch path.Ext(name) {
	case ".css":
		return "text/css; charset=utf-8"
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	case ".png":
		return "image/png"
	}
	return "application/octet-stream"
}

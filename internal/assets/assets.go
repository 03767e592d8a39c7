// Package assets serves a package's embedded style sheets, scripts and images:
// read once at start, each with an ETag (a hash of its content: the files change
// only with the binary), so that a browser revalidates cheaply. Only embedded files
// are served: a name is a key, never a path on disk. The workspace, the companies'
// portal and the public FAQ each embed their own files and serve them with it.
package assets

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

// Set is the files of one folder, by their name inside it.
type Set map[string]asset

type asset struct {
	body        []byte
	etag        string
	contentType string
}

// MustLoad reads every file below dir in fsys; it panics on an unreadable tree,
// which can only be a build mistake.
func MustLoad(fsys fs.FS, dir string) Set {
	out := Set{}
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		out[strings.TrimPrefix(p, dir+"/")] = asset{body: body, etag: `"` + hex.EncodeToString(sum[:8]) + `"`,
			contentType: contentType(p)}
		return nil
	})
	if err != nil {
		panic("assets: " + err.Error())
	}
	return out
}

// Serve writes the file called name, or a 304 when the client's copy is current;
// it returns false, writing nothing, when there is no such file. A client may keep
// a file a day; the ETag makes revalidation cheap after that.
func (s Set) Serve(w http.ResponseWriter, r *http.Request, name string) bool {
	a, ok := s[name]
	if !ok {
		return false
	}
	w.Header().Set("ETag", a.etag)
	w.Header().Set("Cache-Control", "public, max-age=86400")
	if r.Header.Get("If-None-Match") == a.etag {
		w.WriteHeader(http.StatusNotModified)
		return true
	}
	w.Header().Set("Content-Type", a.contentType)
	w.Write(a.body)
	return true
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

package web

import (
	"embed"
	"net/http"

	"github.com/guichet/guichet/internal/errs"
)

//go:embed static
var staticFS embed.FS

// static serves the embedded style sheet, scripts and images (internal/assets).
func (s *server) static(w http.ResponseWriter, r *http.Request, v *visit) error {
	if !s.assets.Serve(w, r, r.PathValue("file")) {
		return errs.E(errs.NotFound, "Fichier introuvable.")
	}
	return nil
}

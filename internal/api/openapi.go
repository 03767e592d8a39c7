package api

import (
	_ "embed"
	"net/http"
)

// openAPIDoc describes the API for integrators. It is written by hand, in French
// like the rest of the surface; the tests hold it to the route table and validate
// real responses against its schemas, so it cannot drift silently.
//
//go:embed openapi.json
var openAPIDoc []byte

// openAPI serves the document as is.
func (s *server) openAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "public, max-age=300")
	_, err := w.Write(openAPIDoc)
	return err
}

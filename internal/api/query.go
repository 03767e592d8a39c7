package api

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/ticket"
)

// onlyParams refuses a query string that does not parse (URL.Query would silently
// drop the bad pairs) and parameters the route does not know, all named at once.
func onlyParams(r *http.Request, allowed []string) error {
	query, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return malformed("Paramètres d'URL mal encodés : " + strings.TrimPrefix(err.Error(), "invalid URL escape ") + ".")
	}
	var f errs.Fields
	for name := range query {
		if !slices.Contains(allowed, name) {
			f.Add(name, "paramètre inconnu"+accepted(allowed))
		}
	}
	slices.SortFunc(f, func(a, b errs.FieldError) int { return strings.Compare(a.Field, b.Field) })
	return f.Err()
}

func accepted(allowed []string) string {
	if len(allowed) == 0 {
		return " (cette adresse n'en accepte aucun)"
	}
	return " (acceptés : " + strings.Join(allowed, ", ") + ")"
}

// values returns a repeatable parameter's values, also split on commas:
// ?state=new&state=open and ?state=new,open mean the same.
func values(r *http.Request, name string) []string {
	var out []string
	for _, v := range r.URL.Query()[name] {
		for part := range strings.SplitSeq(v, ",") {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, part)
			}
		}
	}
	return out
}

// pageSize reads limit: 1 to ticket.MaxLimit, ticket.DefaultLimit when absent.
func pageSize(r *http.Request) (int, error) {
	return limitParam(r, ticket.DefaultLimit, ticket.MaxLimit)
}

// limitParam reads limit: 1 to most, def when absent.
func limitParam(r *http.Request, def, most int) (int, error) {
	raw := r.URL.Query().Get("limit")
	if raw == "" {
		return def, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < 1 || n > most {
		return 0, errs.Field("limit", fmt.Sprintf("nombre entier de 1 à %d attendu, reçu « %s »", most, raw))
	}
	return n, nil
}

// pathID reads a numeric id from the path; anything else names no resource.
func pathID(r *http.Request, what string) (int64, error) {
	raw := r.PathValue("id")
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		return 0, errs.E(errs.NotFound, "%s « %s » n'existe pas.", what, raw)
	}
	return id, nil
}

// encodeCursor makes the opaque cursor of a next page from the parts needed to
// resume after the last row shown. Base64url keeps it one URL-safe token that
// clients pass back as is.
func encodeCursor(parts ...string) *string {
	c := base64.RawURLEncoding.EncodeToString([]byte(strings.Join(parts, "|")))
	return &c
}

// decodeCursor reads a cursor made by encodeCursor with n parts, the first of
// which must be kind (the list and order it was made for).
func decodeCursor(raw, kind string, n int) ([]string, error) {
	b, err := base64.RawURLEncoding.DecodeString(raw)
	parts := strings.Split(string(b), "|")
	if err != nil || len(parts) != n {
		return nil, errs.Field("cursor", "curseur illisible : reprenez tel quel le next_cursor de la page précédente")
	}
	if parts[0] != kind {
		return nil, errs.Field("cursor", "ce curseur a été fait pour un autre tri ou une autre liste")
	}
	return parts[1:], nil
}

// cursorInt reads a numeric part of a cursor.
func cursorInt(s string) (int64, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, errs.Field("cursor", "curseur illisible : reprenez tel quel le next_cursor de la page précédente")
	}
	return n, nil
}

package api

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/ticket"
)

// The picker shows a handful of choices as the agent types; a longer list is a
// search, not a pick. Its text is bounded too: every word becomes a condition of
// the query, and nobody types 200 characters into a picker.
const (
	pickerDefaultLimit = 10
	pickerMaxLimit     = 50
	pickerMaxText      = 200
	// requestsOnPage is how many requests the consultation page lists; the rest
	// are read from GET /tickets?consultation=REF with requests_next_cursor.
	requestsOnPage = 20
)

// pickConsultations finds consultations by reference, words of their object,
// buyer or CPV codes, the nearest deadline first.
func (s *server) pickConsultations(w http.ResponseWriter, r *http.Request) error {
	q, err := pickerQuery(r)
	if err != nil {
		return err
	}
	found, err := s.core.Consultations(r.Context(), actorOf(r), q)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[consultationJSON]{Items: items(found, s.consultationView)})
}

// pickerQuery reads the query of the picker, reporting every bad parameter at
// once under its own name.
func pickerQuery(r *http.Request) (core.ConsultationQuery, error) {
	query := r.URL.Query()
	var f errs.Fields
	q := core.ConsultationQuery{Text: strings.TrimSpace(query.Get("q"))}
	if n := utf8.RuneCountInString(q.Text); n > pickerMaxText {
		f.Add("q", fmt.Sprintf("%d caractères au plus, reçu %d", pickerMaxText, n))
	}
	switch raw := query.Get("open"); raw {
	case "", "false":
	case "true":
		q.OpenOnly = true
	default:
		f.Add("open", fmt.Sprintf("true ou false attendu, reçu « %s »", raw))
	}
	if raw := query.Get("buyer"); raw != "" {
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || id <= 0 {
			f.Add("buyer", fmt.Sprintf("identifiant d'acheteur (nombre entier) attendu, reçu « %s »", raw))
		}
		q.BuyerID = id
	}
	var err error
	if q.Limit, err = limitParam(r, pickerDefaultLimit, pickerMaxLimit); err != nil {
		f.AddErr("", err)
	}
	return q, f.Err()
}

// getConsultation shows the consultation page. Real references hold "/" and
// spaces: clients escape the reference into one path segment (%2F), which the
// router unescapes.
func (s *server) getConsultation(w http.ResponseWriter, r *http.Request) error {
	c, buyer, err := s.core.Consultation(r.Context(), actorOf(r), r.PathValue("ref"))
	if err != nil {
		return err
	}
	requests, err := s.core.Tickets(r.Context(), actorOf(r), ticket.Filter{ConsultationRef: c.Reference,
		Sort: ticket.NewestFirst, Limit: requestsOnPage})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, s.consultationDetail(c, buyer, requests))
}

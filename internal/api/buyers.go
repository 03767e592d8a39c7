package api

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/guichet/guichet/internal/tender"
)

// buyerRef is what a consultation of the picker shows of its buyer.
type buyerRef struct {
	ID    int64   `json:"id"`
	Name  string  `json:"name"`
	SIRET *string `json:"siret"` // null: a notice named the buyer without its SIRET
}

// buyerJSON is a buyer with its contact: where a company is sent when the
// question is for the buyer itself.
type buyerJSON struct {
	buyerRef
	Kind       string  `json:"kind"`
	Email      *string `json:"email"`
	Phone      *string `json:"phone"` // E.164
	ProfileURL *string `json:"profile_url"`
	QAURL      *string `json:"qa_url"`
	Own        bool    `json:"own"`
}

func buyerView(b *tender.Buyer) buyerJSON {
	return buyerJSON{
		buyerRef: buyerRef{ID: b.ID, Name: b.Name, SIRET: nonEmpty(b.SIRET)},
		Kind:     string(b.Kind), Email: nonEmpty(b.Email), Phone: nonEmpty(b.Phone),
		ProfileURL: nonEmpty(b.ProfileURL), QAURL: nonEmpty(b.QAURL), Own: b.Own,
	}
}

// listBuyers shows one page of the buyers, optionally matching q (words of the
// name, or the start of a SIRET).
func (s *server) listBuyers(w http.ResponseWriter, r *http.Request) error {
	limit, err := pageSize(r)
	if err != nil {
		return err
	}
	var after int64
	if raw := r.URL.Query().Get("cursor"); raw != "" {
		if after, err = buyerCursor(raw); err != nil {
			return err
		}
	}
	found, more, err := s.core.Buyers(r.Context(), actorOf(r), strings.TrimSpace(r.URL.Query().Get("q")), after, limit)
	if err != nil {
		return err
	}
	out := page[buyerJSON]{Items: items(found, buyerView)}
	if more && len(found) > 0 {
		out.NextCursor = encodeCursor("buyer", strconv.FormatInt(found[len(found)-1].ID, 10))
	}
	return writeJSON(w, http.StatusOK, out)
}

func buyerCursor(raw string) (int64, error) {
	parts, err := decodeCursor(raw, "buyer", 2)
	if err != nil {
		return 0, err
	}
	return cursorInt(parts[0])
}

// getBuyer shows one buyer with its contact.
func (s *server) getBuyer(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "L'acheteur")
	if err != nil {
		return err
	}
	b, err := s.core.Buyer(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, buyerView(b))
}

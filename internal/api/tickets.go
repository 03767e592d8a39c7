package api

import (
	"net/http"
	"strconv"

	"github.com/guichet/guichet/internal/core"
)

// createTicket records a request. With an Idempotency-Key, a retry after a lost
// answer returns the ticket the first attempt made, with 200 instead of 201.
func (s *server) createTicket(w http.ResponseWriter, r *http.Request) error {
	var in core.NewTicket
	if err := s.decode(w, r, &in); err != nil {
		return err
	}
	tk, created, err := s.core.CreateTicket(r.Context(), actorOf(r), in, r.Header.Get("Idempotency-Key"))
	if err != nil {
		return err
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
		w.Header().Set("Location", ticketPath(tk.ID))
	}
	setETag(w, tk.Version)
	return writeJSON(w, status, ticketView(tk, s.core.Territory()))
}

// getTicket shows one request; its ETag is the version a PATCH may send in If-Match.
func (s *server) getTicket(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "La demande")
	if err != nil {
		return err
	}
	tk, err := s.core.Ticket(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	setETag(w, tk.Version)
	return writeJSON(w, http.StatusOK, ticketView(tk, s.core.Territory()))
}

// updateTicket changes fields and state. A version, in the body or in If-Match,
// makes a concurrent change a 409 instead of a silent overwrite.
func (s *server) updateTicket(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "La demande")
	if err != nil {
		return err
	}
	var in ticketPatch
	if err := s.decode(w, r, &in); err != nil {
		return err
	}
	version, err := in.expectedVersion(r.Header.Get("If-Match"))
	if err != nil {
		return err
	}
	tk, err := s.core.UpdateTicket(r.Context(), actorOf(r), id, in.update(), version)
	if err != nil {
		return err
	}
	setETag(w, tk.Version)
	return writeJSON(w, http.StatusOK, ticketView(tk, s.core.Territory()))
}

// listTickets shows one page of the requests the query selects.
func (s *server) listTickets(w http.ResponseWriter, r *http.Request) error {
	f, err := s.ticketFilter(r)
	if err != nil {
		return err
	}
	pg, err := s.core.Tickets(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	out := page[ticketJSON]{Items: make([]ticketJSON, 0, len(pg.Items))}
	for _, tk := range pg.Items {
		out.Items = append(out.Items, ticketView(tk, s.core.Territory()))
	}
	if pg.Next != nil {
		out.NextCursor = ticketCursor(f.Sort, *pg.Next)
	}
	return writeJSON(w, http.StatusOK, out)
}

// setETag exposes the version as a strong entity tag ("3").
func setETag(w http.ResponseWriter, version int) {
	w.Header().Set("ETag", strconv.Quote(strconv.Itoa(version)))
}

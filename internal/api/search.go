package api

import (
	"net/http"
	"slices"
	"time"

	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/errs"
)

// searchHitJSON is one search result; snippet is the best passage, its
// matching words marked.
type searchHitJSON struct {
	Kind      string        `json:"kind"`
	ID        int64         `json:"id"`
	TicketID  *int64        `json:"ticket_id"`
	Ref       string        `json:"ref"`
	Title     string        `json:"title"`
	Topic     *string       `json:"topic"`
	State     *string       `json:"state"`
	URL       *string       `json:"url"`
	Score     float64       `json:"score"`
	Snippet   []segmentJSON `json:"snippet"`
	UpdatedAt time.Time     `json:"updated_at"`
}

// searchJSON is a search's first results, their total and the facets of all.
type searchJSON struct {
	Query  string                       `json:"query"`
	Total  int                          `json:"total"`
	Capped bool                         `json:"capped"`
	Items  []searchHitJSON              `json:"items"`
	Facets map[string][]core.FacetCount `json:"facets"`
}

var searchKindNames = []string{core.KindRequest, core.KindMessage, core.KindArticle, core.KindConsultation}

// search looks for q in requests, messages, articles and consultations.
func (s *server) search(w http.ResponseWriter, r *http.Request) error {
	in := core.SearchInput{Q: r.URL.Query().Get("q"), Kinds: values(r, "kind"), Topic: trimmed(r, "topic")}
	for _, k := range in.Kinds {
		if !slices.Contains(searchKindNames, k) {
			return errs.Field("kind", "request, message, article ou consultation attendu, reçu « "+k+" »")
		}
	}
	var err error
	if in.Limit, err = limitParam(r, 20, 100); err != nil {
		return err
	}
	res, err := s.core.Search(r.Context(), actorOf(r), in)
	if err != nil {
		return err
	}
	out := searchJSON{Query: res.Query, Total: res.Total, Capped: res.Capped, Facets: res.Facets}
	out.Items = items(res.Hits, func(h core.SearchHit) searchHitJSON {
		v := searchHitJSON{Kind: h.Kind, ID: h.ID, Ref: h.Ref, Title: h.Title, Topic: nonEmpty(h.Topic),
			State: nonEmpty(h.State), URL: nonEmpty(h.URL), Score: h.Score, Snippet: segments(h), UpdatedAt: h.UpdatedAt.UTC()}
		if h.TicketID != 0 {
			v.TicketID = &h.TicketID
		}
		return v
	})
	return writeJSON(w, http.StatusOK, out)
}

package api

import (
	"net/http"

	"github.com/guichet/guichet/internal/ticket"
)

// teamJSON is the cell or a thematic service, as PATCH team and the list filters
// name it by id.
type teamJSON struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	IsCell bool   `json:"is_cell"`
	Active bool   `json:"active"`
}

// topicJSON is an entry of the configured taxonomy.
type topicJSON struct {
	ID       string `json:"id"`
	LabelFR  string `json:"label_fr"`
	LabelEN  string `json:"label_en"`
	Position int    `json:"position"`
	Active   bool   `json:"active"`
}

// listTeams shows the cell and the services, the cell first.
func (s *server) listTeams(w http.ResponseWriter, r *http.Request) error {
	teams, err := s.core.Teams(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[teamJSON]{Items: items(teams, func(t ticket.Team) teamJSON {
		return teamJSON{ID: t.ID, Name: t.Name, IsCell: t.IsCell, Active: t.Active}
	})})
}

// listTopics shows the taxonomy in its configured order, inactive topics included
// (old requests still carry them).
func (s *server) listTopics(w http.ResponseWriter, r *http.Request) error {
	topics, err := s.core.Topics(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[topicJSON]{Items: items(topics, func(t ticket.Topic) topicJSON {
		return topicJSON{ID: t.ID, LabelFR: t.LabelFR, LabelEN: t.LabelEN, Position: t.Position, Active: t.Active}
	})})
}

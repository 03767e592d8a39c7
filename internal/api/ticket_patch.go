package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/ticket"
)

// ticketPatch is the body of PATCH /tickets/{id}: only the fields present change.
// The values are checked by the domain (ticket.Apply) and core, which name the
// field of each error.
type ticketPatch struct {
	Subject         *string    `json:"subject"`
	Priority        *string    `json:"priority"`
	Topic           *string    `json:"topic"`
	Scope           *string    `json:"scope"`
	ConsultationRef *string    `json:"consultation_ref"`
	Team            *string    `json:"team"`
	AssigneeID      optionalID `json:"assignee_id"`
	State           *string    `json:"state"`
	Outcome         *string    `json:"outcome"`
	Version         *int       `json:"version"`
}

// optionalID tells an absent id (leave it) from null (clear it).
type optionalID struct {
	Set bool
	ID  int64 // 0 with Set: null
}

// UnmarshalJSON is called for null too, which is what tells null from absence.
func (o *optionalID) UnmarshalJSON(b []byte) error {
	o.Set = true
	if bytes.Equal(b, []byte("null")) {
		o.ID = 0
		return nil
	}
	return json.Unmarshal(b, &o.ID) // a wrong type comes back with the field's path
}

// update converts the patch to the domain's update.
func (p ticketPatch) update() ticket.Update {
	u := ticket.Update{Subject: p.Subject, Topic: p.Topic, ConsultationRef: p.ConsultationRef, TeamID: p.Team,
		Priority: convert[ticket.Priority](p.Priority), Scope: convert[ticket.Scope](p.Scope),
		State: convert[ticket.State](p.State), Outcome: convert[ticket.Outcome](p.Outcome)}
	if p.AssigneeID.Set {
		id := p.AssigneeID.ID
		u.AssigneeID = &id
	}
	return u
}

func convert[T ~string](s *string) *T {
	if s == nil {
		return nil
	}
	v := T(strings.TrimSpace(*s))
	return &v
}

// expectedVersion is the version the client read, from the body or from If-Match
// ("3", W/"3" or 3); 0 when it sent none. Both given must agree.
func (p ticketPatch) expectedVersion(ifMatch string) (int, error) {
	body := 0
	if p.Version != nil {
		if *p.Version < 1 {
			return 0, errs.Field("version", "la version commence à 1 : renvoyez celle de la demande lue")
		}
		body = *p.Version
	}
	ifMatch = strings.TrimSpace(ifMatch)
	if ifMatch == "" || ifMatch == "*" {
		return body, nil
	}
	tag := strings.Trim(strings.TrimPrefix(ifMatch, "W/"), `"`)
	header, err := strconv.Atoi(tag)
	if err != nil || header < 1 {
		return 0, errs.Field("If-Match", fmt.Sprintf("version attendue, comme l'ETag de la demande (\"3\"), reçu « %s »", ifMatch))
	}
	if body != 0 && body != header {
		return 0, errs.Field("version", fmt.Sprintf("la version du corps (%d) et celle d'If-Match (%d) diffèrent", body, header))
	}
	return header, nil
}

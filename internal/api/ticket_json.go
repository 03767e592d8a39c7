package api

import (
	"strconv"
	"time"

	"github.com/guichet/guichet/internal/company"
	"github.com/guichet/guichet/internal/ticket"
)

// ticketJSON is a request as the API shows it. Absent things are null, never "":
// a client tells "no assignee" from "an assignee without a name".
type ticketJSON struct {
	ID              int64        `json:"id"`
	Number          string       `json:"number"`
	Channel         string       `json:"channel"`
	Subject         string       `json:"subject"`
	State           string       `json:"state"`
	Priority        string       `json:"priority"`
	Topic           string       `json:"topic"`
	Scope           string       `json:"scope"`
	ConsultationRef *string      `json:"consultation_ref"`
	Team            string       `json:"team"`
	Assignee        *userJSON    `json:"assignee"`
	Outcome         *string      `json:"outcome"`
	Company         *companyRef  `json:"company"`
	Contact         *contactJSON `json:"contact"`
	CreatedAt       time.Time    `json:"created_at"`
	UpdatedAt       time.Time    `json:"updated_at"`
	FirstResponseAt *time.Time   `json:"first_response_at"`
	ResolvedAt      *time.Time   `json:"resolved_at"`
	ClosedAt        *time.Time   `json:"closed_at"`
	Due             dueJSON      `json:"due"`
	Version         int          `json:"version"`
}

type userJSON struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
}

type dueJSON struct {
	FirstResponse *time.Time `json:"first_response"`
	Resolution    *time.Time `json:"resolution"`
}

// companyRef is what a ticket shows of its company.
type companyRef struct {
	SIRET       string  `json:"siret"`
	SIREN       string  `json:"siren"`
	Name        string  `json:"name"`
	Size        string  `json:"size"`
	Departement *string `json:"departement"`
	Local       bool    `json:"local"`
	SIRETValid  bool    `json:"siret_valid"`
}

type contactJSON struct {
	Name  *string `json:"name"`
	Email *string `json:"email"`
	Phone *string `json:"phone"` // E.164
}

// ticketView renders a ticket; territory decides whether its company is local.
func ticketView(tk *ticket.Ticket, territory company.Territory) ticketJSON {
	out := ticketJSON{
		ID: tk.ID, Number: tk.Number, Channel: string(tk.Channel), Subject: tk.Subject, State: string(tk.State),
		Priority: string(tk.Priority), Topic: tk.Topic, Scope: string(tk.Scope),
		ConsultationRef: nonEmpty(tk.ConsultationRef), Team: tk.TeamID, Outcome: nonEmpty(string(tk.Outcome)),
		CreatedAt: tk.CreatedAt.UTC(), UpdatedAt: tk.UpdatedAt.UTC(), FirstResponseAt: timestamp(tk.FirstResponseAt),
		ResolvedAt: timestamp(tk.ResolvedAt), ClosedAt: timestamp(tk.ClosedAt),
		Due:     dueJSON{FirstResponse: timestamp(tk.Due.FirstResponse), Resolution: timestamp(tk.Due.Resolution)},
		Version: tk.Version,
	}
	if a := tk.Assignee; a != nil {
		out.Assignee = &userJSON{ID: a.ID, Name: a.Name, Email: a.Email}
	}
	if c := tk.Company; c != nil {
		ref := companyView(c, territory).companyRef
		out.Company = &ref
	}
	if c := tk.Contact; c != nil {
		out.Contact = &contactJSON{Name: nonEmpty(c.Name), Email: nonEmpty(c.Email), Phone: nonEmpty(c.Phone)}
	}
	return out
}

// ticketPath is the address of a ticket, for Location headers.
func ticketPath(id int64) string { return "/api/v1/tickets/" + strconv.FormatInt(id, 10) }

// Package access says who may do what in Guichet: the roles, the actions and the one
// table that joins them. Every entry point asks here, through the use cases in
// internal/core, so that the rules live in one place and one test matrix covers them.
package access

import (
	"fmt"
	"strings"

	"github.com/guichet/guichet/internal/errs"
)

// Role is what a user is in the cell.
type Role string

// The roles.
const (
	Admin      Role = "admin"      // configures everything, manages users
	Supervisor Role = "supervisor" // runs the cell: everything on requests, macros, reports
	Agent      Role = "agent"      // a member of the cell: answers, logs calls, routes
	Specialist Role = "specialist" // a member of a thematic service: acts on what is escalated to it
	Viewer     Role = "viewer"     // reads, never changes (e.g. the direction)
)

// Roles lists every role, most powerful first.
func Roles() []Role { return []Role{Admin, Supervisor, Agent, Specialist, Viewer} }

// ParseRole reads a role name.
func ParseRole(s string) (Role, error) {
	r := Role(strings.ToLower(strings.TrimSpace(s)))
	for _, known := range Roles() {
		if r == known {
			return r, nil
		}
	}
	return "", errs.Field("role", fmt.Sprintf("rôle inconnu « %s » (admin, supervisor, agent, specialist ou viewer)", s))
}

// Action is something a user may try.
type Action string

// The actions. Ticket actions are checked against the ticket's team too.
const (
	ReadTicket     Action = "ticket.read"
	CreateTicket   Action = "ticket.create"
	UpdateTicket   Action = "ticket.update" // fields, state, assignment
	ReplyTicket    Action = "ticket.reply"  // outbound messages and calls
	NoteTicket     Action = "ticket.note"   // internal notes
	ReadCompany    Action = "company.read"
	WriteCompany   Action = "company.write"
	ManageUsers    Action = "users.manage"
	ManageConfig   Action = "config.manage" // services, topics, calendar, templates
	ManageMacros   Action = "macros.manage"
	ReadReports    Action = "reports.read"
	CreateOwnToken Action = "token.create_own"
	ManageAbsences Action = "absences.manage" // agents' leave, which automatic assignment respects
	PublishArticle Action = "kb.publish"      // publish a knowledge-base article, or change a published one
)

// Actions lists every action, for the test matrix and the admin screen.
func Actions() []Action {
	return []Action{ReadTicket, CreateTicket, UpdateTicket, ReplyTicket, NoteTicket,
		ReadCompany, WriteCompany, ManageUsers, ManageConfig, ManageMacros, ReadReports, CreateOwnToken, ManageAbsences, PublishArticle}
}

// grant is what a role may do: everywhere, or only on what its team holds.
type grant int

const (
	denied grant = iota
	ownTeam
	anywhere
)

// table is the whole policy. A specialist reads every request (to give advice) but
// changes only those its service holds.
var table = map[Role]map[Action]grant{
	Admin:      all(anywhere),
	Supervisor: except(all(anywhere), ManageUsers, ManageConfig),
	Agent: {ReadTicket: anywhere, CreateTicket: anywhere, UpdateTicket: anywhere, ReplyTicket: anywhere,
		NoteTicket: anywhere, ReadCompany: anywhere, WriteCompany: anywhere, CreateOwnToken: anywhere},
	Specialist: {ReadTicket: anywhere, CreateTicket: anywhere, UpdateTicket: ownTeam, ReplyTicket: ownTeam,
		NoteTicket: ownTeam, ReadCompany: anywhere, WriteCompany: anywhere, CreateOwnToken: anywhere},
	Viewer: {ReadTicket: anywhere, ReadCompany: anywhere, ReadReports: anywhere},
}

func all(g grant) map[Action]grant {
	m := map[Action]grant{}
	for _, a := range Actions() {
		m[a] = g
	}
	return m
}

func except(m map[Action]grant, drop ...Action) map[Action]grant {
	for _, a := range drop {
		delete(m, a)
	}
	return m
}

// Actor is the authenticated user behind a request.
type Actor struct {
	UserID int64
	Name   string
	Email  string
	Role   Role
	TeamID string // the service of a specialist; the cell for the others
}

// System is the actor of automatic actions (jobs, routing rules, the mail poller).
func System() Actor { return Actor{Name: "Guichet", Role: Admin} }

// Can reports whether the actor may do a on something held by teamID
// (teamID is ignored for actions that are not about a ticket).
func (a Actor) Can(action Action, teamID string) bool {
	switch table[a.Role][action] {
	case anywhere:
		return true
	case ownTeam:
		return teamID != "" && teamID == a.TeamID
	}
	return false
}

// Check is Can as an error fit for the caller.
func (a Actor) Check(action Action, teamID string) error {
	if a.Can(action, teamID) {
		return nil
	}
	return errs.E(errs.Forbidden, "Votre rôle (%s) ne permet pas cette action (%s).", a.Role, action)
}

package ticket

import (
	"fmt"

	"github.com/guichet/guichet/internal/errs"
)

// State is where a request stands in its life.
type State string

// The states. A request starts new, is worked open, may wait for the company or be
// held by a thematic service (escalated), is resolved with an outcome, then closed.
const (
	New            State = "new"
	Open           State = "open"
	WaitingCompany State = "waiting_company"
	Escalated      State = "escalated"
	Resolved       State = "resolved"
	Closed         State = "closed"
)

// States lists every state in life order.
func States() []State { return []State{New, Open, WaitingCompany, Escalated, Resolved, Closed} }

// Valid reports whether s is a known state.
func (s State) Valid() bool { return oneOf(s, States()) }

// IsActive reports whether the request still needs work from the cell or a service.
func (s State) IsActive() bool { return s != Resolved && s != Closed }

// transitions lists, for each state, the states an agent may move a request to.
// Closed is final: a company writing after closure opens a new, linked request,
// as Zendesk and Zammad do, so that the closed request's figures never move.
var transitions = map[State][]State{
	New:            {Open, WaitingCompany, Escalated, Resolved},
	Open:           {WaitingCompany, Escalated, Resolved},
	WaitingCompany: {Open, Escalated, Resolved},
	Escalated:      {Open, WaitingCompany, Resolved},
	Resolved:       {Open, Closed},
	Closed:         {},
}

// CanTransition reports whether an agent may move a request from s to to.
func (s State) CanTransition(to State) bool {
	return oneOf(to, transitions[s])
}

// Transition checks a state change; a change to the same state is not a change.
func Transition(from, to State) error {
	if !to.Valid() {
		return errs.Field("state", fmt.Sprintf("état inconnu « %s »", to))
	}
	if from == to || from.CanTransition(to) {
		return nil
	}
	return &errs.Error{Code: errs.Invalid, Message: "Changement d'état impossible.",
		Fields: []errs.FieldError{{Field: "state", Message: fmt.Sprintf(
			"une demande à l'état « %s » ne peut pas passer à « %s »", from.LabelFR(), to.LabelFR())}}}
}

// AfterCompanyReply is the state a request takes when the company writes again:
// the reply reopens a request waiting for it or already resolved; a request held
// by a service stays with the service. A closed request takes no reply.
func AfterCompanyReply(s State) (State, error) {
	switch s {
	case WaitingCompany, Resolved:
		return Open, nil
	case Closed:
		return s, errs.E(errs.Conflict, "Cette demande est close : une nouvelle demande doit être ouverte.")
	default:
		return s, nil
	}
}

// LabelFR is the state's name in the workspace.
func (s State) LabelFR() string {
	switch s {
	case New:
		return "nouvelle"
	case Open:
		return "en cours"
	case WaitingCompany:
		return "en attente de l'entreprise"
	case Escalated:
		return "transmise à un service"
	case Resolved:
		return "résolue"
	case Closed:
		return "close"
	}
	return string(s)
}

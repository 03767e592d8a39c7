package demo

import (
	"context"
	"fmt"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/ticket"
)

// Login is a demo account, with the password to show on the demo's welcome.
type Login struct {
	Email    string
	Password string
	Role     access.Role
	Name     string
	Team     string // the team the account belongs to: the cell, or a specialist's service
}

// member is a user who acts in the demo requests.
type member struct {
	id   int64
	name string
}

// crew is who works the requests: the cell's agents (procurement lawyers, and
// the supervisor who takes a few calls) and one specialist per service.
type crew struct {
	agents      weighted[member]
	specialists map[string]member // by team id; looked up, never ranged over
	teamOf      map[int64]string  // a specialist's service, by user id
}

// password is the demo password of a role: deterministic, and long enough for
// the product's rule (core.MinPassword).
func password(role access.Role) string { return fmt.Sprintf("demo-%s-2026", role) }

// specialistNames are the thematic services' specialists, in the order of
// ticket.DefaultTeams.
var specialistNames = []string{"Marc Dubois", "Isabelle Fabre", "Julien Perrin", "Léa Rousseau"}

// demoUsers are the demo accounts: an admin, a supervisor, three agents, a
// specialist per service and a viewer for the direction.
func demoUsers() []core.NewUser {
	people := []core.NewUser{
		{Email: "admin@region.example", Name: "Nathalie Giraud", Role: string(access.Admin)},
		{Email: "supervision@region.example", Name: "Sophie Lambert", Role: string(access.Supervisor)},
		{Email: "claire.moreau@region.example", Name: "Claire Moreau", Role: string(access.Agent)},
		{Email: "thomas.garnier@region.example", Name: "Thomas Garnier", Role: string(access.Agent)},
		{Email: "amina.benali@region.example", Name: "Amina Benali", Role: string(access.Agent)},
	}
	i := 0
	for _, tm := range ticket.DefaultTeams() {
		if tm.IsCell {
			continue
		}
		name := "Spécialiste " + tm.Name
		if i < len(specialistNames) {
			name = specialistNames[i]
		}
		i++
		people = append(people, core.NewUser{Email: slug(tm.ID, "-") + "@region.example", Name: name,
			Role: string(access.Specialist), TeamID: tm.ID})
	}
	return append(people, core.NewUser{Email: "direction@region.example", Name: "Philippe Rey", Role: string(access.Viewer)})
}

// addAccounts creates the demo accounts through the use case, as `guichet user
// add` would, and returns who works the requests.
func addAccounts(ctx context.Context, svc *core.Service) ([]Login, *crew, error) {
	c := &crew{specialists: map[string]member{}, teamOf: map[int64]string{}}
	var logins []Login
	var agents []wt[member]
	weights := []int{40, 35, 25}
	for _, in := range demoUsers() {
		in.Password = password(access.Role(in.Role))
		u, err := svc.AddUser(ctx, access.System(), in)
		if err != nil {
			return nil, nil, fmt.Errorf("demo: account %s: %w", in.Email, err)
		}
		logins = append(logins, Login{Email: u.Email, Password: in.Password, Role: u.Role, Name: u.Name, Team: u.TeamID})
		m := member{id: u.ID, name: u.Name}
		switch u.Role {
		case access.Agent:
			agents = append(agents, wt[member]{m, weights[len(agents)%len(weights)]})
		case access.Supervisor:
			agents = append(agents, wt[member]{m, 5})
		case access.Specialist:
			c.specialists[u.TeamID] = m
			c.teamOf[u.ID] = u.TeamID
		}
	}
	c.agents = choices(agents...)
	return logins, c, nil
}

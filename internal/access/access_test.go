package access

import "testing"

// TestMatrix spells out the whole policy: a change to the table must change this test.
func TestMatrix(t *testing.T) {
	const (
		Y = "yes"  // anywhere
		T = "team" // only on its own team's requests
		N = "no"
	)
	want := map[Action]map[Role]string{
		ReadTicket:     {Admin: Y, Supervisor: Y, Agent: Y, Specialist: Y, Viewer: Y},
		CreateTicket:   {Admin: Y, Supervisor: Y, Agent: Y, Specialist: Y, Viewer: N},
		UpdateTicket:   {Admin: Y, Supervisor: Y, Agent: Y, Specialist: T, Viewer: N},
		ReplyTicket:    {Admin: Y, Supervisor: Y, Agent: Y, Specialist: T, Viewer: N},
		NoteTicket:     {Admin: Y, Supervisor: Y, Agent: Y, Specialist: T, Viewer: N},
		ReadCompany:    {Admin: Y, Supervisor: Y, Agent: Y, Specialist: Y, Viewer: Y},
		WriteCompany:   {Admin: Y, Supervisor: Y, Agent: Y, Specialist: Y, Viewer: N},
		ManageUsers:    {Admin: Y, Supervisor: N, Agent: N, Specialist: N, Viewer: N},
		ManageConfig:   {Admin: Y, Supervisor: N, Agent: N, Specialist: N, Viewer: N},
		ManageMacros:   {Admin: Y, Supervisor: Y, Agent: N, Specialist: N, Viewer: N},
		ReadReports:    {Admin: Y, Supervisor: Y, Agent: N, Specialist: N, Viewer: Y},
		CreateOwnToken: {Admin: Y, Supervisor: Y, Agent: Y, Specialist: Y, Viewer: N},
		ManageAbsences: {Admin: Y, Supervisor: Y, Agent: N, Specialist: N, Viewer: N},
		PublishArticle: {Admin: Y, Supervisor: Y, Agent: N, Specialist: N, Viewer: N},
	}
	if len(want) != len(Actions()) {
		t.Fatalf("matrix covers %d actions, the policy has %d", len(want), len(Actions()))
	}
	for _, action := range Actions() {
		for _, role := range Roles() {
			a := Actor{Role: role, TeamID: "travaux"}
			got := N
			switch {
			case a.Can(action, "cellule"):
				got = Y
			case a.Can(action, "travaux"):
				got = T
			}
			if got != want[action][role] {
				t.Errorf("%s × %s = %s, want %s", role, action, got, want[action][role])
			}
			if err := a.Check(action, "cellule"); (err == nil) != (got == Y) {
				t.Errorf("%s × %s: Check disagrees with Can: %v", role, action, err)
			}
		}
	}
}

func TestSpecialistWithoutTeamActsNowhere(t *testing.T) {
	a := Actor{Role: Specialist}
	if a.Can(UpdateTicket, "") {
		t.Fatal("a specialist with no service must not act on a ticket without team")
	}
}

func TestParseRole(t *testing.T) {
	if r, err := ParseRole(" Agent "); err != nil || r != Agent {
		t.Fatalf("ParseRole(Agent) = %q, %v", r, err)
	}
	if _, err := ParseRole("root"); err == nil {
		t.Fatal("unknown role accepted")
	}
}

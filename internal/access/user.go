package access

import "time"

// User is an account of the workspace or the API.
type User struct {
	ID           int64
	Email        string
	Name         string
	Role         Role
	TeamID       string // a specialist's service; the cell for the others
	PasswordHash string // argon2id, PHC string format; empty: no local password (SSO or API only)
	Active       bool
	CreatedAt    time.Time
}

// Actor returns the user acting.
func (u User) Actor() Actor {
	return Actor{UserID: u.ID, Name: u.Name, Email: u.Email, Role: u.Role, TeamID: u.TeamID}
}

// Token is an API token as stored: only its hash is kept, and a short prefix so that
// an operator can tell tokens apart.
type Token struct {
	ID         int64
	UserID     int64
	Hash       string
	Prefix     string
	CreatedAt  time.Time
	LastUsedAt time.Time
	RevokedAt  time.Time
}

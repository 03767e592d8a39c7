package core

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/company"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/ticket"
)

// NewUser is an account to create.
type NewUser struct {
	Email    string
	Name     string
	Role     string
	TeamID   string // required for a specialist: the service it belongs to
	Password string // empty: no local password (API tokens or SSO only)
}

// MinPassword is the shortest local password accepted (ANSSI recommends 12+ for
// passwords alone).
const MinPassword = 12

// AddUser creates an account. The actor must be an admin, or access.System() for
// the first account made by `guichet user add` on a new installation.
func (s *Service) AddUser(ctx context.Context, a access.Actor, in NewUser) (*access.User, error) {
	if err := a.Check(access.ManageUsers, ""); err != nil {
		return nil, err
	}
	var f errs.Fields
	email, err := company.NormalizeEmail(in.Email)
	if err != nil {
		f.AddErr("email", err)
	}
	role, err := access.ParseRole(in.Role)
	if err != nil {
		f.AddErr("", err)
	}
	team := strings.TrimSpace(in.TeamID)
	switch {
	case role == access.Specialist && (team == "" || team == ticket.CellTeamID):
		f.Add("team", "un spécialiste appartient à un service thématique : indiquez lequel")
	case role != access.Specialist && team == "":
		team = ticket.CellTeamID
	}
	if team != "" {
		s.checkTeam(ctx, &f, team)
	}
	if in.Password != "" && len([]rune(in.Password)) < MinPassword {
		f.Add("password", fmt.Sprintf("mot de passe trop court (%d caractères au moins)", MinPassword))
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	u := &access.User{Email: strings.ToLower(email), Name: orDefault(in.Name, email), Role: role, TeamID: team, Active: true, CreatedAt: s.clock()}
	if in.Password != "" {
		u.PasswordHash = hashPassword(in.Password)
	}
	if err := s.store.Write(ctx, func(tx *store.Tx) error { return tx.CreateUser(ctx, u) }); err != nil {
		return nil, err
	}
	return u, nil
}

// CreateToken makes a new API token for the user with this e-mail and returns it;
// only its hash is stored, so it cannot be shown again. An admin (or the system)
// may make one for anybody; other users only for themselves.
func (s *Service) CreateToken(ctx context.Context, a access.Actor, email string) (string, error) {
	norm, err := company.NormalizeEmail(email)
	if err != nil {
		return "", errs.Field("user", err.Error())
	}
	u, err := s.store.FindUserByEmail(ctx, strings.ToLower(norm))
	if err != nil {
		return "", err
	}
	if !a.Can(access.ManageUsers, "") && !(a.UserID == u.ID && a.Can(access.CreateOwnToken, "")) {
		return "", errs.E(errs.Forbidden, "Vous ne pouvez créer un jeton que pour vous-même.")
	}
	raw := make([]byte, 32)
	rand.Read(raw)
	token := "gch_" + base64.RawURLEncoding.EncodeToString(raw)
	tok := &access.Token{UserID: u.ID, Hash: tokenHash(token), Prefix: token[:8], CreatedAt: s.clock()}
	if err := s.store.Write(ctx, func(tx *store.Tx) error { return tx.CreateToken(ctx, tok) }); err != nil {
		return "", err
	}
	return token, nil
}

// Authenticate returns the actor behind an API token.
func (s *Service) Authenticate(ctx context.Context, token string) (access.Actor, error) {
	if !strings.HasPrefix(token, "gch_") {
		return access.Actor{}, errs.E(errs.Unauthorized, "Jeton d'API absent ou mal formé.")
	}
	u, err := s.store.FindUserByTokenHash(ctx, tokenHash(token))
	if err != nil {
		return access.Actor{}, err
	}
	return u.Actor(), nil
}

// CheckPassword returns the actor whose e-mail and password these are. The answer
// does not say which of the two was wrong.
func (s *Service) CheckPassword(ctx context.Context, email, password string) (access.Actor, error) {
	refused := errs.E(errs.Unauthorized, "Adresse ou mot de passe incorrect.")
	norm, err := company.NormalizeEmail(email)
	if err != nil {
		return access.Actor{}, refused
	}
	u, err := s.store.FindUserByEmail(ctx, strings.ToLower(norm))
	if errs.Is(err, errs.NotFound) {
		verifyPassword(dummyHash, password) // same work whether the account exists or not
		return access.Actor{}, refused
	}
	if err != nil {
		return access.Actor{}, err
	}
	if !u.Active || !verifyPassword(u.PasswordHash, password) {
		return access.Actor{}, refused
	}
	return u.Actor(), nil
}

// tokenHash is what is stored for a token: SHA-256 suffices, as tokens are 256
// random bits, not guessable passwords.
func tokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// argon2id parameters: the OWASP baseline (19 MiB, 2 passes, 1 lane).
const (
	argonTime    = 2
	argonMemory  = 19 * 1024
	argonThreads = 1
	argonKeyLen  = 32
)

var dummyHash = hashPassword("guichet-dummy-password")

// hashPassword returns the PHC string of an argon2id hash with a random salt.
func hashPassword(pw string) string {
	salt := make([]byte, 16)
	rand.Read(salt)
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key))
}

// verifyPassword checks pw against a PHC argon2id string, with its own parameters.
func verifyPassword(phc, pw string) bool {
	var version int
	var mem, iter uint32
	var threads uint8
	parts := strings.Split(phc, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &mem, &iter, &threads); err != nil {
		return false
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	want, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, iter, mem, threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/company"
	"github.com/guichet/guichet/internal/ticket"
)

// This file holds the reads of the agent workspace beyond the ticket list: the
// views' counts, the caller lookup of the call screen, the members a request can
// be assigned to, and the per-address sign-in failure counts.

// CountTickets counts the tickets f selects, up to limit: past it the answer is
// limit and the view says "limit+". A view's count walks the same index range as
// its first page; capping it keeps the inbox cheap on a million requests (an
// uncapped COUNT of "toutes" would read every row). f's cursor is ignored.
func (s *Store) CountTickets(ctx context.Context, f ticket.Filter, limit int) (int, error) {
	f.After = nil
	where, args := ticketWhere(f)
	if onlyActive(f.States) {
		// The literal terms let both databases use the partial index
		// tickets_active (0004_workspace.sql): the active requests are a few
		// thousand of a million, and their count is read from that index alone.
		// A page query never has these terms, so its plan is unchanged.
		where = andWhere(where, activeTerms)
	}
	var n int
	q := fmt.Sprintf("SELECT COUNT(*) FROM (SELECT 1 FROM tickets t%s LIMIT %d) capped", where, limit)
	if err := s.reader().queryRow(ctx, q, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count tickets: %w", err)
	}
	return n, nil
}

// activeTerms is the condition of the partial index tickets_active, written as
// its definition is, so that the planners see it is implied.
const activeTerms = "t.state <> 'resolved' AND t.state <> 'closed'"

// onlyActive reports whether a list of states names active ones only.
func onlyActive(states []ticket.State) bool {
	for _, st := range states {
		if !st.IsActive() {
			return false
		}
	}
	return len(states) > 0
}

func andWhere(where, cond string) string {
	if where == "" {
		return " WHERE " + cond
	}
	return where + " AND " + cond
}

// Caller is a match of the call screen's lookup: a company, a contact of it, or
// both. Company is nil for a contact without company; Contact.ID is 0 when the
// company matched by itself.
type Caller struct {
	Company *company.Company
	Contact company.Contact
}

// CallerFilter is what the agent typed, already read by core: a phone number
// (E.164), a SIRET or SIREN prefix (digits), or words of a name.
type CallerFilter struct {
	Phone  string
	Digits string
	Words  string
	Limit  int
}

// FindCallers finds the companies and contacts matching a caller lookup: by the
// contact's phone number, by the start of the company's SIRET, or by words of
// the company's or the contact's name. Companies come first, then contacts.
func (s *Store) FindCallers(ctx context.Context, f CallerFilter) ([]Caller, error) {
	limit := f.Limit
	if limit <= 0 || limit > 50 {
		limit = 8
	}
	var out []Caller
	var err error
	switch {
	case f.Phone != "":
		out, err = s.findContactCallers(ctx, "k.phone = ?", []any{f.Phone}, limit)
	case f.Digits != "":
		// A range rather than LIKE: the SIRET index answers it. Its upper bound
		// is a digit string (nextDigits), not the prefix followed by ":", which
		// sorts before the digits in a French or ICU collation of PostgreSQL and
		// would make the range empty there.
		cond, args := "siret >= ?", []any{f.Digits}
		if next := nextDigits(f.Digits); next != "" {
			cond, args = "siret >= ? AND siret < ?", []any{f.Digits, next}
		}
		out, err = s.findCompanyCallers(ctx, cond, args, "siret", limit)
	case strings.TrimSpace(f.Words) != "":
		// Names typed from their start are an index range on the folded names
		// (companies_folded_name, contacts_folded_name, 0024: case and French
		// diacritics ignored, fold.go); only when none starts so are the names
		// searched for the words anywhere, through the trigram indexes.
		low := fold(strings.TrimSpace(f.Words))
		// Planned with the values on PostgreSQL (planEachTime): a generic plan
		// reads the contacts backwards by id and filters them, every row when
		// no name starts so.
		out, err = s.findNamedCallers(ctx, "fold_name(name) >= ? AND fold_name(name) < ?", s.planEachTime([]any{low, upperBound(low)}),
			"fold_name(k.name) >= ? AND fold_name(k.name) < ?", s.planEachTime([]any{low, upperBound(low)}), limit)
		if err == nil && len(out) == 0 {
			out, err = s.findCallersAnywhere(ctx, strings.Fields(low), limit)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("store: find callers: %w", err)
	}
	return out, nil
}

// findNamedCallers finds companies, then contacts, whose name matches.
func (s *Store) findNamedCallers(ctx context.Context, companyCond string, companyArgs []any, contactCond string,
	contactArgs []any, limit int) ([]Caller, error) {
	out, err := s.findCompanyCallers(ctx, companyCond, companyArgs, "fold_name(name), id", limit)
	if err != nil || len(out) >= limit {
		return out, err
	}
	more, err := s.findContactCallers(ctx, contactCond, contactArgs, limit-len(out))
	return append(out, more...), err
}

// findCallersAnywhere finds the companies, then the contacts, whose name holds
// every word (folded), in any order and anywhere: "dupont" finds
// "Menuiserie Dupont", "onnerie dup" finds it too. On SQLite the rows holding
// the rarest word come from the trigram tables (0013) and only they are
// checked; on PostgreSQL the LIKE terms use the pg_trgm indexes themselves.
func (s *Store) findCallersAnywhere(ctx context.Context, words []string, limit int) ([]Caller, error) {
	var co, ko where
	for _, word := range words {
		co.add(`fold_name(name) LIKE ? ESCAPE '\'`, like(word))
		ko.add(`fold_name(k.name) LIKE ? ESCAPE '\'`, like(word))
	}
	if err := s.addTrigramCandidates(ctx, &co, companiesTrigram, "id", words); err != nil {
		return nil, err
	}
	out, err := s.findCompanyCallers(ctx, strings.Join(co.conds, " AND "), s.planEachTime(co.args), "fold_name(name), id", limit)
	if err != nil || len(out) >= limit {
		return out, err
	}
	if err := s.addTrigramCandidates(ctx, &ko, contactsTrigram, "k.id", words); err != nil {
		return nil, err
	}
	more, err := s.findContactCallers(ctx, strings.Join(ko.conds, " AND "), s.planEachTime(ko.args), limit-len(out))
	return append(out, more...), err
}

// upperBound is the first string after every string that starts with prefix:
// the prefix with its last character incremented.
func upperBound(prefix string) string {
	r := []rune(prefix)
	r[len(r)-1]++
	return string(r)
}

func (s *Store) findCompanyCallers(ctx context.Context, cond string, args []any, order string, limit int) ([]Caller, error) {
	rows, err := s.reader().query(ctx, "SELECT "+companyColumns+" FROM companies WHERE "+cond+
		fmt.Sprintf(" ORDER BY %s LIMIT %d", order, limit), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Caller
	for rows.Next() {
		c, err := scanCompany(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, Caller{Company: c})
	}
	return out, rows.Err()
}

// contactCallerColumns are a contact's columns, then its company's (NULL when it
// has none).
const contactCallerColumns = `k.id, COALESCE(k.company_id, 0), k.name, k.email, k.phone, k.created_at,
	COALESCE(c.siret, ''), COALESCE(c.name, ''), COALESCE(c.size, ''), COALESCE(c.departement, '')`

func (s *Store) findContactCallers(ctx context.Context, cond string, args []any, limit int) ([]Caller, error) {
	rows, err := s.reader().query(ctx, "SELECT "+contactCallerColumns+
		" FROM contacts k LEFT JOIN companies c ON c.id = k.company_id WHERE "+cond+
		fmt.Sprintf(" ORDER BY k.id DESC LIMIT %d", limit), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Caller
	for rows.Next() {
		var k company.Contact
		var co company.Company
		if err := rows.Scan(&k.ID, &k.CompanyID, &k.Name, &k.Email, &k.Phone, nullTime{&k.CreatedAt},
			&co.SIRET, &co.Name, &co.Size, &co.Departement); err != nil {
			return nil, err
		}
		cl := Caller{Contact: k}
		if k.CompanyID != 0 {
			co.ID = k.CompanyID
			cl.Company = &co
		}
		out = append(out, cl)
	}
	return out, rows.Err()
}

// FindMembers lists the active accounts, by name: the people a request may be
// assigned to (core keeps those whose role allows it on the request's team).
func (s *Store) FindMembers(ctx context.Context) ([]*access.User, error) {
	rows, err := s.reader().query(ctx, "SELECT "+userColumns+" FROM users u WHERE u.active = 1 ORDER BY u.name, u.id")
	if err != nil {
		return nil, fmt.Errorf("store: find members: %w", err)
	}
	defer rows.Close()
	var out []*access.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("store: find members: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// CountLoginFailures counts the failed sign-ins since since (excluded), at most
// limit: those of one address from one IP when email is set, else all those
// from the IP. It returns the times, most recent first.
func (s *Store) CountLoginFailures(ctx context.Context, email, ip string, since time.Time, limit int) ([]time.Time, error) {
	return s.reader().CountLoginFailures(ctx, email, ip, since, limit)
}

// CountLoginFailures is the same read inside a transaction.
func (t *Tx) CountLoginFailures(ctx context.Context, email, ip string, since time.Time, limit int) ([]time.Time, error) {
	cond, args := "ip = ? AND at > ?", []any{ip, micros(since)}
	if email != "" {
		cond, args = "email = ? AND ip = ? AND at > ?", []any{email, ip, micros(since)}
	}
	rows, err := t.query(ctx, fmt.Sprintf("SELECT at FROM login_failures WHERE %s ORDER BY at DESC LIMIT %d", cond, limit), args...)
	if err != nil {
		return nil, fmt.Errorf("store: login failures: %w", err)
	}
	defer rows.Close()
	var out []time.Time
	for rows.Next() {
		var at time.Time
		if err := rows.Scan(nullTime{&at}); err != nil {
			return nil, fmt.Errorf("store: login failures: %w", err)
		}
		out = append(out, at)
	}
	return out, rows.Err()
}

// PurgeLoginFailures forgets an IP's failures older than since: the failures of
// addresses never tried again would otherwise stay forever.
func (t *Tx) PurgeLoginFailures(ctx context.Context, ip string, since time.Time) error {
	if _, err := t.exec(ctx, "DELETE FROM login_failures WHERE ip = ? AND at < ?", ip, micros(since)); err != nil {
		return fmt.Errorf("store: login failures: %w", err)
	}
	return nil
}

// Package reporttest builds, in a store, the small set of requests whose weekly
// figures are known by hand (see Expected), for the tests of every layer that
// shows figures: core, the API, the dashboard, the report files.
package reporttest

import (
	"context"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/company"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/tender"
	"github.com/guichet/guichet/internal/ticket"
)

// Week is the week the dataset is about: 2026-W47, Monday 16 to Sunday 22
// November 2026.
const Week = "2026-W47"

// Now is the clock the tests should use: Tuesday 24 November 2026, 10:00 in Paris,
// after the week.
var Now = time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)

var paris, _ = time.LoadLocation("Europe/Paris")

// at is a November 2026 instant in Paris time.
func at(day, hour, minute int) time.Time {
	return time.Date(2026, time.November, day, hour, minute, 0, 0, paris).UTC()
}

// Expected are the figures of Week, counted by hand from the requests Seed writes
// (the comments of Seed say which request counts where). Business times are on
// the default calendar: Monday to Friday, 9:00–12:30 and 13:30–17:00.
var Expected = map[string]float64{
	"volume": 6, "volume_by_channel/phone": 2, "volume_by_channel/email": 2, "volume_by_channel/web": 2,
	"volume_by_channel/portal": 0, "volume_by_week/2026-W47": 6,
	"share_local": 0.8, "share_tpe_local": 0.5,
	"resolved": 4, "handled_by_cell": 0.3333, "redirected": 0.3333, "answered_by_service": 0.3333, "off_topic": 0.25,
	"escalated/travaux": 0.1667, "escalated/fournitures_services": 0.1667, "escalated/mobilite": 0,
	"topics/dce": 3, "topics/allotissement": 1, "topics/rejet": 1, "topics/paiement": 1, "topics/execution": 0,
	"consultations/2026-REG-014": 2, "consultations/2026-REG-020": 1,
	"first_response_median": 1, "first_response_p90": 6.5, "resolution_median": 4, "resolution_p90": 21,
	"sla_first_response": 0.8333, "sla_resolution": 0.3333, "past_due_unanswered": 1,
	"satisfaction_mean": 3.33, "satisfaction_ratings": 3, "satisfaction_distribution/1": 1,
	"satisfaction_distribution/4": 1, "satisfaction_distribution/5": 1, "satisfaction_distribution/2": 0,
	"satisfaction_response_rate": 0.6667, "satisfaction_phone_mean": 2, "satisfaction_phone_ratings": 1,
}

// Tickets are the ids of the requests Seed wrote, T1 to T8.
type Tickets [9]int64

// Seed writes the dataset and returns the requests' ids.
func Seed(t testing.TB, s *store.Store) Tickets {
	t.Helper()
	ctx := context.Background()
	var ids Tickets
	err := s.Write(ctx, func(tx *store.Tx) error {
		cos := map[string]*company.Company{
			"A": {SIRET: "44306184100047", SIREN: "443061841", Name: "Menuiserie Dupont", Size: company.TPE, Departement: "69"},
			"B": {SIRET: "73282932000074", SIREN: "732829320", Name: "Isère Bâtiment", Size: company.PME, Departement: "38"},
			"C": {SIRET: "55210055400013", SIREN: "552100554", Name: "Paris Conseil", Size: company.GE, Departement: "75"},
		}
		for _, c := range cos {
			c.SIRETValid, c.CreatedAt, c.UpdatedAt = true, at(1, 9, 0), at(1, 9, 0)
			if err := tx.CreateCompany(ctx, c); err != nil {
				return err
			}
		}
		if _, err := tx.UpsertConsultation(ctx, &tender.Consultation{Reference: "2026-REG-014",
			Object: "Rénovation énergétique du lycée Ampère", CreatedAt: at(1, 9, 0), UpdatedAt: at(1, 9, 0)}); err != nil {
			return err
		}
		contact := &company.Contact{CompanyID: cos["A"].ID, Name: "Anne Dupont", Email: "anne@dupont.example", CreatedAt: at(1, 9, 0)}
		if err := tx.CreateContact(ctx, contact); err != nil {
			return err
		}
		for i, r := range requests(cos) {
			tk := r.tk
			tk.Subject, tk.Priority, tk.Version = "Demande T"+string(rune('0'+i+1)), ticket.Normal, 1
			if tk.TeamID == "" {
				tk.TeamID = ticket.CellTeamID
			}
			tk.ContactID, tk.UpdatedAt = contact.ID, tk.CreatedAt
			if err := tx.CreateTicket(ctx, &tk); err != nil {
				return err
			}
			ids[i+1] = tk.ID
			for _, h := range r.teams {
				if err := tx.CreateAudit(ctx, tk.ID, 0, h.at, "", []ticket.Change{{Field: "team", Old: h.old, New: h.new}}); err != nil {
					return err
				}
			}
		}
		return surveys(ctx, tx, ids)
	})
	if err != nil {
		t.Fatalf("seed report dataset: %v", err)
	}
	return ids
}

type teamChange struct {
	at       time.Time
	old, new string
}

type request struct {
	tk    ticket.Ticket
	teams []teamChange
}

// requests are T1 to T8. T1–T6 are created in the week; T7 the week before
// (answered in the week); T8 the week after (counted nowhere).
func requests(cos map[string]*company.Company) []request {
	A, B, C := cos["A"].ID, cos["B"].ID, cos["C"].ID
	return []request{
		// T1: phone, DCE, local TPE; first response after 1 h, resolved after 4 h by the cell.
		{tk: ticket.Ticket{Channel: ticket.Phone, Topic: "dce", Scope: ticket.OwnTender, CompanyID: A,
			ConsultationRef: "2026-REG-014", State: ticket.Resolved, Outcome: ticket.AnsweredByCell,
			CreatedAt: at(16, 10, 0), FirstResponseAt: at(16, 11, 0), ResolvedAt: at(16, 15, 0),
			Due: ticket.Due{FirstResponse: at(17, 10, 0), Resolution: at(20, 10, 0)}}},
		// T2: e-mail, DCE, local PME; 4 h to answer, 11 h to resolve, redirected.
		{tk: ticket.Ticket{Channel: ticket.Email, Topic: "dce", Scope: ticket.OtherBuyerTender, CompanyID: B,
			ConsultationRef: "2026-REG-014", State: ticket.Resolved, Outcome: ticket.RedirectedToBuyer,
			CreatedAt: at(16, 14, 0), FirstResponseAt: at(17, 10, 0), ResolvedAt: at(18, 10, 0),
			Due: ticket.Due{FirstResponse: at(17, 14, 0), Resolution: at(30, 14, 0)}}},
		// T3: web, lots, non-local; escalated to travaux; 30 min to answer, 21 h to resolve, past its due.
		{tk: ticket.Ticket{Channel: ticket.Web, Topic: "allotissement", Scope: ticket.OwnTender, CompanyID: C,
			ConsultationRef: "2026-REG-020", State: ticket.Resolved, Outcome: ticket.AnsweredByService, TeamID: "travaux",
			CreatedAt: at(17, 9, 0), FirstResponseAt: at(17, 9, 30), ResolvedAt: at(20, 9, 0),
			Due: ticket.Due{FirstResponse: at(18, 9, 0), Resolution: at(19, 17, 0)}},
			teams: []teamChange{{at(17, 9, 15), ticket.CellTeamID, "travaux"}}},
		// T4: anonymous phone call, off-topic, resolved after 30 min without a response.
		{tk: ticket.Ticket{Channel: ticket.Phone, Topic: "rejet", Scope: ticket.OffTopic, State: ticket.Resolved,
			Outcome: ticket.OutcomeOffTopic, CreatedAt: at(18, 16, 0), ResolvedAt: at(18, 16, 30),
			Due: ticket.Due{FirstResponse: at(19, 16, 0), Resolution: at(30, 16, 0)}}},
		// T5: web, DCE, local TPE; never answered: past due since Friday.
		{tk: ticket.Ticket{Channel: ticket.Web, Topic: "dce", Scope: ticket.General, CompanyID: A, State: ticket.Open,
			CreatedAt: at(19, 11, 0), Due: ticket.Due{FirstResponse: at(20, 11, 0), Resolution: at(3+30, 11, 0)}}},
		// T6: e-mail, payment, local PME; was with fournitures_services, back at the cell; answered after the week.
		{tk: ticket.Ticket{Channel: ticket.Email, Topic: "paiement", Scope: ticket.OwnTender, CompanyID: B,
			State: ticket.Open, CreatedAt: at(20, 10, 0), FirstResponseAt: at(23, 9, 0),
			Due: ticket.Due{FirstResponse: at(23, 10, 0), Resolution: at(30+4, 10, 0)}},
			teams: []teamChange{{at(20, 10, 5), ticket.CellTeamID, "fournitures_services"},
				{at(20, 15, 0), "fournitures_services", ticket.CellTeamID}}},
		// T7: the Friday before; answered Monday 9:30 (6 h 30 of business time), due Monday 10:00;
		// due for resolution Friday 20, still open.
		{tk: ticket.Ticket{Channel: ticket.Phone, Topic: "dce", Scope: ticket.General, CompanyID: A, State: ticket.Open,
			CreatedAt: at(13, 10, 0), FirstResponseAt: at(16, 9, 30),
			Due: ticket.Due{FirstResponse: at(16, 10, 0), Resolution: at(20, 10, 0)}}},
		// T8: the Monday after.
		{tk: ticket.Ticket{Channel: ticket.Portal, Topic: "execution", Scope: ticket.General, CompanyID: C,
			State: ticket.New, CreatedAt: at(23, 11, 0), Due: ticket.Due{FirstResponse: at(24, 11, 0),
				Resolution: at(30+7, 11, 0)}}},
	}
}

// surveys: T1 rated 5 and T2 rated 4 in the week (sent in the week), T3 sent and
// not rated, T7 sent the week before and rated 1 in the week, T4 rated 2 by phone.
func surveys(ctx context.Context, tx *store.Tx, ids Tickets) error {
	sent := []struct {
		id      int64
		sentAt  time.Time
		rating  int
		ratedAt time.Time
	}{
		{ids[1], at(16, 16, 0), 5, at(17, 8, 0)},
		{ids[2], at(18, 11, 0), 4, at(19, 12, 0)},
		{ids[3], at(20, 10, 0), 0, time.Time{}},
		{ids[7], at(13, 12, 0), 1, at(16, 8, 0)},
	}
	for _, sv := range sent {
		if _, err := tx.CreateSurvey(ctx, store.Survey{TicketID: sv.id, Email: "anne@dupont.example", SentAt: sv.sentAt,
			ExpiresAt: sv.sentAt.AddDate(0, 0, 28), CreatedAt: sv.sentAt}); err != nil {
			return err
		}
		if sv.rating > 0 {
			if err := tx.RateSurvey(ctx, sv.id, sv.rating, sv.ratedAt); err != nil {
				return err
			}
		}
	}
	_, err := tx.RecordPhoneRating(ctx, ids[4], 2, 0, at(18, 16, 35))
	return err
}

// Store is the store, named here for the tests of packages that may not import
// internal/store (the entry points, see internal/archtest).
type Store = store.Store

package core

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/company"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/tender"
	"github.com/guichet/guichet/internal/ticket"
)

// ImportCounts says what a batch of an import did.
type ImportCounts struct {
	Created, Updated, Unchanged int
}

func (c *ImportCounts) add(u store.Upserted) {
	switch u {
	case store.Created:
		c.Created++
	case store.Updated:
		c.Updated++
	default:
		c.Unchanged++
	}
}

// ImportBatch is a batch of catalog records read from one source (a file), ending
// at position (records of the source read so far). The batch is written all or
// nothing, with the source's checkpoint, so that an interrupted import resumes
// after its last complete batch and never leaves half a batch behind.
type ImportBatch struct {
	Source    string // the kind and fingerprint of the file
	Position  int64
	Companies []company.Company
	// Units are legal units (SIREN level, no SIRET): their name and size are
	// applied to the catalog's establishments of the same SIREN.
	Units  []company.Company
	Buyers []tender.Buyer
	// Consultations with their buyer: the buyer is upserted first and linked.
	Consultations []ConsultationRecord
	// Known, when set, remembers the consultations' buyers across the batches
	// of one run (nil: each batch looks every buyer up).
	Known *KnownBuyers
}

// KnownBuyers remembers, for one import run, the buyers already written as a
// notice gave them: the next notice giving the same buyer in the same words is
// linked to it without a lookup. A BOAMP export names a few thousand buyers
// for a hundred thousand notices, and the lookup was a statement per notice.
// A buyer given otherwise (a new e-mail, another spelling) is upserted as before.
// Entries are added only once their batch is committed, so that a batch
// retried or refused never links to a buyer that was rolled back.
type KnownBuyers struct {
	mu  sync.Mutex
	ids map[tender.Buyer]int64 // the buyer as given (no id, no times) → its stored id
}

// maxKnownBuyers bounds the memory of a run: past it, new buyers are looked up
// every time, as without the cache.
const maxKnownBuyers = 100_000

// NewKnownBuyers returns an empty memory, for one run.
func NewKnownBuyers() *KnownBuyers { return &KnownBuyers{ids: map[tender.Buyer]int64{}} }

func (k *KnownBuyers) get(b tender.Buyer) (int64, bool) {
	if k == nil {
		return 0, false
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	id, ok := k.ids[b]
	return id, ok
}

func (k *KnownBuyers) addAll(fresh map[tender.Buyer]int64) {
	if k == nil {
		return
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	for b, id := range fresh {
		if len(k.ids) >= maxKnownBuyers {
			return
		}
		k.ids[b] = id
	}
}

// buyerKey is a buyer as a notice gives it, the key of KnownBuyers.
func buyerKey(b tender.Buyer) tender.Buyer {
	b.ID, b.CreatedAt, b.UpdatedAt = 0, time.Time{}, time.Time{}
	return b
}

// ConsultationRecord is a consultation as a notice gives it, with its buyer.
type ConsultationRecord struct {
	Consultation tender.Consultation
	Buyer        tender.Buyer
}

// Import writes a batch of catalog records. Only an admin (or the system, for the
// CLI) may import.
func (s *Service) Import(ctx context.Context, a access.Actor, b ImportBatch) (ImportCounts, error) {
	var counts ImportCounts
	if err := a.Check(access.ManageConfig, ""); err != nil {
		return counts, err
	}
	if err := b.validate(); err != nil {
		return counts, err
	}
	now := s.clock()
	var fresh map[tender.Buyer]int64 // buyers written by this batch, for b.Known once committed
	err := s.store.Write(ctx, func(tx *store.Tx) error {
		counts = ImportCounts{} // a retried write starts again
		fresh = map[tender.Buyer]int64{}
		for i := range b.Companies {
			c := b.Companies[i]
			c.UpdatedAt = now
			u, err := tx.UpsertCatalogCompany(ctx, &c)
			if err != nil {
				return err
			}
			counts.add(u)
		}
		for i := range b.Units {
			u := b.Units[i]
			u.UpdatedAt = now
			res, err := tx.UpdateCompaniesBySIREN(ctx, &u)
			if err != nil {
				return err
			}
			counts.add(res)
		}
		for i := range b.Buyers {
			by := b.Buyers[i]
			by.UpdatedAt = now
			u, err := tx.UpsertBuyer(ctx, &by)
			if err != nil {
				return err
			}
			counts.add(u)
		}
		for _, r := range b.Consultations {
			u, err := s.upsertConsultation(ctx, tx, r, now, b.Known, fresh)
			if err != nil {
				return err
			}
			counts.add(u)
		}
		if b.Source == "" {
			return nil
		}
		return tx.SetCheckpoint(ctx, b.Source, b.Position, now)
	})
	if err == nil {
		b.Known.addAll(fresh)
	}
	return counts, err
}

// validate checks what the store needs of each record; the importers reject bad
// records one by one before they batch, so this is the last line of defence, and it
// refuses the whole batch (nothing half-written).
func (b ImportBatch) validate() error {
	var f errs.Fields
	for i, c := range b.Companies {
		if len(c.SIRET) != 14 || c.Name == "" {
			f.Add(fmt.Sprintf("companies[%d]", i), "SIRET de 14 chiffres et nom obligatoires")
		}
	}
	for i, by := range b.Buyers {
		if strings.TrimSpace(by.Name) == "" {
			f.Add(fmt.Sprintf("buyers[%d].name", i), "le nom de l'acheteur est obligatoire")
		}
	}
	for i, r := range b.Consultations {
		if r.Consultation.Reference == "" || r.Consultation.Object == "" {
			f.Add(fmt.Sprintf("consultations[%d]", i), "référence et objet obligatoires")
		}
	}
	return f.Err()
}

// upsertConsultation writes one consultation and links it to its buyer, which
// it upserts unless known or fresh (this batch) already holds the buyer as given.
func (s *Service) upsertConsultation(ctx context.Context, tx *store.Tx, r ConsultationRecord, now time.Time,
	known *KnownBuyers, fresh map[tender.Buyer]int64) (store.Upserted, error) {
	c, by := r.Consultation, r.Buyer
	if by.Name != "" || by.SIRET != "" {
		if by.Name == "" {
			by.Name = "Acheteur " + by.SIRET
		}
		key := buyerKey(by)
		id, ok := fresh[key]
		if !ok {
			id, ok = known.get(key)
		}
		if !ok {
			by.UpdatedAt = now
			if _, err := tx.UpsertBuyer(ctx, &by); err != nil {
				return 0, err
			}
			id, fresh[key] = by.ID, by.ID
		}
		c.BuyerID, c.BuyerName, c.BuyerSIRET = id, by.Name, by.SIRET
	}
	if c.ServiceID == "" && len(c.CPV) > 0 {
		c.ServiceID = s.services.ServiceFor(c.CPV[0])
	}
	c.UpdatedAt = now
	return tx.UpsertConsultation(ctx, &c)
}

// ImportCheckpoint returns how many records of a source a previous import committed.
func (s *Service) ImportCheckpoint(ctx context.Context, source string) (int64, error) {
	return s.store.Checkpoint(ctx, source)
}

// ConsultationQuery selects consultations for the picker and the lists.
type ConsultationQuery struct {
	Text     string
	OpenOnly bool // still open now: status open and deadline to come
	BuyerID  int64
	Limit    int
}

// Consultations finds consultations by words of their reference, object, buyer or
// CPV codes, the nearest deadline first.
func (s *Service) Consultations(ctx context.Context, a access.Actor, q ConsultationQuery) ([]*tender.Consultation, error) {
	if err := a.Check(access.ReadTicket, ""); err != nil {
		return nil, err
	}
	f := store.ConsultationFilter{Text: strings.TrimSpace(q.Text), BuyerID: q.BuyerID, Limit: q.Limit}
	if q.OpenOnly {
		f.OpenAt = s.clock()
	}
	return s.store.FindConsultations(ctx, f)
}

// Consultation returns a consultation with its lots and its buyer.
func (s *Service) Consultation(ctx context.Context, a access.Actor, ref string) (*tender.Consultation, *tender.Buyer, error) {
	if err := a.Check(access.ReadTicket, ""); err != nil {
		return nil, nil, err
	}
	c, err := s.store.FindConsultationByRef(ctx, strings.TrimSpace(ref))
	if err != nil {
		return nil, nil, err
	}
	if c.BuyerID == 0 {
		return c, nil, nil
	}
	b, err := s.store.FindBuyerByID(ctx, c.BuyerID)
	if err != nil && !errs.Is(err, errs.NotFound) {
		return nil, nil, err
	}
	return c, b, nil
}

// ConsultationFile is what the agents' page about a consultation shows: the
// consultation with its lots and buyer, where it stands now, the last day the
// buyer may answer candidates' questions, and the requests about it.
type ConsultationFile struct {
	Consultation *tender.Consultation
	Buyer        *tender.Buyer // nil: no buyer known
	Status       tender.Status // as of now: an open consultation past its DLRO is closed
	Formalised   bool          // a formalised procedure (R2132-6 applies)
	// LastDayToAnswer is the last moment complementary information may reach the
	// candidates (R2132-6: DLRO − 6 days, 4 when urgent); zero unless the
	// consultation is open and its procedure formalised.
	LastDayToAnswer time.Time
	Requests        []*ticket.Ticket // the latest requests about it, newest first
	MoreRequests    bool             // more than ConsultationRequests requests
}

// ConsultationRequests is how many requests the consultation page lists.
const ConsultationRequests = 50

// ConsultationFile gathers a consultation's page. An unknown reference is a
// not-found error.
func (s *Service) ConsultationFile(ctx context.Context, a access.Actor, ref string) (*ConsultationFile, error) {
	c, b, err := s.Consultation(ctx, a, ref)
	if err != nil {
		return nil, err
	}
	now := s.clock()
	f := &ConsultationFile{Consultation: c, Buyer: b, Status: c.StatusAt(now), Formalised: tender.IsFormalised(c.Procedure)}
	if f.Status == tender.Open {
		f.LastDayToAnswer, _ = tender.LastDayToAnswer(c.Deadline, f.Formalised, c.Urgent)
	}
	page, err := s.Tickets(ctx, a, ticket.Filter{ConsultationRef: c.Reference, Sort: ticket.NewestFirst,
		Limit: ConsultationRequests})
	if err != nil {
		return nil, err
	}
	f.Requests, f.MoreRequests = page.Items, page.Next != nil
	return f, nil
}

// Buyer returns one buyer.
func (s *Service) Buyer(ctx context.Context, a access.Actor, id int64) (*tender.Buyer, error) {
	if err := a.Check(access.ReadCompany, ""); err != nil {
		return nil, err
	}
	return s.store.FindBuyerByID(ctx, id)
}

// Buyers lists buyers whose name or SIRET matches text.
func (s *Service) Buyers(ctx context.Context, a access.Actor, text string, afterID int64, limit int) ([]*tender.Buyer, bool, error) {
	if err := a.Check(access.ReadCompany, ""); err != nil {
		return nil, false, err
	}
	return s.store.FindBuyers(ctx, strings.TrimSpace(text), afterID, limit)
}

// CompanyContactInput is one of a company's contacts as the API gives it: the
// people the cell may call back, with their role in the company.
type CompanyContactInput struct {
	Name  string `json:"name,omitempty"`
	Role  string `json:"role,omitempty"` // "gérante", "responsable des marchés"…
	Email string `json:"email,omitempty"`
	Phone string `json:"phone,omitempty"` // any written form; stored in E.164
}

// NewCompany is a company of the catalog with its contacts.
type NewCompany struct {
	CompanyInput
	Contacts []CompanyContactInput `json:"contacts,omitempty"`
}

// MaxCompanyContacts bounds the contacts given with one company.
const MaxCompanyContacts = 50

// normalizeContacts checks the contacts of a new company, every wrong field at
// once ("contacts[1].phone"): each needs a name, an e-mail or a phone; e-mails and
// phones are put in canonical form, and one e-mail given twice is refused.
func normalizeContacts(in []CompanyContactInput, f *errs.Fields) []company.Contact {
	if len(in) > MaxCompanyContacts {
		f.Add("contacts", fmt.Sprintf("%d contacts au plus par entreprise", MaxCompanyContacts))
		return nil
	}
	out := make([]company.Contact, 0, len(in))
	seen := map[string]int{}
	for i, c := range in {
		at := fmt.Sprintf("contacts[%d]", i)
		ci := ContactInput{Name: c.Name, Email: c.Email, Phone: c.Phone}
		norm, err := ci.normalize(at)
		f.AddErr("", err)
		if err != nil {
			continue
		}
		role := strings.TrimSpace(c.Role)
		switch {
		case norm.Name == "" && norm.Email == "" && norm.Phone == "":
			f.Add(at, "un contact a au moins un nom, une adresse e-mail ou un téléphone")
			continue
		case len(role) > 100:
			f.Add(at+".role", "fonction trop longue (100 caractères au plus)")
			continue
		}
		if j, dup := seen[norm.Email]; dup && norm.Email != "" {
			f.Add(at+".email", fmt.Sprintf("adresse déjà donnée pour contacts[%d]", j))
			continue
		}
		seen[norm.Email] = i
		out = append(out, company.Contact{Name: norm.Name, Role: role, Email: norm.Email, Phone: norm.Phone})
	}
	return out
}

// CreateCompanyWithContacts adds a company to the catalog with its contacts, all
// or nothing. Every wrong field, of the company or of a contact, is reported at once.
func (s *Service) CreateCompanyWithContacts(ctx context.Context, a access.Actor, in NewCompany) (*company.Company, []company.Contact, error) {
	if err := a.Check(access.WriteCompany, ""); err != nil {
		return nil, nil, err
	}
	var f errs.Fields
	c, err := in.CompanyInput.normalize("")
	f.AddErr("", err)
	if err == nil && c.Name == "" {
		f.Add("name", "le nom de l'entreprise est obligatoire")
	}
	contacts := normalizeContacts(in.Contacts, &f)
	if err := f.Err(); err != nil {
		return nil, nil, err
	}
	now := s.clock()
	co := &company.Company{SIRET: c.SIRET, SIREN: company.SIRENOf(c.SIRET), Name: c.Name, Size: company.Size(c.Size),
		NAF: c.NAF, CommuneCode: c.CommuneCode, Departement: c.Departement, SIRETValid: true, CreatedAt: now, UpdatedAt: now}
	err = s.store.Write(ctx, func(tx *store.Tx) error {
		if err := tx.CreateCompany(ctx, co); err != nil {
			return err
		}
		for i := range contacts {
			contacts[i].CompanyID, contacts[i].CreatedAt = co.ID, now
			if err := tx.CreateContact(ctx, &contacts[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return co, contacts, nil
}

// CompanyContacts lists a company's contacts, the first recorded first.
func (s *Service) CompanyContacts(ctx context.Context, a access.Actor, companyID int64) ([]company.Contact, error) {
	if err := a.Check(access.ReadCompany, ""); err != nil {
		return nil, err
	}
	return s.store.FindContactsOfCompany(ctx, companyID)
}

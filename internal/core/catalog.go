package core

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/company"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/tender"
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
	err := s.store.Write(ctx, func(tx *store.Tx) error {
		counts = ImportCounts{} // a retried write starts again
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
			u, err := s.upsertConsultation(ctx, tx, r, now)
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

func (s *Service) upsertConsultation(ctx context.Context, tx *store.Tx, r ConsultationRecord, now time.Time) (store.Upserted, error) {
	c, by := r.Consultation, r.Buyer
	if by.Name != "" || by.SIRET != "" {
		if by.Name == "" {
			by.Name = "Acheteur " + by.SIRET
		}
		by.UpdatedAt = now
		if _, err := tx.UpsertBuyer(ctx, &by); err != nil {
			return 0, err
		}
		c.BuyerID, c.BuyerName, c.BuyerSIRET = by.ID, by.Name, by.SIRET
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

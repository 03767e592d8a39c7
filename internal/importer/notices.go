package importer

import (
	"errors"
	"fmt"
	"io"

	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/importer/boamp"
	"github.com/guichet/guichet/internal/importer/decp"
	"github.com/guichet/guichet/internal/tender"
)

// boampSource reads BOAMP notices (API page or export array): each notice is a
// consultation with its buyer; a cancellation cancels it, an award marks it awarded.
type boampSource struct{ r *boamp.Reader }

func newBOAMPSource(r io.Reader) source { return &boampSource{r: boamp.NewReader(r)} }

func (s *boampSource) next() (record, error) {
	rec, err := s.r.Next()
	var recErr *boamp.RecordError
	if errors.As(err, &recErr) {
		return record{}, &Rejection{Position: fmt.Sprintf("enregistrement %d", recErr.Index+1), ID: recErr.ID, Reason: recErr.Reason}
	}
	if err != nil {
		return record{}, err // io.EOF, or a *SyntaxError that ends the file
	}
	cr := core.ConsultationRecord{Consultation: rec.Consultation, Buyer: rec.Buyer}
	return record{add: func(b *core.ImportBatch) { b.Consultations = append(b.Consultations, cr) },
		warnings: len(rec.Warnings)}, nil
}

// decpSource reads DECP awarded contracts: each becomes an awarded consultation of
// its buyer (known by SIRET), linked to its winner's SIRET, which the catalog's
// companies carry too.
type decpSource struct{ r *decp.Reader }

func newDECPSource(r io.Reader) source { return &decpSource{r: decp.NewReader(r)} }

func (s *decpSource) next() (record, error) {
	rec, err := s.r.Next()
	var recErr *decp.RecordError
	if errors.As(err, &recErr) {
		return record{}, &Rejection{Position: fmt.Sprintf("enregistrement %d", recErr.Index+1), ID: recErr.ID, Reason: recErr.Reason}
	}
	if err != nil {
		return record{}, err
	}
	c := tender.Consultation{Reference: "decp:" + rec.BuyerSIRET + ":" + rec.ID, Object: rec.Object,
		Procedure: rec.Procedure, Status: tender.Awarded, PublishedAt: rec.NotifiedAt, AmountCents: rec.AmountCents,
		Source: "decp"}
	if rec.CPV != "" {
		c.CPV, c.ContractType = []string{rec.CPV}, tender.ContractTypeOf(rec.CPV)
	}
	for _, w := range rec.Winners {
		if w.IDType == "SIRET" {
			c.WinnerSIRET = w.ID
			break
		}
	}
	cr := core.ConsultationRecord{Consultation: c, Buyer: tender.Buyer{SIRET: rec.BuyerSIRET}}
	return record{add: func(b *core.ImportBatch) { b.Consultations = append(b.Consultations, cr) },
		warnings: len(rec.Warnings)}, nil
}

package importer

import (
	"errors"
	"fmt"
	"io"

	"github.com/guichet/guichet/internal/company"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/importer/buyers"
	"github.com/guichet/guichet/internal/importer/sirene"
)

// open builds the source of a kind of file.
func open(kind Kind, r io.Reader, o Options) (source, error) {
	switch kind {
	case Sirene:
		sr, err := sirene.NewReader(r, sirene.Options{Departements: o.Departements, ActiveOnly: false})
		if err != nil {
			return nil, err
		}
		return &sireneSource{r: sr}, nil
	case Buyers:
		br, err := buyers.NewReader(r)
		if err != nil {
			return nil, err
		}
		return &buyersSource{r: br}, nil
	case BOAMP:
		return newBOAMPSource(r), nil
	case DECP:
		return newDECPSource(r), nil
	}
	return nil, fmt.Errorf("type d'import inconnu %q", kind)
}

// sireneSource reads a SIRENE stock file: establishments become catalog
// companies; legal units update the establishments of their SIREN.
type sireneSource struct{ r *sirene.Reader }

func (s *sireneSource) next() (record, error) {
	rec, err := s.r.Next()
	var rowErr *sirene.RowError
	if errors.As(err, &rowErr) {
		return record{}, &Rejection{Position: fmt.Sprintf("ligne %d", rowErr.Line), ID: rowErr.SIRET, Reason: rowErr.Reason}
	}
	if err != nil {
		return record{}, err
	}
	c := company.Company{SIRET: rec.SIRET, SIREN: rec.SIREN, Name: rec.Name, Size: rec.Size, NAF: rec.NAF,
		CommuneCode: rec.CommuneCode, Departement: rec.Departement, PostalCode: rec.PostalCode, SIRETValid: rec.SIRETValid}
	if rec.SIRET == "" { // a legal unit
		return record{add: func(b *core.ImportBatch) { b.Units = append(b.Units, c) }, warnings: len(rec.Warnings)}, nil
	}
	if c.Name == "" {
		// StockEtablissement often has no name of its own: the legal unit's comes
		// with the StockUniteLegale file, imported after.
		c.Name = "Établissement " + rec.SIRET
	}
	return record{add: func(b *core.ImportBatch) { b.Companies = append(b.Companies, c) }, warnings: len(rec.Warnings)}, nil
}

// buyersSource reads the buyers CSV.
type buyersSource struct{ r *buyers.Reader }

func (s *buyersSource) next() (record, error) {
	rec, err := s.r.Next()
	var rowErr *buyers.RowError
	if errors.As(err, &rowErr) {
		return record{}, &Rejection{Position: fmt.Sprintf("ligne %d", rowErr.Line), ID: rowErr.SIRET, Reason: rowErr.Error()}
	}
	if err != nil {
		return record{}, err
	}
	b := rec.Buyer
	return record{add: func(batch *core.ImportBatch) { batch.Buyers = append(batch.Buyers, b) }, warnings: len(rec.Warnings)}, nil
}

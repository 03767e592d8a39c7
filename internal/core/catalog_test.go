package core_test

import (
	"context"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/company"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/store/storetest"
	"github.com/guichet/guichet/internal/tender"
)

func TestImportIsIdempotentAndDerivesTheService(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		deadline := f.now.Add(10 * 24 * time.Hour)
		batch := core.ImportBatch{Source: "boamp:test", Position: 2,
			Companies: []company.Company{{SIRET: "44306184100047", SIREN: "443061841", Name: "MENUISERIE DUPONT",
				Size: company.TPE, CommuneCode: "69123", Departement: "69", SIRETValid: true}},
			Consultations: []core.ConsultationRecord{{
				Consultation: tender.Consultation{Reference: "26-123456", Object: "Maintenance des ascenseurs",
					CPV: []string{"50750000-7"}, Status: tender.Open, Deadline: deadline},
				Buyer: tender.Buyer{Name: "Ville de Lyon", Kind: tender.Commune}}, {
				Consultation: tender.Consultation{Reference: "2026-REG-014", Object: "Réfection des toitures",
					CPV: []string{"45261000-4"}, Status: tender.Open, Deadline: deadline},
				Buyer: tender.Buyer{SIRET: "23840001500013", Name: "Région Auvergne-Rhône-Alpes", Own: true}}},
		}
		first, err := f.svc.Import(ctx, access.System(), batch)
		if err != nil || first.Created != 3 || first.Updated+first.Unchanged != 0 {
			t.Fatalf("first import: %+v %v", first, err)
		}
		again, err := f.svc.Import(ctx, access.System(), batch)
		if err != nil || again.Unchanged != 3 || again.Created+again.Updated != 0 {
			t.Fatalf("second import changed something: %+v %v", again, err)
		}
		if pos, _ := f.svc.ImportCheckpoint(ctx, "boamp:test"); pos != 2 {
			t.Fatalf("checkpoint %d", pos)
		}
		agent := f.actors[access.Agent]
		c, b, err := f.svc.Consultation(ctx, agent, "2026-REG-014")
		if err != nil || c.ServiceID != "travaux" || b == nil || !b.Own {
			t.Fatalf("consultation %+v buyer %+v %v", c, b, err)
		}
		open, err := f.svc.Consultations(ctx, agent, core.ConsultationQuery{Text: "ascenseurs lyon", OpenOnly: true})
		if err != nil || len(open) != 1 || open[0].ServiceID != "fournitures_services" {
			t.Fatalf("picker: %v %v", open, err)
		}
		if _, err := f.svc.Import(ctx, agent, batch); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("an agent imported: %v", err)
		}
	})
}

func TestImportBatchIsAllOrNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		bad := core.ImportBatch{Source: "buyers:x", Position: 2, Buyers: []tender.Buyer{
			{SIRET: "23840001500013", Name: "Région"},
			{SIRET: "69123000000016", Name: " "}, // no name: the batch is refused whole
		}}
		if _, err := f.svc.Import(ctx, access.System(), bad); fieldsOf(t, err)["buyers[1].name"] == "" {
			t.Fatalf("a buyer without a name was accepted: %v", err)
		}
		if list, _, _ := f.svc.Buyers(ctx, f.actors[access.Agent], "", 0, 10); len(list) != 0 {
			t.Fatalf("a failed batch left %d buyers", len(list))
		}
		if pos, _ := f.svc.ImportCheckpoint(ctx, "buyers:x"); pos != 0 {
			t.Fatalf("a failed batch moved the checkpoint to %d", pos)
		}
	})
}

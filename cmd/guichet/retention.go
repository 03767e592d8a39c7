package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/guichet/guichet/internal/core"
)

// runRetention anonymises the requests closed more than the retention period
// ago (GUICHET_RETENTION_YEARS, default 3), as the daily job does; --dry-run
// only lists them.
func runRetention(ctx context.Context, args []string, e env) error {
	fs := flags("retention", e)
	dry := fs.Bool("dry-run", false, "list the requests that would be anonymised, change nothing")
	years := fs.Int("years", 0, "retention period in years (default GUICHET_RETENTION_YEARS, 3)")
	data := fs.String("data", "", "data directory of the embedded store (GUICHET_DATA_DIR)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *years < 0 || *years > 50 {
		return fmt.Errorf("%w: --years %d (de 1 à 50)", errUsage, *years)
	}
	a, err := openApp(ctx, e, *data)
	if err != nil {
		return err
	}
	defer a.Close()
	svc := a.Core()
	rep, err := svc.ApplyRetention(ctx, *years, *dry)
	if err != nil {
		return err
	}
	printRetention(e, rep, *dry, svc)
	return nil
}

// erasedLabels name, in the order printed, the kinds of data a run erases
// (core.RetentionReport.Erased).
var erasedLabels = []struct{ kind, label string }{
	{"subject", "objets"}, {"messages", "messages"}, {"attachments", "pièces jointes"},
	{"audit_values", "entrées d'historique"}, {"outbox", "mails envoyés"}, {"inbound_mail", "mails reçus"},
	{"surveys", "enquêtes"}, {"callbacks", "rappels"}, {"calls", "appels"}, {"suggestions", "saisies du formulaire"},
	{"contact", "contacts"}, {"search_docs", "documents de recherche"},
}

func printRetention(e env, rep core.RetentionReport, dry bool, svc *core.Service) {
	cutoff := rep.Cutoff.In(svc.Location()).Format("02/01/2006")
	for _, it := range rep.Items {
		fmt.Fprintf(e.stdout, "%s\tclôturée le %s\n", it.Number, it.ClosedAt.In(svc.Location()).Format("02/01/2006"))
	}
	var parts []string
	for _, l := range erasedLabels {
		if n := rep.Erased[l.kind]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, l.label))
		}
	}
	if dry {
		fmt.Fprintf(e.stdout, "%d demande(s) closes avant le %s (%d ans) seraient anonymisées ; rien n'a été modifié.\n",
			len(rep.Items), cutoff, rep.Years)
		if len(parts) > 0 {
			fmt.Fprintf(e.stdout, "Seraient effacés : %s.\n", strings.Join(parts, ", "))
		}
		if rep.Files > 0 {
			fmt.Fprintf(e.stdout, "%d fichier(s) joint(s) d'une exécution interrompue seraient supprimés.\n", rep.Files)
		}
		return
	}
	fmt.Fprintf(e.stdout, "%d demande(s) closes avant le %s (%d ans) anonymisées.\n", rep.Done, cutoff, rep.Years)
	if len(parts) > 0 {
		fmt.Fprintf(e.stdout, "Effacés : %s.\n", strings.Join(parts, ", "))
	}
	if rep.Files > 0 {
		fmt.Fprintf(e.stdout, "%d fichier(s) joint(s) supprimé(s).\n", rep.Files)
	}
}

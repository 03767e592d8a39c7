package core

import (
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/ticket"
)

// publishTicket announces a change of tk to the workspaces watching it, once tx
// commits (kind: "created", "updated", "message").
func (s *Service) publishTicket(tx *store.Tx, tk *ticket.Ticket, kind string) {}

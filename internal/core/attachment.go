package core

import (
	"context"
	"io"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/attach"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/ticket"
)

// attachKeeper is the Keeper of o, or the default one: default limits,
// contents in the database, no virus scan.
func attachKeeper(o Options) *attach.Keeper {
	if o.Attach != nil {
		return o.Attach
	}
	return attach.New(attach.Options{Policy: attach.DefaultPolicy(), Blobs: o.Store.Blobs(), Logger: o.Logger})
}

// StoreAttachment is how every channel (the public form, the portal, incoming
// mail, the workspace) keeps a file that comes with a message. It reads r up
// to the channel's per-file limit, accepts the file only if its content (not
// its name) is of an accepted type, stores the content once under its SHA-256
// (a second identical file costs nothing), and has it scanned when a virus
// scanner is configured: a flagged file, or one the scanner could not check,
// comes back with Quarantined set and is never served.
//
// The Attachment returned is not linked to any message: pass it in
// NewTicket.Attachments or NewMessage.Attachments, and the use case writes its
// row in the message's transaction, after checking the count and total size
// per message. A content stored for a message that is finally not written is
// harmless (it is found by its hash if it comes again).
//
// Errors on the file itself are *errs.Error with code invalid on the field
// "attachments", with a French message naming the file (too large, refused
// type, empty); other errors are storage failures.
func (s *Service) StoreAttachment(ctx context.Context, channel ticket.Channel, name string, r io.Reader) (ticket.Attachment, error) {
	return s.attach.Keep(ctx, channel, name, r)
}

// AttachmentLimits returns the attachment limits of a channel, for the forms
// that tell the company what it may send.
func (s *Service) AttachmentLimits(channel ticket.Channel) attach.Limits {
	return s.attach.Policy().For(channel)
}

// checkAttachments enforces the per-message limits of channel on files.
func (s *Service) checkAttachments(channel ticket.Channel, files []ticket.Attachment) error {
	return s.attach.Policy().CheckMessage(channel, files)
}

// Attachment returns an attachment and its content for an agent allowed to
// read its request. A quarantined file is refused (forbidden); an attachment
// of a request the agent may not read is not found, as if it did not exist.
func (s *Service) Attachment(ctx context.Context, a access.Actor, id int64) (ticket.Attachment, []byte, error) {
	att, ticketID, err := s.store.FindAttachment(ctx, id)
	if err != nil {
		return att, nil, err
	}
	if _, err := s.Ticket(ctx, a, ticketID); err != nil {
		if errs.Is(err, errs.Forbidden) {
			return att, nil, errs.E(errs.NotFound, "La pièce jointe n° %d n'existe pas.", id)
		}
		return att, nil, err
	}
	data, err := s.attach.Open(ctx, att)
	return att, data, err
}

// viaChannel is the channel whose limits bound a message's attachments.
func viaChannel(via, ticketChannel ticket.Channel) ticket.Channel {
	if via != "" {
		return via
	}
	return ticketChannel
}

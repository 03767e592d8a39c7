-- E-mail in and out (docs/mail.md). Times are BIGINT microseconds since the Unix epoch, UTC.

-- outbox holds every mail to send, written in the transaction of the change that
-- causes it. The delivery job claims due rows with a lease (lease_owner,
-- lease_until): a crashed sender's rows become due again when the lease expires,
-- and two instances never hold the same row at once.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    dedup_key       TEXT UNIQUE,              -- OutMail.Key; NULL when the mail has none
    template        TEXT NOT NULL,
    lang            TEXT NOT NULL DEFAULT 'fr',
    ticket_id       BIGINT REFERENCES tickets(id),
    recipients      TEXT NOT NULL,            -- comma-separated addresses
    subject         TEXT NOT NULL,
    message_id      TEXT NOT NULL UNIQUE,     -- without angle brackets
    raw             TEXT NOT NULL,            -- the whole RFC 5322 message, 7-bit
    state           TEXT NOT NULL DEFAULT 'pending', -- pending, sent, failed
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    lease_owner     TEXT NOT NULL DEFAULT '',
    lease_until     BIGINT,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      BIGINT NOT NULL,
    sent_at         BIGINT
);
CREATE INDEX outbox_due ON outbox (state, next_attempt_at, id);
CREATE INDEX outbox_ticket ON outbox (ticket_id, id);

-- mail_templates holds an administrator's version of a template; the embedded
-- default applies when there is none.
CREATE TABLE mail_templates (
    name       TEXT NOT NULL,
    lang       TEXT NOT NULL,
    source     TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    updated_by BIGINT REFERENCES users(id),
    PRIMARY KEY (name, lang)
);

-- mail_keys holds the secrets shared by every instance (the key that signs reply
-- tokens), generated at first use.
CREATE TABLE mail_keys (
    name       TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- inbound_mail records every mail read from an IMAP mailbox, in the transaction
-- of the ticket change it caused, so that a mail is processed once even when a
-- poll is interrupted or two instances poll the same mailbox.
CREATE TABLE inbound_mail (
    id           INTEGER PRIMARY KEY,
    mailbox      TEXT NOT NULL,
    uid_validity BIGINT NOT NULL,
    uid          BIGINT NOT NULL,
    message_id   TEXT NOT NULL DEFAULT '',
    from_addr    TEXT NOT NULL DEFAULT '',
    subject      TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL,              -- created, reply, ignored, duplicate
    reason       TEXT NOT NULL DEFAULT '',
    ticket_id    BIGINT REFERENCES tickets(id),
    message_ref  BIGINT REFERENCES messages(id),
    flags        TEXT NOT NULL DEFAULT '',   -- comma-separated: sender_mismatch, forged_token, …
    full_text    TEXT NOT NULL DEFAULT '',   -- the text before quotes and signature were folded
    attachments  TEXT NOT NULL DEFAULT '',   -- JSON list of {name, type, size, kept}
    received_at  BIGINT NOT NULL,
    UNIQUE (mailbox, uid_validity, uid)
);
CREATE INDEX inbound_mail_message_id ON inbound_mail (message_id);
CREATE INDEX inbound_mail_ticket ON inbound_mail (ticket_id, id);

-- The procurement catalog: buyers, consultations and their lots, the companies'
-- addresses and the contacts' roles, and the checkpoints that make imports resumable.

CREATE TABLE buyers (
    id          INTEGER PRIMARY KEY,
    siret       TEXT NOT NULL DEFAULT '',
    name        TEXT NOT NULL,
    name_key    TEXT NOT NULL, -- lower-cased, accent-folded name: buyers known only by name match on it
    kind        TEXT NOT NULL DEFAULT 'other',
    email       TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    profile_url TEXT NOT NULL DEFAULT '',
    qa_url      TEXT NOT NULL DEFAULT '',
    own         INTEGER NOT NULL DEFAULT 0,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE UNIQUE INDEX buyers_siret ON buyers (siret) WHERE siret <> '';
CREATE INDEX buyers_name_key ON buyers (name_key);

CREATE TABLE consultations (
    id            INTEGER PRIMARY KEY,
    reference     TEXT NOT NULL UNIQUE,
    buyer_id      BIGINT REFERENCES buyers(id),
    object        TEXT NOT NULL,
    procedure     TEXT NOT NULL DEFAULT '',
    contract_type TEXT NOT NULL DEFAULT '',
    cpv           TEXT NOT NULL DEFAULT '', -- main CPV code
    cpv_all       TEXT NOT NULL DEFAULT '', -- every CPV code, space-separated
    published_at  BIGINT,
    deadline      BIGINT,
    urgent        INTEGER NOT NULL DEFAULT 0,
    status        TEXT NOT NULL DEFAULT 'open',
    notice_url    TEXT NOT NULL DEFAULT '',
    amount_cents  BIGINT NOT NULL DEFAULT 0,
    winner_siret  TEXT NOT NULL DEFAULT '',
    winner_name   TEXT NOT NULL DEFAULT '',
    service_id    TEXT NOT NULL DEFAULT '',
    source        TEXT NOT NULL DEFAULT '',
    search_key    TEXT NOT NULL DEFAULT '', -- folded reference, object, buyer and CPV, for the picker
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX consultations_status_deadline ON consultations (status, deadline, id);
CREATE INDEX consultations_buyer ON consultations (buyer_id, deadline);

CREATE TABLE lots (
    consultation_id BIGINT NOT NULL REFERENCES consultations(id),
    number          INTEGER NOT NULL,
    title           TEXT NOT NULL DEFAULT '',
    cpv             TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (consultation_id, number)
);

ALTER TABLE companies ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE companies ADD COLUMN postal_code TEXT NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN role TEXT NOT NULL DEFAULT '';

CREATE TABLE import_checkpoints (
    source     TEXT PRIMARY KEY, -- kind and fingerprint of the file
    position   BIGINT NOT NULL,  -- records fully committed
    updated_at BIGINT NOT NULL
);

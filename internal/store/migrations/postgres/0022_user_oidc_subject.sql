-- The identity an account is linked to at its identity provider (single
-- sign-on, docs/operations.md): the ID token's issuer and subject, which
-- OpenID Connect makes the stable key of a person. The e-mail claim is not:
-- a provider may give a departed employee's address to a newcomer, and
-- addresses change. Both NULL until the account's first SSO sign-in (local
-- accounts, API-only accounts); set together, cleared together by
-- `guichet user sso-unlink`.
--
-- One account per (issuer, subject): the unique index ignores the unlinked
-- accounts, as NULLs are distinct in a unique index in both databases.
ALTER TABLE users ADD COLUMN oidc_issuer TEXT;
ALTER TABLE users ADD COLUMN oidc_subject TEXT;
CREATE UNIQUE INDEX users_oidc_subject ON users (oidc_issuer, oidc_subject);

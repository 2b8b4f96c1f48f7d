-- The audit log (GET /v1/audit, docs/security.md "Audit log"): one row per merchant write, written
-- in the write's own transaction. Who: the API key's id (never the key), with the request's id;
-- what: an action name, its target and a small JSON summary (never a secret); when: server time.
-- Keyed by shop first; id is time-ordered (the list's cursor, newest first). Kept for ever unless
-- the operator deletes rows: nothing purges it.
CREATE TABLE audit_log (
  shop_id TEXT NOT NULL,
  id TEXT NOT NULL,
  at BIGINT NOT NULL,
  key_id TEXT,
  request_id TEXT,
  action TEXT NOT NULL,
  target_type TEXT NOT NULL,
  target_id TEXT NOT NULL,
  summary TEXT NOT NULL,
  PRIMARY KEY (shop_id, id)
) ${without_rowid};
-- The filters that narrow a long log: by action, by target, by key (each newest first).
CREATE INDEX audit_by_action ON audit_log (shop_id, action, id);
CREATE INDEX audit_by_target ON audit_log (shop_id, target_id, id);
CREATE INDEX audit_by_key ON audit_log (shop_id, key_id, id);

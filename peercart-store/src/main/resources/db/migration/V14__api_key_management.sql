-- Merchants manage their own API keys (GET/POST /v1/keys, DELETE /v1/keys/{id}): a key gets an
-- id to name it by, a name, a scope (write, or read: GET only), a short non-secret hint
-- (its first 8 characters, for keys this server generated) and a revocation time. Rebuilt rather
-- than altered so that id, name and scope are NOT NULL on both engines.
CREATE TABLE api_keys_v14 (
  shop_id TEXT NOT NULL,
  id TEXT NOT NULL,
  key_hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('operator', 'merchant')),
  name TEXT NOT NULL,
  scope TEXT NOT NULL CHECK (scope IN ('write', 'read')),
  hint TEXT,
  created_at BIGINT NOT NULL,
  revoked_at BIGINT,
  PRIMARY KEY (shop_id, id)
) ${without_rowid};
-- Existing keys: write scope, named after what made them, no hint (only their hash is known).
-- Their ids are derived from the hash and start with key_00, before every generated id (key_01...
-- until the year 2039), so a shop's list still starts with its oldest keys.
INSERT INTO api_keys_v14 (shop_id, id, key_hash, role, name, scope, hint, created_at, revoked_at)
SELECT shop_id, 'key_00' || substr(key_hash, 1, 24), key_hash, role,
       CASE role WHEN 'operator' THEN 'operator' ELSE 'first key' END, 'write', NULL, created_at, NULL
FROM api_keys;
DROP TABLE api_keys;
ALTER TABLE api_keys_v14 RENAME TO api_keys;
-- Every authenticated merchant request (past the cache) resolves its key by hash.
CREATE UNIQUE INDEX api_keys_by_hash ON api_keys (key_hash);

-- The id (a hash, never the key) of the key that seals this database's stored secrets: a node
-- started with another key refuses to start instead of failing on every secret (docs/security.md).
CREATE TABLE secret_key (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  key_id TEXT NOT NULL
);

-- A shop's rate limits (GET/PUT /v1/settings/limits), as JSON; no row: the defaults
-- (RateLimits.DEFAULT). One row per shop that set its own.
CREATE TABLE rate_limit_settings (
  shop_id TEXT PRIMARY KEY,
  settings TEXT NOT NULL,
  updated_at BIGINT NOT NULL
) ${without_rowid};
-- Token buckets shared by every node of a cluster, kept by Bucket4j's PostgreSQL proxy manager
-- (its table layout: one key column, the serialized bucket, its expiry in epoch milliseconds).
-- Used on PostgreSQL only (on SQLite the one node keeps its buckets in memory). The key starts
-- with the shop id; a bucket's row is deleted once it would be full again (expires_at), by the
-- scheduler in bounded batches, so the table holds only callers active in the last few minutes.
CREATE TABLE rate_limit_buckets (
  id TEXT PRIMARY KEY,
  state BYTEA,
  expires_at BIGINT
) ${without_rowid};
CREATE INDEX rate_limit_buckets_by_expiry ON rate_limit_buckets (expires_at);

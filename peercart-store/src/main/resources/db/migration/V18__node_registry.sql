-- The cluster's node registry (GET /v1/cluster): each node upserts its row every few seconds; a
-- node whose heartbeat is older than the lease period is shown dead (its leases and claimed
-- deliveries expire with the same period and are taken over). Cluster-wide, so not keyed by shop.
-- Rows of nodes gone for an hour are purged: bounded by the nodes started in the last hour.
CREATE TABLE nodes (
  id TEXT PRIMARY KEY,
  address TEXT NOT NULL,
  version TEXT NOT NULL,
  started_at BIGINT NOT NULL,
  heartbeat_at BIGINT NOT NULL,
  stopped_at BIGINT,
  outbox_position BIGINT NOT NULL
) ${without_rowid};
CREATE INDEX nodes_by_heartbeat ON nodes (heartbeat_at);
-- GET /v1/cluster counts each node's claimed webhook deliveries
CREATE INDEX webhook_deliveries_by_lease_owner ON webhook_deliveries (lease_owner);

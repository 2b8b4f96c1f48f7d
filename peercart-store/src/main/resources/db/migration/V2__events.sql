-- Live events and webhooks. Instants are epoch milliseconds.
-- The shop-wide stream (GET /v1/events) replays a shop's events in seq order.
CREATE INDEX outbox_by_shop ON outbox (shop_id, seq);

-- A merchant's webhook endpoints. events: JSON array of type patterns ("order.*", "*", exact).
-- Only events after from_seq (the outbox position when the endpoint was created) go to it.
CREATE TABLE webhook_endpoints (
  shop_id TEXT NOT NULL,
  id TEXT NOT NULL,
  url TEXT NOT NULL,
  events TEXT NOT NULL,
  secret TEXT NOT NULL,
  previous_secret TEXT,
  previous_secret_until BIGINT,
  from_seq BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (shop_id, id)
);

-- One event to one endpoint: claimed by one node at a time (lease_owner until lease_until),
-- retried with backoff (failures since the last success or redelivery) until SUCCEEDED or FAILED.
CREATE TABLE webhook_deliveries (
  id TEXT PRIMARY KEY,
  shop_id TEXT NOT NULL,
  endpoint_id TEXT NOT NULL,
  event_seq BIGINT NOT NULL,
  event_type TEXT NOT NULL,
  aggregate_id TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('PENDING', 'SUCCEEDED', 'FAILED')),
  attempts INTEGER NOT NULL,
  failures INTEGER NOT NULL,
  next_attempt_at BIGINT NOT NULL,
  lease_owner TEXT,
  lease_until BIGINT,
  last_attempt_at BIGINT,
  last_status INTEGER,
  last_error TEXT,
  delivered_at BIGINT,
  created_at BIGINT NOT NULL,
  UNIQUE (endpoint_id, event_seq)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX webhook_deliveries_in_order ON webhook_deliveries (endpoint_id, aggregate_id, event_seq) WHERE status = 'PENDING';
CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (shop_id, endpoint_id, id);

-- How far the outbox has been turned into deliveries (one row). Starts at the current end: events
-- older than the webhook feature are not delivered.
CREATE TABLE webhook_cursor (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq BIGINT NOT NULL
);
INSERT INTO webhook_cursor (id, seq) SELECT 1, COALESCE(MAX(seq), 0) FROM outbox;

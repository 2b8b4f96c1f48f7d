-- Instants are epoch milliseconds; money is fen. Every table starts with shop_id: the tenant
-- predicate is part of every key and every query. Tables keyed by text are WITHOUT ROWID, so a
-- row and its primary key are one b-tree: the hot path's inserts touch fewer pages.
CREATE TABLE shops (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  token_secret TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE TABLE api_keys (
  key_hash TEXT PRIMARY KEY,
  shop_id TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('operator', 'merchant')),
  created_at BIGINT NOT NULL
);
CREATE TABLE activities (
  shop_id TEXT NOT NULL,
  id TEXT NOT NULL,
  type TEXT NOT NULL,
  name TEXT NOT NULL,
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  cancelled_at BIGINT,
  pay_window_seconds INTEGER NOT NULL,
  time_zone TEXT NOT NULL,
  time_slots TEXT NOT NULL,
  rules TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (shop_id, id)
);
CREATE INDEX activities_by_type ON activities (shop_id, type, id);
-- Ids are globally unique: the public buyer view finds an activity by id alone.
CREATE UNIQUE INDEX activities_by_id ON activities (id);
CREATE TABLE activity_items (
  shop_id TEXT NOT NULL,
  activity_id TEXT NOT NULL,
  sku TEXT NOT NULL,
  position INTEGER NOT NULL,
  price BIGINT NOT NULL,
  original_price BIGINT,
  limit_per_buyer INTEGER NOT NULL,
  limit_per_order INTEGER NOT NULL,
  stock_total BIGINT NOT NULL,
  available BIGINT NOT NULL,
  leased BIGINT NOT NULL,
  reserved BIGINT NOT NULL,
  sold BIGINT NOT NULL,
  PRIMARY KEY (shop_id, activity_id, sku),
  CHECK (available >= 0 AND leased >= 0 AND reserved >= 0 AND sold >= 0),
  CHECK (stock_total = available + leased + reserved + sold)
) WITHOUT ROWID;
CREATE INDEX activity_items_by_sku ON activity_items (shop_id, sku);
CREATE TABLE leases (
  id TEXT PRIMARY KEY,
  shop_id TEXT NOT NULL,
  activity_id TEXT NOT NULL,
  sku TEXT NOT NULL,
  node_id TEXT NOT NULL,
  units BIGINT NOT NULL CHECK (units >= 0),
  expires_at BIGINT NOT NULL
) WITHOUT ROWID;
CREATE INDEX leases_by_expiry ON leases (expires_at);
CREATE INDEX leases_by_node ON leases (node_id);
CREATE TABLE orders (
  shop_id TEXT NOT NULL,
  id TEXT NOT NULL,
  activity_id TEXT NOT NULL,
  buyer_id TEXT NOT NULL,
  sku TEXT NOT NULL,
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  unit_price BIGINT NOT NULL,
  amount BIGINT NOT NULL,
  status TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  pay_deadline BIGINT NOT NULL,
  paid_at BIGINT,
  payment_ref TEXT,
  closed_at BIGINT,
  reason TEXT,
  PRIMARY KEY (shop_id, id)
) WITHOUT ROWID;
CREATE INDEX orders_by_activity ON orders (shop_id, activity_id, id);
CREATE INDEX orders_unpaid_due ON orders (pay_deadline) WHERE status = 'PENDING_PAYMENT';
-- The final word on per-buyer limits: units held per buyer and sku, never above the limit.
CREATE TABLE buyer_quota (
  shop_id TEXT NOT NULL,
  activity_id TEXT NOT NULL,
  sku TEXT NOT NULL,
  buyer_id TEXT NOT NULL,
  units INTEGER NOT NULL,
  max_units INTEGER NOT NULL,
  PRIMARY KEY (shop_id, activity_id, sku, buyer_id),
  CHECK (units >= 0 AND units <= max_units)
) WITHOUT ROWID;
CREATE TABLE outbox (
  seq INTEGER PRIMARY KEY, -- rowid: max + 1, so numbered in commit order (one writer)
  shop_id TEXT NOT NULL,
  activity_id TEXT,
  type TEXT NOT NULL,
  aggregate_id TEXT NOT NULL,
  public_event INTEGER NOT NULL,
  payload TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX outbox_by_activity ON outbox (shop_id, activity_id, seq);
CREATE TABLE idempotency (
  shop_id TEXT NOT NULL,
  principal TEXT NOT NULL,
  idem_key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  body TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (shop_id, principal, idem_key)
) WITHOUT ROWID;
CREATE INDEX idempotency_by_age ON idempotency (created_at);

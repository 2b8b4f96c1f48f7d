-- auction (降价拍) and fCode (F码). Instants are epoch milliseconds; every table starts with shop_id.

-- The next price drop of each auction that is still to be announced (one row per auction; deleted
-- when no drop is left). The scheduler finds due rows by due_at and advances next_drop
-- conditionally, so each drop is announced once across restarts and peers.
CREATE TABLE auction_drops (
  shop_id TEXT NOT NULL,
  activity_id TEXT NOT NULL,
  next_drop BIGINT NOT NULL,
  due_at BIGINT NOT NULL,
  PRIMARY KEY (shop_id, activity_id)
) ${without_rowid};
CREATE INDEX auction_drops_due ON auction_drops (due_at);

-- F codes, unique across the shop. A code follows its order: LOCKED with order_id set when the
-- order is created, USED when it is paid, back to UNUSED (order_id cleared) on cancel or timeout.
CREATE TABLE fcode_batches (
  shop_id TEXT NOT NULL,
  id TEXT NOT NULL,
  activity_id TEXT NOT NULL,
  codes INTEGER NOT NULL,
  prefix TEXT,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (shop_id, id)
) ${without_rowid};
CREATE INDEX fcode_batches_by_activity ON fcode_batches (shop_id, activity_id, id);
CREATE TABLE fcodes (
  shop_id TEXT NOT NULL,
  code TEXT NOT NULL,
  activity_id TEXT NOT NULL,
  batch_id TEXT NOT NULL,
  seq INTEGER NOT NULL, -- position in its batch: lists follow generation order
  status TEXT NOT NULL CHECK (status IN ('UNUSED', 'LOCKED', 'USED')),
  order_id TEXT,
  buyer_id TEXT,
  reusable_after_refund INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  changed_at BIGINT,
  PRIMARY KEY (shop_id, code),
  CHECK ((status = 'UNUSED') = (order_id IS NULL))
) ${without_rowid};
CREATE UNIQUE INDEX fcodes_by_batch ON fcodes (shop_id, activity_id, batch_id, seq);
CREATE INDEX fcodes_by_order ON fcodes (shop_id, order_id) WHERE order_id IS NOT NULL;

-- Wrong codes per buyer in the last hour (epoch millis, comma-separated, at most the limit).
CREATE TABLE fcode_wrong_codes (
  shop_id TEXT NOT NULL,
  buyer_id TEXT NOT NULL,
  failures TEXT NOT NULL,
  last_at BIGINT NOT NULL,
  PRIMARY KEY (shop_id, buyer_id)
) ${without_rowid};
CREATE INDEX fcode_wrong_codes_by_age ON fcode_wrong_codes (last_at);

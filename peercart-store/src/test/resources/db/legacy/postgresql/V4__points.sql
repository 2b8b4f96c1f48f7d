-- The points ledger (double-entry), transfer settings, pointsExchange prices and presentExchange grants.
-- Accounts: per member AVAILABLE and FROZEN (never negative), per shop ISSUED, REDEEMED, EXPIRED and
-- FEES. Every transaction's entries sum to zero, so all balances of a shop sum to zero; each balance
-- is kept in the transaction that writes its entries. A member account is one row (node ''), locked
-- by whoever moves it; a shop account has one row per node that wrote to it (its balance is their
-- sum), so peers never wait for each other on a shop's hot FEES or REDEEMED row.
CREATE TABLE points_accounts (
  shop_id TEXT NOT NULL,
  id TEXT NOT NULL,
  node TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('ISSUED', 'REDEEMED', 'EXPIRED', 'FEES', 'AVAILABLE', 'FROZEN')),
  buyer_id TEXT,
  balance BIGINT NOT NULL,
  PRIMARY KEY (shop_id, id, node),
  CHECK (kind NOT IN ('AVAILABLE', 'FROZEN') OR balance >= 0)
);
CREATE TABLE points_transactions (
  shop_id TEXT NOT NULL,
  id TEXT NOT NULL,
  type TEXT NOT NULL,
  buyer_id TEXT NOT NULL,
  counterparty_id TEXT,
  amount BIGINT NOT NULL CHECK (amount > 0),
  fee BIGINT NOT NULL CHECK (fee >= 0),
  freeze_id TEXT,
  order_id TEXT,
  reason TEXT,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (shop_id, id)
);
-- daily transfer caps: what a member sent since the start of the day
CREATE INDEX points_transactions_by_sender ON points_transactions (shop_id, buyer_id, type, created_at);
CREATE TABLE points_entries (
  shop_id TEXT NOT NULL,
  transaction_id TEXT NOT NULL,
  account_id TEXT NOT NULL,
  amount BIGINT NOT NULL,
  PRIMARY KEY (shop_id, transaction_id, account_id)
);
-- A member's history: one row per transaction that moved their points.
CREATE TABLE points_member_journal (
  shop_id TEXT NOT NULL,
  buyer_id TEXT NOT NULL,
  transaction_id TEXT NOT NULL,
  available_delta BIGINT NOT NULL,
  frozen_delta BIGINT NOT NULL,
  PRIMARY KEY (shop_id, buyer_id, transaction_id)
);
-- Earned points, spent oldest first; their remaining points sum to the member's available balance.
CREATE TABLE points_lots (
  shop_id TEXT NOT NULL,
  id TEXT NOT NULL,
  buyer_id TEXT NOT NULL,
  amount BIGINT NOT NULL,
  remaining BIGINT NOT NULL,
  expires_at BIGINT,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (shop_id, id),
  CHECK (remaining >= 0 AND remaining <= amount)
);
CREATE INDEX points_lots_by_member ON points_lots (shop_id, buyer_id, created_at, id);
CREATE INDEX points_lots_due ON points_lots (expires_at) WHERE remaining > 0 AND expires_at IS NOT NULL;
-- Points held for an order (or a merchant's own checkout); lots: the JSON of the lot parts taken.
CREATE TABLE points_freezes (
  shop_id TEXT NOT NULL,
  id TEXT NOT NULL,
  buyer_id TEXT NOT NULL,
  amount BIGINT NOT NULL CHECK (amount > 0),
  status TEXT NOT NULL CHECK (status IN ('HELD', 'CONSUMED', 'RELEASED', 'REVERTED')),
  order_id TEXT,
  lots TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  closed_at BIGINT,
  PRIMARY KEY (shop_id, id)
);
CREATE UNIQUE INDEX points_freezes_by_order ON points_freezes (shop_id, order_id);
CREATE TABLE points_settings (
  shop_id TEXT PRIMARY KEY,
  enabled INTEGER NOT NULL,
  fee_basis_points INTEGER NOT NULL,
  min_amount BIGINT NOT NULL,
  max_amount BIGINT NOT NULL,
  daily_cap BIGINT,
  updated_at BIGINT NOT NULL
);
-- pointsExchange: the points part of an item's price (price stays the cash part, in fen).
ALTER TABLE activity_items ADD COLUMN points_price BIGINT NOT NULL DEFAULT 0;
-- presentExchange: presents granted to named buyers (by the merchant or as another activity's reward).
CREATE TABLE present_grants (
  shop_id TEXT NOT NULL,
  activity_id TEXT NOT NULL,
  buyer_id TEXT NOT NULL,
  units INTEGER NOT NULL,
  claimed INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('OPEN', 'EXPIRED')),
  source TEXT NOT NULL,
  granted_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  PRIMARY KEY (shop_id, activity_id, buyer_id),
  CHECK (claimed >= 0 AND claimed <= units)
);
CREATE INDEX present_grants_due ON present_grants (expires_at) WHERE status = 'OPEN';

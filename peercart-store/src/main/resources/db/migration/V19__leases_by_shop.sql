-- Leases are keyed by shop first, as every other shop's table is, so that the schema can be
-- distributed by shop_id (docs/capacity.md) and a lease's conditional UPDATE on the order path
-- finds its row through the key with the shop in it. Rebuilt rather than altered: SQLite cannot
-- change a primary key. The lease ids stay the same.
CREATE TABLE leases_v19 (
  shop_id TEXT NOT NULL,
  id TEXT NOT NULL,
  activity_id TEXT NOT NULL,
  sku TEXT NOT NULL,
  node_id TEXT NOT NULL,
  units BIGINT NOT NULL CHECK (units >= 0),
  expires_at BIGINT NOT NULL,
  PRIMARY KEY (shop_id, id)
) ${without_rowid};
INSERT INTO leases_v19 (shop_id, id, activity_id, sku, node_id, units, expires_at)
  SELECT shop_id, id, activity_id, sku, node_id, units, expires_at FROM leases;
DROP TABLE leases;
ALTER TABLE leases_v19 RENAME TO leases;
CREATE INDEX leases_by_expiry ON leases (expires_at);
CREATE INDEX leases_by_node ON leases (node_id);

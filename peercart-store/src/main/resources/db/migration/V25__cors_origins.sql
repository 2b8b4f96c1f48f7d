-- The browser origins each shop lets call the API (CORS; PUT /v1/settings/cors, docs/security.md
-- "Browser callers"): one row per shop and origin, at most 20 per shop, in the order the merchant
-- gave (position). No row: no browser origin may call for the shop (the default). Keyed by shop
-- first; every node also reads the whole table every few seconds (a few rows per shop that uses
-- CORS) to answer preflights, which carry no credential and so name no shop.
CREATE TABLE shop_cors_origins (
  shop_id TEXT NOT NULL,
  origin TEXT NOT NULL,
  position INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (shop_id, origin)
) ${without_rowid};

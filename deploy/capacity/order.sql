-- One accepted seckill order as the store writes it alone (docs/capacity.md): the statements and
-- their order are those StatementCostTest prints for "seckill order, one at a time". Each buyer is
-- new (quota row inserted), the units come from a lease row, the sku's stock moves, the order and
-- its event are written, the sku's stock event follows. 11 round trips from the store, one commit
-- (pgbench sends BEGIN on its own: one more here).
\set b random(1, 1000000000)
\set s random(1, 64)
BEGIN;
SELECT pg_advisory_xact_lock(5063297382174179924), pg_notify('peercart_outbox', '');
SAVEPOINT sp1;
INSERT INTO buyer_quota (shop_id, activity_id, sku, buyer_id, units, max_units) VALUES ('shop_' || :s, 'act_cap_' || :s, 'S1', 'b' || :b || '_' || :client_id, 1, 1) ON CONFLICT (shop_id, activity_id, sku, buyer_id) DO UPDATE SET units = buyer_quota.units + excluded.units, max_units = excluded.max_units WHERE buyer_quota.units + excluded.units <= excluded.max_units;
UPDATE leases SET units = units - 1 WHERE shop_id = 'shop_' || :s AND id = 'lease_cap' AND units >= 1;
UPDATE activity_items SET leased = leased - 1, reserved = reserved + 1 WHERE shop_id = 'shop_' || :s AND activity_id = 'act_cap_' || :s AND sku = 'S1';
INSERT INTO orders (shop_id, id, activity_id, buyer_id, sku, quantity, unit_price, amount, status, created_at, pay_deadline, paid_at, payment_ref, closed_at, reason) VALUES ('shop_' || :s, 'ord_' || :b || '_' || :client_id || '_' || (extract(epoch from clock_timestamp()) * 1000000)::bigint, 'act_cap_' || :s, 'b' || :b || '_' || :client_id, 'S1', 1, 100, 100, 'PENDING_PAYMENT', 1893456000000, 1893456900000, NULL, NULL, NULL, NULL);
INSERT INTO outbox (shop_id, activity_id, type, aggregate_id, public_event, payload, created_at) VALUES ('shop_' || :s, 'act_cap_' || :s, 'order.created', 'ord_x', 1, '{"orderId":"ord_x","buyerId":"b","sku":"S1","quantity":1,"amountFen":100,"status":"PENDING_PAYMENT"}', 1893456000000);
RELEASE sp1;
SELECT available + leased FROM activity_items WHERE shop_id = 'shop_' || :s AND activity_id = 'act_cap_' || :s AND sku = 'S1';
INSERT INTO outbox (shop_id, activity_id, type, aggregate_id, public_event, payload, created_at) VALUES ('shop_' || :s, 'act_cap_' || :s, 'stock.changed', 'S1', 1, '{"sku":"S1","available":1000}', 1893456000000);
COMMIT;

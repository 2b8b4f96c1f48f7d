-- GET /v1/orders searches a shop's orders in id (= creation) order by buyer, status or sku; each
-- such filter alone would otherwise read every order of the shop. activity_id has
-- orders_by_activity (V1); a type is resolved to its activities through activities_by_type.
CREATE INDEX orders_by_buyer ON orders (shop_id, buyer_id, id);
CREATE INDEX orders_by_status ON orders (shop_id, status, id);
CREATE INDEX orders_by_sku ON orders (shop_id, sku, id);
-- The refund queue: a shop's REFUND_REQUESTED orders, oldest request first. closed_at is when the
-- order became REFUND_REQUESTED (OrderRules.requestRefund, the only way into that status, records
-- it): the queue is read in this partial index's order, its rows only.
CREATE INDEX orders_refund_queue ON orders (shop_id, closed_at, id) WHERE status = 'REFUND_REQUESTED';

-- GET /v1/orders/{orderId}/events reads one order's events (the outbox rows whose aggregate is the
-- order) in seq order: without this index the read would scan the order's whole activity.
CREATE INDEX outbox_by_aggregate ON outbox (shop_id, aggregate_id, seq);

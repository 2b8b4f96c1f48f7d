-- Seats left in each group as a column, so "auto" matching and the public open-groups list find
-- groups with a free seat in the index instead of reading full ones (a full group whose last seat
-- is an unpaid order stays OPEN until that order's pay window closes).
ALTER TABLE buyer_groups ADD COLUMN seats_left INTEGER NOT NULL DEFAULT 0;
UPDATE buyer_groups SET seats_left = size - json_array_length(members) WHERE status IN ('FORMING', 'OPEN');
CREATE INDEX buyer_groups_joinable ON buyer_groups (shop_id, activity_id, sku, status, seats_left, expires_at);

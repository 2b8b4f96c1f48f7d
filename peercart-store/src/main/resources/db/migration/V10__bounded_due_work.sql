-- Due work in bounded writer tasks (docs/groups.md, "Scheduled work"). A draw at the activity's end
-- is decided once (entries and winners written, applied = 0; the published view still keys on
-- drawn_at) and then applied a page of orders per task: applied is how many entries, in published
-- order, have had their orders moved. NULL: not decided yet.
ALTER TABLE draws ADD COLUMN applied INTEGER;
-- A tuan settlement is decided once (buyers and tier written) and its cashback paid a page of
-- orders per task, in order id order: settled_through is the last order id done ('' before the first
-- page), cashback_orders and cashback_total the running totals. NULL: not decided yet.
ALTER TABLE settlements ADD COLUMN settled_through TEXT;

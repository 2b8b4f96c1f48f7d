-- Bounded growth (docs/operations.md, "Retention"): outbox events and finished webhook deliveries
-- older than the retention (serve --retention-days, 30 by default) are purged by the scheduler in
-- bounded batches, oldest first.
--
-- How far the outbox has been purged (one row): every event with seq <= purged_through may be gone,
-- every later one is still there. A stream resuming from an id before it gets `event: reset`
-- instead of a silent gap (docs/events.md); 0 until the first purge.
CREATE TABLE outbox_retention (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  purged_through BIGINT NOT NULL
);
INSERT INTO outbox_retention (id, purged_through) VALUES (1, 0);
-- The delivery log's purge reads finished deliveries oldest first; the outbox purge keeps every event
-- a pending delivery still has to send (the oldest such event: the first row of this index).
CREATE INDEX webhook_deliveries_finished_by_age ON webhook_deliveries (created_at) WHERE status <> 'PENDING';
CREATE INDEX webhook_deliveries_pending_by_event ON webhook_deliveries (event_seq) WHERE status = 'PENDING';

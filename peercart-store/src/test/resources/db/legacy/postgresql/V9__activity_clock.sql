-- The activity's clock (docs/events.md): the next of activity.started / activity.ended still to be
-- announced, one row per activity (deleted after the end, or when the activity is cancelled).
-- Instants are epoch milliseconds. The scheduler finds due rows by due_at and claims each with a
-- conditional UPDATE/DELETE on next_event, so each event is written once across restarts and peers.
CREATE TABLE activity_clock (
  shop_id TEXT NOT NULL,
  activity_id TEXT NOT NULL,
  next_event TEXT NOT NULL CHECK (next_event IN ('started', 'ended')),
  due_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  PRIMARY KEY (shop_id, activity_id)
);
CREATE INDEX activity_clock_due ON activity_clock (due_at);

-- Activities that exist before this version: those still to start announce both; those running
-- now announce only their end (their start was before events for it existed).
INSERT INTO activity_clock (shop_id, activity_id, next_event, due_at, ends_at)
SELECT shop_id, id, CASE WHEN starts_at > (EXTRACT(EPOCH FROM now()) * 1000)::BIGINT THEN 'started' ELSE 'ended' END,
       CASE WHEN starts_at > (EXTRACT(EPOCH FROM now()) * 1000)::BIGINT THEN starts_at ELSE ends_at END, ends_at
FROM activities WHERE cancelled_at IS NULL AND ends_at > (EXTRACT(EPOCH FROM now()) * 1000)::BIGINT;

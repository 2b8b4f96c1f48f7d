package io.peercart.store.activity;

import io.peercart.store.outbox.Outbox;
import io.peercart.store.engine.Rows;
import io.peercart.store.engine.Tx;
import io.peercart.store.engine.Writer;

import io.peercart.core.Activity;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The public {@code activity.started} and {@code activity.ended} events, written when the clock
 * passes an activity's {@code startsAt} and {@code endsAt}. Each activity has one
 * {@code activity_clock} row with the next of the two still to announce, written with the activity
 * and deleted by its cancellation (in the cancelling transaction, so a cancelled activity never
 * announces anything after it). The scheduler looks for due rows with one indexed read (no writer
 * work when nothing is due), then in one writer task claims each with a conditional UPDATE/DELETE
 * on the event it read: only one writer wins it, across restarts, peers on one PostgreSQL and
 * stores on one SQLite file (the claim is the task's first statement, so SQLite takes its write
 * lock before reading anything). The event is appended in the claiming transaction: once, or not
 * at all.
 */
public final class ActivityClock {
    public static final String STARTED = "activity.started";
    public static final String ENDED = "activity.ended";

    private ActivityClock() {}

    private record Due(String shopId, String activityId, String nextEvent) {}

    /** In the activity's creating transaction. */
    public static void schedule(Tx tx, Activity a) {
        tx.update("INSERT INTO activity_clock (shop_id, activity_id, next_event, due_at, ends_at) VALUES (?,?,'started',?,?)",
                a.shopId(), a.id(), a.startsAt(), a.endsAt());
    }

    /** In an editing transaction: the start (if not announced yet) and the end move with the activity. */
    public static void edited(Tx tx, Activity a) {
        tx.update("UPDATE activity_clock SET due_at = CASE WHEN next_event = 'started' THEN ? ELSE ? END, ends_at = ?"
                + " WHERE shop_id = ? AND activity_id = ?", a.startsAt(), a.endsAt(), a.endsAt(), a.shopId(), a.id());
    }

    /** In the cancelling transaction: nothing more is announced. */
    public static void cancelled(Tx tx, String shopId, String activityId) {
        tx.update("DELETE FROM activity_clock WHERE shop_id = ? AND activity_id = ?", shopId, activityId);
    }

    /** Announces the starts and ends due at {@code now} (at most {@code max} activities); returns how many events. */
    public static int announceDue(DataSource reads, Writer writer, Instant now, int max) {
        List<Due> due = Rows.query(reads, "SELECT shop_id, activity_id, next_event FROM activity_clock WHERE due_at <= ? ORDER BY due_at LIMIT ?",
                rs -> new Due(rs.getString(1), rs.getString(2), rs.getString(3)), now, max);
        if (due.isEmpty()) return 0;
        return writer.execute(tx -> {
            int announced = 0;
            for (Due d : due) {
                if (d.nextEvent().equals("started")) {
                    if (!claimStart(tx, d, now)) continue; // a peer announced it, or the activity was cancelled
                    announced += announce(tx, d, STARTED, now);
                    if (!claimEnd(tx, d, now)) continue; // not over yet: the usual case
                } else if (!claimEnd(tx, d, now)) continue;
                announced += announce(tx, d, ENDED, now);
            }
            return announced;
        });
    }

    private static boolean claimStart(Tx tx, Due d, Instant now) {
        return tx.update("UPDATE activity_clock SET next_event = 'ended', due_at = ends_at"
                + " WHERE shop_id = ? AND activity_id = ? AND next_event = 'started' AND due_at <= ?", d.shopId(), d.activityId(), now) == 1;
    }

    private static boolean claimEnd(Tx tx, Due d, Instant now) {
        return tx.update("DELETE FROM activity_clock WHERE shop_id = ? AND activity_id = ? AND next_event = 'ended' AND due_at <= ?",
                d.shopId(), d.activityId(), now) == 1;
    }

    /** Appends the event if the activity is still live (cancellation deletes the row, so this is the belt to its braces). */
    private static int announce(Tx tx, Due d, String type, Instant now) {
        Optional<Activity> a = Activities.load(tx, d.shopId(), d.activityId());
        if (a.isEmpty() || a.get().cancelledAt() != null) {
            cancelled(tx, d.shopId(), d.activityId());
            return 0;
        }
        Activity activity = a.get();
        // the status at the instant announced, not at a late run's now: a start seen after the end still says RUNNING
        Instant at = type.equals(STARTED) ? activity.startsAt() : activity.endsAt();
        Outbox.append(tx, d.shopId(), d.activityId(), type, d.activityId(), true, Activities.eventPayload(activity, at), now);
        return 1;
    }
}

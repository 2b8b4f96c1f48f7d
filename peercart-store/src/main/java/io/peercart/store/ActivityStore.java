package io.peercart.store;

import io.peercart.store.outbox.Idem;
import io.peercart.store.engine.Page;

import io.peercart.core.Activity;
import io.peercart.core.ActivityStatus;
import io.peercart.core.ActivityType;
import io.peercart.core.Decision;
import io.peercart.store.activity.ActivityAudience;
import io.peercart.store.audit.Actor;
import io.peercart.store.activity.ActivityStats;
import io.peercart.store.activity.ItemStock;
import io.peercart.store.activity.OrderBucket;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Activities of every type: created, read (cached on the hot path), listed, cancelled; their stock and figures. */
public interface ActivityStore {
    /** Creates the activity; audited as {@code activity.create} when {@code actor} is given (every merchant write below alike). */
    Decision<Activity> createActivity(Activity activity, Actor actor, Idem idem);

    /** Not audited: no merchant asked (tests, fixtures). */
    default Decision<Activity> createActivity(Activity activity, Idem idem) { return createActivity(activity, null, idem); }

    /** The activity, possibly a second or two old (cached): for the hot path. */
    Optional<Activity> activityCached(String shopId, String id, Instant now);

    Optional<Activity> activity(String shopId, String id);

    /** The shop an activity belongs to (activity ids are globally unique): for the public view. */
    Optional<String> activityShop(String activityId);

    Page<Activity> activities(String shopId, ActivityType type, ActivityStatus status, String cursor, int limit, Instant now);

    Decision<Activity> cancelActivity(String shopId, String id, Instant now, Actor actor, Idem idem);

    default Decision<Activity> cancelActivity(String shopId, String id, Instant now, Idem idem) { return cancelActivity(shopId, id, now, null, idem); }

    /**
     * Applies {@code edit} (core ActivityEdit with the merchant's patch) to the activity as it is
     * under its row's lock, writes the result with {@code activity.updated}, and puts added stock
     * on sale at once. Refusals: NOT_FOUND, the edit's own, SKU_CONFLICT, NOT_EDITABLE for stock
     * lowered below what is already taken, and what the type checks at creation.
     */
    Decision<Activity> editActivity(String shopId, String id, Function<Activity, Decision<Activity>> edit, Instant now, Actor actor, Idem idem);

    default Decision<Activity> editActivity(String shopId, String id, Function<Activity, Decision<Activity>> edit, Instant now, Idem idem) {
        return editActivity(shopId, id, edit, now, null, idem);
    }

    List<ItemStock> stock(String shopId, String activityId);

    ActivityStats stats(String shopId, String activityId);

    /** Records a visitor of the activity's buyer page; false when this visitor was already counted. */
    boolean visit(String shopId, String activityId, String visitorId, Instant now);

    /** The buyer page's distinct visitors and the activity's buyers new to the shop. */
    ActivityAudience audience(String shopId, String activityId);

    /** Orders placed and paid per bucket of {@code bucketSeconds} in [from, to), the non-empty buckets in time order. */
    List<OrderBucket> orderSeries(String shopId, String activityId, Instant from, Instant to, long bucketSeconds);
}

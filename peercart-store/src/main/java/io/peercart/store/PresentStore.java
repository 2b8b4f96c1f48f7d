package io.peercart.store;

import io.peercart.store.audit.Actor;
import io.peercart.store.outbox.Idem;
import io.peercart.store.engine.Page;

import io.peercart.core.Decision;
import io.peercart.store.present.PresentGrant;
import java.time.Instant;
import java.util.List;

/** presentExchange grants. */
public interface PresentStore {
    /**
     * Grants {@code units} of the activity's present to each named buyer (accumulating); the reward
     * hook other activities call, with their own {@code source} (e.g. {@code "luckyDrawGroup:act_..."}).
     */
    Decision<List<PresentGrant>> grantPresents(String shopId, String activityId, List<String> buyerIds, int units, String source,
                                               Instant now, Actor actor, Idem idem);

    /** Not audited: no merchant asked (tests, fixtures). */
    default Decision<List<PresentGrant>> grantPresents(String shopId, String activityId, List<String> buyerIds, int units, String source,
                                                       Instant now, Idem idem) {
        return grantPresents(shopId, activityId, buyerIds, units, source, now, null, idem);
    }

    Page<PresentGrant> presentGrants(String shopId, String activityId, String cursor, int limit);
}

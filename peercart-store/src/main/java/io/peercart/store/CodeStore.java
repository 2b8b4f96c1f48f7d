package io.peercart.store;

import io.peercart.store.audit.Actor;
import io.peercart.store.outbox.Idem;
import io.peercart.store.engine.Page;

import io.peercart.core.Decision;
import io.peercart.core.fcode.CodeStatus;
import io.peercart.store.fcode.BatchFigures;
import io.peercart.store.fcode.CodeBatch;
import io.peercart.store.fcode.CodeRow;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

/** fCode's codes: generated in batches, listed, counted, exported. */
public interface CodeStore {
    /** A batch of {@code count} new codes (prefix optional) for an fCode activity, in one transaction. */
    Decision<CodeBatch> generateCodes(String shopId, String activityId, int count, String prefix, Instant now, Actor actor, Idem idem);

    /** Not audited: no merchant asked (tests, fixtures). */
    default Decision<CodeBatch> generateCodes(String shopId, String activityId, int count, String prefix, Instant now, Idem idem) {
        return generateCodes(shopId, activityId, count, prefix, now, null, idem);
    }

    /** One page of an activity's codes by batch then code; {@code batchId} and {@code status} filter when given. */
    Page<CodeRow> codes(String shopId, String activityId, String batchId, CodeStatus status, String cursor, int limit);

    /** One page of the activity's batches, oldest first, each with its codes counted by status; the cursor is a batch id. */
    Page<BatchFigures> codeBatches(String shopId, String activityId, String afterBatchId, int limit);

    /** How many codes the activity has in each status. */
    Map<CodeStatus, Long> codeCounts(String shopId, String activityId);

    /** Every matching code in list order, read page by page (for the CSV export). */
    void forEachCode(String shopId, String activityId, String batchId, CodeStatus status, Consumer<CodeRow> sink);
}

package io.peercart.server.http;

import io.peercart.core.ActivityDraft;
import io.peercart.core.Code;
import io.peercart.core.Targeting;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/** Request bodies as they arrive; fields are checked by the rules, never trusted. */
public final class Requests {
    private Requests() {}

    public record CreateActivity(String type, String name, String startsAt, String endsAt, Integer payWindowSeconds,
                          ActivityDraft.Limits limits, List<ActivityDraft.ItemDraft> items, Map<String, Object> rules,
                          Targeting.Draft targeting) {
        public ActivityDraft draft() {
            return new ActivityDraft(type, name, instant("startsAt", startsAt), instant("endsAt", endsAt), payWindowSeconds,
                    limits, items, rules, targeting);
        }
    }

    /**
     * PATCH /v1/activities/{id}, read strictly to refuse unknown fields and wrong types before
     * anything (the merge itself works on the JSON, where null means "remove"); {@code items}
     * name the items they change by {@code sku}.
     */
    public record PatchActivity(String type, String name, String startsAt, String endsAt, Integer payWindowSeconds,
                                ActivityDraft.Limits limits, List<ActivityDraft.ItemDraft> items, Map<String, Object> rules,
                                Targeting.Draft targeting) {}

    /**
     * {@code groupId}: groupOn and luckyDrawGroup only: absent opens a group, {@code "auto"} matches one, an id joins it;
     * {@code expectedPrice}: auction, the unit price the buyer saw; {@code code}: fCode, the buyer's code;
     * {@code shareId}: the share link the buyer came through (any type), attributed to its sharer.
     */
    public record PlaceOrder(String sku, Integer quantity, String groupId, Long expectedPrice, String code, String shareId) {}

    public record GenerateCodes(Integer count, String prefix) {}

    public record Pay(String paymentRef) {}

    /** {@code amount}: fen to refund, a whole number of at least 1 (absent: what is left); {@code reason}: the merchant's. */
    public record Refund(String reason, Long amount) {}

    public record CreateShop(String name) {}

    /** {@code scope}: {@code "write"} (the default) or {@code "read"} (GET only). */
    public record CreateKey(String name, String scope) {}

    public record BuyerToken(String buyerId, Boolean newCustomer, List<String> tags, String deviceId, Integer ttlSeconds,
                      List<BuyerToken> buyers) {}

    public static Instant instant(String field, String value) {
        if (value == null) return null;
        try {
            return OffsetDateTime.parse(value).toInstant().truncatedTo(ChronoUnit.MILLIS); // stored in milliseconds
        } catch (DateTimeParseException e) {
            throw new ApiException(Code.VALIDATION_FAILED, field + ": an ISO-8601 instant such as 2026-11-11T00:00:00Z");
        }
    }
}

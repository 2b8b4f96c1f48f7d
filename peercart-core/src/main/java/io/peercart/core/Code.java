package io.peercart.core;

/**
 * Every refusal and every rejected input has one stable machine code. Callers branch on it, so a
 * code is never renamed; the HTTP status is its suggested mapping (409/422 for rule refusals,
 * 4xx for the caller's mistakes, 503 only for infrastructure).
 */
public enum Code {
    // caller's mistakes
    MALFORMED_JSON(400, "Malformed JSON"),
    VALIDATION_FAILED(422, "Validation failed"),
    UNKNOWN_FIELD(422, "Unknown field"),
    UNAUTHORIZED(401, "Missing or invalid credentials"),
    TOKEN_EXPIRED(401, "Buyer token expired"),
    FORBIDDEN(403, "Not allowed for this credential"),
    NOT_FOUND(404, "Not found"),
    METHOD_NOT_ALLOWED(405, "Method not allowed"),
    PAYLOAD_TOO_LARGE(413, "Request body too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
    IDEMPOTENCY_KEY_REUSED(422, "Idempotency key reused with a different request"),
    IDEMPOTENCY_IN_PROGRESS(409, "A request with this idempotency key is still in progress"),
    UNSUPPORTED_TYPE(422, "Activity type not supported yet"),
    SKU_CONFLICT(409, "SKU already in an overlapping activity"),
    UNKNOWN_SKU(422, "SKU is not part of this activity"),
    // rule refusals
    NOT_STARTED(409, "Activity has not started"),
    ENDED(409, "Activity has ended"),
    ACTIVITY_CANCELLED(409, "Activity was cancelled"),
    OUTSIDE_TIME_SLOT(409, "Outside the activity's time slots"),
    SOLD_OUT(409, "Sold out"),
    LIMIT_REACHED(409, "Per-buyer limit reached"),
    ORDER_LIMIT_EXCEEDED(422, "Quantity above the per-order limit"),
    ORDER_NOT_PENDING(409, "Order is not awaiting payment"),
    ORDER_NOT_PAID(409, "Order is not paid"),
    ALREADY_PAID(409, "Order already paid with another payment"),
    REFUND_EXCEEDS_PAID(422, "Refund exceeds what is left to refund"),
    TOO_MANY_REFUNDS(409, "Too many partial refunds of this order; refund what is left"),
    PAY_WINDOW_CLOSED(409, "Pay window closed"),
    ACTIVITY_NOT_EDITABLE(409, "Activity can no longer be changed"),
    NOT_EDITABLE(422, "Field cannot be changed once the activity has started"),
    NOT_ELIGIBLE(403, "Buyer not eligible for this activity"),
    // group refusals (groupOn, luckyDrawGroup)
    GROUP_FULL(409, "Group is full"),
    GROUP_NOT_OPEN(409, "Group is not open for joining"),
    OWN_GROUP(409, "Cannot join one's own group"),
    ALREADY_IN_GROUP(409, "Already a member of this group"),
    ALREADY_LEADING(409, "Already leading an open group in this activity"),
    NEW_CUSTOMERS_ONLY(409, "Only new customers may join"),
    // points ledger, pointsExchange and presentExchange
    INSUFFICIENT_POINTS(409, "Not enough available points"),
    SELF_TRANSFER(422, "Points cannot be transferred to oneself"),
    TRANSFER_AMOUNT_OUT_OF_RANGE(422, "Transfer amount outside the shop's minimum and maximum"),
    DAILY_CAP_REACHED(409, "Daily transfer cap reached"),
    TRANSFERS_DISABLED(409, "Points transfers are disabled in this shop"),
    NOT_GRANTED(409, "No present was granted to this buyer"),
    WRONG_ACTIVITY_TYPE(422, "Not possible for this activity type"),
    PRICE_CHANGED(409, "The price has changed"),
    INVALID_CODE(422, "Invalid code"),
    CODE_LOCKED(409, "Code held by an unpaid order"),
    CODE_USED(409, "Code already used"),
    TOO_MANY_ATTEMPTS(429, "Too many wrong codes, try again later"),
    TOO_MANY_WEBHOOKS(409, "Webhook endpoint limit reached"),
    WEBHOOK_URL_NOT_ALLOWED(422, "Webhook URL not allowed"),
    TOO_MANY_SUBSCRIBERS(503, "Too many live event streams on this node, retry later"),
    TOO_MANY_VISITS(429, "Too many visits from this address, try again later"),
    // rate limits per buyer, client address and API key (GET/PUT /v1/settings/limits, docs/security.md)
    RATE_LIMITED(429, "Rate limit exceeded, retry later"),
    // merchant API keys (GET/POST /v1/keys, DELETE /v1/keys/{id})
    TOO_MANY_KEYS(409, "API key limit reached"),
    LAST_WRITE_KEY(409, "The shop's last write key cannot be revoked"),
    OPERATOR_KEY_PROTECTED(409, "The operator key is managed by the server's configuration"),
    // fission: helpDepositExpansion helps, inSourcingFission coupons (docs/fission.md)
    SELF_HELP(409, "A buyer cannot help their own deposit"),
    ALREADY_HELPED(409, "This helper already helped this buyer"),
    HELP_QUOTA_REACHED(409, "This helper has used all their helps in the activity"),
    HELPER_NOT_NEW_CUSTOMER(409, "Only new customers may help"),
    DEVICE_LIMIT_REACHED(409, "Too many accounts helped from this device today"),
    DEVICE_ID_REQUIRED(422, "A device id is required to help"),
    HELP_WINDOW_CLOSED(409, "Help is not open for this deposit"),
    HELP_VALUE_MAXED(409, "The deposit's value is already at its maximum"),
    BALANCE_NOT_OPEN(409, "Balance window not open yet"),
    BALANCE_WINDOW_CLOSED(409, "Balance window closed"),
    INSUFFICIENT_COUPONS(409, "Not enough internal-purchase coupons"),
    SELF_INVITE(409, "A buyer cannot claim through their own share"),
    ALREADY_CLAIMED(409, "Already claimed through this sharer"),
    // infrastructure
    OVERLOADED(503, "Server overloaded, retry later"),
    UNAVAILABLE(503, "Storage unavailable, retry later");

    private final int httpStatus;
    private final String title;

    Code(int httpStatus, String title) {
        this.httpStatus = httpStatus;
        this.title = title;
    }

    public int httpStatus() { return httpStatus; }

    public String title() { return title; }
}

package io.peercart.core;

/** Every limit has a name. Changing one is a product decision, not a refactoring. */
public final class Limits {
    private Limits() {}

    public static final int MAX_BODY_BYTES = 1 << 20;
    public static final int MAX_PAGE_SIZE = 500;
    public static final int DEFAULT_PAGE_SIZE = 100;
    public static final int MAX_ITEMS_PER_ACTIVITY = 100;
    public static final int MAX_NAME_LENGTH = 200;
    public static final int MAX_SKU_LENGTH = 64;
    public static final int MAX_ID_LENGTH = 128;
    public static final long MAX_STOCK_PER_ITEM = 100_000_000L;
    public static final long MAX_PRICE_FEN = 100_000_000_00L; // ¥100,000,000.00
    public static final int MAX_QUANTITY_PER_ORDER = 10_000;
    public static final int MAX_TIME_SLOTS = 24;
    public static final int MIN_PAY_WINDOW_SECONDS = 30;
    public static final int MAX_PAY_WINDOW_SECONDS = 7 * 24 * 3600;
    public static final int DEFAULT_PAY_WINDOW_SECONDS = 15 * 60;
    public static final int SECKILL_DEFAULT_PAY_WINDOW_SECONDS = 5 * 60;
    public static final long MAX_ACTIVITY_DURATION_DAYS = 366;
    public static final int MAX_TOKEN_BATCH = 1000;
    public static final int MAX_TOKEN_TTL_SECONDS = 30 * 24 * 3600;
    public static final int MAX_TAGS = 20;
    public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 200;
    public static final int MAX_PAYMENT_REF_LENGTH = 200;
    public static final int MAX_CODES_PER_CALL = 100_000;
    public static final int MAX_CODES_PER_ACTIVITY = 1_000_000;
    public static final int DEFAULT_WRONG_CODES_PER_HOUR = 10;
    public static final int MAX_WRONG_CODES_PER_HOUR = 1_000;
    /** Refunds one order may record: the last refund (of what is left) is always taken, partial ones up to this. */
    public static final int MAX_REFUNDS_PER_ORDER = 100;
    public static final int MAX_REFUND_REASON_LENGTH = 64;
}

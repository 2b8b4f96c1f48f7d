package io.peercart.server.fcode;

import io.peercart.core.Activity;
import io.peercart.core.ActivityType;

/** Which orders are F-code attempts, for the rate limits' {@code codes} budget: every order on an fCode activity. */
public final class CodeAttempts {
    private CodeAttempts() {}

    public static boolean ordersAreCodeAttempts(Activity a) {
        return a.type() == ActivityType.fCode;
    }
}

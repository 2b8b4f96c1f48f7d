package io.peercart.core.help;

import io.peercart.core.draw.Draw;
import java.math.BigInteger;

/**
 * The amount one help adds. Fixed, or drawn in {@code [min, max]} from the activity's secret seed
 * (committed to at creation, published after the balance window, as {@link Draw}'s):
 * {@code min + (HMAC-SHA256(seed, depositOrderId + ":" + helperId) mod (max − min + 1))}, the HMAC
 * read as an unsigned big-endian number. The message depends only on who helps whom, so retrying
 * cannot re-roll an amount, and anyone holding the published seed can recompute every amount.
 */
public final class HelpAmounts {
    private HelpAmounts() {}

    public static long amount(HelpOffer offer, String seedHex, String depositOrderId, String helperId) {
        if (!offer.randomAmount()) return offer.helpAmountFen();
        return drawn(seedHex, depositOrderId, helperId, offer.helpAmountMinFen(), offer.helpAmountMaxFen());
    }

    public static long drawn(String seedHex, String depositOrderId, String helperId, long min, long max) {
        BigInteger ticket = new BigInteger(Draw.ticket(seedHex, depositOrderId + ":" + helperId), 16);
        return min + ticket.mod(BigInteger.valueOf(max - min + 1)).longValueExact();
    }
}

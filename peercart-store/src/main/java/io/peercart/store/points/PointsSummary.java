package io.peercart.store.points;

import java.util.List;
import java.util.Map;

/**
 * Every account of a shop's ledger, read in one snapshot, with the proof that it adds up.
 *
 * @param shopAccounts     ISSUED, REDEEMED, EXPIRED, FEES → balance (ISSUED is negative: what was given out)
 * @param memberAvailable  the sum of every member's available balance
 * @param memberFrozen     the sum of every member's frozen balance
 * @param total            every balance summed: always 0
 * @param mismatches       what does not add up, by check; empty when the ledger is sound
 */
public record PointsSummary(Map<String, Long> shopAccounts, long members, long memberAvailable, long memberFrozen,
                            long total, long transactions, long entries, List<String> mismatches) {
    public boolean sound() { return total == 0 && mismatches.isEmpty(); }
}

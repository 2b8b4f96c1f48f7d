package io.peercart.core.help;

import io.peercart.core.Code;
import io.peercart.core.Decision;
import java.time.Instant;

/**
 * Whether a help counts, and what it adds (ACTIVITIES.md, helpDepositExpansion). The store gathers
 * the facts under the deposit's lock; this decides. Checked in this order, each refusal with its
 * own code: the help window, self-help, one help per helper per initiator, the helper's quota in
 * the activity, new customers only, the device's accounts today, and the value already at its
 * maximum. An accepted help raises the value by its amount, never above {@code maxValue}.
 */
public final class HelpRules {
    private HelpRules() {}

    /**
     * @param depositPaid       the deposit order is paid (not pending, cancelled, refunded or settled)
     * @param balanceCreated    the balance order exists: the value is locked into its price
     * @param helpedBefore      this helper already helped this initiator in the activity
     * @param helperHelps       helps this helper gave in the activity
     * @param deviceId          the helper's device, null if unknown
     * @param deviceHasHelper   this helper already helped from this device today
     * @param deviceAccounts    accounts that helped from this device today
     */
    public record Facts(boolean depositPaid, boolean balanceCreated, String initiatorId, long value, String helperId,
                        boolean helperNewCustomer, boolean helpedBefore, int helperHelps, String deviceId,
                        boolean deviceHasHelper, int deviceAccounts) {}

    /** An accepted help: its drawn {@code amount}, what it {@code credited} (capped) and the value after it. */
    public record Help(long amount, long credited, long valueAfter) {}

    public static Decision<Help> decide(HelpOffer offer, Facts f, long amount, Instant now) {
        if (!f.depositPaid() || f.balanceCreated() || !now.isBefore(offer.balanceEndsAt()))
            return Decision.refuse(Code.HELP_WINDOW_CLOSED, "help is open while the deposit is paid, before its balance and before "
                    + offer.balanceEndsAt());
        if (f.helperId().equals(f.initiatorId())) return Decision.refuse(Code.SELF_HELP, "you cannot help your own deposit");
        if (f.helpedBefore()) return Decision.refuse(Code.ALREADY_HELPED, "you already helped " + f.initiatorId());
        if (f.helperHelps() >= offer.helpsPerHelper())
            return Decision.refuse(Code.HELP_QUOTA_REACHED, "at most " + offer.helpsPerHelper() + " helps per helper in this activity");
        if (offer.newCustomersOnlyHelpers() && !f.helperNewCustomer())
            return Decision.refuse(Code.HELPER_NOT_NEW_CUSTOMER, "only new customers may help in this activity");
        if (f.deviceId() == null) return Decision.refuse(Code.DEVICE_ID_REQUIRED, "a device id (token claim or X-Device-Id) is required to help");
        if (!f.deviceHasHelper() && f.deviceAccounts() >= HelpOffer.ACCOUNTS_PER_DEVICE_PER_DAY)
            return Decision.refuse(Code.DEVICE_LIMIT_REACHED, "at most " + HelpOffer.ACCOUNTS_PER_DEVICE_PER_DAY + " accounts per device per day");
        if (f.value() >= offer.maxValueFen()) return Decision.refuse(Code.HELP_VALUE_MAXED, "the value is at its maximum " + offer.maxValueFen());
        if (amount < 1) throw new IllegalArgumentException("amount " + amount);
        long after = Math.min(offer.maxValueFen(), f.value() + amount);
        return Decision.accept(new Help(amount, after - f.value(), after));
    }

    /** What the buyer pays in the balance window: the price less the value, never below zero. */
    public static long balance(long priceFen, int quantity, long valueFen) {
        return Math.max(0, Math.multiplyExact(priceFen, (long) quantity) - valueFen);
    }
}

package io.peercart.core.seckill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.peercart.core.Activity;
import io.peercart.core.ActivityDraft;
import io.peercart.core.ActivityDraft.ItemDraft;
import io.peercart.core.ActivityValidation;
import io.peercart.core.Code;
import io.peercart.core.Decision;
import io.peercart.core.Item;
import io.peercart.core.TimeSlot;
import io.peercart.core.Trials;
import io.peercart.core.Trials.Gen;
import io.peercart.core.Trials.Weighted;
import io.peercart.core.order.Order;
import io.peercart.core.order.OrderRules;
import io.peercart.core.order.OrderStatus;
import io.peercart.core.order.Transition;
import io.peercart.core.stock.LeasePolicy;
import io.peercart.core.stock.Stock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Random buyers and a random scheduler drive one seckill activity through the real core rules:
 * {@link SeckillRules} decides placement, {@link Stock} (leased in {@link LeasePolicy} chunks) decides
 * sold-out, {@link OrderRules} decides every transition and its {@code StockEffect} moves the units.
 * The test adds nothing but bookkeeping and the invariants checked after every step.
 */
class SeckillProperties {
    private static final Instant T0 = Instant.parse("2025-06-01T00:00:00Z");
    /** Small on purpose: orders often need a second lease, and low stock exercises the shrinking chunk. */
    private static final long MAX_CHUNK = 4;
    private static final Set<OrderStatus> SOLD = EnumSet.of(OrderStatus.PAID, OrderStatus.RELEASED, OrderStatus.REFUND_REQUESTED);

    sealed interface Op {}

    /** {@code item} 2 is an unknown sku. */
    record Place(int buyer, int item, int quantity) implements Op {}

    /** {@code order} is taken modulo the number of orders placed so far. */
    record Pay(int order, boolean samePaymentRef, boolean releaseOnPay) implements Op {}

    record BuyerCancel(int order) implements Op {}

    record Refund(int order) implements Op {}

    /** {@code schedulerRuns == false}: the expiry job lags behind, so a late payment can meet an unexpired order. */
    record Advance(int seconds, boolean schedulerRuns) implements Op {}

    /** Moves the clock exactly onto the next instant where a rule changes its answer, if there is one ahead. */
    record Jump(Boundary to, boolean schedulerRuns) implements Op {}

    enum Boundary { STARTS_AT, ENDS_AT, PAY_DEADLINE, SLOT_EDGE }

    record MerchantCancelsActivity() implements Op {}

    private static final int TRIES = 500;
    private static final List<String> EXPECTED_OUTCOMES = List.of("ACCEPTED", "SOLD_OUT", "LIMIT_REACHED",
            "ORDER_LIMIT_EXCEEDED", "NOT_STARTED", "ENDED", "OUTSIDE_TIME_SLOT", "UNKNOWN_SKU", "ACTIVITY_CANCELLED",
            "pay ok", "pay repeat", "pay ALREADY_PAID", "pay PAY_WINDOW_CLOSED", "expire ok", "cancel ok",
            "cancel ORDER_NOT_PENDING", "refund ok", "refund ORDER_NOT_PAID");

    @Test
    void seckillKeepsStockLimitsAndDeadlines() {
        Set<String> outcomes = new TreeSet<>();
        Trials.Run run = Trials.run(TRIES, g -> {
            Activity activity = g.note("activity", activities(g));
            List<Op> ops = g.note("operations", operations(g));
            Model model = new Model(activity);
            model.checkInvariants();
            for (Op op : ops) {
                model.apply(op);
                model.checkInvariants();
            }
            outcomes.addAll(model.outcomes);
        });
        // Coverage: every outcome must have occurred in at least one try, or the generators went blind.
        run.check(() -> assertThat(outcomes).as("outcomes reached").containsAll(EXPECTED_OUTCOMES));
    }

    /** One activity, its stock per sku, its orders and the clock. */
    static final class Model {
        private Activity activity;
        private Instant now = T0;
        private final Map<String, Stock> stocks = new LinkedHashMap<>();
        private final List<Order> orders = new ArrayList<>();
        /** Every refusal code and transition outcome seen, to prove the run reached them. */
        final Set<String> outcomes = new TreeSet<>();

        Model(Activity activity) {
            this.activity = activity;
            for (Item it : activity.items()) stocks.put(it.sku(), Stock.of(it.stock()));
        }

        void apply(Op op) {
            switch (op) {
                case Place p -> place(p);
                case Pay p -> pay(p);
                case BuyerCancel c -> withOrder(c.order(), o -> transition(o, "cancel",
                        OrderRules.cancel(o, OrderRules.REASON_BUYER, now)));
                case Refund r -> withOrder(r.order(), o -> transition(o, "refund",
                        OrderRules.refund(o, null, "CUSTOMER_RETURN", now)));
                case Advance a -> moveClockTo(now.plusSeconds(a.seconds()), a.schedulerRuns());
                case Jump j -> {
                    Instant target = boundary(j.to());
                    if (target != null && target.isAfter(now)) moveClockTo(target, j.schedulerRuns());
                }
                case MerchantCancelsActivity ignored -> {
                    if (activity.cancelledAt() == null) activity = activity.cancelled(now);
                }
            }
        }

        private void place(Place p) {
            String buyer = "buyer-" + p.buyer();
            // item 2 is never in the activity; item 1 is the first item again in a one-item activity
            String sku = p.item() > 1 ? "NO-SUCH-SKU" : activity.items().get(p.item() % activity.items().size()).sku();
            long held = unitsHeld(buyer, sku);
            Decision<OrderTerms> decision = SeckillRules.decideOrder(activity, sku, p.quantity(), held, now);
            if (!decision.accepted()) {
                checkRefusalIsJustified(decision.refusal().code(), sku, p.quantity(), held);
                outcomes.add(decision.refusal().code().name());
                return;
            }
            OrderTerms terms = decision.value();
            checkAcceptedTerms(terms, sku, p.quantity(), held);
            Stock stock = stocks.get(sku);
            if (stock.left() < p.quantity()) {
                outcomes.add(Code.SOLD_OUT.name());
                return;
            }
            if (stock.leased() < p.quantity())
                stock = stock.lease(LeasePolicy.chunk(stock.available(), (int) (p.quantity() - stock.leased()), MAX_CHUNK));
            stocks.put(sku, stock.reserveFromLease(p.quantity()));
            orders.add(new Order("o-" + orders.size(), activity.shopId(), activity.id(), buyer, sku, p.quantity(),
                    terms.unitPriceFen(), terms.amountFen(), OrderStatus.PENDING_PAYMENT, now, terms.payDeadline(),
                    null, null, null, null));
            outcomes.add("ACCEPTED");
        }

        /** What an accepted order must satisfy, checked here without asking the code under test. */
        private void checkAcceptedTerms(OrderTerms terms, String sku, int quantity, long held) {
            Item item = activity.item(sku).orElseThrow();
            assertThat(activity.cancelledAt()).as("accepted in a cancelled activity").isNull();
            assertThat(now).as("accepted outside the activity window")
                    .isAfterOrEqualTo(activity.startsAt()).isBefore(activity.endsAt());
            assertThat(insideASlot()).as("accepted outside the time slots %s", activity.timeSlots()).isTrue();
            assertThat(quantity).isBetween(1, item.limitPerOrder());
            assertThat(held + quantity).as("accepted above the per-buyer limit").isLessThanOrEqualTo(item.limitPerBuyer());
            assertThat(terms.item()).isEqualTo(item);
            assertThat(terms.quantity()).isEqualTo(quantity);
            assertThat(terms.amountFen()).isEqualTo(item.priceFen() * quantity);
            assertThat(terms.payDeadline()).isEqualTo(now.plusSeconds(activity.payWindowSeconds()));
        }

        /** A refusal must be backed by the state it names, checked here without asking the code under test. */
        private void checkRefusalIsJustified(Code code, String sku, int quantity, long held) {
            Item item = activity.item(sku).orElse(null);
            switch (code) {
                case NOT_STARTED -> assertThat(now).isBefore(activity.startsAt());
                case ENDED -> assertThat(now).isAfterOrEqualTo(activity.endsAt());
                case ACTIVITY_CANCELLED -> assertThat(activity.cancelledAt()).isNotNull();
                case OUTSIDE_TIME_SLOT -> assertThat(insideASlot()).as("refused inside a slot at %s", now).isFalse();
                case UNKNOWN_SKU -> assertThat(item).isNull();
                case VALIDATION_FAILED -> assertThat(quantity).isLessThan(1);
                case ORDER_LIMIT_EXCEEDED -> assertThat(quantity).isGreaterThan(item.limitPerOrder());
                case LIMIT_REACHED -> assertThat(held + quantity).isGreaterThan(item.limitPerBuyer());
                default -> throw new AssertionError("unexpected refusal " + code);
            }
        }

        private boolean insideASlot() {
            if (activity.timeSlots().isEmpty()) return true;
            int second = now.atZone(activity.timeZone()).toLocalTime().toSecondOfDay();
            for (TimeSlot s : activity.timeSlots()) {
                int from = s.start().toSecondOfDay();
                int to = s.end().toSecondOfDay();
                boolean inside = from < to ? from <= second && second < to : second >= from || second < to;
                if (inside) return true;
            }
            return false;
        }

        private void pay(Pay p) {
            withOrder(p.order(), o -> {
                String ref = p.samePaymentRef() ? "pay-" + o.id() : "pay-" + o.id() + "-other";
                Decision<Transition> d = OrderRules.pay(o, ref, now, p.releaseOnPay());
                if (o.status() == OrderStatus.PENDING_PAYMENT && now.isAfter(o.payDeadline()))
                    assertThat(d.accepted()).as("late payment accepted").isFalse();
                transition(o, "pay", d);
            });
        }

        private void moveClockTo(Instant target, boolean schedulerRuns) {
            now = target;
            if (!schedulerRuns) return;
            for (Order o : List.copyOf(orders)) {
                if (o.status() != OrderStatus.PENDING_PAYMENT) continue;
                Decision<Transition> d = OrderRules.expire(o, now);
                if (now.isBefore(o.payDeadline())) {
                    assertThat(d.accepted()).as("expired before its deadline: %s", o).isFalse();
                    continue;
                }
                Stock before = stocks.get(o.sku());
                transition(o, "expire", d);
                Stock after = stocks.get(o.sku());
                assertThat(after.available()).as("expired order returned its units").isEqualTo(before.available() + o.quantity());
                assertThat(after.reserved()).isEqualTo(before.reserved() - o.quantity());
            }
        }

        private Instant boundary(Boundary b) {
            return switch (b) {
                case STARTS_AT -> activity.startsAt();
                case ENDS_AT -> activity.endsAt();
                case PAY_DEADLINE -> orders.stream().filter(o -> o.status() == OrderStatus.PENDING_PAYMENT)
                        .map(Order::payDeadline).filter(d -> d.isAfter(now)).min(Comparator.naturalOrder()).orElse(null);
                case SLOT_EDGE -> nextSlotEdge();
            };
        }

        private Instant nextSlotEdge() {
            ZonedDateTime local = now.atZone(activity.timeZone());
            Instant next = null;
            for (TimeSlot s : activity.timeSlots()) {
                for (LocalTime edge : List.of(s.start(), s.end())) {
                    Instant at = local.with(edge).toInstant();
                    if (!at.isAfter(now)) at = local.with(edge).plusDays(1).toInstant();
                    if (next == null || at.isBefore(next)) next = at;
                }
            }
            return next;
        }

        private void withOrder(int index, Consumer<Order> action) {
            if (!orders.isEmpty()) action.accept(orders.get(index % orders.size()));
        }

        private void transition(Order before, String command, Decision<Transition> d) {
            if (!d.accepted()) {
                checkRefusalIsJustified(before, d.refusal().code());
                outcomes.add(command + " " + d.refusal().code().name());
                return;
            }
            Transition t = d.value();
            if (!t.changed()) {
                assertThat(t.order()).isEqualTo(before);
                outcomes.add(command + " repeat");
                return;
            }
            boolean freesUnits = before.status().holdsStock() && !t.order().status().holdsStock();
            assertThat(t.quotaReturned()).isEqualTo(freesUnits ? before.quantity() : 0);
            stocks.put(before.sku(), t.stock().apply(stocks.get(before.sku()), before.quantity()));
            orders.set(orders.indexOf(before), t.order());
            outcomes.add(command + " ok");
        }

        private void checkRefusalIsJustified(Order before, Code code) {
            OrderStatus status = before.status();
            switch (code) {
                case PAY_WINDOW_CLOSED -> assertThat(now).as("payment refused in time").isAfter(before.payDeadline());
                case ALREADY_PAID -> assertThat(before.paidAt()).isNotNull();
                case ORDER_NOT_PENDING -> assertThat(status != OrderStatus.PENDING_PAYMENT || now.isBefore(before.payDeadline()))
                        .as("%s refused as not pending", before).isTrue();
                case ORDER_NOT_PAID -> assertThat(status).isIn(OrderStatus.PENDING_PAYMENT, OrderStatus.CANCELLED);
                default -> throw new AssertionError("unexpected refusal " + code);
            }
        }

        private long unitsHeld(String buyer, String sku) {
            return orders.stream().filter(o -> o.buyerId().equals(buyer) && o.sku().equals(sku) && o.status().holdsStock())
                    .mapToLong(Order::quantity).sum();
        }

        private long units(String sku, Set<OrderStatus> statuses) {
            return orders.stream().filter(o -> o.sku().equals(sku) && statuses.contains(o.status()))
                    .mapToLong(Order::quantity).sum();
        }

        void checkInvariants() {
            for (Item item : activity.items()) {
                Stock s = stocks.get(item.sku());
                assertThat(s.total()).isEqualTo(item.stock());
                assertThat(s.sold() + s.reserved()).as("oversold %s", s).isLessThanOrEqualTo(s.total());
                assertThatCode(() -> new Stock(s.total(), s.available(), s.leased(), s.reserved(), s.sold()))
                        .doesNotThrowAnyException();
                // Units are where the orders say: unpaid orders reserve, paid orders sell, closed orders hold none.
                assertThat(s.reserved()).as("reserved of %s", item.sku())
                        .isEqualTo(units(item.sku(), EnumSet.of(OrderStatus.PENDING_PAYMENT)));
                assertThat(s.sold()).as("sold of %s", item.sku()).isEqualTo(units(item.sku(), SOLD));
            }
            Map<String, Long> held = new HashMap<>();
            for (Order o : orders)
                if (o.status().holdsStock()) held.merge(o.buyerId() + "/" + o.sku(), (long) o.quantity(), Long::sum);
            // one assertion per invariant and step, not one per order: the property runs tens of thousands of steps
            assertThat(held.entrySet()).as("a buyer holds more than limitPerBuyer (buyer/sku=units)")
                    .noneMatch(e -> e.getValue() > activity.item(e.getKey().substring(e.getKey().indexOf('/') + 1))
                            .orElseThrow().limitPerBuyer());
            assertThat(orders).as("an order was paid after its payDeadline")
                    .noneMatch(o -> o.paidAt() != null && o.paidAt().isAfter(o.payDeadline()));
            assertThat(orders).as("an order expired before its payDeadline")
                    .noneMatch(o -> OrderRules.REASON_PAY_TIMEOUT.equals(o.reason()) && o.closedAt().isBefore(o.payDeadline()));
        }
    }

    // --- generators

    static Activity activities(Gen g) {
        int in = weighted(g, List.of(w(3, () -> 0), w(1, () -> g.between(60, 4 * 3600))));
        int lasts = g.between(1800, 2 * 86_400);
        Integer window = g.orNull(0.3, () -> g.between(30, 900));
        List<ItemDraft> its = withSkus(g.list(1, 2, () -> item(g)));
        List<String> sl = weighted(g, List.of(w(1, List::<String>of), w(2, () -> g.list(1, 3, () -> timeSlot(g)))));
        Instant startsAt = T0.plusSeconds(in);
        var draft = new ActivityDraft("seckill", "Flash sale", startsAt, startsAt.plusSeconds(lasts), window, null, its,
                Map.of("timeZone", "Asia/Shanghai", "timeSlots", sl));
        return ActivityValidation.validate(draft, "act-1", "shop-1", T0).value();
    }

    /** Prices, small stock and small limits so that sold-out and limits are both reached often. */
    private static ItemDraft item(Gen g) {
        long price = g.between(0L, 100_000L);
        long stock = g.between(1L, 12L);
        int perBuyer = g.between(1, 3);
        Integer perOrder = g.orNull(0.5, () -> g.between(1, 3));
        return new ItemDraft("?", price, null, stock, perBuyer, perOrder);
    }

    private static List<ItemDraft> withSkus(List<ItemDraft> drafts) {
        List<ItemDraft> named = new ArrayList<>();
        for (int i = 0; i < drafts.size(); i++) {
            ItemDraft d = drafts.get(i);
            named.add(new ItemDraft("SKU-" + i, d.price(), d.originalPrice(), d.stock(), d.limitPerBuyer(), d.limitPerOrder()));
        }
        return named;
    }

    /** Half-hour aligned slots of 30 minutes to 23 hours, some of them across midnight. */
    private static String timeSlot(Gen g) {
        int start = g.between(0, 47);
        int length = g.between(1, 46);
        int from = start * 30;
        int to = (from + length * 30) % 1440;
        return "%02d:%02d-%02d:%02d".formatted(from / 60, from % 60, to / 60, to % 60);
    }

    static List<Op> operations(Gen g) {
        Supplier<Op> place = () -> new Place(
                g.between(0, 2),
                weighted(g, List.of(w(12, () -> g.between(0, 1)), w(1, () -> 2))),
                weighted(g, List.of(w(12, () -> g.between(1, 3)), w(1, () -> g.between(0, 5)))));
        Supplier<Op> pay = () -> new Pay(g.between(0, 50), g.of(true, true, true, false), g.of(true, false));
        Supplier<Op> cancel = () -> new BuyerCancel(g.between(0, 50));
        Supplier<Op> refund = () -> new Refund(g.between(0, 50));
        Supplier<Integer> seconds = () -> weighted(g, List.of(
                w(3, () -> g.between(1, 120)),
                w(3, () -> g.between(121, 1200)),
                w(1, () -> g.between(1201, 6 * 3600))));
        Supplier<Op> advance = () -> new Advance(seconds.get(), g.of(true, true, true, false));
        Supplier<Op> jump = () -> new Jump(g.of(Boundary.class), g.of(true, true, true, false));
        Supplier<Op> cancelActivity = MerchantCancelsActivity::new;
        Supplier<Op> op = () -> weighted(g, List.of(
                w(40, place), w(20, pay), w(8, cancel), w(8, refund), w(18, advance), w(8, jump), w(1, cancelActivity)));
        return g.list(0, 80, op);
    }

    private static <T> Weighted<T> w(int weight, Supplier<? extends T> value) { return Trials.w(weight, value); }

    private static <T> T weighted(Gen g, List<Weighted<T>> choices) { return g.weighted(choices); }
}

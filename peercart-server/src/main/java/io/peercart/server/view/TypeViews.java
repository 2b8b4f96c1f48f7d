package io.peercart.server.view;

import io.peercart.core.Activity;
import io.peercart.core.ActivityType;
import io.peercart.store.Store;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * What the API shows differently for each activity type, one entry per type: the server's side of
 * the store's activity kinds. Routes ask this registry, never the type: what a buyer page adds to
 * the public view, what the merchant's stats add, and which type-owned endpoints an activity has.
 */
public final class TypeViews {
    /** One type's additions; the defaults are a type that adds nothing. */
    public interface TypeView {
        /** Orders may name a group ({@code groupId}) and the activity lists its groups. */
        default boolean hasGroups() { return false; }

        /** The activity publishes a verifiable draw. */
        default boolean hasDraw() { return false; }

        /** Fields a buyer page sees besides the common ones. */
        default void publicView(Activity a, Store store, Map<String, Object> view, Instant now) {}

        /** The type's own figures in the merchant's stats. */
        default void stats(Activity a, Store store, Map<String, Object> view, Instant now) {}
    }

    private static final TypeView PLAIN = new TypeView() {};

    private static final TypeView GROUPS = new TypeView() {
        @Override public boolean hasGroups() { return true; }

        @Override public void publicView(Activity a, Store store, Map<String, Object> view, Instant now) { view.put("group", GroupViews.publicTerms(a, false)); }

        @Override
        public void stats(Activity a, Store store, Map<String, Object> view, Instant now) {
            view.put("groups", GroupViews.groupFigures(store.groupFigures(a.shopId(), a.id())));
        }
    };

    private static final Map<ActivityType, TypeView> VIEWS = new EnumMap<>(ActivityType.class);

    static {
        VIEWS.put(ActivityType.seckill, PLAIN);
        VIEWS.put(ActivityType.pointsExchange, PLAIN);
        VIEWS.put(ActivityType.presentExchange, PLAIN);
        VIEWS.put(ActivityType.groupOn, GROUPS);
        VIEWS.put(ActivityType.auction, new TypeView() {
            @Override public void publicView(Activity a, Store store, Map<String, Object> view, Instant now) { AuctionView.addTo(view, a, now); }

            @Override public void stats(Activity a, Store store, Map<String, Object> view, Instant now) { view.put("auction", AuctionView.of(a, now)); }
        });
        VIEWS.put(ActivityType.fCode, new TypeView() {
            @Override public void publicView(Activity a, Store store, Map<String, Object> view, Instant now) { FCodeView.addTo(view, a); }

            @Override
            public void stats(Activity a, Store store, Map<String, Object> view, Instant now) {
                view.put("fCode", FCodeView.counts(store.codeCounts(a.shopId(), a.id())));
            }
        });
        VIEWS.put(ActivityType.luckyDrawGroup, new TypeView() {
            @Override public boolean hasGroups() { return true; }

            @Override public boolean hasDraw() { return true; }

            @Override public void publicView(Activity a, Store store, Map<String, Object> view, Instant now) { view.put("group", GroupViews.publicTerms(a, true)); }

            @Override public void stats(Activity a, Store store, Map<String, Object> view, Instant now) { GROUPS.stats(a, store, view, now); }
        });
        VIEWS.put(ActivityType.tuan, new TypeView() {
            @Override
            public void publicView(Activity a, Store store, Map<String, Object> view, Instant now) {
                view.put("progress", Views.tuanProgress(a, store.tuanBuyers(a.shopId(), a.id())));
            }

            @Override
            public void stats(Activity a, Store store, Map<String, Object> view, Instant now) {
                publicView(a, store, view, now);
                view.put("settlement", store.settlement(a.shopId(), a.id()).map(GroupViews::settlement).orElse(null));
            }
        });
        VIEWS.put(ActivityType.helpDepositExpansion, new TypeView() {
            @Override public void publicView(Activity a, Store store, Map<String, Object> view, Instant now) { view.put("presale", FissionViews.presale(a)); }

            @Override
            public void stats(Activity a, Store store, Map<String, Object> view, Instant now) {
                view.put("deposits", FissionViews.depositFigures(store.fission().depositFigures(a.shopId(), a.id())));
                view.put("helps", FissionViews.helpFigures(store.fission().helpFigures(a.shopId(), a.id(), FissionViews.TOP_INITIATORS)));
            }
        });
        VIEWS.put(ActivityType.inSourcingFission, new TypeView() {
            @Override public void publicView(Activity a, Store store, Map<String, Object> view, Instant now) { view.put("coupons", FissionViews.couponRules(a)); }

            @Override
            public void stats(Activity a, Store store, Map<String, Object> view, Instant now) {
                view.put("coupons", FissionViews.couponFigures(store.fission().couponFigures(a.shopId(), a.id())));
            }
        });
        for (ActivityType t : ActivityType.values()) if (!VIEWS.containsKey(t)) throw new ExceptionInInitializerError("no view for " + t);
    }

    private TypeViews() {}

    public static TypeView of(ActivityType type) { return VIEWS.get(type); }
}

package io.peercart.core;

import io.peercart.core.auction.AuctionValidation;
import io.peercart.core.fcode.FCodePlan;
import io.peercart.core.group.GroupOffer;
import io.peercart.core.pointsexchange.PointsExchangeRules;
import io.peercart.core.presentexchange.PresentExchangeRules;
import io.peercart.core.tuan.TuanOffer;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Turns a merchant's draft into an activity, or says every field that is wrong. */
public final class ActivityValidation {
    private ActivityValidation() {}

    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");
    private static final Pattern SKU = Pattern.compile("[A-Za-z0-9._:/-]{1," + Limits.MAX_SKU_LENGTH + "}");

    public static Decision<Activity> validate(ActivityDraft d, String id, String shopId, Instant now) {
        List<String> errors = new ArrayList<>();
        ActivityType type = d.type() == null ? null : ActivityType.parse(d.type()).orElse(null);
        if (d.type() == null) errors.add("type: required");
        else if (type == null) errors.add(ActivityType.unknown("type", d.type()));
        else if (!type.implemented())
            return Decision.refuse(Code.UNSUPPORTED_TYPE, "type " + type + " is not implemented in this version");
        if (d.name() == null || d.name().isBlank()) errors.add("name: required");
        else if (d.name().length() > Limits.MAX_NAME_LENGTH) errors.add("name: at most " + Limits.MAX_NAME_LENGTH + " characters");
        if (d.startsAt() == null) errors.add("startsAt: required");
        if (d.endsAt() == null) errors.add("endsAt: required");
        if (d.startsAt() != null && d.endsAt() != null) {
            if (!d.endsAt().isAfter(d.startsAt())) errors.add("endsAt: must be after startsAt");
            else if (Duration.between(d.startsAt(), d.endsAt()).toDays() > Limits.MAX_ACTIVITY_DURATION_DAYS)
                errors.add("endsAt: an activity lasts at most " + Limits.MAX_ACTIVITY_DURATION_DAYS + " days");
            if (!d.endsAt().isAfter(now)) errors.add("endsAt: must be in the future");
        }
        int defaultWindow = type == ActivityType.seckill ? Limits.SECKILL_DEFAULT_PAY_WINDOW_SECONDS : Limits.DEFAULT_PAY_WINDOW_SECONDS;
        int payWindow = d.payWindowSeconds() == null ? defaultWindow : d.payWindowSeconds();
        if (payWindow < Limits.MIN_PAY_WINDOW_SECONDS || payWindow > Limits.MAX_PAY_WINDOW_SECONDS)
            errors.add("payWindowSeconds: between " + Limits.MIN_PAY_WINDOW_SECONDS + " and " + Limits.MAX_PAY_WINDOW_SECONDS);
        Integer perBuyerDefault = d.limits() == null ? null : d.limits().perBuyer();
        Integer perOrderDefault = d.limits() == null ? null : d.limits().perOrder();
        // A JSON null in rules means "not given"; Activity copies rules with Map.copyOf, which rejects nulls.
        Map<String, Object> rules = new HashMap<>();
        if (d.rules() != null) d.rules().forEach((k, v) -> { if (k != null && v != null) rules.put(k, v); });
        RuleReader reader = new RuleReader(rules, errors);
        List<ActivityDraft.ItemDraft> drafts = switch (type) {
            case pointsExchange -> PointsExchangeRules.prepareItems(d.items(), errors);
            case presentExchange -> PresentExchangeRules.prepareItems(d.items(), reader, errors);
            case auction -> AuctionValidation.pricedItems(d.items(), d.rules());
            case null, default -> d.items();
        };
        List<Item> items = items(type, drafts, perBuyerDefault, perOrderDefault, errors);
        ZoneId zone = zone(reader.raw("timeZone"), errors);
        List<TimeSlot> slots = timeSlots(reader.raw("timeSlots"), errors);
        if (type == ActivityType.groupOn || type == ActivityType.luckyDrawGroup) GroupOffer.read(type, reader, items, errors);
        else if (type == ActivityType.tuan) TuanOffer.read(reader, errors);
        if (type == ActivityType.auction) AuctionValidation.validate(reader, d.startsAt(), d.endsAt(), items, errors);
        if (type == ActivityType.fCode) FCodePlan.validate(reader, errors);
        if (type == ActivityType.helpDepositExpansion) io.peercart.core.help.HelpOffer.read(reader, items, d.endsAt(), errors);
        if (type == ActivityType.inSourcingFission) io.peercart.core.insourcing.InSourcingOffer.read(reader, errors);
        Targeting targeting = Targeting.read(d.targeting(), errors);
        // A misspelt rule is the likelier cause of the other complaints ("groupSiz" → "groupSize: required"): named first.
        List<String> unknown = type == null || d.rules() == null ? List.of() : reader.unknownFields(d.rules().keySet());
        if (!unknown.isEmpty()) {
            List<String> all = new ArrayList<>(unknown);
            all.addAll(errors);
            return Decision.refuse(Code.UNKNOWN_FIELD, String.join("; ", all));
        }
        if (!errors.isEmpty()) return Decision.refuse(Code.VALIDATION_FAILED, String.join("; ", errors));
        return Decision.accept(new Activity(id, shopId, type, d.name().strip(), d.startsAt(), d.endsAt(), null,
                payWindow, zone, slots, items, rules, now, targeting));
    }

    /**
     * The draft that validates back to {@code a} (the inverse of {@link #items}): what a merchant's
     * patch is merged into, so that an edit is validated exactly as a creation. A group item's
     * charged price is its {@code groupPrice}; an auction's price comes from its rules again.
     */
    public static ActivityDraft draftOf(Activity a) {
        List<ActivityDraft.ItemDraft> items = a.items().stream().map(i -> {
            boolean grouped = grouped(a.type());
            Long price = grouped || a.type() == ActivityType.auction || a.type() == ActivityType.presentExchange ? null : i.priceFen();
            Long points = a.type() == ActivityType.pointsExchange ? i.pointsPrice() : null;
            return new ActivityDraft.ItemDraft(i.sku(), price, i.originalPriceFen(), i.stock(), i.limitPerBuyer(), i.limitPerOrder(),
                    grouped ? i.priceFen() : null, null, points, null);
        }).toList();
        Targeting t = a.targeting();
        return new ActivityDraft(a.type().name(), a.name(), a.startsAt(), a.endsAt(), a.payWindowSeconds(), null, items, a.rules(),
                new Targeting.Draft(t.newCustomersOnly(), t.requiredTags(), t.excludedBuyers()));
    }

    private static boolean grouped(ActivityType type) {
        return type == ActivityType.groupOn || type == ActivityType.luckyDrawGroup;
    }

    private static List<Item> items(ActivityType type, List<ActivityDraft.ItemDraft> drafts, Integer perBuyerDefault,
                                    Integer perOrderDefault, List<String> errors) {
        List<Item> items = new ArrayList<>();
        if (drafts == null || drafts.isEmpty()) {
            errors.add("items: at least one item");
            return items;
        }
        if (drafts.size() > Limits.MAX_ITEMS_PER_ACTIVITY) {
            errors.add("items: at most " + Limits.MAX_ITEMS_PER_ACTIVITY);
            return items;
        }
        Set<String> skus = new HashSet<>();
        for (int i = 0; i < drafts.size(); i++) {
            var it = drafts.get(i);
            String at = "items[" + i + "].";
            if (it == null) { errors.add(at + ": required"); continue; }
            int before = errors.size();
            if (it.sku() == null || !SKU.matcher(it.sku()).matches())
                errors.add(at + "sku: 1-" + Limits.MAX_SKU_LENGTH + " characters of letters, digits and ._:/-");
            else if (!skus.add(it.sku())) errors.add(at + "sku: duplicate " + it.sku());
            Long charged = it.price();
            if (grouped(type)) { // the group price is charged; price, if given, is the normal price shown beside it
                // a luckyDrawGroup item priced by its joinPrice needs no group price (docs/groups.md)
                boolean entryPriced = type == ActivityType.luckyDrawGroup && it.joinPrice() != null;
                if (it.groupPrice() == null ? !entryPriced : it.groupPrice() < 0 || it.groupPrice() > Limits.MAX_PRICE_FEN)
                    errors.add(at + "groupPrice: " + (entryPriced ? "" : "required, ") + "0.." + Limits.MAX_PRICE_FEN + " fen");
                if (it.joinPrice() != null && type != ActivityType.luckyDrawGroup) errors.add(at + "joinPrice: luckyDrawGroup only");
                else if (it.joinPrice() != null && (it.joinPrice() < 0 || it.joinPrice() > Limits.MAX_PRICE_FEN))
                    errors.add(at + "joinPrice: 0.." + Limits.MAX_PRICE_FEN + " fen");
                if (it.price() != null && (it.price() < 0 || it.price() > Limits.MAX_PRICE_FEN))
                    errors.add(at + "price: 0.." + Limits.MAX_PRICE_FEN + " fen");
                charged = it.joinPrice() != null ? it.joinPrice() : it.groupPrice();
            } else {
                if (it.groupPrice() != null || it.joinPrice() != null) errors.add(at + "groupPrice, joinPrice: group types only");
                if (it.price() == null || it.price() < 0 || it.price() > Limits.MAX_PRICE_FEN)
                    errors.add(at + "price: required, 0.." + Limits.MAX_PRICE_FEN + " fen");
            }
            if (it.originalPrice() != null && (it.originalPrice() < 0 || it.originalPrice() > Limits.MAX_PRICE_FEN))
                errors.add(at + "originalPrice: 0.." + Limits.MAX_PRICE_FEN + " fen");
            if (it.stock() == null || it.stock() < 1 || it.stock() > Limits.MAX_STOCK_PER_ITEM)
                errors.add(at + "stock: required, 1.." + Limits.MAX_STOCK_PER_ITEM);
            Integer perBuyer = it.limitPerBuyer() != null ? it.limitPerBuyer() : perBuyerDefault != null ? perBuyerDefault : 1;
            Integer perOrder = it.limitPerOrder() != null ? it.limitPerOrder() : perOrderDefault != null ? perOrderDefault : perBuyer;
            if (perBuyer < 1 || perBuyer > Limits.MAX_QUANTITY_PER_ORDER)
                errors.add(at + "limitPerBuyer: 1.." + Limits.MAX_QUANTITY_PER_ORDER);
            if (perOrder < 1 || perOrder > Limits.MAX_QUANTITY_PER_ORDER)
                errors.add(at + "limitPerOrder: 1.." + Limits.MAX_QUANTITY_PER_ORDER);
            if (errors.size() == before)
                items.add(new Item(it.sku(), charged, it.originalPrice() != null || !grouped(type) ? it.originalPrice() : it.price(),
                        it.stock(), perBuyer, Math.min(perOrder, perBuyer), it.pointsPrice() == null ? 0 : it.pointsPrice()));
        }
        return items;
    }

    private static ZoneId zone(Object value, List<String> errors) {
        if (value == null) return DEFAULT_ZONE;
        if (!(value instanceof String s)) {
            errors.add("rules.timeZone: a zone id such as Asia/Shanghai");
            return DEFAULT_ZONE;
        }
        try {
            return ZoneId.of(s);
        } catch (DateTimeException e) {
            errors.add("rules.timeZone: unknown zone '" + s + "'");
            return DEFAULT_ZONE;
        }
    }

    private static List<TimeSlot> timeSlots(Object value, List<String> errors) {
        List<TimeSlot> slots = new ArrayList<>();
        if (value == null) return slots;
        if (!(value instanceof List<?> list) || list.size() > Limits.MAX_TIME_SLOTS) {
            errors.add("rules.timeSlots: a list of at most " + Limits.MAX_TIME_SLOTS + " \"HH:mm-HH:mm\" strings");
            return slots;
        }
        for (Object o : list) {
            var slot = o instanceof String s ? TimeSlot.parse(s) : java.util.Optional.<TimeSlot>empty();
            if (slot.isEmpty()) errors.add("rules.timeSlots: '" + o + "' is not \"HH:mm-HH:mm\"");
            else slots.add(slot.get());
        }
        return slots;
    }
}

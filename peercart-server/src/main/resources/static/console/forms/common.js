// What every activity form shares, declared for the engine in ../form.js: the basic fields, who may
// take part, the item fields most types sell with, and the group rules of the two group types. A
// descriptor is {key, kind, word} plus what its kind needs (form.js KINDS); its words are
// form.<word> (the label) and form.<word>Hint (what it means for the shop). `open`: may still
// change once the activity runs (with `startedHint`); `fixedOnceSaved`: a saved item's sku; `in`: a
// field of an object inside the rules (`in: "milestone"` is rules.milestone.<key>).
import { addWords } from "../i18n.js";
import { SHOP_TIME_ZONE } from "../format.js";

export const money = (key, word, more) => ({ key, kind: "money", word, ...more });
export const whole = (key, word, attrs, more) => ({ key, kind: "int", word, attrs, ...more });
export const check = (key, word, more) => ({ key, kind: "check", word, ...more });

export const BASIC = [
  { key: "name", kind: "text", word: "name", attrs: { maxlength: 200, required: true }, open: true },
  { key: "startsAt", kind: "time", word: "startsAt", hint: "zonedTimeHint" },
  { key: "endsAt", kind: "time", word: "endsAt", hint: "zonedTimeHint", open: true, startedHint: "zonedEndsAtLaterHint" },
  { key: "payWindowSeconds", kind: "duration", unit: 60, step: 1, word: "payWindow", attrs: { min: 1 } },
];

/**
 * The activity's time zone (`rules.timeZone`, every type reads it): the form's times are picked as
 * wall times there, and the server reads daily time slots and daily caps in it. The shop's zone,
 * Asia/Shanghai, unless the merchant picks another; a zone the API was given that is not listed is
 * kept as it is.
 */
export const TIME_ZONE = { key: "timeZone", kind: "select", word: "timeZone", default: SHOP_TIME_ZONE,
  options: [SHOP_TIME_ZONE, "Asia/Hong_Kong", "Asia/Taipei", "Asia/Singapore", "Asia/Tokyo", "Asia/Seoul", "Europe/London", "America/Los_Angeles", "UTC"] };

export const TARGETING = [
  check("newCustomersOnly", "newCustomersOnly"),
  { key: "requiredTags", kind: "list", word: "requiredTags" },
  { key: "excludedBuyers", kind: "lines", word: "excludedBuyers" },
];

/** The activity-wide defaults of the items' limits (`limits`, creation only). */
export const LIMITS = [
  whole("perBuyer", "limitsPerBuyer", { min: 1, max: 10000 }),
  whole("perOrder", "limitsPerOrder", { min: 1, max: 10000 }),
];

export const sku = { key: "sku", kind: "text", word: "sku", attrs: { maxlength: 64 }, fixedOnceSaved: true };
export const originalPrice = money("originalPrice", "originalPrice");
export const stock = whole("stock", "stock", { min: 1 }, { open: true, startedHint: "stockRaiseHint" });
export const limitPerBuyer = whole("limitPerBuyer", "limitPerBuyer", { min: 1 });
export const timeSlots = { key: "timeSlots", kind: "list", word: "timeSlots", placeholder: "10:00-12:00, 20:00-22:00" };

/** groupOn's and luckyDrawGroup's group settings (docs/groups.md). */
export const groupRules = [
  whole("groupSize", "groupSize", { min: 2, max: 100 }),
  { key: "groupTtlSeconds", kind: "duration", unit: 3600, step: "0.5", word: "groupTtl" },
  money("leaderPrice", "leaderPrice"),
  check("simulatedFill", "simulatedFill"),
  check("showOpenGroups", "showOpenGroups"),
  check("newCustomersOnlyJoin", "newCustomersOnlyJoin"),
];

addWords({
  zh: { form: {
    typeFixed: "创建后不能更改类型。",
    zonedTimeHint: "按下面选择的时区填写（默认北京时间 Asia/Shanghai）。",
    zonedEndsAtLaterHint: "按下面选择的时区填写；活动开始后只能延后。",
    timeZone: "时区", timeZoneHint: "上面的时间按这个时区理解；每日开抢时段、每日上限也按它计算。一般用店铺所在地的北京时间。",
    timeZoneOptions: { "Asia/Shanghai": "北京时间（Asia/Shanghai）", "Asia/Hong_Kong": "香港（Asia/Hong_Kong）", "Asia/Taipei": "台北（Asia/Taipei）",
      "Asia/Singapore": "新加坡（Asia/Singapore）", "Asia/Tokyo": "东京（Asia/Tokyo）", "Asia/Seoul": "首尔（Asia/Seoul）",
      "Europe/London": "伦敦（Europe/London）", "America/Los_Angeles": "洛杉矶（America/Los_Angeles）", UTC: "协调世界时（UTC）" },
    payWindow: "付款时限（分钟）", payWindowHint: "买家下单后多久内不付款，订单自动关闭、库存退回；不填时秒杀为 5 分钟，其他为 15 分钟。",
    leaderPrice: "团长价（元）", leaderPriceHint: "可不填。开团的团长按这个单价付款（团长优惠），不能高于拼团价。",
    simulatedFill: "模拟成团", simulatedFillHint: "到时未凑满人数时，只要有人已付款，就由系统补足虚拟成员算作成团（虚拟成员不发货）。",
    showOpenGroups: "展示可参与的团（凑团）", showOpenGroupsHint: "买家能看到还差人的团并直接加入，成团更快。",
    newCustomersOnlyJoin: "参团仅限新客（老带新）", newCustomersOnlyJoinHint: "团长不限，参团的成员必须是新客户。",
    addRow: "添加一档", removeRow: "删除", removeRowNamed: "删除第 {n} 档",
    limitsPerBuyer: "每人限购（所有商品默认）", limitsPerBuyerHint: "可不填。每位买家每件商品最多买几件（未取消、未退款的订单都算）；商品自己填了限购的以商品为准，都不填为 1。创建后请改各商品的限购。",
    limitsPerOrder: "每单限购（所有商品默认）", limitsPerOrderHint: "可不填。一笔订单每件商品最多买几件；不填等于每人限购，也不会超过它。",
  } },
  en: { form: {
    typeFixed: "The type cannot change later.",
    zonedTimeHint: "In the time zone chosen below (Asia/Shanghai unless changed).",
    zonedEndsAtLaterHint: "In the time zone chosen below; once started it may only move later.",
    timeZone: "Time zone", timeZoneHint: "The times above are read in this zone, and so are daily time slots and daily caps. Usually the shop's own, Asia/Shanghai.",
    timeZoneOptions: { "Asia/Shanghai": "China (Asia/Shanghai)", "Asia/Hong_Kong": "Hong Kong (Asia/Hong_Kong)", "Asia/Taipei": "Taipei (Asia/Taipei)",
      "Asia/Singapore": "Singapore (Asia/Singapore)", "Asia/Tokyo": "Tokyo (Asia/Tokyo)", "Asia/Seoul": "Seoul (Asia/Seoul)",
      "Europe/London": "London (Europe/London)", "America/Los_Angeles": "Los Angeles (America/Los_Angeles)", UTC: "UTC" },
    payWindow: "Time to pay (minutes)", payWindowHint: "An order not paid this long after it was placed is closed and its units return; 5 minutes for a seckill, 15 for the others if empty.",
    leaderPrice: "Leader's price (¥)", leaderPriceHint: "Optional. What the buyer who opens a group pays per unit; at most the group price.",
    simulatedFill: "Fill groups at the deadline", simulatedFillHint: "A group with at least one paid member that is not full in time succeeds, filled with virtual members (never shipped).",
    showOpenGroups: "Show open groups", showOpenGroupsHint: "Buyers see the groups still missing members and join them, so groups fill sooner.",
    newCustomersOnlyJoin: "Members must be new customers", newCustomersOnlyJoinHint: "Anyone may lead a group; those who join must be new customers.",
    addRow: "Add a tier", removeRow: "Remove", removeRowNamed: "Remove tier {n}",
    limitsPerBuyer: "Limit per buyer, every item (default)", limitsPerBuyerHint: "Optional. Units of each item one buyer may hold (orders not cancelled or refunded); an item's own limit wins; 1 if neither is given. After creation, change each item's limit.",
    limitsPerOrder: "Limit per order, every item (default)", limitsPerOrderHint: "Optional. Units of each item in one order; the per-buyer limit if empty, and never above it.",
  } },
});

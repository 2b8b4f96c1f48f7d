// What every activity form shares, declared for the engine in ../form.js: the basic fields, who may
// take part, the item fields most types sell with, and the group rules of the two group types. A
// descriptor is {key, kind, word} plus what its kind needs (form.js KINDS); its words are
// form.<word> (the label) and form.<word>Hint (what it means for the shop). `open`: may still
// change once the activity runs (with `startedHint`); `fixedOnceSaved`: a saved item's sku.
import { addWords } from "../i18n.js";

export const money = (key, word, more) => ({ key, kind: "money", word, ...more });
export const whole = (key, word, attrs, more) => ({ key, kind: "int", word, attrs, ...more });
export const check = (key, word, more) => ({ key, kind: "check", word, ...more });

export const BASIC = [
  { key: "name", kind: "text", word: "name", attrs: { maxlength: 200, required: true }, open: true },
  { key: "startsAt", kind: "time", word: "startsAt", hint: "timeHint" },
  { key: "endsAt", kind: "time", word: "endsAt", hint: "timeHint", open: true, startedHint: "endsAtLaterHint" },
  { key: "payWindowSeconds", kind: "duration", unit: 60, step: 1, word: "payWindow", attrs: { min: 1 } },
];

export const TARGETING = [
  check("newCustomersOnly", "newCustomersOnly"),
  { key: "requiredTags", kind: "list", word: "requiredTags" },
  { key: "excludedBuyers", kind: "lines", word: "excludedBuyers" },
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
    payWindow: "付款时限（分钟）", payWindowHint: "买家下单后多久内不付款，订单自动关闭、库存退回；不填时秒杀为 5 分钟，其他为 15 分钟。",
    leaderPrice: "团长价（元）", leaderPriceHint: "可不填。开团的团长按这个单价付款（团长优惠），不能高于拼团价。",
    simulatedFill: "模拟成团", simulatedFillHint: "到时未凑满人数时，只要有人已付款，就由系统补足虚拟成员算作成团（虚拟成员不发货）。",
    showOpenGroups: "展示可参与的团（凑团）", showOpenGroupsHint: "买家能看到还差人的团并直接加入，成团更快。",
    newCustomersOnlyJoin: "参团仅限新客（老带新）", newCustomersOnlyJoinHint: "团长不限，参团的成员必须是新客户。",
    addRow: "添加一档", removeRow: "删除", removeRowNamed: "删除第 {n} 档",
  } },
  en: { form: {
    typeFixed: "The type cannot change later.",
    payWindow: "Time to pay (minutes)", payWindowHint: "An order not paid this long after it was placed is closed and its units return; 5 minutes for a seckill, 15 for the others if empty.",
    leaderPrice: "Leader's price (¥)", leaderPriceHint: "Optional. What the buyer who opens a group pays per unit; at most the group price.",
    simulatedFill: "Fill groups at the deadline", simulatedFillHint: "A group with at least one paid member that is not full in time succeeds, filled with virtual members (never shipped).",
    showOpenGroups: "Show open groups", showOpenGroupsHint: "Buyers see the groups still missing members and join them, so groups fill sooner.",
    newCustomersOnlyJoin: "Members must be new customers", newCustomersOnlyJoinHint: "Anyone may lead a group; those who join must be new customers.",
    addRow: "Add a tier", removeRow: "Remove", removeRowNamed: "Remove tier {n}",
  } },
});

// The tuan form (团购返现, docs/groups.md): everyone pays the normal price; when enough buyers
// bought, each gets cashback after the after-sale window. Tiers are repeatable rows.
import { addWords } from "../i18n.js";
import { limitPerBuyer, money, originalPrice, sku, stock, whole } from "./common.js";

export const tuan = {
  item: [sku, money("price", "tuan.price"), originalPrice, stock, limitPerBuyer],
  rules: [
    { key: "tiers", kind: "rows", word: "tuan.tiers", max: 20,
      of: [whole("minBuyers", "tuan.minBuyers", { min: 1 }), whole("cashbackPercent", "tuan.cashbackPercent", { min: 1, max: 100 }),
        money("cashbackPerUnit", "tuan.cashbackPerUnit")] },
    { key: "settlementDelaySeconds", kind: "duration", unit: 86400, step: "any", word: "tuan.settlementDelay" }],
};

addWords({
  zh: { form: {
    about: { tuan: "阶梯团购：活动期间大家按团购价购买，买的人越多返现越多，售后期过后统一返现。" },
    tuan: { price: "团购价（元）", priceHint: "活动期间每位买家支付的单价。",
      tiers: "返现档位", tiersHint: "每档写达到多少位付款买家，以及返现比例或每件返现金额（所有档用同一种）；人数越多返得越多。",
      tiersRow: "第 {n} 档", minBuyers: "买家人数", minBuyersHint: "付款且未退款的不同买家达到这么多人。",
      cashbackPercent: "返现比例（%）", cashbackPercentHint: "按实付金额返还的百分比（1–100）；与每件返现二选一。",
      cashbackPerUnit: "每件返现（元）", cashbackPerUnitHint: "每件返还的金额，不能超过最便宜商品的价格；与返现比例二选一。",
      settlementDelay: "售后期（天）", settlementDelayHint: "活动结束后等多少天再结算返现（期间退款的订单不返现）；不填为 7 天。" },
  } },
  en: { form: {
    about: { tuan: "Tiered group buy: everyone buys at the group price; the more buyers, the more cashback, paid after the after-sale window." },
    tuan: { price: "Group price (¥)", priceHint: "What every buyer pays per unit during the activity.",
      tiers: "Cashback tiers", tiersHint: "Each tier: how many paying buyers reach it, and a cashback percent or an amount per unit (all tiers the same kind); more buyers pay back more.",
      tiersRow: "Tier {n}", minBuyers: "Buyers", minBuyersHint: "Distinct buyers with paid, unrefunded orders.",
      cashbackPercent: "Cashback (%)", cashbackPercentHint: "Percent of the amount paid (1–100); this or an amount per unit.",
      cashbackPerUnit: "Cashback per unit (¥)", cashbackPerUnitHint: "Paid back per unit, at most the cheapest item's price; this or a percent.",
      settlementDelay: "After-sale window (days)", settlementDelayHint: "Days after the end before cashback is settled (orders refunded meanwhile get none); 7 if empty." },
  } },
});

// The groupOn form (多人拼团, docs/groups.md): a group price once enough buyers join, with the
// group settings and the optional ladder (阶梯团) as repeatable tiers.
import { addWords } from "../i18n.js";
import { groupRules, limitPerBuyer, money, originalPrice, sku, stock, whole } from "./common.js";

export const groupOn = {
  item: [sku, money("groupPrice", "groupPrice", { from: (item) => item.groupPrice ?? item.price }), originalPrice, stock, limitPerBuyer],
  rules: [...groupRules,
    { key: "tiers", kind: "rows", word: "groupOn.tiers", max: 10,
      of: [whole("size", "groupOn.tierSize", { min: 2, max: 100 }), money("price", "groupOn.tierPrice")] }],
};

addWords({
  zh: { form: {
    about: { groupOn: "多人拼团：凑满人数才按拼团价成交，凑不满则退款。" },
    groupOn: { tiers: "阶梯价（可不填）", tiersHint: "人越多越便宜：每档写人数和单价，人数逐档增加、价格逐档降低；只能有一件商品，其拼团价须等于第一档价格。买家先按第一档付款，到时按达到的最高档返还差价。",
      tiersRow: "第 {n} 档", tierSize: "人数", tierSizeHint: "凑满这么多人（含团长）即达到这一档。", tierPrice: "单价（元）", tierPriceHint: "达到这一档时每人的最终单价。" },
  } },
  en: { form: {
    about: { groupOn: "Group buy: the group price once enough buyers join; a group not filled in time is refunded." },
    groupOn: { tiers: "Price ladder (optional)", tiersHint: "Cheaper with more people: each tier a size and a unit price, sizes rising and prices falling; one item only, its group price the first tier's. Buyers pay the first tier up front and get the difference to the tier reached back.",
      tiersRow: "Tier {n}", tierSize: "Size", tierSizeHint: "Buyers (the leader included) that reach this tier.", tierPrice: "Unit price (¥)", tierPriceHint: "What each member finally pays per unit at this tier." },
  } },
});

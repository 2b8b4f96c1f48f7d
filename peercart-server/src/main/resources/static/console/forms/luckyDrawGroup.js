// The luckyDrawGroup form (抽奖拼团, docs/groups.md): a group buy whose goods go to drawn winners;
// an item's stock is its prizes, its join price what an entry costs (0 allowed).
import { addWords } from "../i18n.js";
import { groupRules, limitPerBuyer, money, originalPrice, sku, stock, whole } from "./common.js";

export const luckyDrawGroup = {
  item: [sku, money("joinPrice", "luckyDrawGroup.joinPrice", { from: (item) => item.joinPrice ?? item.groupPrice ?? item.price }),
    originalPrice, { ...stock, word: "luckyDrawGroup.stock", startedHint: "luckyDrawGroup.stockRaiseHint" }, limitPerBuyer],
  rules: [...groupRules,
    whole("winners", "luckyDrawGroup.winners", { min: 1 }),
    whole("winnersPerGroup", "luckyDrawGroup.winnersPerGroup", { min: 1 }),
    { key: "drawAt", kind: "select", word: "luckyDrawGroup.drawAt", options: ["ACTIVITY_END", "GROUP_SUCCESS"], default: "ACTIVITY_END" },
    whole("loserPoints", "luckyDrawGroup.loserPoints", { min: 1, max: 1000000 }),
    { key: "loserPresentActivityId", kind: "text", word: "luckyDrawGroup.loserPresentActivityId", attrs: { maxlength: 64 } }],
};

addWords({
  zh: { form: {
    about: { luckyDrawGroup: "抽奖拼团：成团的成员参加抽奖，中奖者得到商品，未中奖者退款（可另送积分或赠品）；抽奖可公开验证。" },
    luckyDrawGroup: { joinPrice: "参与价（元）", joinPriceHint: "每位成员参团支付的金额，可以为 0（0 元抽奖团）。",
      stock: "奖品数量", stockHint: "中奖者能拿到的件数（不是参与人数）。", stockRaiseHint: "活动已开始：只能增加奖品数量。",
      winners: "中奖人数（全活动）", winnersHint: "活动结束后从所有成团成员中抽出这么多人；与“每团中奖人数”二选一。",
      winnersPerGroup: "每团中奖人数", winnersPerGroupHint: "每个成团的团里抽出这么多人；与“中奖人数”二选一。",
      drawAt: "开奖时间", drawAtHint: "活动结束后统一开奖，或每个团成团时立即开奖（需要填写每团中奖人数）。",
      drawAtOptions: { ACTIVITY_END: "活动结束后统一开奖", GROUP_SUCCESS: "成团即开奖" },
      loserPoints: "未中奖送积分", loserPointsHint: "可不填。每位未中奖的成员获得的积分。",
      loserPresentActivityId: "未中奖送赠品（赠品活动 ID）", loserPresentActivityIdHint: "可不填。填一个本店“赠品领取”活动的 ID，未中奖者各得一份赠品。" },
  } },
  en: { form: {
    about: { luckyDrawGroup: "Lucky-draw group: members of full groups enter a verifiable draw; winners get the goods, the others are refunded (optionally with points or a gift)." },
    luckyDrawGroup: { joinPrice: "Entry price (¥)", joinPriceHint: "What each member pays to join; 0 is allowed (a free draw).",
      stock: "Prizes", stockHint: "Units the winners take (not the number of entries).", stockRaiseHint: "Started: prizes may only go up.",
      winners: "Winners (whole activity)", winnersHint: "Drawn from every full group's members after the end; this or winners per group.",
      winnersPerGroup: "Winners per group", winnersPerGroupHint: "Drawn in each full group; this or winners.",
      drawAt: "Draw", drawAtHint: "Once the activity has ended, or in each group the moment it is full (needs winners per group).",
      drawAtOptions: { ACTIVITY_END: "After the activity ends", GROUP_SUCCESS: "When a group is full" },
      loserPoints: "Points for those who lose", loserPointsHint: "Optional. Points each losing member earns.",
      loserPresentActivityId: "Gift for those who lose (gift activity id)", loserPresentActivityIdHint: "Optional. The id of one of the shop's gift activities; each losing member is granted one gift." },
  } },
});

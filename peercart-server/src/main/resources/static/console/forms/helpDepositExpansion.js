// The helpDepositExpansion form (助力定金膨胀, docs/fission.md): a presale deposit worth more off
// the price as friends help, and the later window in which the balance is paid.
import { addWords } from "../i18n.js";
import { check, money, originalPrice, sku, stock, whole } from "./common.js";

export const helpDepositExpansion = {
  item: [sku, money("price", "helpDepositExpansion.price"), originalPrice, stock],
  rules: [money("deposit", "helpDepositExpansion.deposit"), money("baseValue", "helpDepositExpansion.baseValue"),
    money("maxValue", "helpDepositExpansion.maxValue"), money("helpAmount", "helpDepositExpansion.helpAmount"),
    money("helpAmountMin", "helpDepositExpansion.helpAmountMin"), money("helpAmountMax", "helpDepositExpansion.helpAmountMax"),
    whole("helpsPerHelper", "helpDepositExpansion.helpsPerHelper", { min: 1 }),
    check("newCustomersOnlyHelpers", "helpDepositExpansion.newCustomersOnlyHelpers"),
    { key: "balanceStartsAt", kind: "time", word: "helpDepositExpansion.balanceStartsAt" },
    { key: "balanceEndsAt", kind: "time", word: "helpDepositExpansion.balanceEndsAt" },
    { key: "unpaidBalance", kind: "select", word: "helpDepositExpansion.unpaidBalance", options: ["FORFEIT", "REFUND"], default: "FORFEIT" },
    whole("helps", "helpDepositExpansion.milestoneHelps", { min: 1, max: 10000 }, { in: "milestone" }),
    { key: "presentActivityId", in: "milestone", kind: "text", word: "helpDepositExpansion.milestonePresent", attrs: { maxlength: 64 } }],
};

addWords({
  zh: { form: {
    about: { helpDepositExpansion: "助力定金膨胀：买家先付定金，好友助力让定金抵扣更多，在尾款时段内付清尾款。" },
    helpDepositExpansion: { price: "商品全价（元）", priceHint: "定金抵扣之前的售价；尾款 = 全价 − 定金膨胀后的价值。",
      deposit: "定金（元）", depositHint: "买家先付的金额，每笔定金订单一件。",
      baseValue: "定金抵扣（元）", baseValueHint: "付了定金即可抵扣的金额，不少于定金。",
      maxValue: "最高抵扣（元）", maxValueHint: "好友助力后最多能抵扣到多少，不少于定金抵扣，不超过商品全价。",
      helpAmount: "每次助力增加（元）", helpAmountHint: "每位好友助力一次增加的固定金额；或者填下面的随机范围。",
      helpAmountMin: "随机助力最少（元）", helpAmountMinHint: "不填固定金额时：每次助力在最少和最多之间随机（可验证）。",
      helpAmountMax: "随机助力最多（元）", helpAmountMaxHint: "与“随机助力最少”一起填。",
      helpsPerHelper: "每人可助力次数", helpsPerHelperHint: "一位好友在本活动里最多帮几位发起人；不填为 1。",
      newCustomersOnlyHelpers: "仅限新客助力", newCustomersOnlyHelpersHint: "勾选后只有新客户的助力才算数。",
      balanceStartsAt: "尾款开始时间", balanceStartsAtHint: "按活动时区；不能早于活动结束时间（活动期间是付定金的时段）。",
      balanceEndsAt: "尾款截止时间", balanceEndsAtHint: "按活动时区；过了这个时间未付尾款按下面的方式处理。",
      unpaidBalance: "未付尾款的定金", unpaidBalanceHint: "尾款截止时仍未付尾款，定金不退还或退还给买家。",
      unpaidBalanceOptions: { FORFEIT: "不退还", REFUND: "退还" },
      milestoneHelps: "助力里程碑（次）", milestoneHelpsHint: "可不填。发起人的定金获得这么多次助力时，送他一份下面赠品活动的赠品；与赠品活动一起填。",
      milestonePresent: "里程碑赠品（赠品活动 ID）", milestonePresentHint: "本店一个“赠品领取”活动的 ID；达到里程碑的发起人各得一份，在那个活动里领取。" },
  } },
  en: { form: {
    about: { helpDepositExpansion: "Help deposit expansion: buyers pay a deposit, friends' help makes it worth more off the price, and the balance is paid in a later window." },
    helpDepositExpansion: { price: "Full price (¥)", priceHint: "The price before the deposit's value; the balance is this minus that value.",
      deposit: "Deposit (¥)", depositHint: "What the buyer pays first, for one unit.",
      baseValue: "Deposit worth (¥)", baseValueHint: "What a paid deposit takes off the price; at least the deposit.",
      maxValue: "Most it can be worth (¥)", maxValueHint: "Helps never raise the value above this; at least the deposit's worth, at most the full price.",
      helpAmount: "Each help adds (¥)", helpAmountHint: "A fixed amount per friend's help; or give the random range below.",
      helpAmountMin: "Random help, least (¥)", helpAmountMinHint: "Without a fixed amount: each help adds a verifiable random amount between least and most.",
      helpAmountMax: "Random help, most (¥)", helpAmountMaxHint: "Given with the least.",
      helpsPerHelper: "Helps per friend", helpsPerHelperHint: "How many buyers one friend may help in this activity; 1 if empty.",
      newCustomersOnlyHelpers: "Only new customers may help", newCustomersOnlyHelpersHint: "Only helps from new customers count.",
      balanceStartsAt: "Balance from", balanceStartsAtHint: "In the activity's time zone; no earlier than the end (the activity is the deposit window).",
      balanceEndsAt: "Balance until", balanceEndsAtHint: "In the activity's time zone; a deposit whose balance is not paid by then is handled as below.",
      unpaidBalance: "Deposit of an unpaid balance", unpaidBalanceHint: "When the balance is not paid in time the deposit is kept, or refunded.",
      unpaidBalanceOptions: { FORFEIT: "Kept", REFUND: "Refunded" },
      milestoneHelps: "Help milestone (helps)", milestoneHelpsHint: "Optional. A buyer whose deposit gets this many helps is granted a gift from the gift activity below; give both.",
      milestonePresent: "Milestone gift (gift activity id)", milestonePresentHint: "The id of one of the shop's gift activities; each buyer who reaches the milestone may claim one gift there." },
  } },
});

// The auction form (降价拍, docs/auction.md): the price starts high and drops on a schedule to a
// floor; the items' price is the schedule's, so an item asks only for its stock and limits.
import { addWords } from "../i18n.js";
import { limitPerBuyer, money, originalPrice, sku, stock, timeSlots } from "./common.js";

export const auction = {
  item: [sku, originalPrice, stock, limitPerBuyer],
  rules: [money("startPrice", "auction.startPrice"), money("floorPrice", "auction.floorPrice"),
    money("dropAmount", "auction.dropAmount", { attrs: { min: 0.01 } }),
    { key: "dropIntervalSeconds", kind: "duration", unit: 60, word: "auction.dropInterval", attrs: { min: 1 } }, timeSlots],
};

addWords({
  zh: { form: {
    about: { auction: "降价拍：价格从起拍价开始，每隔一段时间降一次，直到最低价；越早买越贵，先到先得。" },
    auction: { startPrice: "起拍价（元）", startPriceHint: "活动开始时的价格，也是每件商品的售价起点。",
      floorPrice: "最低价（元）", floorPriceHint: "价格降到这里就不再降，不能高于起拍价。",
      dropAmount: "每次降价（元）", dropAmountHint: "每到一个降价时点，价格减少这么多。",
      dropInterval: "降价间隔（分钟）", dropIntervalHint: "从开始时间起，每隔多少分钟降一次价；可以有小数（0.5 即 30 秒），不能长于整个活动。" },
  } },
  en: { form: {
    about: { auction: "Descending auction: the price starts high and drops at fixed intervals down to a floor; earlier buyers pay more." },
    auction: { startPrice: "Starting price (¥)", startPriceHint: "The price when the activity starts, for every item.",
      floorPrice: "Floor price (¥)", floorPriceHint: "The price never drops below this; at most the starting price.",
      dropAmount: "Each drop (¥)", dropAmountHint: "Taken off the price at every drop.",
      dropInterval: "Drop every (minutes)", dropIntervalHint: "Minutes between drops from the start; decimals allowed (0.5 is 30 seconds), at most the whole activity." },
  } },
});

// The pointsExchange form (积分兑换, docs/points.md): items priced in the shop's points, with an
// optional cash part; no rules of its own.
import { addWords } from "../i18n.js";
import { limitPerBuyer, money, originalPrice, sku, stock, whole } from "./common.js";

export const pointsExchange = {
  item: [sku, whole("pointsPrice", "pointsExchange.pointsPrice", { min: 1 }), money("price", "pointsExchange.price"), originalPrice, stock, limitPerBuyer],
  rules: [],
};

addWords({
  zh: { form: {
    about: { pointsExchange: "积分兑换：买家用积分（可加现金）兑换商品，下单时冻结积分，付款后扣除。" },
    pointsExchange: { pointsPrice: "所需积分", pointsPriceHint: "兑换一件需要的积分。",
      price: "另付现金（元）", priceHint: "可不填。除积分外每件还要支付的现金；不填为纯积分兑换。" },
  } },
  en: { form: {
    about: { pointsExchange: "Points exchange: buyers pay in points (plus optional cash); the points are frozen when ordering and spent when paid." },
    pointsExchange: { pointsPrice: "Points", pointsPriceHint: "Points one unit costs.",
      price: "Cash on top (¥)", priceHint: "Optional. Cash paid per unit besides the points; points only if empty." },
  } },
});

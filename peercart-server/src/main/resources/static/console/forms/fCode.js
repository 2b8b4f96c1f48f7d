// The fCode form (F码, docs/fcode.md): goods sold only against codes the merchant hands out; the
// codes themselves are generated after creation (POST /v1/activities/{id}/codes).
import { addWords } from "../i18n.js";
import { check, limitPerBuyer, money, originalPrice, sku, stock, timeSlots, whole } from "./common.js";

export const fCode = {
  item: [sku, money("price", "fCode.price"), originalPrice, stock, limitPerBuyer],
  rules: [whole("unitsPerCode", "fCode.unitsPerCode", { min: 1, max: 10000 }),
    whole("maxWrongCodesPerHour", "fCode.maxWrongCodesPerHour", { min: 1, max: 1000 }),
    check("codeReusableAfterRefund", "fCode.codeReusableAfterRefund"), timeSlots],
};

addWords({
  zh: { form: {
    about: { fCode: "F码专享：只有持有你发放的 F 码的买家才能购买；创建后再生成 F 码。" },
    fCode: { price: "专享价（元）", priceHint: "凭 F 码购买时的单价。",
      unitsPerCode: "每个 F 码可买件数", unitsPerCodeHint: "一个码在一笔订单里能买几件；不填为 1。",
      maxWrongCodesPerHour: "每小时允许输错次数", maxWrongCodesPerHourHint: "买家一小时内输错这么多次后暂时不能再试，防止猜码；不填为 10。",
      codeReusableAfterRefund: "退款后 F 码可再用", codeReusableAfterRefundHint: "勾选后，订单退款时它用过的 F 码恢复为未使用。" },
  } },
  en: { form: {
    about: { fCode: "F-code: only buyers holding a code you hand out may buy; generate the codes after creating it." },
    fCode: { price: "Code price (¥)", priceHint: "What a buyer with a code pays per unit.",
      unitsPerCode: "Units per code", unitsPerCodeHint: "Units one code buys in one order; 1 if empty.",
      maxWrongCodesPerHour: "Wrong codes allowed per hour", maxWrongCodesPerHourHint: "A buyer who enters this many wrong codes in an hour must wait (stops guessing); 10 if empty.",
      codeReusableAfterRefund: "Codes reusable after a refund", codeReusableAfterRefundHint: "A refunded order's code becomes unused again." },
  } },
});

// The F-code (F码) buyer panel: the goods, a field for the code the merchant handed out, and a buy
// button that orders with it. The server reads the code leniently (case, hyphens, spaces) and
// decides; a wrong, used or held code and too many wrong tries are said in the buyer's words.
import { h } from "/console/dom.js";
import { addWords, t } from "./i18n.js";
import { Refusal, forgetToken, idempotencyKey, money, post, refusalText, token } from "./buyer.js";
import { orderCard } from "./seckill.js";

addWords({
  zh: { fcode: {
    price: "价格", code: "F码", placeholder: "输入你的F码", perCode: "每个F码可购买 {n} 件", buy: "使用F码购买",
    needCode: "请先输入F码", order: "购买成功",
  }, refused: {
    INVALID_CODE: "F码不正确，请核对后重新输入", CODE_USED: "这个F码已经用过了", CODE_LOCKED: "这个F码已被一笔待支付的订单占用",
    TOO_MANY_ATTEMPTS: "F码输错次数太多，请一小时后再试", VALIDATION_FAILED: "请求有误：{detail}",
  } },
  en: { fcode: {
    price: "Price", code: "F code", placeholder: "Enter your F code", perCode: "One F code buys {n}", buy: "Buy with the F code",
    needCode: "Enter your F code first", order: "You got it",
  }, refused: {
    INVALID_CODE: "That F code is not right; check it and enter it again", CODE_USED: "This F code has already been used",
    CODE_LOCKED: "This F code is held by an order awaiting payment", TOO_MANY_ATTEMPTS: "Too many wrong F codes; try again in an hour",
    VALIDATION_FAILED: "The request was not right: {detail}",
  } },
});

/** What the buyer typed, did and got; kept across redraws (a stock change redraws the page). */
const state = { code: "", busy: false, key: null, keyFor: null, order: null, refusal: null, missing: false };

/** The panel for an F-code activity's public view; `page.redraw()` draws again. */
export function fCodePanel(activity, page) {
  const item = activity.items[0];
  const perCode = activity.fCode?.unitsPerCode ?? 1;
  const deal = h("section", { class: "deal", "aria-label": t("fcode.price") },
    h("p", { class: "prices" },
      h("span", { class: "label" }, t("fcode.price")), " ", h("strong", { id: "price" }, money(item.price)), " ",
      item.originalPrice != null && item.originalPrice > item.price
        ? h("del", { id: "original-price", "aria-label": `${t("originalPrice")} ${money(item.originalPrice)}` }, money(item.originalPrice)) : null),
    h("p", { id: "left", class: item.left === 0 ? "left none" : "left" }, item.left === 0 ? t("soldOut") : t("left", { n: item.left })),
    h("p", { id: "per-code", class: "hint" }, t("fcode.perCode", { n: perCode })),
    h("p", { id: "limit", class: "hint" }, t("limit", { n: item.limitPerBuyer })));
  const refusal = (state.missing || state.refusal) && h("p", { id: "refusal", class: "refusal", role: "alert" },
    state.missing ? t("fcode.needCode") : refusalText(state.refusal, { limit: item.limitPerBuyer }));
  if (!token()) return h("div", {}, deal, refusal || null, h("p", { id: "note", class: "note" }, t("readOnly")));

  const blocked = activity.status === "SCHEDULED" ? t("notStarted") : activity.status === "ENDED" ? t("ended")
    : activity.status === "CANCELLED" ? t("cancelled") : item.left === 0 ? t("soldOut") : !activity.inTimeSlot ? t("outsideSlot") : null;
  const field = h("label", { class: "field code entry" }, t("fcode.code"),
    h("input", { id: "code", type: "text", value: state.code, maxlength: 64, autocomplete: "off", autocapitalize: "characters",
      spellcheck: "false", placeholder: t("fcode.placeholder"), oninput: (e) => { state.code = e.target.value; },
      onkeydown: (e) => { if (e.key === "Enter" && !blocked && !state.busy) place(activity, item, perCode, page); } }));
  const buy = h("button", { type: "button", id: "buy", class: "buy", disabled: Boolean(blocked) || state.busy,
    onclick: () => place(activity, item, perCode, page) }, blocked || (state.busy ? t("buying") : t("fcode.buy")));
  return h("div", {}, deal, field, buy, refusal || null, state.order ? orderCard(state.order, page, t("fcode.order")) : null);
}

/**
 * Orders with the typed code: all the units one code buys, within the per-buyer limit and what is
 * left. The key is kept for a retry of the same code after a lost answer; another code is another
 * intent with a new key.
 */
async function place(activity, item, perCode, page) {
  const code = state.code.trim();
  state.refusal = null;
  state.missing = !code;
  if (!code) return page.redraw();
  state.busy = true;
  if (state.keyFor !== code) state.key = null;
  state.key ||= idempotencyKey();
  state.keyFor = code;
  page.redraw();
  try {
    const quantity = Math.max(1, Math.min(perCode, item.limitPerBuyer, item.left));
    state.order = await post(`/v1/activities/${encodeURIComponent(activity.id)}/orders`, { sku: item.sku, quantity, code }, state.key);
    state.key = null;
    state.code = "";
  } catch (e) {
    if (!(e instanceof Refusal)) throw e;
    if (e.status) state.key = null;
    if (e.status === 401) forgetToken();
    state.refusal = e;
  } finally {
    state.busy = false;
    page.redraw();
  }
}

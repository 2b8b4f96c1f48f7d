// The tuan buyer panel (团购返现): the price everyone pays, the cashback tier reached so far, how
// many more buyers the next tier needs (live from the public tuan.progress event, sent on every
// payment and refund), and a button to join by buying. The cashback itself is settled after the
// after-sale window (docs/groups.md, "tuan"); the page only shows where the count stands.
import { h } from "/console/dom.js";
import { addWords, t } from "./i18n.js";
import { Refusal, forgetToken, idempotencyKey, money, post, read, refusalText, token } from "./buyer.js";
import { orderCard } from "./seckill.js";

addWords({
  zh: {
    tuan: {
      price: "团购价", buy: "参团购买", buying: "正在参团…", order: "参团成功",
      title: "返现进度", buyers: "已有 {n} 人参团", none: "还没有达到返现档位", now: "当前返现：{back}",
      next: "再有 {n} 人参团，返现升至 {back}", top: "已达到最高返现档位", percent: "{p}%", perUnit: "每件 {m}",
      tier: "{n} 人 · 返 {back}", settle: "返现在活动结束、售后期过后统一结算",
    },
  },
  en: {
    tuan: {
      price: "Group-buy price", buy: "Join by buying", buying: "Joining…", order: "You joined",
      title: "Cashback progress", buyers: "{n} buyers so far", none: "No cashback tier reached yet", now: "Cashback now: {back}",
      next: "{n} more buyers raise the cashback to {back}", top: "The top cashback tier is reached", percent: "{p}%", perUnit: "{m} per item",
      tier: "{n} buyers · {back} back", settle: "Cashback is settled once the sale and its after-sale window are over",
    },
  },
});

/** What the buyer did; kept across redraws. */
const state = { busy: false, key: null, order: null, refusal: null };

/** The panel for a tuan `activity` (its public view); `page.redraw()` draws again. */
export function tuanPanel(activity, page) {
  const item = activity.items[0];
  const deal = h("section", { class: "deal", "aria-label": t("tuan.price") },
    h("p", { class: "prices" }, h("span", { class: "label" }, t("tuan.price")), " ", h("strong", { id: "price" }, money(item.price)), " ",
      item.originalPrice != null && item.originalPrice > item.price
        ? h("del", { id: "original-price", "aria-label": `${t("originalPrice")} ${money(item.originalPrice)}` }, money(item.originalPrice)) : null),
    h("p", { id: "left", class: item.left === 0 ? "left none" : "left" }, item.left === 0 ? t("soldOut") : t("left", { n: item.left })));
  const progress = progressCard(activity.progress);
  const refusal = state.refusal && h("p", { id: "refusal", class: "refusal", role: "alert" }, refusalText(state.refusal, { limit: item.limitPerBuyer }));
  let view;
  if (!token()) view = h("div", {}, deal, progress, refusal || null, h("p", { id: "note", class: "note" }, t("readOnly")));
  else {
    const blocked = activity.status === "SCHEDULED" ? t("notStarted") : activity.status === "ENDED" ? t("ended")
      : activity.status === "CANCELLED" ? t("cancelled") : item.left === 0 ? t("soldOut") : !activity.inTimeSlot ? t("outsideSlot") : null;
    const buy = h("button", { type: "button", id: "buy", class: "buy", disabled: Boolean(blocked) || state.busy, onclick: () => place(activity, item, page) },
      blocked || (state.busy ? t("tuan.buying") : t("tuan.buy")));
    view = h("div", {}, deal, progress, buy, refusal || null, state.order ? orderCard(state.order, page, t("tuan.order")) : null);
  }
  view.event = (type, data) => { // the count as of this payment or refund; a later read of the activity carries its own
    activity.progress = data;
    page.redraw();
    if (state.order) { // a payment may be this buyer's: their order's status is not public, so it is read again
      read(`/v1/orders/${encodeURIComponent(state.order.orderId)}`).then((o) => { state.order = o; page.redraw(); },
        (e) => { if (!(e instanceof Refusal)) throw e; });
    }
  };
  return view;
}
tuanPanel.events = ["tuan.progress"];

/** A tier's cashback in words: a percent of what was paid, or an amount per item. */
const back = (tier) => (tier.cashbackPercent != null ? t("tuan.percent", { p: tier.cashbackPercent }) : t("tuan.perUnit", { m: money(tier.cashbackPerUnit) }));

/** The count of buyers, the tier reached, the next one with the buyers it still needs, and a bar towards it. */
function progressCard(p) {
  if (!p) return null;
  const target = p.nextTier?.minBuyers ?? p.tier?.minBuyers ?? 1;
  return h("section", { id: "progress", class: "order tuan", "aria-labelledby": "progress-title" },
    h("h2", { id: "progress-title" }, t("tuan.title")),
    h("p", { id: "tuan-buyers" }, t("tuan.buyers", { n: p.buyers })),
    h("progress", { id: "tuan-bar", max: target, value: Math.min(p.buyers, target), "aria-labelledby": "tuan-buyers" }),
    h("p", { id: "tuan-tier", class: "now" }, p.tier ? t("tuan.now", { back: back(p.tier) }) : t("tuan.none")),
    h("p", { id: "tuan-next", class: "hint", role: "status" },
      p.nextTier ? t("tuan.next", { n: p.buyersMissing, back: back(p.nextTier) }) : t("tuan.top")),
    h("p", { class: "hint" }, t("tuan.settle")));
}

/** Buys one unit at the tuan price, with an Idempotency-Key that lives until an answer (as on the seckill page). */
async function place(activity, item, page) {
  state.busy = true;
  state.refusal = null;
  state.key ||= idempotencyKey();
  page.redraw();
  try {
    state.order = await post(`/v1/activities/${encodeURIComponent(activity.id)}/orders`, { sku: item.sku, quantity: 1 }, state.key);
    state.key = null;
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

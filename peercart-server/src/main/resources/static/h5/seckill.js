// The seckill buyer panel: the deal's price and units left, a quantity within the per-buyer limit,
// and "立即抢购", which places the order as the buyer and shows it, or the refusal in the buyer's
// words. The server decides every rule; the page only disables what surely cannot succeed.
import { h } from "/console/dom.js";
import { t } from "./i18n.js";
import { Refusal, duration, forgetToken, idempotencyKey, money, post, refusalText, secondsUntil, token } from "./buyer.js";

/** What the buyer chose and got; kept across redraws (a stock change redraws the page). */
const state = { sku: null, quantity: 1, busy: false, key: null, order: null, refusal: null };

/** The panel for `activity` (its public view); `page.redraw()` draws again, `page.tick(fn)` runs fn every second. */
export function seckillPanel(activity, page) {
  const items = activity.items;
  const item = items.find((i) => i.sku === state.sku) || items[0];
  state.sku = item.sku;
  const max = Math.max(1, Math.min(item.limitPerBuyer, item.left));
  state.quantity = Math.min(Math.max(1, state.quantity), max);

  const shownLeft = item.left;
  const leftView = h("p", { id: "left", class: item.left === 0 ? "left none" : "left" }, item.left === 0 ? t("soldOut") : t("left", { n: item.left }));
  const choose = items.length > 1 && h("label", { class: "field" }, t("item"),
    h("select", { id: "sku", onchange: (e) => { state.sku = e.target.value; page.redraw(); } },
      items.map((i) => h("option", { value: i.sku, selected: i.sku === item.sku }, i.sku))));
  const deal = h("section", { class: "deal", "aria-label": t("price") },
    choose || null,
    h("p", { class: "prices" },
      h("span", { class: "label" }, t("price")), " ", h("strong", { id: "price" }, money(item.price)), " ",
      item.originalPrice != null && item.originalPrice > item.price
        ? h("del", { id: "original-price", "aria-label": `${t("originalPrice")} ${money(item.originalPrice)}` }, money(item.originalPrice)) : null),
    leftView,
    h("p", { id: "limit", class: "hint" }, t("limit", { n: item.limitPerBuyer })),
    activity.timeSlots.length ? h("p", { id: "slots", class: "hint" }, t("slots", { slots: activity.timeSlots.join(", ") })) : null);
  const refusal = state.refusal && h("p", { id: "refusal", class: "refusal", role: "alert" }, refusalText(state.refusal, { limit: item.limitPerBuyer }));
  if (!token()) return h("div", {}, deal, refusal || null, h("p", { id: "note", class: "note" }, t("readOnly")));

  const blocked = activity.status === "SCHEDULED" ? t("notStarted") : activity.status === "ENDED" ? t("ended")
    : activity.status === "CANCELLED" ? t("cancelled") : item.left === 0 ? t("soldOut") : !activity.inTimeSlot ? t("outsideSlot") : null;
  const set = (n) => { state.quantity = Math.min(max, Math.max(1, n)); page.redraw(); };
  const picker = h("div", { class: "picker", role: "group", "aria-label": t("quantity") },
    h("span", { class: "label", id: "quantity-label" }, t("quantity")),
    h("button", { type: "button", id: "less", "aria-label": t("less"), disabled: state.quantity <= 1, onclick: () => set(state.quantity - 1) }, "−"),
    h("input", { id: "quantity", type: "number", inputmode: "numeric", min: 1, max, value: state.quantity,
      "aria-labelledby": "quantity-label", onchange: (e) => set(Number.parseInt(e.target.value, 10) || 1) }),
    h("button", { type: "button", id: "more", "aria-label": t("more"), disabled: state.quantity >= max, onclick: () => set(state.quantity + 1) }, "+"));
  const buy = h("button", { type: "button", id: "buy", class: "buy", disabled: Boolean(blocked) || state.busy,
    onclick: () => place(activity, item, page) }, blocked || (state.busy ? t("buying") : t("buy")));
  const view = h("div", {}, deal, picker, buy, refusal || null, state.order ? orderCard(state.order, page) : null);
  view.stockChanged = () => stockChanged(item, shownLeft, max, leftView);
  return view;
}

/**
 * Shows a new count of units left in place and answers true, unless it changes more than the
 * figure (sold out, or a lower bound for the quantity): then false, and the page is drawn again.
 */
function stockChanged(item, shownLeft, max, leftView) {
  if ((item.left === 0) !== (shownLeft === 0) || Math.max(1, Math.min(item.limitPerBuyer, item.left)) !== max) return false;
  if (item.left > 0) leftView.textContent = t("left", { n: item.left });
  return true;
}

/**
 * Places the order. The Idempotency-Key is made at the click and kept until an answer comes: a
 * click after a lost answer repeats the same request (never a second order), any answer ends it.
 */
async function place(activity, item, page) {
  state.busy = true;
  state.refusal = null;
  state.key ||= idempotencyKey();
  page.redraw();
  try {
    state.order = await post(`/v1/activities/${encodeURIComponent(activity.id)}/orders`, { sku: item.sku, quantity: state.quantity }, state.key);
    state.key = null;
  } catch (e) {
    if (!(e instanceof Refusal)) throw e;
    if (e.status) state.key = null;
    if (e.status === 401) forgetToken(); // expired or invalid: the page turns read-only and says why
    state.refusal = e;
  } finally {
    state.busy = false;
    page.redraw();
  }
}

/** The order as the buyer sees it (status, quantity, amount, id, the time left to pay), under `title`; other panels show theirs with it. */
export function orderCard(order, page, title = t("order")) {
  const pay = h("p", { id: "pay-countdown", class: "countdown" });
  if (order.status === "PENDING_PAYMENT") {
    const tick = () => {
      const s = secondsUntil(order.payDeadline);
      pay.textContent = s ? t("payIn", { t: duration(s) }) : t("payClosed");
    };
    tick();
    page.tick(tick);
  }
  const row = (label, id, value) => [h("dt", {}, label), h("dd", { id }, value)];
  return h("section", { id: "order", class: "order", "aria-labelledby": "order-title" },
    h("h2", { id: "order-title" }, title),
    h("dl", {},
      row(t("orderStatus"), "order-status", t(`orderStatusName.${order.status}`)),
      row(t("quantity"), "order-quantity", t("quantityOf", { n: order.quantity })),
      row(t("amount"), "order-amount", money(order.amount)),
      row(t("orderId"), "order-id", order.orderId)),
    order.status === "PENDING_PAYMENT" ? pay : null);
}

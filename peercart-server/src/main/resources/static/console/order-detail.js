// One order (`#/orders/{id}`): every field of GET /v1/orders/{id}, the refunds recorded on it, and
// its timeline from GET /v1/orders/{id}/events (each event as streams and webhooks show it), with
// the merchant's actions the API offers for its status: record a payment or cancel while unpaid,
// refund (all or part, in yuan) while paid. Also the refund dialog the refund queue uses.
import { t, addWords } from "./i18n.js";
import { ApiError, get, send } from "./api.js";
import { h } from "./dom.js";
import { idempotencyKey } from "./form.js";
import { SHOP_TIME_ZONE, formatMoment, formatTime, money } from "./format.js";

addWords({
  zh: {
    orders: {
      nav: "订单", back: "← 返回订单列表", toQueue: "退款队列", notFound: "没有这个订单。",
      status: { PENDING_PAYMENT: "待支付", PAID: "已支付", RELEASED: "可发货", CANCELLED: "已取消",
        REFUND_REQUESTED: "待退款", REFUNDED: "已退款" },
      reason: { GROUP_FAILED: "拼团失败", DRAW_LOST: "未中签", ACTIVITY_CANCELLED: "活动取消", DEPOSIT_REFUND: "定金退还",
        BUYER_CANCELLED: "买家取消", MERCHANT_CANCELLED: "商家取消", PAY_TIMEOUT: "超时未支付", MERCHANT_REFUND: "商家退款",
        DEPOSIT_FORFEITED: "尾款未付，定金不退", CASHBACK: "阶梯返现", LADDER_PRICE: "阶梯价返差价" },
      field: { orderId: "订单号", activity: "活动", type: "活动类型", buyerId: "买家", sku: "商品编码", quantity: "数量",
        unitPrice: "单价", amount: "金额", status: "状态", reason: "原因", createdAt: "下单时间", payDeadline: "支付截止",
        paidAt: "支付时间", paymentRef: "支付流水号", closedAt: "关闭时间", groupId: "拼团", cashback: "返现",
        refundedAmount: "已退款", refundable: "可退金额" },
      detailTitle: "订单 {id}", refunds: "退款记录", refundAt: "时间", refundAmount: "金额", refundReason: "原因",
      timeline: "事件时间线", noEvents: "还没有事件。", timeNote: "时间为店铺时区（{tz}）。",
      refund: "退款", refundNamed: "为订单 {id} 退款", pay: "记录支付", cancel: "取消订单",
      refundTitle: "为订单 {id} 退款", refundText: "先在你的支付系统中退款，再在这里记录。最多可退 {left}。",
      amountLabel: "退款金额（元）", amountHint: "留空即退还全部剩余 {left}；少于剩余为部分退款，订单保持原状态。",
      amountInvalid: "请输入金额，例如 12.50；留空为全额退款。",
      reasonLabel: "退款原因", reasonHint: "记在这笔退款上，例如 DAMAGED_IN_TRANSIT；留空为 MERCHANT_REFUND。",
      refundConfirm: "确认退款", dismiss: "返回",
      refundedAll: "订单 {id} 已全部退款（{amount}）。", refundedPart: "已为订单 {id} 退款 {amount}，还可退 {left}。",
      payTitle: "记录订单 {id} 的支付", payText: "买家已在你的支付系统中付款时，记录支付流水号。",
      paymentRefLabel: "支付流水号", paymentRefHint: "你的支付系统给这笔付款的编号。", payConfirm: "记录支付", paid: "已记录订单 {id} 的支付。",
      cancelTitle: "取消订单 {id}？", cancelText: "订单关闭，库存退回，买家的限购额度释放；此操作不可撤销。",
      cancelConfirm: "确认取消订单", cancelled: "已取消订单 {id}。",
      refused: { REFUND_EXCEEDS_PAID: "超出可退金额：", ORDER_NOT_PAID: "订单未支付：", TOO_MANY_REFUNDS: "部分退款次数过多：",
        PAY_WINDOW_CLOSED: "支付窗口已关闭：", ORDER_NOT_PENDING: "订单不是待支付状态：", ALREADY_PAID: "订单已支付：",
        VALIDATION_FAILED: "请检查：" },
    },
    dash: { event: { order: { deposit_forfeited: "定金不退" }, help: { added: "好友助力" },
      deposit: { forfeited: "定金不退", refund_requested: "定金待退" } } },
  },
  en: {
    orders: {
      nav: "Orders", back: "← Back to the orders", toQueue: "Refund queue", notFound: "There is no such order.",
      status: { PENDING_PAYMENT: "Awaiting payment", PAID: "Paid", RELEASED: "Releasable", CANCELLED: "Cancelled",
        REFUND_REQUESTED: "Refund due", REFUNDED: "Refunded" },
      reason: { GROUP_FAILED: "Group failed", DRAW_LOST: "Draw lost", ACTIVITY_CANCELLED: "Activity cancelled", DEPOSIT_REFUND: "Deposit back",
        BUYER_CANCELLED: "Buyer cancelled", MERCHANT_CANCELLED: "Merchant cancelled", PAY_TIMEOUT: "Not paid in time",
        MERCHANT_REFUND: "Merchant refund", DEPOSIT_FORFEITED: "Balance unpaid, deposit kept", CASHBACK: "Tier cashback",
        LADDER_PRICE: "Ladder price difference" },
      field: { orderId: "Order", activity: "Activity", type: "Type", buyerId: "Buyer", sku: "SKU", quantity: "Quantity",
        unitPrice: "Unit price", amount: "Amount", status: "Status", reason: "Reason", createdAt: "Ordered", payDeadline: "Pay by",
        paidAt: "Paid", paymentRef: "Payment ref", closedAt: "Closed", groupId: "Group", cashback: "Cashback",
        refundedAmount: "Refunded", refundable: "Refundable" },
      detailTitle: "Order {id}", refunds: "Refunds", refundAt: "When", refundAmount: "Amount", refundReason: "Reason",
      timeline: "Timeline", noEvents: "No events yet.", timeNote: "Times in the shop's time zone ({tz}).",
      refund: "Refund", refundNamed: "Refund order {id}", pay: "Record payment", cancel: "Cancel order",
      refundTitle: "Refund order {id}", refundText: "Refund in your payment system first, then record it here. At most {left} is left.",
      amountLabel: "Amount (¥)", amountHint: "Empty refunds all that is left ({left}); less is a partial refund and the order keeps its status.",
      amountInvalid: "Enter an amount such as 12.50, or leave it empty for a full refund.",
      reasonLabel: "Reason", reasonHint: "Recorded with this refund, e.g. DAMAGED_IN_TRANSIT; MERCHANT_REFUND if empty.",
      refundConfirm: "Record the refund", dismiss: "Back",
      refundedAll: "Order {id} is refunded in full ({amount}).", refundedPart: "Refunded {amount} of order {id}; {left} is left.",
      payTitle: "Record the payment of order {id}", payText: "Record the payment reference once the buyer paid in your payment system.",
      paymentRefLabel: "Payment reference", paymentRefHint: "Your payment system's id of this payment.", payConfirm: "Record payment",
      paid: "The payment of order {id} was recorded.",
      cancelTitle: "Cancel order {id}?", cancelText: "The order closes, its units go back and the buyer's limit is freed; this cannot be undone.",
      cancelConfirm: "Cancel the order", cancelled: "Order {id} was cancelled.",
      refused: { REFUND_EXCEEDS_PAID: "More than is left to refund: ", ORDER_NOT_PAID: "The order is not paid: ",
        TOO_MANY_REFUNDS: "Too many partial refunds: ", PAY_WINDOW_CLOSED: "The pay window closed: ",
        ORDER_NOT_PENDING: "The order is not awaiting payment: ", ALREADY_PAID: "The order is paid: ", VALIDATION_FAILED: "Check this: " },
    },
    dash: { event: { order: { deposit_forfeited: "Deposit kept" }, help: { added: "Friend helped" },
      deposit: { forfeited: "Deposit kept", refund_requested: "Deposit refund due" } } },
  },
});

const TIMELINE_PAGE = 100;
const TIMELINE_MAX = 1000;
const REFUNDABLE = ["PAID", "RELEASED", "REFUND_REQUESTED"];

/** A word if the dictionary has one, else the value itself (an unknown reason code shows as the API gave it). */
function wordOr(key, value) {
  const word = t(key);
  return word === key ? value : word;
}

export const statusTag = (status) => h("span", { class: `status order-${status.toLowerCase()}` }, wordOr(`orders.status.${status}`, status));
export const reasonText = (reason) => (reason ? wordOr(`orders.reason.${reason}`, reason) : "—");
const when = (iso) => (iso ? h("time", { datetime: iso }, formatTime(iso)) : "—");

/** The server's refusal in the merchant's words: the code's lead-in, then the server's own detail. */
export function refusalText(err) {
  if (!(err instanceof ApiError)) return t("unreachable");
  const lead = err.problem?.code ? t(`orders.refused.${err.problem.code}`) : "";
  return (lead.startsWith("orders.refused.") ? "" : lead) + err.message;
}

/**
 * A modal dialog asking for `fields` ({name, label, hint, attrs, codes: problem codes that belong to
 * it}) and sending them with `submit(values, keyFor)`; `keyFor(body)` gives one Idempotency-Key per
 * distinct body, so a retried click repeats the same request while a corrected amount is a new one.
 * A refusal goes under the field its detail names (`amount: ...`) or whose code it is, else under the
 * dialog. `done(answer)` runs after the dialog closes on success.
 */
export function actionDialog({ id, title, text, fields = [], confirm, danger, submit, done }) {
  const keys = new Map();
  const keyFor = (body) => {
    const k = JSON.stringify(body ?? null);
    if (!keys.has(k)) keys.set(k, idempotencyKey());
    return keys.get(k);
  };
  const general = h("p", { id: `${id}-error`, class: "error", role: "alert" });
  const inputs = {}, errors = {};
  const rows = fields.map((f) => {
    errors[f.name] = h("p", { id: `${id}-${f.name}-error`, class: "error", role: "alert" });
    inputs[f.name] = h("input", { id: `${id}-${f.name}`, name: f.name, autocomplete: "off",
      "aria-describedby": `${id}-${f.name}-hint ${id}-${f.name}-error`, ...f.attrs });
    return h("div", { class: "field" }, h("label", { for: `${id}-${f.name}` }, f.label), inputs[f.name],
      h("p", { id: `${id}-${f.name}-hint`, class: "hint" }, f.hint), errors[f.name]);
  });
  const ok = h("button", { type: "submit", id: `${id}-confirm`, class: danger ? "danger" : null }, confirm);
  const dismiss = h("button", { type: "button", id: `${id}-dismiss`, class: "secondary", onclick: () => dialog.close() }, t("orders.dismiss"));
  const form = h("form", { method: "dialog", novalidate: true }, h("h2", { id: `${id}-title` }, title), h("p", { id: `${id}-text` }, text),
    ...rows, general, h("div", { class: "buttons" }, ok, dismiss));
  const dialog = h("dialog", { id, class: "order-dialog", "aria-labelledby": `${id}-title`, "aria-describedby": `${id}-text` }, form);
  const clear = () => {
    general.textContent = "";
    for (const f of fields) { errors[f.name].textContent = ""; inputs[f.name].removeAttribute("aria-invalid"); }
  };
  const refuse = (name, message) => {
    if (!name) { general.textContent = message; return ok.focus(); }
    errors[name].textContent = message;
    inputs[name].setAttribute("aria-invalid", "true");
    inputs[name].focus();
  };
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clear();
    const values = Object.fromEntries(fields.map((f) => [f.name, inputs[f.name].value.trim()]));
    ok.disabled = true;
    try {
      const answer = await submit(values, keyFor, refuse);
      if (answer === undefined) return; // refused before sending
      dialog.close();
      done?.(answer);
    } catch (err) {
      const detail = err instanceof ApiError ? err.message : "";
      const named = fields.find((f) => detail.startsWith(`${f.name}:`) || f.codes?.includes(err.problem?.code));
      if (err instanceof ApiError && err.status === 401) { dialog.close(); return done?.(err); }
      refuse(named?.name, refusalText(err));
    } finally {
      ok.disabled = false;
    }
  });
  dialog.addEventListener("close", () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  (fields.length ? inputs[fields[0].name] : dismiss).focus();
  return dialog;
}

/** Yuan text to fen: a whole number of fen, or NaN for anything that is not an amount ("" is null: all that is left). */
function toFen(text) {
  if (text === "") return null;
  if (!/^\d+(\.\d{1,2})?$/.test(text)) return NaN;
  return Math.round(Number(text) * 100);
}

/**
 * Refunds `order` (as any order answer shows it) all or in part: POST /v1/orders/{id}/refund with an
 * Idempotency-Key. `done(answerOrError)` gets the order after it, or a 401 to end the session with.
 */
export function refundDialog(order, done) {
  const left = money(order.refundable);
  return actionDialog({
    id: "refund", title: t("orders.refundTitle", { id: order.orderId }), text: t("orders.refundText", { left }),
    confirm: t("orders.refundConfirm"), danger: true,
    fields: [
      { name: "amount", label: t("orders.amountLabel"), hint: t("orders.amountHint", { left }), codes: ["REFUND_EXCEEDS_PAID", "TOO_MANY_REFUNDS"],
        attrs: { inputmode: "decimal", placeholder: (order.refundable / 100).toFixed(2) } },
      { name: "reason", label: t("orders.reasonLabel"), hint: t("orders.reasonHint"), attrs: { maxlength: 64 } },
    ],
    submit: async (v, keyFor, refuse) => {
      const amount = toFen(v.amount);
      if (Number.isNaN(amount)) return refuse("amount", t("orders.amountInvalid"));
      const body = {};
      if (amount !== null) body.amount = amount;
      if (v.reason) body.reason = v.reason;
      return send("POST", `/v1/orders/${encodeURIComponent(order.orderId)}/refund`, body, keyFor(body));
    },
    done,
  });
}

/** The notice after a refund: in full, or how much is left. */
export function refundNotice(before, after) {
  const amount = money(after.refundedAmount - before.refundedAmount);
  return after.status === "REFUNDED"
    ? t("orders.refundedAll", { id: after.orderId, amount: money(after.refundedAmount) })
    : t("orders.refundedPart", { id: after.orderId, amount, left: money(after.refundable) });
}

/** What one event of the timeline says besides its type: the status it left, a refund's amount and reason, a help's value. */
function eventSummary(e) {
  const d = e.data || {};
  const parts = [];
  if (d.refund) parts.push(`${money(d.refund.amount)} · ${reasonText(d.refund.reason)}`);
  if (e.type === "order.cashback" && d.cashback != null) parts.push(money(d.cashback));
  if (e.type === "help.added" && d.amount != null) parts.push(money(d.amount));
  if (d.status && e.type.startsWith("order.")) parts.push(t(`orders.status.${d.status}`));
  if (d.reason && e.type.startsWith("order.") && !d.refund) parts.push(reasonText(d.reason));
  return parts.join(" · ");
}

/** Every event of the order, oldest first, read a page at a time (up to TIMELINE_MAX). */
async function timeline(id) {
  const events = [];
  let cursor = null;
  do {
    const q = new URLSearchParams({ limit: String(TIMELINE_PAGE) });
    if (cursor) q.set("cursor", cursor);
    const page = await get(`/v1/orders/${encodeURIComponent(id)}/events?${q}`);
    events.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && events.length < TIMELINE_MAX);
  return events;
}

/** The order page. `ctx`: `show(view)`, `ended(err)` (a refused key), `notice` (a message to show once). */
export async function orderPage(ctx, id, notice) {
  const path = `/v1/orders/${encodeURIComponent(id)}`;
  const here = location.hash;
  const back = h("a", { href: "#/orders", class: "back" }, t("orders.back"));
  let order, events, activity = null;
  try {
    [order, events] = await Promise.all([get(path), timeline(id)]);
    activity = await get(`/v1/activities/${encodeURIComponent(order.activityId)}`).catch((err) => { if (err.status === 401) throw err; return null; });
  } catch (err) {
    if (location.hash !== here || ctx.ended(err)) return;
    return ctx.show(h("section", { class: "order-detail" }, back,
      h("p", { class: "error", role: "alert" }, err instanceof ApiError && err.status === 404 ? t("orders.notFound") : refusalText(err))));
  }
  if (location.hash !== here) return;
  const reload = (message) => orderPage(ctx, id, message);
  const after = (message) => (answer) => (answer instanceof ApiError ? ctx.ended(answer) : reload(message(answer)));

  const fields = [
    ["orderId", order.orderId],
    ["activity", h("a", { href: `#/activities/${encodeURIComponent(order.activityId)}` }, activity ? activity.name : order.activityId)],
    ["type", activity ? t(`type.${activity.type}`) : "—"],
    ["buyerId", order.buyerId], ["sku", order.sku], ["quantity", String(order.quantity)],
    ["unitPrice", money(order.unitPrice)], ["amount", money(order.amount)], ["status", statusTag(order.status)],
    ["reason", reasonText(order.reason)], ["createdAt", when(order.createdAt)], ["payDeadline", when(order.payDeadline)],
    ["paidAt", when(order.paidAt)], ["paymentRef", order.paymentRef || "—"], ["closedAt", when(order.closedAt)],
    ["groupId", order.groupId || "—"], ["cashback", order.cashback ? money(order.cashback) : "—"],
    ["refundedAmount", money(order.refundedAmount)], ["refundable", money(order.refundable)],
  ];
  const actions = h("div", { class: "buttons order-actions" },
    order.status === "PENDING_PAYMENT" ? [
      h("button", { type: "button", id: "order-pay", onclick: () => actionDialog({
        id: "pay", title: t("orders.payTitle", { id }), text: t("orders.payText"), confirm: t("orders.payConfirm"),
        fields: [{ name: "paymentRef", label: t("orders.paymentRefLabel"), hint: t("orders.paymentRefHint"), attrs: { maxlength: 200 } }],
        submit: (v, keyFor) => send("POST", `${path}/pay`, { paymentRef: v.paymentRef }, keyFor({ paymentRef: v.paymentRef })),
        done: after(() => t("orders.paid", { id })) }) }, t("orders.pay")),
      h("button", { type: "button", id: "order-cancel", class: "secondary", onclick: () => actionDialog({
        id: "cancel-order", title: t("orders.cancelTitle", { id }), text: t("orders.cancelText"), confirm: t("orders.cancelConfirm"),
        danger: true, submit: (v, keyFor) => send("POST", `${path}/cancel`, undefined, keyFor(null)),
        done: after(() => t("orders.cancelled", { id })) }) }, t("orders.cancel")),
    ] : null,
    REFUNDABLE.includes(order.status) && order.refundable > 0
      ? h("button", { type: "button", id: "order-refund", onclick: () => refundDialog(order, after((o) => refundNotice(order, o))) }, t("orders.refund"))
      : null);

  const refunds = order.refunds?.length ? h("section", { class: "card", "aria-labelledby": "refunds-title" },
    h("h2", { id: "refunds-title" }, t("orders.refunds")),
    h("table", { id: "order-refunds" },
      h("thead", {}, h("tr", {}, [t("orders.refundAt"), t("orders.refundAmount"), t("orders.refundReason")].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", {}, order.refunds.map((r) => h("tr", {},
        h("td", { "data-label": t("orders.refundAt") }, when(r.at)),
        h("td", { class: "num", "data-label": t("orders.refundAmount") }, money(r.amount)),
        h("td", { "data-label": t("orders.refundReason") }, reasonText(r.reason))))))) : null;

  const list = h("ol", { id: "timeline", class: "timeline" }, events.map((e) => h("li", { "data-type": e.type, "data-seq": String(e.seq) },
    h("time", { datetime: e.createdAt }, formatMoment(e.createdAt)),
    h("span", { class: "what" }, wordOr(`dash.event.${e.type}`, e.type)),
    h("span", { class: "summary" }, eventSummary(e)))));

  ctx.show(h("section", { class: "order-detail", "aria-labelledby": "order-title" },
    h("div", { class: "heading" }, back, h("a", { href: "#/orders/refunds" }, t("orders.toQueue"))),
    h("div", { class: "heading" }, h("h1", { id: "order-title" }, t("orders.detailTitle", { id })), statusTag(order.status), actions),
    h("p", { id: "notice", class: "notice", role: "status" }, notice || ""),
    h("section", { class: "card" }, h("dl", { id: "order-fields", class: "order-fields" },
      fields.map(([name, value]) => h("div", { "data-field": name }, h("dt", {}, t(`orders.field.${name}`)), h("dd", {}, value))))),
    refunds,
    h("section", { class: "card", "aria-labelledby": "timeline-title" },
      h("h2", { id: "timeline-title" }, t("orders.timeline")),
      h("p", { class: "hint" }, t("orders.timeNote", { tz: SHOP_TIME_ZONE })),
      events.length ? list : h("p", { class: "hint" }, t("orders.noEvents")))));
}

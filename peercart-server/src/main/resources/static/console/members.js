// Members (会员): what support needs when a buyer calls, and the shop's points. `#/members` looks a
// buyer up, sets the points transfer rules (GET/PUT /v1/points/settings) and shows the ledger's
// proof (GET /v1/points/summary: every balance summed is zero). `#/members/{buyerId}` is one buyer
// from GET /v1/members/{buyerId}: orders by status and the newest ones, points with their lots and
// history (GET /v1/members/{buyerId}/points/history, paged), share links and helps (docs/members.md,
// docs/points.md).
import { t, addWords, locale } from "./i18n.js";
import { ApiError, get, send } from "./api.js";
import { h } from "./dom.js";
import { idempotencyKey } from "./form.js";
import { formatTime, money } from "./format.js";
import { refusal, table } from "./parts.js";

const RECENT = 20;
const HISTORY_PAGE = 20;
const ORDER_STATUSES = ["PENDING_PAYMENT", "PAID", "RELEASED", "CANCELLED", "REFUND_REQUESTED", "REFUNDED"];

addWords({
  zh: { member: { nav: "会员", title: "会员", lookup: "查找会员", buyerId: "买家 ID",
    buyerIdHint: "你的用户系统里的买家 ID，例如 buyer-42。", find: "查询", buyerIdMissing: "请输入买家 ID。",
    notFound: "本店没有买家「{id}」的任何订单、积分、分享或助力记录。", back: "← 返回会员",
    titleNamed: "会员 {id}",
    orders: "订单", ordersTotal: "共 {n} 笔", recentOrders: "最近的订单", noOrders: "没有订单。",
    col: { time: "时间", order: "订单号", activity: "活动", item: "商品 × 数量", amount: "金额", status: "状态",
      type: "类型", points: "积分", fee: "手续费", other: "对方", available: "可用变化", frozen: "冻结变化", about: "关联",
      remaining: "剩余", expires: "过期时间", share: "分享链接", visitors: "访客", arrivals: "带来的参与", credited: "计入",
      helper: "助力人", initiator: "发起人", account: "账户", balance: "余额" },
    orderStatus: { PENDING_PAYMENT: "待支付", PAID: "已支付", RELEASED: "可发货", CANCELLED: "已取消",
      REFUND_REQUESTED: "待退款", REFUNDED: "已退款" },
    points: "积分", available: "可用", frozen: "冻结", lots: "积分批次", noLots: "没有未过期的积分批次。", never: "永不过期",
    history: "积分流水", noHistory: "没有积分流水。", more: "加载更多",
    tx: { EARN: "获得", SPEND: "使用", FREEZE: "冻结", CONSUME: "扣除冻结", RELEASE: "解冻", REVERT: "退回",
      TRANSFER: "转赠", EXPIRE: "过期" },
    sentTo: "转给 {id}", receivedFrom: "来自 {id}",
    shares: "分享链接", noShares: "没有分享链接。", helpsGiven: "给出的助力", helpsReceived: "收到的助力", noHelps: "没有助力记录。",
    settings: "积分转赠规则", settingsHint: "会员之间直接转赠积分的规则，对全店生效。",
    enabled: "允许会员互相转赠", feePercent: "手续费（%）", feePercentHint: "按转赠数量收取，0–50，最多两位小数，向上取整到整数积分，由转出方另付。",
    minAmount: "单笔最少", maxAmount: "单笔最多", amountHint: "1–100,000,000 积分。",
    dailyCap: "每人每日上限", dailyCapHint: "每位会员每天（UTC）最多转出的积分，不含手续费；留空为不限。",
    save: "保存规则", saved: "已保存积分转赠规则。",
    ledger: "积分账本校验", ledgerHint: "复式记账：每笔交易的分录相加为零，所有账户余额相加也必须为零。",
    recheck: "重新校验", account: { issued: "已发放（负数）", redeemed: "已使用", expired: "已过期", fees: "手续费",
      available: "会员可用（{n} 位会员）", frozen: "会员冻结" },
    sum: "合计", sound: "账本平衡：所有余额相加为 {total}，{tx} 笔交易、{entries} 条分录全部核对无误。",
    unsound: "账本不平衡：", refused: { FORBIDDEN: "只读密钥不能修改规则，请用读写密钥登录。" } } },
  en: { member: { nav: "Members", title: "Members", lookup: "Find a member", buyerId: "Buyer id",
    buyerIdHint: "The buyer's id in your user system, e.g. buyer-42.", find: "Find", buyerIdMissing: "Enter a buyer id.",
    notFound: "This shop has no order, points, share link or help of buyer “{id}”.", back: "← Back to members",
    titleNamed: "Member {id}",
    orders: "Orders", ordersTotal: "{n} in all", recentOrders: "Newest orders", noOrders: "No orders.",
    col: { time: "Time", order: "Order", activity: "Activity", item: "Item × qty", amount: "Amount", status: "Status",
      type: "Type", points: "Points", fee: "Fee", other: "Other member", available: "Available", frozen: "Frozen", about: "About",
      remaining: "Left", expires: "Expires", share: "Share link", visitors: "Visitors", arrivals: "Arrivals", credited: "Credited",
      helper: "Helper", initiator: "Initiator", account: "Account", balance: "Balance" },
    orderStatus: { PENDING_PAYMENT: "Awaiting payment", PAID: "Paid", RELEASED: "Released", CANCELLED: "Cancelled",
      REFUND_REQUESTED: "Refund due", REFUNDED: "Refunded" },
    points: "Points", available: "Available", frozen: "Frozen", lots: "Lots", noLots: "No unexpired lots.", never: "Never",
    history: "Points history", noHistory: "No points history.", more: "Load more",
    tx: { EARN: "Earned", SPEND: "Spent", FREEZE: "Frozen", CONSUME: "Consumed", RELEASE: "Released", REVERT: "Reverted",
      TRANSFER: "Transfer", EXPIRE: "Expired" },
    sentTo: "to {id}", receivedFrom: "from {id}",
    shares: "Share links", noShares: "No share links.", helpsGiven: "Helps given", helpsReceived: "Helps received", noHelps: "No helps.",
    settings: "Points transfer rules", settingsHint: "The rules for members sending points to each other, for the whole shop.",
    enabled: "Members may send points to each other", feePercent: "Fee (%)",
    feePercentHint: "Of the amount, 0–50, at most two decimals, rounded up to whole points, paid by the sender on top.",
    minAmount: "Least per transfer", maxAmount: "Most per transfer", amountHint: "1–100,000,000 points.",
    dailyCap: "Daily cap per member", dailyCapHint: "Most a member may send per UTC day, fees excluded; empty for no cap.",
    save: "Save the rules", saved: "The transfer rules were saved.",
    ledger: "Points ledger proof", ledgerHint: "Double-entry: each transaction's entries sum to zero, and so must every balance together.",
    recheck: "Check again", account: { issued: "Issued (negative)", redeemed: "Redeemed", expired: "Expired", fees: "Fees",
      available: "Members' available ({n} members)", frozen: "Members' frozen" },
    sum: "Sum", sound: "The ledger balances: every balance sums to {total}; {tx} transactions and {entries} entries all check out.",
    unsound: "The ledger does not balance: ", refused: { FORBIDDEN: "A read-only key cannot change the rules; sign in with a read-and-write key." } } },
});

const num = (n) => Number(n).toLocaleString(locale());
const memberHref = (id) => `#/members/${encodeURIComponent(id)}`;
const failure = (ctx, err) => (ctx.ended(err) ? null : refusal(err, "member.refused"));

/** The lookup form: a buyer id opens `#/members/{buyerId}`. */
function lookup(value = "") {
  const input = h("input", { id: "buyer-id", name: "buyerId", value, autocomplete: "off", spellcheck: "false",
    "aria-describedby": "buyer-id-hint buyer-id-error" });
  const error = h("p", { id: "buyer-id-error", class: "error", role: "alert" });
  return h("form", { id: "member-lookup", class: "card lookup", role: "search", novalidate: true, onsubmit: (e) => {
    e.preventDefault();
    const id = input.value.trim();
    if (!id) {
      error.textContent = t("member.buyerIdMissing");
      input.setAttribute("aria-invalid", "true");
      return input.focus();
    }
    if (location.hash === memberHref(id)) window.dispatchEvent(new HashChangeEvent("hashchange")); // the same buyer: read again
    else location.hash = memberHref(id);
  } },
  h("label", { for: "buyer-id" }, t("member.lookup")),
  h("div", { class: "secret-row" }, input, h("button", { type: "submit", id: "buyer-find" }, t("member.find"))),
  h("p", { id: "buyer-id-hint", class: "hint" }, t("member.buyerIdHint")),
  error);
}

// --- #/members: look up, transfer rules, ledger proof -------------------------------------------

export function membersPage(ctx) {
  const settings = h("section", { class: "card", "aria-labelledby": "settings-title" },
    h("h2", { id: "settings-title" }, t("member.settings")), h("p", { class: "hint" }, t("loading")));
  const ledger = h("section", { class: "card", "aria-labelledby": "ledger-title" },
    h("h2", { id: "ledger-title" }, t("member.ledger")), h("p", { class: "hint" }, t("loading")));
  ctx.show(h("section", { class: "members", "aria-labelledby": "members-title" },
    h("h1", { id: "members-title" }, t("member.title")), lookup(), h("div", { class: "two" }, settings, ledger)));
  document.getElementById("buyer-id").focus();
  loadSettings(ctx, settings);
  loadLedger(ctx, ledger);
}

async function loadSettings(ctx, card) {
  let s;
  try {
    s = await get("/v1/points/settings");
  } catch (err) {
    const words = failure(ctx, err);
    if (words != null) card.lastChild.textContent = words;
    return;
  }
  const field = (id, label, hint, attrs) => h("div", { class: "field" },
    h("label", { for: id }, label), h("input", { id, name: id, "aria-describedby": `${id}-hint`, ...attrs }),
    h("p", { id: `${id}-hint`, class: "hint" }, hint));
  const enabled = h("input", { id: "set-enabled", type: "checkbox", checked: s.enabled });
  const form = h("form", { id: "points-settings", class: "settings", novalidate: true },
    h("p", { class: "hint" }, t("member.settingsHint")),
    h("div", { class: "checkline" }, enabled, h("label", { for: "set-enabled" }, t("member.enabled"))),
    field("set-fee", t("member.feePercent"), t("member.feePercentHint"), { type: "number", min: "0", max: "50", step: "0.01", value: String(s.feePercent) }),
    h("div", { class: "pair" },
      field("set-min", t("member.minAmount"), t("member.amountHint"), { type: "number", min: "1", step: "1", value: String(s.minAmount) }),
      field("set-max", t("member.maxAmount"), t("member.amountHint"), { type: "number", min: "1", step: "1", value: String(s.maxAmount) })),
    field("set-cap", t("member.dailyCap"), t("member.dailyCapHint"), { type: "number", min: "1", step: "1", value: s.dailyCap == null ? "" : String(s.dailyCap) }),
    h("p", { id: "settings-error", class: "error", role: "alert" }),
    h("p", { id: "settings-notice", class: "notice", role: "status" }),
    h("button", { type: "submit", id: "settings-save" }, t("member.save")));
  // one Idempotency-Key per intent: the same values sent again (a double click, a retry) reuse it
  let sent = null, key = null;
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const value = (id) => form.querySelector(`#${id}`).value.trim();
    const number = (id) => (value(id) === "" ? undefined : Number(value(id)));
    const body = { enabled: enabled.checked, feePercent: number("set-fee"), minAmount: number("set-min"),
      maxAmount: number("set-max"), dailyCap: value("set-cap") === "" ? null : Number(value("set-cap")) };
    const text = JSON.stringify(body);
    if (text !== sent) { sent = text; key = idempotencyKey(); }
    const button = form.querySelector("#settings-save"), error = form.querySelector("#settings-error");
    const notice = form.querySelector("#settings-notice");
    button.disabled = true;
    error.textContent = notice.textContent = "";
    try {
      await send("PUT", "/v1/points/settings", body, key);
      notice.textContent = t("member.saved");
    } catch (err) {
      const words = failure(ctx, err);
      if (words != null) error.textContent = words;
    } finally {
      button.disabled = false;
    }
  });
  card.lastChild.replaceWith(form);
}

async function loadLedger(ctx, card) {
  const body = h("div", { id: "ledger" }, h("p", { class: "hint" }, t("loading")));
  card.lastChild.replaceWith(h("p", { class: "hint" }, t("member.ledgerHint")), body,
    h("button", { type: "button", id: "ledger-recheck", class: "secondary", onclick: () => proof() }, t("member.recheck")));
  async function proof() {
    let s;
    try {
      s = await get("/v1/points/summary");
    } catch (err) {
      const words = failure(ctx, err);
      if (words != null) body.replaceChildren(h("p", { class: "error", role: "alert" }, words));
      return;
    }
    const rows = [
      ["issued", t("member.account.issued"), s.accounts.issued], ["redeemed", t("member.account.redeemed"), s.accounts.redeemed],
      ["expired", t("member.account.expired"), s.accounts.expired], ["fees", t("member.account.fees"), s.accounts.fees],
      ["members-available", t("member.account.available", { n: num(s.members.count) }), s.members.available],
      ["members-frozen", t("member.account.frozen"), s.members.frozen]];
    const sum = rows.reduce((total, [, , v]) => total + v, 0); // summed here too: the page checks what the server says
    const balanced = s.sound && s.total === 0 && sum === 0;
    body.replaceChildren(
      h("table", { id: "ledger-table", class: "ledger" },
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("member.col.account")), h("th", { scope: "col", class: "num" }, t("member.col.balance")))),
        h("tbody", {}, rows.map(([id, label, v]) => h("tr", { "data-account": id },
          h("th", { scope: "row" }, label), h("td", { class: "num" }, num(v))))),
        h("tfoot", {}, h("tr", { "data-account": "sum" }, h("th", { scope: "row" }, t("member.sum")), h("td", { id: "ledger-sum", class: "num" }, num(sum))))),
      h("p", { id: "ledger-verdict", class: balanced ? "verdict ok" : "verdict bad", role: "status", "data-sound": String(balanced) },
        balanced ? t("member.sound", { total: num(s.total), tx: num(s.transactions), entries: num(s.entries) })
          : t("member.unsound") + (s.mismatches.length ? s.mismatches.join("; ") : t("member.sum") + " " + num(sum))));
  }
  await proof();
}

// --- #/members/{buyerId}: one buyer ----------------------------------------------------------------

export async function memberPage(ctx, buyerId) {
  const path = `/v1/members/${encodeURIComponent(buyerId)}`;
  const here = location.hash;
  const back = h("a", { href: "#/members", class: "back" }, t("member.back"));
  let m;
  try {
    m = await get(`${path}?limit=${RECENT}`);
    if (location.hash !== here) return;
  } catch (err) {
    if (location.hash !== here || ctx.ended(err)) return;
    const words = err instanceof ApiError && err.status === 404 ? t("member.notFound", { id: buyerId }) : refusal(err, "member.refused");
    ctx.show(h("section", { class: "member" }, back, lookup(buyerId), h("p", { id: "member-error", class: "error", role: "alert" }, words)));
    return;
  }
  const o = m.orders, p = m.points;
  const figure = (id, label, value) => h("div", {}, h("dt", {}, label), h("dd", { id, class: "num" }, value));
  const byStatus = ORDER_STATUSES.filter((s) => o.byStatus[s]).map((s) => figure(`orders-${s}`, t(`member.orderStatus.${s}`), num(o.byStatus[s])));
  const historyBody = h("div", { id: "history-list" });
  const more = h("button", { type: "button", id: "history-more", class: "secondary", hidden: true }, t("member.more"));
  const history = [];

  ctx.show(h("section", { class: "member", "aria-labelledby": "member-title" },
    back,
    h("h1", { id: "member-title" }, t("member.titleNamed", { id: m.buyerId })),
    h("section", { class: "card", "aria-labelledby": "orders-title" },
      h("h2", { id: "orders-title" }, t("member.orders"), " ", h("span", { id: "orders-total", class: "hint" }, t("member.ordersTotal", { n: num(o.total) }))),
      h("dl", { class: "figures" }, byStatus),
      h("h3", {}, t("member.recentOrders")),
      table("member-orders", [
        [t("member.col.time"), "time", (x) => h("time", { datetime: x.createdAt }, formatTime(x.createdAt))],
        [t("member.col.order"), "id", (x) => x.orderId],
        [t("member.col.activity"), "activity", (x) => h("a", { href: `#/activities/${encodeURIComponent(x.activityId)}` }, x.activityId)],
        [t("member.col.item"), "sku", (x) => `${x.sku} × ${x.quantity}`],
        [t("member.col.amount"), "num amount", (x) => money(x.amount)],
        [t("member.col.status"), "status-cell", (x) => h("span", { class: `status ${x.status.toLowerCase()}` }, t(`member.orderStatus.${x.status}`))],
      ], o.recent.map((x) => ({ ...x, id: x.orderId })), t("member.noOrders"))),
    h("section", { class: "card", "aria-labelledby": "points-title" },
      h("h2", { id: "points-title" }, t("member.points")),
      h("dl", { class: "figures" }, figure("points-available", t("member.available"), num(p.available)),
        figure("points-frozen", t("member.frozen"), num(p.frozen))),
      h("h3", {}, t("member.lots")),
      table("member-lots", [
        [t("member.col.remaining"), "num", (x) => num(x.remaining)],
        [t("member.col.expires"), "time", (x) => (x.expiresAt ? h("time", { datetime: x.expiresAt }, formatTime(x.expiresAt)) : t("member.never"))],
      ], p.lots.map((x) => ({ ...x, id: x.lotId })), t("member.noLots")),
      h("h3", {}, t("member.history")),
      historyBody, more),
    m.shares.length ? h("section", { class: "card", "aria-labelledby": "shares-title" },
      h("h2", { id: "shares-title" }, t("member.shares")),
      table("member-shares", [
        [t("member.col.time"), "time", (x) => formatTime(x.createdAt)],
        [t("member.col.share"), "id", (x) => x.shareId],
        [t("member.col.activity"), "activity", (x) => h("a", { href: `#/activities/${encodeURIComponent(x.activityId)}` }, x.activityId)],
        [t("member.col.visitors"), "num", (x) => num(x.visitors)],
        [t("member.col.arrivals"), "num", (x) => num(x.arrivals)],
      ], m.shares.map((x) => ({ ...x, id: x.shareId })))) : null,
    m.helps.given.length || m.helps.received.length ? h("section", { class: "card", "aria-labelledby": "helps-title" },
      h("h2", { id: "helps-title" }, t("member.helpsGiven")), helps("helps-given", m.helps.given, "initiatorId", t("member.col.initiator")),
      h("h2", {}, t("member.helpsReceived")), helps("helps-received", m.helps.received, "helperId", t("member.col.helper"))) : null));

  async function page(cursor) {
    const q = new URLSearchParams({ limit: String(HISTORY_PAGE) });
    if (cursor) q.set("cursor", cursor);
    try {
      const answer = await get(`${path}/points/history?${q}`);
      history.push(...answer.items);
      historyBody.replaceChildren(historyTable(buyerId, history));
      more.hidden = !answer.nextCursor;
      more.onclick = () => page(answer.nextCursor);
    } catch (err) {
      const words = failure(ctx, err);
      if (words != null) historyBody.replaceChildren(h("p", { class: "error", role: "alert" }, words));
    }
  }
  await page(null);
}

/** The points history: what each transaction did to this member, a transfer with who was on the other end. */
function historyTable(buyerId, items) {
  const signed = (n) => (n > 0 ? `+${num(n)}` : n < 0 ? `−${num(-n)}` : "0");
  const other = (x) => (x.type !== "TRANSFER" ? "" : x.buyerId === buyerId
    ? h("a", { href: memberHref(x.toBuyerId) }, t("member.sentTo", { id: x.toBuyerId }))
    : h("a", { href: memberHref(x.buyerId) }, t("member.receivedFrom", { id: x.buyerId })));
  return table("member-history", [
    [t("member.col.time"), "time", (x) => h("time", { datetime: x.createdAt }, formatTime(x.createdAt))],
    [t("member.col.type"), "type", (x) => t(`member.tx.${x.type}`)],
    [t("member.col.points"), "num points", (x) => num(x.amount)],
    [t("member.col.fee"), "num fee", (x) => (x.fee && x.buyerId === buyerId ? num(x.fee) : "—")], // the sender pays it
    [t("member.col.other"), "other", other],
    [t("member.col.available"), "num available", (x) => signed(x.availableDelta)],
    [t("member.col.frozen"), "num frozen", (x) => signed(x.frozenDelta)],
    [t("member.col.about"), "about", (x) => x.orderId || x.reason || ""],
  ], items.map((x) => ({ ...x, id: x.transactionId })), t("member.noHistory"));
}

function helps(id, items, whoField, whoLabel) {
  return table(id, [
    [t("member.col.time"), "time", (x) => formatTime(x.createdAt)],
    [whoLabel, "who", (x) => h("a", { href: memberHref(x[whoField]) }, x[whoField])],
    [t("member.col.order"), "id", (x) => x.depositOrderId],
    [t("member.col.amount"), "num", (x) => money(x.amount)],
    [t("member.col.credited"), "num", (x) => money(x.credited)],
  ], items.map((x) => ({ ...x, id: x.helpId })), t("member.noHelps"));
}

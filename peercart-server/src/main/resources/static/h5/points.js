// The points mall (积分兑换, pointsExchange) buyer panel: the buyer's own points, the items priced
// in points (plus cash when the item says so) with an exchange button each, sending points to
// another member by their id after a confirmation (用户间直接交换积分), and the buyer's points
// history. Balances and history are the buyer's own (GET /v1/members/{me}/points[/history]); the
// server decides every rule: the points are frozen with the order, in one transaction.
import { h } from "/console/dom.js";
import { addWords, t } from "./i18n.js";
import { Refusal, buyerId, forgetToken, idempotencyKey, money, post, read, refusalText, shopTime, token } from "./buyer.js";
import { orderCard } from "./seckill.js";

addWords({
  zh: { points: {
    mine: "我的积分", available: "{n} 积分", frozen: "冻结中 {n}", refresh: "刷新", unavailable: "积分暂时读不到，请稍后刷新",
    mall: "积分商城", price: "{n} 积分", plusCash: "{n} 积分 + {cash}", exchange: "兑换", exchanging: "正在兑换…",
    short: "积分不足", left: "剩余 {n} 件", order: "兑换成功",
    transfer: "转赠积分", to: "对方会员ID", amount: "积分数量", next: "下一步", confirmTitle: "确认转赠",
    confirm: "确认把 {n} 积分转赠给 {to}？转出后不能撤回；如有手续费，由你另付。", send: "确认转赠", sending: "正在转赠…", back: "取消",
    sent: "已转赠 {n} 积分给 {to}，手续费 {fee} 积分", badTo: "请输入对方的会员ID", badAmount: "请输入 1 到 100000000 之间的整数",
    self: "不能转赠给自己",
    history: "积分明细", held: "冻结 {n}", none: "还没有积分记录",
    kind: { EARN: "获得", SPEND: "使用", FREEZE: "兑换冻结", CONSUME: "兑换扣除", RELEASE: "解冻退回", REVERT: "退款退回",
      EXPIRE: "过期", TRANSFER_OUT: "转赠给 {who}", TRANSFER_IN: "收到 {who} 的转赠" },
  }, refused: {
    INSUFFICIENT_POINTS: "积分不足", SELF_TRANSFER: "不能转赠给自己", TRANSFERS_DISABLED: "本店暂未开放积分转赠",
    TRANSFER_AMOUNT_OUT_OF_RANGE: "转赠数量不在本店允许的范围内（{detail}）", DAILY_CAP_REACHED: "今天的转赠额度已用完，请明天再试",
  } },
  en: { points: {
    mine: "My points", available: "{n} points", frozen: "{n} on hold", refresh: "Refresh", unavailable: "Your points cannot be read right now; refresh shortly",
    mall: "Points mall", price: "{n} points", plusCash: "{n} points + {cash}", exchange: "Exchange", exchanging: "Exchanging…",
    short: "Not enough points", left: "{n} left", order: "Exchanged",
    transfer: "Send points", to: "Member id", amount: "Points", next: "Next", confirmTitle: "Confirm",
    confirm: "Send {n} points to {to}? This cannot be undone; a fee, if any, comes on top.", send: "Send", sending: "Sending…", back: "Cancel",
    sent: "Sent {n} points to {to}, fee {fee} points", badTo: "Enter the member id to send to", badAmount: "Enter a whole number from 1 to 100000000",
    self: "You cannot send points to yourself",
    history: "Points history", held: "on hold {n}", none: "No points yet",
    kind: { EARN: "Earned", SPEND: "Spent", FREEZE: "Held for an exchange", CONSUME: "Exchanged", RELEASE: "Hold released",
      REVERT: "Refunded", EXPIRE: "Expired", TRANSFER_OUT: "Sent to {who}", TRANSFER_IN: "From {who}" },
  }, refused: {
    INSUFFICIENT_POINTS: "Not enough points", SELF_TRANSFER: "You cannot send points to yourself",
    TRANSFERS_DISABLED: "This shop does not allow sending points", TRANSFER_AMOUNT_OUT_OF_RANGE: "That amount is outside what the shop allows ({detail})",
    DAILY_CAP_REACHED: "You have sent all you may today; try again tomorrow",
  } },
});

const MAX_POINTS = 100_000_000;

/** What the buyer has, typed, did and got; kept across redraws (a stock change redraws the page). */
const state = {
  me: null, balance: null, history: null, failed: false, loading: null,
  busySku: null, exchangeKey: null, order: null, exchangeRefusal: null,
  to: "", amount: "", confirm: null, transferKey: null, sending: false, receipt: null, transferRefusal: null, transferProblem: null,
};

/** The panel for a pointsExchange's public view; `page.redraw()` draws again. */
export function pointsPanel(activity, page) {
  const signedIn = Boolean(token());
  if (signedIn && state.me !== buyerId()) { // first view, or another buyer in this tab: read their points
    state.me = buyerId();
    state.balance = state.history = null;
    refresh(page);
  }
  const mall = h("section", { class: "deal", "aria-labelledby": "mall-title" },
    h("h2", { id: "mall-title" }, t("points.mall")),
    h("ul", { class: "goods" }, activity.items.map((item, i) => goodsRow(activity, item, i, signedIn, page))),
    state.exchangeRefusal ? h("p", { id: "refusal", class: "refusal", role: "alert" },
      refusalText(state.exchangeRefusal, { limit: state.exchangeRefusal.limit })) : null);
  if (!signedIn) return h("div", {}, mall, h("p", { id: "note", class: "note" }, t("readOnly")));
  return h("div", {}, balanceCard(page), mall,
    state.order ? orderCard(state.order, page, t("points.order")) : null, transferCard(page), historyCard());
}

function balanceCard(page) {
  const b = state.balance;
  return h("section", { class: "deal points-balance", "aria-labelledby": "balance-title" },
    h("h2", { id: "balance-title" }, t("points.mine")),
    b ? h("p", { class: "prices" }, h("strong", { id: "balance" }, t("points.available", { n: b.available })), " ",
      b.frozen ? h("span", { id: "frozen", class: "hint" }, t("points.frozen", { n: b.frozen })) : null)
      : h("p", { id: "balance-state", class: "hint" }, state.failed ? t("points.unavailable") : t("loading")),
    h("button", { type: "button", id: "refresh-points", class: "link", onclick: () => refresh(page) }, t("points.refresh")));
}

function goodsRow(activity, item, i, signedIn, page) {
  const price = item.price > 0 ? t("points.plusCash", { n: item.pointsPrice, cash: money(item.price) }) : t("points.price", { n: item.pointsPrice });
  const blocked = activity.status === "SCHEDULED" ? t("notStarted") : activity.status === "ENDED" ? t("ended")
    : activity.status === "CANCELLED" ? t("cancelled") : item.left === 0 ? t("soldOut") : !activity.inTimeSlot ? t("outsideSlot")
      : state.balance && state.balance.available < item.pointsPrice ? t("points.short") : null;
  return h("li", { class: "goods-row" },
    h("div", {}, h("strong", { class: "sku" }, item.sku), h("p", { id: `points-price-${i}`, class: "points-price" }, price),
      h("p", { id: `left-${i}`, class: "hint" }, item.left === 0 ? t("soldOut") : t("points.left", { n: item.left }), " · ",
        t("limit", { n: item.limitPerBuyer }))),
    signedIn ? h("button", { type: "button", id: `exchange-${i}`, class: "small-buy", disabled: Boolean(blocked) || state.busySku != null,
      onclick: () => exchange(activity, item, page) }, blocked || (state.busySku === item.sku ? t("points.exchanging") : t("points.exchange"))) : null);
}

function transferCard(page) {
  const refusal = state.transferProblem || state.transferRefusal;
  const said = refusal && h("p", { id: "transfer-refusal", class: "refusal", role: "alert" },
    state.transferProblem ? t(state.transferProblem) : refusalText(state.transferRefusal));
  const done = state.receipt && h("p", { id: "transfer-done", class: "done", role: "status" },
    t("points.sent", { n: state.receipt.amount, to: state.receipt.toBuyerId, fee: state.receipt.fee }));
  if (state.confirm) {
    return h("section", { class: "deal", "aria-labelledby": "transfer-title" },
      h("h2", { id: "transfer-title" }, t("points.confirmTitle")),
      h("p", { id: "transfer-confirm" }, t("points.confirm", { n: state.confirm.amount, to: state.confirm.to })),
      h("div", { class: "actions" },
        h("button", { type: "button", id: "cancel-transfer", class: "secondary", disabled: state.sending,
          onclick: () => { state.confirm = null; state.transferKey = null; page.redraw(); } }, t("points.back")),
        h("button", { type: "button", id: "send-transfer", class: "buy", disabled: state.sending, onclick: () => transfer(page) },
          state.sending ? t("points.sending") : t("points.send"))),
      said || null);
  }
  return h("section", { class: "deal", "aria-labelledby": "transfer-title" },
    h("h2", { id: "transfer-title" }, t("points.transfer")),
    h("label", { class: "field entry" }, t("points.to"), h("input", { id: "transfer-to", type: "text", maxlength: 128, autocomplete: "off",
      value: state.to, oninput: (e) => { state.to = e.target.value; } })),
    h("label", { class: "field entry" }, t("points.amount"), h("input", { id: "transfer-amount", type: "number", inputmode: "numeric",
      min: 1, max: MAX_POINTS, value: state.amount, oninput: (e) => { state.amount = e.target.value; } })),
    h("button", { type: "button", id: "transfer", class: "buy", onclick: () => review(page) }, t("points.next")),
    said || null, done || null);
}

function historyCard() {
  const rows = state.history;
  return h("section", { class: "deal", "aria-labelledby": "history-title" },
    h("h2", { id: "history-title" }, t("points.history")),
    !rows ? h("p", { class: "hint" }, state.failed ? t("points.unavailable") : t("loading"))
      : !rows.length ? h("p", { id: "history-none", class: "hint" }, t("points.none"))
        : h("ul", { id: "history", class: "history" }, rows.map((x) => h("li", {},
          h("span", { class: "what" }, kind(x)), h("span", { class: "when hint" }, shopTime(x.createdAt)),
          x.availableDelta ? h("strong", { class: x.availableDelta < 0 ? "delta out" : "delta" }, signed(x.availableDelta))
            : h("span", { class: "delta held" }, t("points.held", { n: signed(x.frozenDelta) }))))));
}

const signed = (n) => (n > 0 ? `+${n}` : String(n));

function kind(x) {
  if (x.type !== "TRANSFER") return t(`points.kind.${x.type}`);
  return x.buyerId === state.me ? t("points.kind.TRANSFER_OUT", { who: x.toBuyerId }) : t("points.kind.TRANSFER_IN", { who: x.buyerId });
}

/** Reads the buyer's balance and newest history (one request each, at once) and draws them. */
function refresh(page) {
  const me = encodeURIComponent(state.me || "");
  const loading = state.loading = Promise.all([read(`/v1/members/${me}/points`), read(`/v1/members/${me}/points/history?limit=20`)])
    .then(([balance, history]) => {
      if (loading !== state.loading) return;
      state.balance = balance;
      state.history = history.items;
      state.failed = false;
    }, (e) => {
      if (!(e instanceof Refusal)) throw e;
      if (e.status === 401) forgetToken();
      state.failed = true;
    }).finally(() => page.redraw());
}

/** Exchanges one unit of `item`: the server freezes its points with the order, then the balance is read again. */
async function exchange(activity, item, page) {
  state.busySku = item.sku;
  state.exchangeRefusal = null;
  state.exchangeKey ||= idempotencyKey();
  page.redraw();
  try {
    state.order = await post(`/v1/activities/${encodeURIComponent(activity.id)}/orders`, { sku: item.sku, quantity: 1 }, state.exchangeKey);
    state.exchangeKey = null;
  } catch (e) {
    if (!(e instanceof Refusal)) throw e;
    if (e.status) state.exchangeKey = null;
    if (e.status === 401) forgetToken();
    e.limit = item.limitPerBuyer;
    state.exchangeRefusal = e;
  } finally {
    state.busySku = null;
    refresh(page);
  }
}

/** Checks the form and asks the buyer to confirm: a transfer cannot be taken back. */
function review(page) {
  const to = state.to.trim();
  const amount = Number(state.amount);
  state.receipt = state.transferRefusal = null;
  state.transferProblem = !to ? "points.badTo" : to === state.me ? "points.self"
    : !Number.isInteger(amount) || amount < 1 || amount > MAX_POINTS ? "points.badAmount" : null;
  if (!state.transferProblem) state.confirm = { to, amount };
  page.redraw();
  if (state.confirm) document.getElementById("send-transfer")?.focus();
}

/** Sends the confirmed transfer; its key lives until an answer comes (a retry after a lost answer sends once). */
async function transfer(page) {
  state.sending = true;
  state.transferRefusal = null;
  state.transferKey ||= idempotencyKey();
  page.redraw();
  try {
    const receipt = await post("/v1/points/transfers", { toBuyerId: state.confirm.to, amount: state.confirm.amount }, state.transferKey);
    state.transferKey = null;
    state.receipt = receipt;
    state.balance = receipt.balance;
    state.confirm = null;
    state.to = state.amount = "";
  } catch (e) {
    if (!(e instanceof Refusal)) throw e;
    if (e.status) state.transferKey = null;
    if (e.status === 401) forgetToken();
    state.transferRefusal = e;
  } finally {
    state.sending = false;
    refresh(page);
  }
}

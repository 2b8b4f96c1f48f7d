// The help page (助力定金膨胀, helpDepositExpansion), one panel for both sides of a help request:
// - the initiator pays a deposit (an order the shop collects), and once it is paid gets a share
//   link (/h5/{id}?deposit=ord_..&share=shr_..) and watches friends' help raise its value, live;
// - a friend opening that link sees the initiator's progress and helps with one tap;
// - in the balance window the initiator pays the rest: the price less what the deposit is worth.
// Who is who comes from the deposit itself (its buyerId against the token's). The deposit's id is
// kept in the URL and, for the initiator, in localStorage (an order id, not a secret), so coming
// back from the shop's payment finds it. Progress is GET /v1/orders/{id}/helps; each public
// help.added on the activity's stream updates it without a reload.
import { h } from "/console/dom.js";
import { addWords, t } from "./i18n.js";
import { Refusal, buyerId, forgetToken, idempotencyKey, money, post, read, refusalText, serverNow, shopTime, token } from "./buyer.js";
import { orderCard } from "./seckill.js";

addWords({
  zh: { help: {
    presale: "定金膨胀", deposit: "定金 {deposit} 抵 {base}", upTo: "好友助力最高膨胀到 {max}", fixed: "每位好友助力 +{amount}",
    range: "每位好友助力 +{min}~{max}", balance: "尾款支付时间：{from} – {to}", price: "商品价 {price}",
    pay: "支付定金 {deposit}", paying: "正在下单…", order: "定金订单", unpaid: "请在商城完成定金支付，支付后就能邀请好友助力。",
    check: "我已支付，刷新", progress: "助力进度", value: "已膨胀到 {value}", max: "最高 {max}", helps: "{n} 位好友已助力",
    none: "还没有好友助力", helper: "好友", share: "邀请好友助力", shareHint: "把这个链接发给好友，好友打开后一键助力：",
    copy: "复制链接", copied: "已复制", friendTitle: "好友的定金膨胀", help: "帮TA助力", helping: "正在助力…",
    helped: "助力成功，为好友膨胀了 {amount}", done: "已助力", maxed: "已膨胀到最高", closed: "助力未开放", own: "我也要参加",
    balanceTitle: "支付尾款", balanceAmount: "商品价 {price} − 定金抵扣 {value} = 尾款 {rest}", payBalance: "支付尾款",
    balanceOrder: "尾款订单",
    statusName: { PENDING: "定金待支付", PAID: "助力中", COMPLETED: "已完成", CANCELLED: "已取消", REFUNDED: "已退款",
      FORFEITED: "定金已失效", REFUND_REQUESTED: "退款中" },
  }, refused: {
    BALANCE_NOT_OPEN: "尾款还没开始支付", BALANCE_WINDOW_CLOSED: "尾款支付时间已过", ORDER_NOT_PAID: "定金还没支付",
    HELP_WINDOW_CLOSED: "现在不能助力：好友的定金还没支付，或助力已经结束", SELF_HELP: "不能给自己助力，把链接发给好友吧",
    ALREADY_HELPED: "你已经为TA助力过了", HELP_QUOTA_REACHED: "你在本活动的助力次数已用完",
    HELPER_NOT_NEW_CUSTOMER: "本活动仅限新客助力", DEVICE_ID_REQUIRED: "无法识别你的设备，请回到商城重新打开链接",
    DEVICE_LIMIT_REACHED: "这台设备今天助力的账号已达上限", HELP_VALUE_MAXED: "好友的定金已膨胀到最高，不需要再助力了",
  } },
  en: { help: {
    presale: "Deposit boost", deposit: "A {deposit} deposit is worth {base}", upTo: "Friends' help raises it up to {max}",
    fixed: "Each friend's help adds {amount}", range: "Each friend's help adds {min}–{max}", balance: "Pay the rest: {from} – {to}",
    price: "Price {price}", pay: "Pay the {deposit} deposit", paying: "Ordering…", order: "Deposit order",
    unpaid: "Pay the deposit in the shop; then invite friends to help.", check: "I have paid, refresh", progress: "Progress",
    value: "Now worth {value}", max: "Up to {max}", helps: "{n} friends helped", none: "No friend has helped yet", helper: "Friend",
    share: "Ask friends to help", shareHint: "Send this link to friends; one tap and they help:", copy: "Copy link", copied: "Copied",
    friendTitle: "Your friend's deposit", help: "Help them", helping: "Helping…", helped: "Thanks! You added {amount}", done: "Helped",
    maxed: "It is at the most it can be", closed: "Help is not open", own: "I want one too",
    balanceTitle: "Pay the rest", balanceAmount: "Price {price} − deposit worth {value} = {rest} to pay", payBalance: "Pay the rest",
    balanceOrder: "Balance order",
    statusName: { PENDING: "Deposit not paid", PAID: "Open for help", COMPLETED: "Completed", CANCELLED: "Cancelled",
      REFUNDED: "Refunded", FORFEITED: "Deposit forfeited", REFUND_REQUESTED: "Refund pending" },
  }, refused: {
    BALANCE_NOT_OPEN: "The rest cannot be paid yet", BALANCE_WINDOW_CLOSED: "The time to pay the rest has passed", ORDER_NOT_PAID: "The deposit is not paid yet",
    HELP_WINDOW_CLOSED: "You cannot help now: the deposit is not paid yet, or help has closed", SELF_HELP: "You cannot help yourself; send the link to friends",
    ALREADY_HELPED: "You have already helped them", HELP_QUOTA_REACHED: "You have used all your helps in this activity",
    HELPER_NOT_NEW_CUSTOMER: "Only new customers may help in this activity", DEVICE_ID_REQUIRED: "Your device is not known; open the link from the shop again",
    DEVICE_LIMIT_REACHED: "This device has helped for the most accounts today", HELP_VALUE_MAXED: "Their deposit is already at the most it can be",
  } },
});

const DEVICE = "peercart.deviceId";
const url = new URLSearchParams(location.search);

/** What is known and what the buyer did; kept across redraws. */
const state = { me: undefined, depositId: null, deposit: null, failed: false, share: null, copied: false,
  busy: false, key: null, order: null, balance: null, helped: null, refusal: null, sku: null };

const remembered = (activity) => `peercart.deposit.${activity.id}.${state.me}`;

/** The panel for a helpDepositExpansion's public view; `page.redraw()` draws again, `page.tick(fn)` each second. */
export function helpPanel(activity, page) {
  if (state.me === undefined) start(activity, page);
  const presale = activity.presale;
  const item = activity.items.find((i) => i.sku === state.sku) || activity.items[0];
  const rules = h("section", { class: "deal", "aria-labelledby": "presale-title" },
    h("h2", { id: "presale-title" }, t("help.presale")),
    h("p", { class: "prices" }, h("strong", { id: "deposit" }, t("help.deposit", { deposit: money(presale.deposit), base: money(presale.baseValue) }))),
    h("p", { id: "up-to" }, t("help.upTo", { max: money(presale.maxValue) })),
    h("p", { id: "help-amount", class: "hint" }, presale.helpAmount != null ? t("help.fixed", { amount: money(presale.helpAmount) })
      : t("help.range", { min: money(presale.helpAmountMin), max: money(presale.helpAmountMax) })),
    h("p", { class: "hint" }, t("help.price", { price: money(item.price) }), " · ", t("left", { n: item.left })),
    h("p", { id: "balance-window", class: "hint" }, t("help.balance", { from: shopTime(presale.balanceStartsAt), to: shopTime(presale.balanceEndsAt) })));
  const refusal = state.refusal && h("p", { id: "refusal", class: "refusal", role: "alert" }, refusalText(state.refusal, { limit: item.limitPerBuyer }));
  let view;
  if (!token()) view = h("div", {}, state.deposit ? progress(state.deposit) : null, rules, refusal || null, h("p", { id: "note", class: "note" }, t("readOnly")));
  else if (state.depositId && !state.deposit) {
    view = h("div", {}, rules, h("p", { id: "deposit-state", class: "hint" }, state.failed ? t("unavailable") : t("loading")), refusal || null);
  } else if (!state.deposit) view = h("div", {}, rules, payButton(activity, item, page), refusal || null);
  else if (state.deposit.buyerId === state.me) view = h("div", {}, initiator(activity, page), rules, refusal || null);
  else view = h("div", {}, friend(activity, page), refusal || null, rules);
  view.event = (type, help) => {
    if (type !== "help.added" || help.depositOrderId !== state.depositId || !state.deposit) return;
    Object.assign(state.deposit, { value: help.value, helps: help.helps });
    page.redraw();
    load(page); // the helps list, with the new one
  };
  return view;
}
helpPanel.events = ["help.added"];

/** The first view: whose page is this, which deposit it shows, and read it. */
function start(activity, page) {
  state.me = buyerId();
  state.depositId = url.get("deposit") || (state.me && localStorage.getItem(remembered(activity))) || null;
  if (state.depositId && token()) load(page);
  // back from paying in the shop: the deposit may be paid now
  document.addEventListener("visibilitychange", () => { if (document.visibilityState === "visible" && state.depositId && token()) load(page); });
}

/** Reads the deposit and its helps (newest page) and draws them. */
async function load(page) {
  try {
    state.deposit = await read(`/v1/orders/${encodeURIComponent(state.depositId)}/helps?limit=50`);
    state.failed = false;
  } catch (e) {
    if (!(e instanceof Refusal)) throw e;
    if (e.status === 401) forgetToken();
    state.failed = true;
  }
  page.redraw();
}

function payButton(activity, item, page) {
  const blocked = activity.status === "SCHEDULED" ? t("notStarted") : activity.status === "ENDED" ? t("ended")
    : activity.status === "CANCELLED" ? t("cancelled") : item.left === 0 ? t("soldOut") : !activity.inTimeSlot ? t("outsideSlot") : null;
  const choose = activity.items.length > 1 && h("label", { class: "field" }, t("item"),
    h("select", { id: "sku", onchange: (e) => { state.sku = e.target.value; page.redraw(); } },
      activity.items.map((i) => h("option", { value: i.sku, selected: i.sku === item.sku }, i.sku))));
  return h("div", {}, choose || null, h("button", { type: "button", id: "pay-deposit", class: "buy", disabled: Boolean(blocked) || state.busy,
    onclick: () => payDeposit(activity, item, page) }, blocked || (state.busy ? t("help.paying") : t("help.pay", { deposit: money(activity.presale.deposit) }))));
}

/** Orders the deposit (one unit); its id goes into the URL and localStorage, so the page finds it again. */
async function payDeposit(activity, item, page) {
  state.busy = true;
  state.refusal = null;
  state.key ||= idempotencyKey();
  page.redraw();
  try {
    const order = await post(`/v1/activities/${encodeURIComponent(activity.id)}/orders`, { sku: item.sku, quantity: 1 }, state.key);
    state.key = null;
    state.order = order;
    state.depositId = order.orderId;
    localStorage.setItem(remembered(activity), order.orderId);
    url.set("deposit", order.orderId);
    history.replaceState(history.state, "", `${location.pathname}?${url}${location.hash}`);
    await load(page);
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

/** The value so far against the most it can be, and who helped (helpers' ids only reach the initiator). */
function progress(d, title = t("help.progress")) {
  const rows = d.items || [];
  return h("section", { id: "progress-card", class: "deal help-progress", "aria-labelledby": "progress-title" },
    h("h2", { id: "progress-title" }, title, " ", h("span", { id: "deposit-status", class: "tag" }, t(`help.statusName.${d.status}`))),
    h("p", { class: "prices" }, h("strong", { id: "value" }, t("help.value", { value: money(d.value) })), " ",
      h("span", { id: "max", class: "hint" }, t("help.max", { max: money(d.maxValue) }))),
    h("progress", { id: "progress", max: d.maxValue, value: d.value, "aria-labelledby": "value" }),
    h("p", { id: "helps" }, d.helps ? t("help.helps", { n: d.helps }) : t("help.none")),
    rows.length ? h("ul", { id: "help-list", class: "history" }, rows.map((x) => h("li", {},
      h("span", { class: "what" }, x.helperId ?? t("help.helper")), h("span", { class: "when hint" }, shopTime(x.createdAt)),
      h("strong", { class: "delta" }, `+${money(x.credited)}`)))) : null);
}

function initiator(activity, page) {
  const d = state.deposit;
  if (d.status === "PENDING") {
    return h("div", {}, progress(d),
      h("p", { id: "unpaid", class: "note" }, t("help.unpaid")),
      h("button", { type: "button", id: "check-deposit", class: "link", onclick: () => load(page) }, t("help.check")),
      state.order ? orderCard(state.order, page, t("help.order")) : null);
  }
  // a share id attributes friends' help to this buyer's link; links are made only while the activity runs
  if (d.status === "PAID" && !state.share && activity.status === "RUNNING") share(activity, page);
  const query = { deposit: d.depositOrderId, ...(state.share?.shareId ? { share: state.share.shareId } : {}) };
  const link = (state.share?.shareId || activity.status !== "RUNNING") && `${location.origin}/h5/${encodeURIComponent(activity.id)}?${new URLSearchParams(query)}`;
  return h("div", {}, progress(d), balance(activity, page),
    d.status === "PAID" && link ? h("section", { class: "deal", "aria-labelledby": "share-title" },
      h("h2", { id: "share-title" }, t("help.share")),
      h("label", { class: "field entry" }, t("help.shareHint"), h("input", { id: "share-link", type: "text", readonly: true, value: link,
        onfocus: (e) => e.target.select() })),
      h("button", { type: "button", id: "copy", class: "link", onclick: () => copy(link, page) }, state.copied ? t("help.copied") : t("help.copy"))) : null);
}

/**
 * The balance, in the balance window, for a paid deposit: the price less what the deposit is worth
 * now (POST /v1/orders/{id}/balance; asking again while one is open answers the same order). The
 * page draws itself again when the window opens or closes, against the server's clock.
 */
function balance(activity, page) {
  const d = state.deposit;
  const { balanceStartsAt: from, balanceEndsAt: to } = activity.presale;
  const open = () => serverNow() >= Date.parse(from) && serverNow() < Date.parse(to);
  const shown = open();
  if (d.status === "PAID" || d.status === "COMPLETED") page.tick(() => { if (open() !== shown) page.redraw(); });
  if (!shown || d.status !== "PAID") return state.balance ? orderCard(state.balance, page, t("help.balanceOrder")) : null;
  const item = activity.items.length === 1 ? activity.items[0] : null;
  return h("section", { class: "deal", "aria-labelledby": "balance-title" },
    h("h2", { id: "balance-title" }, t("help.balanceTitle")),
    item ? h("p", { id: "balance-amount", class: "prices" }, t("help.balanceAmount", { price: money(item.price), value: money(d.value),
      rest: money(Math.max(0, item.price - d.value)) })) : null,
    h("button", { type: "button", id: "pay-balance", class: "buy", disabled: state.busy, onclick: () => payBalance(page) },
      state.busy ? t("help.paying") : t("help.payBalance")),
    state.balance ? orderCard(state.balance, page, t("help.balanceOrder")) : null);
}

async function payBalance(page) {
  state.busy = true;
  state.refusal = null;
  state.key ||= idempotencyKey();
  page.redraw();
  try {
    state.balance = await post(`/v1/orders/${encodeURIComponent(state.depositId)}/balance`, {}, state.key);
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

/** The initiator's share link (one per buyer per activity: asking again answers the same). */
async function share(activity, page) {
  state.share = { pending: true };
  try {
    state.share = await post("/v1/shares", { activityId: activity.id }, idempotencyKey());
  } catch (e) {
    if (!(e instanceof Refusal)) throw e;
    state.share = null;
    state.refusal = e;
  }
  page.redraw();
}

async function copy(link, page) {
  try {
    await navigator.clipboard.writeText(link);
    state.copied = true;
  } catch {
    document.getElementById("share-link")?.select(); // no clipboard (an older browser, no permission): selected to copy by hand
  }
  page.redraw();
}

function friend(activity, page) {
  const d = state.deposit;
  const blocked = d.status !== "PAID" ? t("help.closed") : d.value >= d.maxValue ? t("help.maxed")
    : state.helped ? t("help.done") : null;
  return h("div", {}, progress(d, t("help.friendTitle")),
    h("button", { type: "button", id: "help", class: "buy", disabled: Boolean(blocked) || state.busy, onclick: () => help(page) },
      blocked || (state.busy ? t("help.helping") : t("help.help"))),
    state.helped ? h("p", { id: "helped", class: "done", role: "status" }, t("help.helped", { amount: money(state.helped.credited) })) : null,
    h("p", {}, h("a", { id: "own", class: "link", href: `/h5/${encodeURIComponent(activity.id)}` }, t("help.own"))));
}

/**
 * One help for the friend's deposit. The device is the token's when the shop put one in it, else
 * this browser's own random id (kept in localStorage) in X-Device-Id: the server allows at most
 * three accounts a day per device.
 */
async function help(page) {
  state.busy = true;
  state.refusal = null;
  state.key ||= idempotencyKey();
  page.redraw();
  let device = localStorage.getItem(DEVICE);
  if (!device) localStorage.setItem(DEVICE, device = idempotencyKey().replace("h5-", "dev-"));
  try {
    const shareId = url.get("share");
    state.helped = await post(`/v1/orders/${encodeURIComponent(state.depositId)}/helps`, shareId ? { shareId } : {}, state.key, { "X-Device-Id": device });
    state.key = null;
    Object.assign(state.deposit, { value: state.helped.value, helps: state.helped.helps });
    load(page);
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

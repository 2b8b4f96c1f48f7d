// The group buyer panel (groupOn 多人拼团, luckyDrawGroup 抽奖拼团): join the open group closest
// to success ("auto"), open one, or join the friend's group the page was opened for (?group=); then
// the group's seats filling live, a share link that brings a friend into this group, the order to
// pay in the shop, and for a lucky draw its result. The server decides every rule (docs/groups.md);
// the page follows the group from the activity's public group.* and draw.completed events.
import { h } from "/console/dom.js";
import { addWords, t } from "./i18n.js";
import { Refusal, duration, forgetToken, idempotencyKey, money, post, read, refusalText, secondsUntil, token } from "./buyer.js";
import { orderCard } from "./seckill.js";
import { arrival, shareBox } from "./share.js";

addWords({
  zh: {
    group: {
      price: "拼团价", drawPrice: "参团价", size: "{n}人团", leaderPrice: "团长价 {m}", ladder: "{n}人 {m}",
      winnersPerGroup: "每团抽 {n} 人中奖", winners: "共 {n} 个中奖名额", newOnly: "仅限新客参团", single: "单买价", free: "0元抽奖", prizesLeft: "奖品剩余 {n} 件",
      auto: "一键参团", open: "我要开团", join: "参加好友的团", joining: "正在参团…",
      invited: "好友邀请你一起拼团", invitedSeats: "好友的团还差 {n} 人",
      title: "我的拼团", myOrder: "我的拼团订单",
      status: { FORMING: "待开团", OPEN: "拼团中", SUCCEEDED: "拼团成功", FAILED: "拼团失败" },
      seats: "已拼 {taken}/{size} 人", missing: "还差 {n} 人成团", full: "人已齐，等待全部支付", paid: "已支付 {n} 人",
      expiresIn: "剩余 {t}", formingHint: "请在商城完成支付：支付后开团，就能邀请好友了",
      succeededHint: "拼团成功，商家将尽快发货", drawnHint: "拼团成功，已参与抽奖", failedHint: "拼团未成功，已付款项将退回",
      seat: { paid: "已支付", reserved: "待支付", empty: "空位" },
      draw: { title: "开奖", pending: "成团后参与抽奖，开奖后在这里公布结果", won: "恭喜中奖！商家将尽快发货",
        lost: "很遗憾没有中奖，已付款项将退回", commitment: "开奖承诺（可验证）：{c}" },
    },
    refused: {
      GROUP_FULL: "这个团已经满了，试试一键参团", GROUP_NOT_OPEN: "这个团已结束或还没开团，试试一键参团",
      OWN_GROUP: "这是你自己开的团，分享给好友吧", ALREADY_IN_GROUP: "你已经在这个团里了", ALREADY_LEADING: "你已经开了一个团，先邀请好友把它拼满吧",
      NEW_CUSTOMERS_ONLY: "这个团只有新客能参加", UNKNOWN_SKU: "没有这个商品",
    },
  },
  en: {
    group: {
      price: "Group price", drawPrice: "Entry price", size: "Groups of {n}", leaderPrice: "Leader pays {m}", ladder: "{n} people {m}",
      winnersPerGroup: "{n} winner(s) per group", winners: "{n} prizes in all", newOnly: "New customers only may join", single: "Alone", free: "Free lucky draw", prizesLeft: "{n} prizes left",
      auto: "Join a group", open: "Start a group", join: "Join my friend's group", joining: "Joining…",
      invited: "A friend invited you to their group", invitedSeats: "Your friend's group needs {n} more",
      title: "My group", myOrder: "My group order",
      status: { FORMING: "Not open yet", OPEN: "Filling", SUCCEEDED: "Group complete", FAILED: "Group failed" },
      seats: "{taken}/{size} joined", missing: "{n} more to complete", full: "All seats taken; waiting for payments", paid: "{n} paid",
      expiresIn: "{t} left", formingHint: "Pay in the shop: the group opens and you can invite friends",
      succeededHint: "The group is complete; the shop will ship soon", drawnHint: "The group is complete and in the draw", failedHint: "The group did not complete; what you paid comes back",
      seat: { paid: "Paid", reserved: "Awaiting payment", empty: "Free seat" },
      draw: { title: "Draw", pending: "Complete groups enter the draw; the result shows here", won: "You won! The shop will ship soon",
        lost: "Not a winner this time; what you paid comes back", commitment: "Draw commitment (verifiable): {c}" },
    },
    refused: {
      GROUP_FULL: "That group is full; try Join a group", GROUP_NOT_OPEN: "That group is over or not open yet; try Join a group",
      OWN_GROUP: "This is your own group: share it with friends", ALREADY_IN_GROUP: "You are already in that group",
      ALREADY_LEADING: "You already started a group: invite friends to fill it first",
      NEW_CUSTOMERS_ONLY: "Only new customers may join this group", UNKNOWN_SKU: "No such item",
    },
  },
});

const SAVED = "peercart.h5.group."; // + activity id: this tab's order, so a reload shows the group again
const invite = arrival();

/** What the buyer did and the group they are in; kept across redraws. */
const state = { busy: false, key: null, order: null, group: null, invited: null, draw: null, refusal: null, share: {}, restored: false };

/** The panel for a groupOn or luckyDrawGroup `activity` (its public view); `page.redraw()` draws again, `page.tick(fn)` each second. */
export function groupPanel(activity, page) {
  const lucky = activity.type === "luckyDrawGroup";
  const item = activity.items[0];
  if (token() && !state.restored) restore(activity, page);
  const deal = h("section", { class: "deal", "aria-label": t(lucky ? "group.drawPrice" : "group.price") },
    h("p", { class: "prices" },
      h("span", { class: "label" }, t(lucky ? "group.drawPrice" : "group.price")), " ",
      h("strong", { id: "price" }, lucky && item.price === 0 ? t("group.free") : money(item.price)), " ",
      item.originalPrice != null && item.originalPrice > item.price
        ? h("span", { id: "original-price", class: "hint" }, `${t("group.single")} ${money(item.originalPrice)}`) : null),
    h("p", { id: "left", class: item.left === 0 ? "left none" : "left" },
      item.left === 0 ? t("soldOut") : t(lucky ? "group.prizesLeft" : "left", { n: item.left })),
    rulesLine(activity.group));
  const refusal = state.refusal && h("p", { id: "refusal", class: "refusal", role: "alert" }, refusalText(state.refusal, { limit: item.limitPerBuyer }));
  const invitedNote = invite.groupId && !state.order && h("p", { id: "invited", class: "note" }, t("group.invited"),
    state.invited?.seatsLeft > 0 ? ` · ${t("group.invitedSeats", { n: state.invited.seatsLeft })}` : "");
  if (!token()) return h("div", {}, deal, invitedNote || null, h("p", { id: "note", class: "note" }, t("readOnly")));

  const view = h("div", {}, deal, invitedNote || null,
    state.order ? null : actions(activity, item, lucky, page),
    refusal || null,
    state.order ? groupCard(activity, page) : null,
    state.order && lucky ? drawCard() : null,
    state.order ? orderCard(state.order, page, t("group.myOrder")) : null);
  view.event = (type, data) => event(activity, type, data, page);
  view.stockChanged = () => false;
  return view;
}
groupPanel.events = ["group.opened", "group.joined", "group.left", "group.succeeded", "group.failed", "draw.completed"];

/** The group rules a buyer sees before joining (the public view's `group`): 3人团, the leader's price, a ladder, the draw. */
function rulesLine(g) {
  if (!g) return null;
  const parts = [t("group.size", { n: g.size })];
  if (g.leaderPrice != null) parts.push(t("group.leaderPrice", { m: money(g.leaderPrice) }));
  if (g.tiers) parts.push(g.tiers.map((x) => t("group.ladder", { n: x.size, m: money(x.price) })).join(" / "));
  if (g.winnersPerGroup) parts.push(t("group.winnersPerGroup", { n: g.winnersPerGroup }));
  else if (g.winners) parts.push(t("group.winners", { n: g.winners }));
  if (g.newCustomersOnlyJoin) parts.push(t("group.newOnly"));
  return h("p", { id: "group-rules", class: "hint" }, parts.join(" · "));
}

/** The buttons before the buyer is in a group: join the friend's group, join the closest to success, or open one. */
function actions(activity, item, lucky, page) {
  const closed = activity.status === "SCHEDULED" ? t("notStarted") : activity.status === "CANCELLED" ? t("cancelled")
    : !activity.inTimeSlot ? t("outsideSlot") : null;
  // an open group may still be joined after the end (docs/groups.md); a lucky draw's entry holds no prize
  const noNew = closed || (activity.status === "ENDED" ? t("ended") : item.left === 0 ? t("soldOut") : null);
  const noJoin = closed || (item.left === 0 && !lucky ? t("soldOut") : null);
  const button = (id, cls, groupId, label, blocked) => h("button", { type: "button", id, class: cls, disabled: Boolean(blocked) || state.busy,
    onclick: () => place(activity, item, groupId, page) }, state.busy ? t("group.joining") : blocked || label);
  return invite.groupId
    ? h("div", { class: "join-choices" }, button("join", "buy", invite.groupId, t("group.join"), noJoin), button("auto", "ghost", "auto", t("group.auto"), noNew))
    : h("div", { class: "join-choices" }, button("auto", "buy", "auto", t("group.auto"), noNew), button("open", "ghost", null, t("group.open"), noNew));
}

/**
 * Places the order (absent groupId: open a group; "auto"; or a group's id), through the link the
 * page was opened with. The Idempotency-Key lives until an answer, as on the seckill page.
 */
async function place(activity, item, groupId, page) {
  state.busy = true;
  state.refusal = null;
  state.key ||= idempotencyKey();
  page.redraw();
  try {
    const body = { sku: item.sku, quantity: 1 };
    if (groupId) body.groupId = groupId;
    if (invite.shareId) body.shareId = invite.shareId;
    state.order = await post(`/v1/activities/${encodeURIComponent(activity.id)}/orders`, body, state.key);
    state.key = null;
    sessionStorage.setItem(SAVED + activity.id, JSON.stringify({ token: token(), orderId: state.order.orderId }));
    await readGroup();
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

/** After a reload: this tab's order for this activity, if it was this buyer's, and its group. */
async function restore(activity, page) {
  state.restored = true;
  const saved = JSON.parse(sessionStorage.getItem(SAVED + activity.id) || "null");
  if (!saved || saved.token !== token()) return;
  try {
    state.order = await read(`/v1/orders/${encodeURIComponent(saved.orderId)}`);
    await readGroup();
    if (activity.type === "luckyDrawGroup") await readDraw(activity);
  } catch (e) {
    if (!(e instanceof Refusal)) throw e;
  }
  page.redraw();
}

/** The buyer's group as the server has it now (a member may read it). */
async function readGroup() {
  if (state.order?.groupId) state.group = await read(`/v1/groups/${encodeURIComponent(state.order.groupId)}`);
}

/**
 * The draw this buyer's order is in, once drawn (GET /v1/activities/{id}/draw is public): won when
 * the order is among its winners. An order left out of a made draw (its group failed) did not win.
 */
async function readDraw(activity) {
  let draws;
  try {
    const res = await fetch(`/v1/activities/${encodeURIComponent(activity.id)}/draw`, { headers: { Accept: "application/json" } });
    if (!res.ok) return;
    draws = (await res.json()).draws;
  } catch {
    return; // no network: the result shows on the next event or reload
  }
  const mine = draws.find((d) => d.groupId == null || d.groupId === state.order.groupId);
  if (mine) state.draw = { commitment: mine.commitment, won: mine.status === "DRAWN" ? mine.winners.includes(state.order.orderId) : null };
}

/** A public event: the buyer's group moved (seats, status), the friend's group moved, or a draw was made. */
function event(activity, type, data, page) {
  if (type === "draw.completed") { // the event counts the entries; the public draw lists them, so it is read
    if (!state.order || (data.groupId != null && data.groupId !== state.order.groupId)) return;
    readDraw(activity).then(() => page.redraw());
  } else if (state.order && data.groupId === state.order.groupId) {
    state.group = { ...state.group, ...data };
  } else if (!state.order && data.groupId === invite.groupId) {
    state.invited = data;
  } else return;
  page.redraw();
  // the order's own status (paid, released, to be refunded) is not public: read it again
  if (state.order) {
    read(`/v1/orders/${encodeURIComponent(state.order.orderId)}`).then((o) => { state.order = o; page.redraw(); },
      (e) => { if (!(e instanceof Refusal)) throw e; });
  }
}

/** The group: its status, a seat per member (paid, awaiting payment, free), the time left, and the share link while it fills. */
function groupCard(activity, page) {
  const g = state.group;
  if (!g) return null;
  const taken = g.size - g.seatsLeft;
  const seats = h("ol", { id: "seats", class: "seats", "aria-label": t("group.seats", { taken, size: g.size }) },
    Array.from({ length: g.size }, (_, i) => {
      const kind = i < g.paidMembers ? "paid" : i < taken ? "reserved" : "empty";
      return h("li", { class: `seat ${kind}`, title: t(`group.seat.${kind}`) }, h("span", { class: "sr" }, t(`group.seat.${kind}`)));
    }));
  const left = h("p", { id: "group-expires", class: "countdown" });
  if (g.status === "OPEN" && g.expiresAt) {
    const tick = () => { left.textContent = t("group.expiresIn", { t: duration(secondsUntil(g.expiresAt)) }); };
    tick();
    page.tick(tick);
  }
  const hint = g.status === "FORMING" ? t("group.formingHint") : g.status === "SUCCEEDED" ? t(activity.type === "luckyDrawGroup" ? "group.drawnHint" : "group.succeededHint")
    : g.status === "FAILED" ? t("group.failedHint") : g.seatsLeft > 0 ? t("group.missing", { n: g.seatsLeft }) : t("group.full");
  return h("section", { id: "group", class: "order group", "aria-labelledby": "group-title" },
    h("h2", { id: "group-title" }, t("group.title"), " ", h("span", { id: "group-status", class: `group-tag ${g.status}` }, t(`group.status.${g.status}`))),
    seats,
    h("p", { id: "seats-text" }, t("group.seats", { taken, size: g.size }), " · ", t("group.paid", { n: g.paidMembers })),
    h("p", { id: "group-hint", class: "hint", role: "status" }, hint),
    g.status === "OPEN" ? left : null,
    g.status === "OPEN" && g.seatsLeft > 0
      ? shareBox(state.share, activity.id, invite.shareId, { group: g.groupId }, page) : null);
}

/** A lucky draw's result for this buyer: waiting, won, or not. */
function drawCard() {
  const d = state.draw;
  return h("section", { id: "draw", class: "order", "aria-labelledby": "draw-title" },
    h("h2", { id: "draw-title" }, t("group.draw.title")),
    h("p", { id: "draw-result", class: d?.won ? "won" : "", role: "status" },
      d?.won == null ? t("group.draw.pending") : d.won ? t("group.draw.won") : t("group.draw.lost")),
    d?.commitment ? h("p", { class: "hint commitment" }, t("group.draw.commitment", { c: d.commitment.slice(0, 16) + "…" })) : null);
}

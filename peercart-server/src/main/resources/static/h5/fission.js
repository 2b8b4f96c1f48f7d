// The inSourcingFission buyer panel (内购裂变): the internal price, the buyer's internal-purchase
// coupons (内购券), buying with them, and the buyer's own share link to invite friends. A page opened
// through a friend's link (?shareId=) records the visit, lets the buyer claim the friend's coupons,
// and sends the link with the order, so the order is attributed to the friend (docs/fission.md).
import { h } from "/console/dom.js";
import { addWords, t } from "./i18n.js";
import { Refusal, forgetToken, idempotencyKey, money, post, read, refusalText, token } from "./buyer.js";
import { orderCard } from "./seckill.js";
import { arrival, shareBox } from "./share.js";

addWords({
  zh: {
    fission: {
      price: "内购价", buy: "内购价购买", buying: "正在购买…", order: "购买成功",
      coupons: "我的内购券：{n} 张", perUnit: "每件需要 {n} 张内购券", inviteHint: "邀请好友领券，每位好友可为你赚 {n} 张",
      invited: "好友邀请你参加内购", claim: "领取好友的邀请", claiming: "正在领取…",
      claimed: "领取成功，现在有 {n} 张内购券",
    },
    refused: {
      INSUFFICIENT_COUPONS: "内购券不够了：邀请好友领券后再来买吧", ALREADY_CLAIMED: "你已经领取过这位好友的邀请了",
      SELF_INVITE: "这是你自己的分享链接，发给好友吧",
    },
  },
  en: {
    fission: {
      price: "Internal price", buy: "Buy at the internal price", buying: "Buying…", order: "You got it",
      coupons: "My coupons: {n}", perUnit: "{n} coupons per item", inviteHint: "Invite friends: each friend who claims earns you {n}",
      invited: "A friend invited you to this internal sale", claim: "Accept my friend's invitation", claiming: "Accepting…",
      claimed: "Accepted: you now have {n} coupons",
    },
    refused: {
      INSUFFICIENT_COUPONS: "Not enough coupons: invite friends to earn some, then buy",
      ALREADY_CLAIMED: "You already accepted this friend's invitation", SELF_INVITE: "This is your own link: send it to friends",
    },
  },
});

const came = arrival();

/** What the buyer has and did; kept across redraws. */
const state = { coupons: null, asked: false, busy: null, keys: {}, order: null, claim: null, refusal: null, share: {} };

/** The panel for an inSourcingFission `activity` (its public view); `page.redraw()` draws again. */
export function fissionPanel(activity, page) {
  const item = activity.items[0];
  const rules = activity.coupons || {};
  const deal = h("section", { class: "deal", "aria-label": t("fission.price") },
    h("p", { class: "prices" }, h("span", { class: "label" }, t("fission.price")), " ", h("strong", { id: "price" }, money(item.price)), " ",
      item.originalPrice != null && item.originalPrice > item.price
        ? h("del", { id: "original-price", "aria-label": `${t("originalPrice")} ${money(item.originalPrice)}` }, money(item.originalPrice)) : null),
    h("p", { id: "left", class: item.left === 0 ? "left none" : "left" }, item.left === 0 ? t("soldOut") : t("left", { n: item.left })),
    h("p", { id: "per-unit", class: "hint" }, t("fission.perUnit", { n: rules.couponsPerUnit ?? 1 })));
  const invited = came.shareId && h("p", { id: "invited", class: "note" }, t("fission.invited"));
  if (!token()) return h("div", {}, deal, invited || null, h("p", { id: "note", class: "note" }, t("readOnly")));
  if (!state.asked) firstLook(activity, page);

  const blocked = activity.status === "SCHEDULED" ? t("notStarted") : activity.status === "ENDED" ? t("ended")
    : activity.status === "CANCELLED" ? t("cancelled") : item.left === 0 ? t("soldOut") : !activity.inTimeSlot ? t("outsideSlot") : null;
  const mine = h("section", { class: "deal", "aria-label": t("fission.coupons", { n: "" }) },
    h("p", { id: "coupons", class: "left" }, state.coupons ? t("fission.coupons", { n: state.coupons.balance }) : t("loading")),
    rules.couponsPerInvite ? h("p", { class: "hint" }, t("fission.inviteHint", { n: rules.couponsPerInvite })) : null,
    came.shareId && !state.claim ? h("button", { type: "button", id: "claim", class: "ghost", disabled: Boolean(blocked) || Boolean(state.busy),
      onclick: () => act(page, "claim", (key) => claim(activity, key)) }, state.busy === "claim" ? t("fission.claiming") : t("fission.claim")) : null,
    state.claim ? h("p", { id: "claimed", class: "hint", role: "status" }, t("fission.claimed", { n: state.claim.balance })) : null);
  const buy = h("button", { type: "button", id: "buy", class: "buy", disabled: Boolean(blocked) || Boolean(state.busy),
    onclick: () => act(page, "buy", (key) => buyOne(activity, item, key)) }, blocked || (state.busy === "buy" ? t("fission.buying") : t("fission.buy")));
  const refusal = state.refusal && h("p", { id: "refusal", class: "refusal", role: "alert" }, refusalText(state.refusal, { limit: item.limitPerBuyer }));
  return h("div", {}, deal, invited || null, mine, buy, refusal || null,
    state.order ? orderCard(state.order, page, t("fission.order")) : null,
    activity.status === "RUNNING" ? shareBox(state.share, activity.id, came.shareId, {}, page) : null);
}

/** On the first draw with a token: the buyer's coupons, and the visit through the friend's link (once per tab). */
async function firstLook(activity, page) {
  state.asked = true;
  const visited = `peercart.h5.visited.${came.shareId}`;
  if (came.shareId && !sessionStorage.getItem(visited)) {
    sessionStorage.setItem(visited, "1");
    post(`/v1/shares/${encodeURIComponent(came.shareId)}/visits`, {}, idempotencyKey()).catch((e) => { if (!(e instanceof Refusal)) throw e; });
  }
  await readCoupons(activity);
  page.redraw();
}

async function readCoupons(activity) {
  try {
    state.coupons = await read(`/v1/activities/${encodeURIComponent(activity.id)}/coupons/me`);
  } catch (e) {
    if (!(e instanceof Refusal)) throw e;
  }
}

async function claim(activity, key) {
  state.claim = await post(`/v1/activities/${encodeURIComponent(activity.id)}/coupons/claim`, { shareId: came.shareId }, key);
  await readCoupons(activity);
}

async function buyOne(activity, item, key) {
  const body = { sku: item.sku, quantity: 1 };
  if (came.shareId) body.shareId = came.shareId; // attributed to the friend whose link brought the buyer
  state.order = await post(`/v1/activities/${encodeURIComponent(activity.id)}/orders`, body, key);
  await readCoupons(activity);
}

/**
 * Runs one of the buyer's writes (`what`: "buy" or "claim") with an Idempotency-Key of its own made
 * at the click and kept until an answer, as on the seckill page; a refusal is shown in the buyer's words.
 */
async function act(page, what, write) {
  state.busy = what;
  state.refusal = null;
  state.keys[what] ||= idempotencyKey();
  page.redraw();
  try {
    await write(state.keys[what]);
    state.keys[what] = null;
  } catch (e) {
    if (!(e instanceof Refusal)) throw e;
    if (e.status) state.keys[what] = null;
    if (e.status === 401) forgetToken();
    state.refusal = e;
  } finally {
    state.busy = null;
    page.redraw();
  }
}

// The gift (赠品领取, presentExchange) buyer panel: the gift, how many are left and how many one
// buyer may claim, and a claim button. A claim is a ¥0 order released at once; when the merchant
// gives the gift only to named buyers, one without a grant is told so in words.
import { h } from "/console/dom.js";
import { addWords, t } from "./i18n.js";
import { Refusal, forgetToken, idempotencyKey, post, refusalText, token } from "./buyer.js";
import { orderCard } from "./seckill.js";

addWords({
  zh: { present: {
    gift: "赠品", free: "免费", left: "还剩 {n} 份", gone: "已领完", limit: "每人可领 {n} 份", claim: "免费领取", claiming: "正在领取…",
    claimed: "领取成功", again: "再领一份", limitReached: "你已领取过了（每人可领 {limit} 份）",
  }, refused: { NOT_GRANTED: "这份赠品只送给商家指定的会员，你暂时没有可领取的赠品" } },
  en: { present: {
    gift: "Gift", free: "Free", left: "{n} left", gone: "All claimed", limit: "Up to {n} per buyer", claim: "Claim for free",
    claiming: "Claiming…", claimed: "Claimed", again: "Claim another", limitReached: "You have already claimed yours (up to {limit} per buyer)",
  }, refused: { NOT_GRANTED: "This gift is only for members the shop chose; you have none to claim" } },
});

/** What the buyer did and got; kept across redraws. */
const state = { busy: false, key: null, order: null, refusal: null };

/** The panel for a presentExchange's public view; `page.redraw()` draws again. */
export function presentPanel(activity, page) {
  const item = activity.items[0];
  const gift = h("section", { class: "deal", "aria-label": t("present.gift") },
    h("p", { class: "prices" }, h("span", { class: "label" }, t("present.gift")), " ", h("strong", { id: "gift" }, item.sku), " ",
      h("span", { id: "free", class: "free" }, t("present.free"))),
    h("p", { id: "left", class: item.left === 0 ? "left none" : "left" }, item.left === 0 ? t("present.gone") : t("present.left", { n: item.left })),
    h("p", { id: "limit", class: "hint" }, t("present.limit", { n: item.limitPerBuyer })));
  const refusal = state.refusal && h("p", { id: "refusal", class: "refusal", role: "alert" },
    state.refusal.code === "LIMIT_REACHED" ? t("present.limitReached", { limit: item.limitPerBuyer })
      : state.refusal.code === "SOLD_OUT" ? t("present.gone") : refusalText(state.refusal, { limit: item.limitPerBuyer }));
  if (!token()) return h("div", {}, gift, refusal || null, h("p", { id: "note", class: "note" }, t("readOnly")));

  const blocked = activity.status === "SCHEDULED" ? t("notStarted") : activity.status === "ENDED" ? t("ended")
    : activity.status === "CANCELLED" ? t("cancelled") : item.left === 0 ? t("present.gone") : !activity.inTimeSlot ? t("outsideSlot")
        : state.order && item.limitPerBuyer === 1 ? t("present.claimed") : null;
  const claim = h("button", { type: "button", id: "claim", class: "buy", disabled: Boolean(blocked) || state.busy,
    onclick: () => place(activity, item, page) },
  blocked || (state.busy ? t("present.claiming") : state.order ? t("present.again") : t("present.claim")));
  return h("div", {}, gift, claim, refusal || null, state.order ? orderCard(state.order, page, t("present.claimed")) : null);
}

/** Claims one unit (a ¥0 order); the key is kept until an answer comes, as for a purchase. */
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

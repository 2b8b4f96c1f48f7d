// The auction (降价拍) buyer panel: the price now, the next drop and a countdown to it, and a buy
// button that says the price the buyer will pay and sends it as `expectedPrice`, so the server
// refuses (PRICE_CHANGED) rather than charge a price the buyer did not see. The price comes from
// the server only: the activity's `auction` view, then each `auction.price_dropped` on the stream.
import { h } from "/console/dom.js";
import { addWords, t } from "./i18n.js";
import { Refusal, duration, forgetToken, idempotencyKey, money, post, refusalText, secondsUntil, token } from "./buyer.js";
import { orderCard } from "./seckill.js";

addWords({
  zh: { auction: {
    price: "当前价", nextDrop: "{t} 后降到 {price}", dropping: "正在降价…", floorReached: "已到底价", lastPrice: "结束前不再降价",
    floor: "底价 {price}", minutes: "{n} 分钟", seconds: "{n} 秒", plan: "每 {every}降 {drop}，起拍价 {start}", buy: "以 {price} 购买", order: "拍下成功",
  }, refused: { PRICE_CHANGED: "价格刚刚变了，现在是 {price}：确认后请再点一次" } },
  en: { auction: {
    price: "Price now", nextDrop: "Drops to {price} in {t}", dropping: "Dropping…", floorReached: "The floor price is reached", lastPrice: "No more drops before the end",
    floor: "Floor {price}", minutes: "{n} min", seconds: "{n} s", plan: "Drops {drop} every {every}, from {start}", buy: "Buy at {price}", order: "You got it",
  }, refused: { PRICE_CHANGED: "The price just changed, it is now {price}: tap again to buy at it" } },
});

/** What the buyer did and got; kept across redraws. */
const state = { busy: false, key: null, order: null, refusal: null };

/** The panel for an auction's public view; `page.redraw()` draws again, `page.tick(fn)` runs fn every second. */
export function auctionPanel(activity, page) {
  const auction = activity.auction;
  const item = activity.items[0];
  const nextDrop = h("p", { id: "next-drop", class: "countdown" });
  page.tick(() => {
    if (auction.nextDropAt == null) nextDrop.textContent = t(auction.price <= auction.floorPrice ? "auction.floorReached" : "auction.lastPrice");
    else {
      const s = secondsUntil(auction.nextDropAt);
      nextDrop.textContent = s ? t("auction.nextDrop", { t: duration(s), price: money(auction.nextPrice) }) : t("auction.dropping");
    }
  });
  const deal = h("section", { class: "deal", "aria-label": t("auction.price") },
    h("p", { class: "prices" },
      h("span", { class: "label" }, t("auction.price")), " ", h("strong", { id: "auction-price" }, money(auction.price)), " ",
      item.originalPrice != null && item.originalPrice > auction.price
        ? h("del", { id: "original-price", "aria-label": `${t("originalPrice")} ${money(item.originalPrice)}` }, money(item.originalPrice)) : null),
    nextDrop,
    h("p", { id: "floor", class: "hint" }, t("auction.floor", { price: money(auction.floorPrice) })),
    h("p", { id: "plan", class: "hint" }, t("auction.plan", { every: every(auction.dropIntervalSeconds),
      drop: money(auction.dropAmount), start: money(auction.startPrice) })),
    h("p", { id: "left", class: item.left === 0 ? "left none" : "left" }, item.left === 0 ? t("soldOut") : t("left", { n: item.left })),
    h("p", { id: "limit", class: "hint" }, t("limit", { n: item.limitPerBuyer })));
  const refusal = state.refusal && h("p", { id: "refusal", class: "refusal", role: "alert" },
    refusalText(state.refusal, { limit: item.limitPerBuyer, price: money(auction.price) }));
  let view;
  if (!token()) view = h("div", {}, deal, refusal || null, h("p", { id: "note", class: "note" }, t("readOnly")));
  else {
    const blocked = activity.status === "SCHEDULED" ? t("notStarted") : activity.status === "ENDED" ? t("ended")
      : activity.status === "CANCELLED" ? t("cancelled") : item.left === 0 ? t("soldOut") : !activity.inTimeSlot ? t("outsideSlot") : null;
    const buy = h("button", { type: "button", id: "buy", class: "buy", disabled: Boolean(blocked) || state.busy,
      onclick: () => place(activity, item, auction.price, page) }, blocked || (state.busy ? t("buying") : t("auction.buy", { price: money(auction.price) })));
    view = h("div", {}, deal, buy, refusal || null, state.order ? orderCard(state.order, page, t("auction.order")) : null);
  }
  view.event = (type, drop) => {
    if (type !== "auction.price_dropped") return;
    Object.assign(auction, { price: drop.price, nextPrice: drop.nextPrice, nextDropAt: drop.nextDropAt });
    for (const i of activity.items) i.price = drop.price;
    page.redraw();
  };
  return view;
}
auctionPanel.events = ["auction.price_dropped"];

/** A drop interval in words: whole minutes when it is some, else seconds. */
const every = (s) => (s % 60 === 0 ? t("auction.minutes", { n: s / 60 }) : t("auction.seconds", { n: s }));

/**
 * Buys one unit at `price`, the price on the button. A refusal PRICE_CHANGED carries the price now
 * and the next drop: the page shows them at once, and the buyer decides again.
 */
async function place(activity, item, price, page) {
  state.busy = true;
  state.refusal = null;
  state.key ||= idempotencyKey();
  page.redraw();
  try {
    state.order = await post(`/v1/activities/${encodeURIComponent(activity.id)}/orders`,
      { sku: item.sku, quantity: 1, expectedPrice: price }, state.key);
    state.key = null;
  } catch (e) {
    if (!(e instanceof Refusal)) throw e;
    if (e.status) state.key = null;
    if (e.status === 401) forgetToken();
    if (e.code === "PRICE_CHANGED" && e.problem.currentPrice != null) {
      const { currentPrice, nextPrice, nextDropAt } = e.problem;
      Object.assign(activity.auction, { price: currentPrice, nextPrice: nextPrice ?? null, nextDropAt: nextDropAt ?? null });
      for (const i of activity.items) i.price = currentPrice;
    }
    state.refusal = e;
  } finally {
    state.busy = false;
    page.redraw();
  }
}

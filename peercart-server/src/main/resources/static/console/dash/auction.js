// The auction's panel: its price schedule (start price, a drop every interval, the floor) drawn
// over the activity's time, the price now and the next drop with a countdown, from /stats's
// `auction` (read again at every auction.price_dropped of the stream).
import { addWords, t } from "../i18n.js";
import { h } from "../dom.js";
import { serverNow } from "../api.js";
import { formatClock, money } from "../format.js";
import { chart, shopTimeAxis } from "./chart.js";

addWords({
  zh: { dash: { auction: { title: "降价拍价格曲线", price: "当前价", nextPrice: "下一价", nextDrop: "下次降价", floor: "底价",
    drops: "已降次数", atFloor: "已到底价", inSeconds: "{clock}（{s} 秒后）", schedule: "价格", now: "现在",
    label: "当前价 {price}，下次降价 {next}" } } },
  en: { dash: { auction: { title: "Auction price curve", price: "Price now", nextPrice: "Next price", nextDrop: "Next drop", floor: "Floor",
    drops: "Drops so far", atFloor: "At the floor", inSeconds: "{clock} (in {s} s)", schedule: "Price", now: "Now",
    label: "price now {price}, next drop {next}" } } },
});

const MAX_STEPS = 500; // a schedule of more drops is drawn through every n-th, the same shape

/** The schedule's steps, [time ms, price fen], from the start to the end of the activity. */
export function schedule(activity, a) {
  const start = Date.parse(activity.startsAt), end = Date.parse(activity.endsAt), every = a.dropIntervalSeconds * 1000;
  const toFloor = Math.ceil((a.startPrice - a.floorPrice) / a.dropAmount);
  const drops = Math.max(0, Math.min(toFloor, Math.floor((end - start) / every)));
  const stride = Math.max(1, Math.ceil(drops / MAX_STEPS));
  const price = (k) => Math.max(a.floorPrice, a.startPrice - k * a.dropAmount);
  const steps = [[start, a.startPrice]];
  for (let k = stride; k <= drops; k += stride) steps.push([start + k * every, price(k)]);
  if (drops % stride) steps.push([start + drops * every, price(drops)]);
  steps.push([end, price(drops)]);
  return steps;
}

export function auctionPanel(activity, ctx) {
  const count = (id) => h("dd", { id, class: "num" }, "…");
  const price = count("auction-price"), nextPrice = count("auction-next-price"), nextDrop = count("auction-next-drop"),
    floor = count("auction-floor"), drops = count("auction-drops");
  const canvas = h("div", { class: "chart wide", role: "img" });
  const plot = chart(canvas);
  const view = h("section", { id: "auction", class: "card", "aria-labelledby": "auction-title" },
    h("h2", { id: "auction-title" }, t("dash.auction.title")),
    h("dl", { class: "figures" },
      h("div", {}, h("dt", {}, t("dash.auction.price")), price),
      h("div", {}, h("dt", {}, t("dash.auction.nextPrice")), nextPrice),
      h("div", {}, h("dt", {}, t("dash.auction.nextDrop")), nextDrop),
      h("div", {}, h("dt", {}, t("dash.auction.floor")), floor),
      h("div", {}, h("dt", {}, t("dash.auction.drops")), drops)),
    canvas);
  // the next drop counted down on this browser's clock from the seconds the server gave (no clock skew)
  let dropAt = null, dropIso = null, last = null;

  function countdown() {
    if (!last) return;
    if (dropAt == null) { nextDrop.textContent = t("dash.auction.atFloor"); return; }
    const s = Math.max(0, Math.ceil((dropAt - performance.now()) / 1000));
    nextDrop.textContent = t("dash.auction.inSeconds", { clock: formatClock(dropIso), s });
  }
  ctx.tick(countdown);

  return {
    view,
    stats(s) {
      const a = s.auction;
      if (!a) return;
      last = a;
      price.textContent = money(a.price);
      nextPrice.textContent = a.nextPrice == null ? "—" : money(a.nextPrice);
      floor.textContent = money(a.floorPrice);
      drops.textContent = String(a.drops);
      dropIso = a.nextDropAt;
      dropAt = a.nextDropAt == null ? null : performance.now() + a.nextDropInSeconds * 1000;
      countdown();
      canvas.setAttribute("aria-label", t("dash.auction.label", { price: money(a.price), next: a.nextDropAt ? formatClock(a.nextDropAt) : t("dash.auction.atFloor") }));
      // the moment of this price on the server's own clock (the seconds to the next drop say it), else ours
      const now = a.nextDropAt ? Date.parse(a.nextDropAt) - a.nextDropInSeconds * 1000 : serverNow();
      plot.set({
        tooltip: { trigger: "axis", valueFormatter: (v) => `¥${v}` },
        grid: { left: 64, right: 24, top: 24, bottom: 28 },
        xAxis: shopTimeAxis(Date.parse(activity.endsAt) - Date.parse(activity.startsAt) > 2 * 86_400_000),
        yAxis: { type: "value", scale: true },
        series: [{ name: t("dash.auction.schedule"), type: "line", step: "end", showSymbol: false, animation: false, color: "#3b82f6",
          data: schedule(activity, a).map(([at, fen]) => [at, fen / 100]),
          markLine: { symbol: "none", label: { formatter: t("dash.auction.now") }, data: [{ xAxis: now }] },
          markPoint: { symbol: "circle", symbolSize: 10, label: { position: "right", formatter: money(a.price) },
            data: [{ coord: [now, a.price / 100] }] } }],
      });
    },
    leave() { plot.dispose(); },
  };
}

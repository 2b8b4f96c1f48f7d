// Orders and GMV over time, for every activity: seeded from GET /v1/activities/{id}/stats/series
// (per minute, or wider buckets for a long activity, as the server picks) and extended live from the
// stream's order events: order.created adds an order to its minute, order.paid its amount to the
// minute it was paid in. A refund changes past buckets, so it reads the series again.
import { addWords, t } from "../i18n.js";
import { ApiError, get, serverNow } from "../api.js";
import { h } from "../dom.js";
import { formatClock, money } from "../format.js";
import { chart, shopTimeAxis } from "./chart.js";

addWords({
  zh: { dash: { timeline: { title: "订单与成交额趋势", orders: "订单", gmv: "成交额 (元)", bucket: "每 {n} 分钟",
    label: "{from} 起 订单 {orders} 笔，成交额 {gmv}", empty: "还没有订单" } } },
  en: { dash: { timeline: { title: "Orders and GMV over time", orders: "Orders", gmv: "GMV (¥)", bucket: "per {n} min",
    label: "since {from}: {orders} orders, GMV {gmv}", empty: "No orders yet" } } },
});

const SEEN = 500; // event ids remembered, so an event delivered twice counts once

export function timelinePanel(activity, ctx) {
  const canvas = h("div", { id: "timeline-chart", class: "chart wide", role: "img" });
  const bucketNote = h("span", { class: "hint" });
  const problem = h("p", { class: "error", role: "alert" });
  const view = h("section", { id: "timeline", class: "card", "aria-labelledby": "timeline-title" },
    h("h2", { id: "timeline-title" }, t("dash.timeline.title"), " ", bucketNote), problem, canvas);
  const plot = chart(canvas);
  let width = 0, from = 0, buckets = new Map(), seen = new Set(), lastBucket = null, left = false, seeding = null;

  async function seed() {
    try {
      const s = await get(`${ctx.path}/stats/series`);
      if (left) return;
      width = s.bucketSeconds * 1000;
      from = Date.parse(s.from);
      buckets = new Map(s.points.map((p) => [Date.parse(p.at), { orders: p.orders, gmv: p.gmv }]));
      bucketNote.textContent = t("dash.timeline.bucket", { n: s.bucketSeconds / 60 });
      problem.textContent = "";
      draw();
    } catch (err) {
      if (!left && !ctx.ended(err)) problem.textContent = err instanceof ApiError ? err.message : t("unreachable");
    }
  }

  const bucketOf = (ms) => Math.floor(ms / width) * width;

  function add(iso, orders, gmv) {
    const at = bucketOf(Date.parse(iso));
    if (at < from) return;
    const b = buckets.get(at) ?? { orders: 0, gmv: 0 };
    b.orders += orders;
    b.gmv += gmv;
    buckets.set(at, b);
    draw();
  }

  /** Every bucket from the first to the one holding now (or the last with orders), empty ones as 0. */
  function draw() {
    if (!width) return;
    const end = Math.max(bucketOf(serverNow()), ...buckets.keys());
    const times = [];
    for (let at = Math.max(from, end - 1439 * width); at <= end; at += width) times.push(at);
    lastBucket = end;
    let orders = 0, gmv = 0;
    for (const b of buckets.values()) { orders += b.orders; gmv += b.gmv; }
    view.dataset.orders = String(orders); // the totals drawn, for a test and a screen reader
    view.dataset.gmv = String(gmv);
    view.dataset.points = String(times.length);
    canvas.setAttribute("aria-label", orders ? t("dash.timeline.label", { from: formatClock(new Date(from).toISOString()), orders, gmv: money(gmv) })
      : t("dash.timeline.empty"));
    plot.set({
      tooltip: { trigger: "axis" },
      legend: { data: [t("dash.timeline.orders"), t("dash.timeline.gmv")] },
      grid: { left: 48, right: 64, top: 36, bottom: 28 },
      xAxis: shopTimeAxis(width >= 86_400_000),
      yAxis: [{ type: "value", minInterval: 1, name: t("dash.timeline.orders") },
        { type: "value", name: t("dash.timeline.gmv"), splitLine: { show: false } }],
      series: [
        { name: t("dash.timeline.orders"), type: "bar", animation: false, color: "#3b82f6",
          data: times.map((at) => [at, buckets.get(at)?.orders ?? 0]) },
        { name: t("dash.timeline.gmv"), type: "line", yAxisIndex: 1, animation: false, color: "#16a34a", showSymbol: false,
          data: times.map((at) => [at, (buckets.get(at)?.gmv ?? 0) / 100]) },
      ],
    });
  }

  seeding = seed();
  ctx.tick(() => { if (width && bucketOf(serverNow()) !== lastBucket) draw(); }); // a new minute starts empty

  return {
    view,
    async event(e) {
      if (!e.type.startsWith("order.") || seen.has(e.id)) return;
      seen.add(e.id);
      if (seen.size > SEEN) seen.delete(seen.values().next().value);
      await seeding; // the first buckets before any change to them
      const o = e.data;
      if (e.type === "order.created") add(o.createdAt ?? e.createdAt, 1, 0);
      else if (e.type === "order.paid") add(o.paidAt ?? e.createdAt, 0, o.amount ?? 0);
      else if (e.type === "order.refunded") seeding = seed();
    },
    leave() {
      left = true;
      plot.dispose();
    },
  };
}

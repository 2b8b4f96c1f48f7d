// The live dashboard of one activity: its header and countdown, the stock buckets, the headline
// figures of GET /v1/activities/{id}/stats, the panels of its type (dash/*.js), and the recent
// orders. It stays live from the activity's event stream (sse.js), not a polling loop: an event
// that changes figures re-reads /stats (at most every 300 ms), an order event also goes into the feed.
import { t } from "./i18n.js";
import { ApiError, get, session } from "./api.js";
import { h } from "./dom.js";
import { countdownText, formatClock, money, percent } from "./format.js";
import { openStream } from "./sse.js";
import { previewButton } from "./preview.js";
import { groupsPanel } from "./dash/groups.js";
import { timelinePanel } from "./dash/timeline.js";
import { funnelPanel } from "./dash/funnel.js";
import { auctionPanel } from "./dash/auction.js";
import { tuanPanel } from "./dash/tuan.js";
import { helpsPanel } from "./dash/helps.js";
import { drawPanel } from "./dash/draw.js";
import { fissionPanel } from "./dash/fission.js";
import { fCodesPanel } from "./dash/fcodes.js";
import { couponsPanel } from "./dash/coupons.js";

/**
 * The panels below the headline figures, each for the types it names (null: every type). A panel is
 * `(activity, ctx) => ({ view, stats(s), event(e), leave() })`, all but `view` optional: `stats`
 * gets every /stats answer, `event` every event of the stream ({id, seq, type, createdAt, data}),
 * `leave` runs when the dashboard closes. `ctx`: `path` (the activity's API path), `ended(err)`
 * (a refused key), `tick(fn)` (runs every second).
 */
const PANELS = [
  { types: null, panel: timelinePanel },
  { types: null, panel: funnelPanel },
  { types: ["auction"], panel: auctionPanel },
  { types: ["tuan"], panel: tuanPanel },
  { types: ["helpDepositExpansion"], panel: helpsPanel },
  { types: ["groupOn", "luckyDrawGroup"], panel: groupsPanel },
  { types: ["luckyDrawGroup"], panel: drawPanel },
  { types: ["inSourcingFission"], panel: couponsPanel },
  { types: ["helpDepositExpansion", "inSourcingFission"], panel: fissionPanel },
  { types: ["fCode"], panel: fCodesPanel },
];

const STATS_EVERY_MS = 300;
const FEED_SIZE = 20;
/** Events after which /stats may say something new; the rest (shares, points, codes) do not move its figures. */
const MOVES_FIGURES = ["order.", "stock.", "group.", "draw.", "tuan.", "cashback.", "help.", "deposit.", "coupons.", "activity.", "auction."];
const BUCKETS = ["sold", "reserved", "leased", "available"];

/**
 * Shows the dashboard of activity `id`. `ctx`: `show(view, leave)` puts it on screen (and calls
 * `leave` when another page replaces it), `tick(fn)` redraws every second, `ended(err)` handles
 * a refused key.
 */
export async function dashboard(ctx, id) {
  const path = `/v1/activities/${encodeURIComponent(id)}`;
  const back = h("a", { href: "#/", class: "back" }, t("dash.back"));
  const here = location.hash;
  let activity;
  try {
    activity = await get(path);
    if (location.hash !== here) return; // the merchant went elsewhere meanwhile
  } catch (err) {
    if (!ctx.ended(err)) ctx.show(h("section", { class: "dashboard" }, back,
      h("p", { class: "error", role: "alert" }, err instanceof ApiError ? err.message : t("unreachable"))));
    return;
  }
  const count = (id) => h("dd", { id, class: "num" }, "…");
  const figures = Object.fromEntries(["participants", "orders", "paid", "gmv", "conversion"].map((f) => [f, count(`fig-${f}`)]));
  const status = h("span", { id: "dash-status", class: `status ${activity.status.toLowerCase()}` }, t(`status.${activity.status}`));
  const countdown = h("span", { id: "dash-countdown", class: "countdown" }, countdownText(activity));
  const live = h("span", { id: "live", class: "live", role: "status", "data-state": "connecting" }, t("dash.connecting"));
  const problem = h("p", { id: "dash-error", class: "error", role: "alert" });
  const bar = h("div", { class: "stock-bar", role: "img" });
  const buckets = Object.fromEntries(["total", ...BUCKETS].map((b) => [b, count(`stock-${b}`)]));
  const legend = h("dl", { class: "legend" }, Object.entries(buckets).map(([b, dd]) => h("div", { class: `key ${b}` }, h("dt", {}, t(`dash.${b}`)), dd)));
  const panels = PANELS.filter((p) => !p.types || p.types.includes(activity.type))
    .map((p) => p.panel(activity, { path, ended: ctx.ended, tick: ctx.tick }));
  const feed = h("ol", { id: "feed", class: "feed" });
  const feedEmpty = h("p", { id: "feed-empty", class: "hint" }, t("dash.noOrders"));

  ctx.tick(() => { countdown.textContent = countdownText(activity); });
  const view = h("section", { class: "dashboard", "aria-labelledby": "dash-title" },
    back,
    h("div", { class: "heading" },
      h("h1", { id: "dash-title" }, activity.name),
      h("span", { class: "type" }, t(`type.${activity.type}`)), status, countdown, live,
      previewButton(activity, (err, text) => { if (!ctx.ended(err)) problem.textContent = text; })),
    problem,
    h("section", { class: "card", "aria-labelledby": "stock-title" },
      h("h2", { id: "stock-title" }, t("dash.stock")), bar, legend),
    h("section", { class: "card", "aria-labelledby": "figures-title" },
      h("h2", { id: "figures-title" }, t("dash.figures")),
      h("dl", { class: "figures" }, Object.entries(figures).map(([name, dd]) => h("div", {}, h("dt", {}, t(`dash.${name}`)), dd)))),
    panels.map((p) => p.view),
    h("section", { class: "card", "aria-labelledby": "feed-title" },
      h("h2", { id: "feed-title" }, t("dash.recentOrders")), feedEmpty, feed));

  function render(s) {
    problem.textContent = "";
    activity = { ...activity, status: s.status };
    status.className = `status ${s.status.toLowerCase()}`;
    status.textContent = t(`status.${s.status}`);
    countdown.textContent = countdownText(activity);
    figures.participants.textContent = String(s.participants);
    figures.orders.textContent = String(s.orders);
    figures.paid.textContent = String(s.paid);
    figures.gmv.textContent = money(s.gmv);
    figures.conversion.textContent = percent(s.conversion);
    const stock = s.stock;
    bar.setAttribute("aria-label", t("dash.stockLabel", stock));
    bar.replaceChildren(...BUCKETS.filter((b) => stock[b] > 0).map((b) =>
      h("span", { class: `bucket ${b}`, style: `flex-grow: ${stock[b]}`, title: `${t(`dash.${b}`)} ${stock[b]}` })));
    for (const b of ["total", ...BUCKETS]) buckets[b].textContent = String(stock[b]);
    for (const p of panels) p.stats?.(s);
  }

  // /stats at most every STATS_EVERY_MS: the first event of a quiet spell reads at once, a burst
  // collapses into one read at the end of the window, and a read never overlaps another.
  let timer = null, lastRead = -Infinity, reading = false, again = false, left = false;
  function refresh() {
    if (timer || left) return;
    timer = setTimeout(readStats, Math.max(0, lastRead + STATS_EVERY_MS - performance.now()));
  }
  async function readStats() {
    timer = null;
    if (reading) { again = true; return; }
    reading = true;
    lastRead = performance.now();
    try {
      const s = await get(`${path}/stats`);
      if (!left) render(s);
    } catch (err) {
      if (!left && !ctx.ended(err)) problem.textContent = err instanceof ApiError ? err.message : t("unreachable");
    } finally {
      reading = false;
      if (again) { again = false; refresh(); }
    }
  }

  function onEvent(message) {
    // resumed from before the events the server keeps (docs/events.md): what was missed is gone from
    // the stream, so the dashboard is built again from the API, with a fresh stream from now
    if (message.event === "reset") { if (!left) dashboard(ctx, id); return; }
    let e;
    try { e = JSON.parse(message.data); } catch { return; }
    if (MOVES_FIGURES.some((p) => e.type.startsWith(p))) refresh();
    if (e.type.startsWith("order.")) addToFeed(e);
    for (const p of panels) p.event?.(e);
  }

  function addToFeed(e) {
    const o = e.data;
    feedEmpty.hidden = true;
    feed.prepend(h("li", { "data-order": o.orderId, "data-event": e.type },
      h("time", { datetime: e.createdAt }, formatClock(e.createdAt)),
      h("span", { class: "what" }, t(`dash.event.${e.type}`)), // an unknown type shows its key
      h("span", { class: "who" }, o.buyerId ?? ""),
      h("span", { class: "sku" }, o.sku ? `${o.sku} × ${o.quantity}` : ""),
      h("span", { class: "num" }, o.amount != null ? money(o.amount) : "")));
    while (feed.children.length > FEED_SIZE) feed.lastChild.remove();
  }

  function onState(state, httpStatus) {
    live.dataset.state = state;
    live.textContent = t(`dash.${state}`);
    if (state === "live") refresh(); // whatever happened before the stream opened
    if (state === "refused" && httpStatus === 401) ctx.ended(new ApiError(401, null));
  }

  const close = openStream(`${path}/events`, session.key(), { onEvent, onState });
  ctx.show(view, () => {
    left = true;
    clearTimeout(timer);
    close();
    for (const p of panels) p.leave?.();
  });
  refresh();
}

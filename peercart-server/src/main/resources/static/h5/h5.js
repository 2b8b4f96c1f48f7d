// The buyer page: one page for every activity, which reads the activity id from its own URL
// (/h5/{id}) and the buyer's token from its fragment (#token=..., see buyer.js). It shows what anyone
// may see of the activity (GET /v1/activities/{id}/public) with a countdown against the server's
// clock, keeps it live from the activity's public event stream, and hands the rest to the panel of
// the activity's type (seckill.js, group.js, tuan.js, fission.js, help.js, auction.js, fcode.js, points.js, present.js).
import { h } from "/console/dom.js";
import { lang, setLang, t } from "./i18n.js";
import { duration, learnServerTime, secondsUntil, takeToken } from "./buyer.js";
import { seckillPanel } from "./seckill.js";
import { recordVisit } from "./visit.js";
import { groupPanel } from "./group.js";
import { tuanPanel } from "./tuan.js";
import { fissionPanel } from "./fission.js";
import { helpPanel } from "./help.js";
import { auctionPanel } from "./auction.js";
import { fCodePanel } from "./fcode.js";
import { pointsPanel } from "./points.js";
import { presentPanel } from "./present.js";

const PANELS = {
  seckill: seckillPanel,
  groupOn: groupPanel,
  luckyDrawGroup: groupPanel,
  tuan: tuanPanel,
  inSourcingFission: fissionPanel,
  helpDepositExpansion: helpPanel,
  auction: auctionPanel,
  fCode: fCodePanel,
  pointsExchange: pointsPanel,
  presentExchange: presentPanel,
};
const id = decodeURIComponent(location.pathname.split("/").pop());
const base = `/v1/activities/${encodeURIComponent(id)}`;
const page = document.getElementById("page");
let activity = null;
let problem = null;
let ticks = [];
let panelView = null;

async function load() {
  try {
    const res = await fetch(`${base}/public`, { headers: { Accept: "application/json" } });
    if (res.ok) {
      activity = await res.json();
      learnServerTime(activity.serverTime);
    } else if (!activity) problem = res.status === 404 ? "notFound" : "unavailable";
  } catch {
    if (!activity) problem = "offline";
  }
  redraw();
}

/** Draws the page again from what is known, keeping the focus where it was (a live update must not move it). */
function redraw() {
  const focused = document.activeElement?.id;
  ticks = [];
  document.getElementById("lang").textContent = t("switchTo");
  if (!activity) {
    page.replaceChildren(h("p", { id: "state" }, problem ? t(problem) : t("loading")));
    return;
  }
  document.title = activity.name;
  const countdown = h("p", { id: "countdown", class: "countdown" });
  const target = activity.status === "SCHEDULED" ? activity.startsAt : activity.status === "RUNNING" ? activity.endsAt : null;
  if (target) {
    let due = false;
    tick(() => {
      const s = secondsUntil(target);
      countdown.textContent = `${t(activity.status === "SCHEDULED" ? "startsIn" : "endsIn")} ${duration(s)}`;
      if (!s && !due) { due = true; load(); } // started or ended: the server says what it is now
    });
  }
  const panel = PANELS[activity.type];
  panelView = panel ? panel(activity, { redraw, tick }) : null;
  page.replaceChildren(h("h1", { id: "name" }, activity.name),
    h("p", { id: "status" }, t(`status.${activity.status}`)), countdown, panelView);
  ticks.forEach((f) => f());
  if (focused) document.getElementById(focused)?.focus();
}

/** Runs `f` now and every second until the next redraw. */
function tick(f) {
  ticks.push(f);
}

/**
 * Follows the activity's public events. Units left come with each stock.changed (the panel shows
 * them in place when it can: a rush sends many, and a redraw under a finger would lose its tap); a
 * change of the activity itself (started, ended, cancelled, edited) is read again. Each
 * (re)connection reads the activity again too, so nothing between the first read and the stream's
 * start is missed. A page left is disconnected (a browser allows only a few connections to one
 * server, and a page kept in the back-forward cache would hold one), and reconnects on return. A
 * `reset` (the page resumed from events older than the server keeps: docs/events.md) reads the
 * activity again too: what it missed is gone from the stream, not from the activity.
 */
function live() {
  const events = new EventSource(`${base}/events`);
  addEventListener("pagehide", () => events.close(), { once: true });
  events.addEventListener("open", async () => {
    await load();
    document.body.dataset.live = "open"; // for a test: what the page shows is now current and followed
  });
  events.addEventListener("error", () => { document.body.dataset.live = "closed"; });
  events.addEventListener("reset", load);
  events.addEventListener("stock.changed", (e) => {
    const { sku, left } = JSON.parse(e.data).data;
    const item = activity?.items.find((i) => i.sku === sku);
    if (item) {
      item.left = left;
      if (!panelView?.stockChanged?.()) redraw();
    }
  });
  for (const type of ["activity.started", "activity.ended", "activity.cancelled", "activity.updated"]) events.addEventListener(type, load);
  // a panel's own public events (PANELS[type].events, e.g. help.added), handed to the panel shown
  for (const type of PANELS[activity.type]?.events || []) events.addEventListener(type, (e) => panelView?.event?.(type, JSON.parse(e.data).data));
}

document.getElementById("lang").addEventListener("click", () => {
  setLang(lang() === "en" ? "zh" : "en");
  redraw();
});
setInterval(() => ticks.forEach((f) => f()), 1000);
setLang(lang());
takeToken();
redraw();
load().then(() => { if (activity) { recordVisit(id); live(); } });
addEventListener("pageshow", (e) => { if (e.persisted && activity) live(); });

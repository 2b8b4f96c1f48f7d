// The merchant console: sign in with an API key, then the shop's activities. Plain ES modules, no
// build step; every figure comes from the public HTTP API (api.js), so whatever the console shows,
// a merchant's own code can fetch too.
import { t, lang, setLang, locale } from "./i18n.js";
import { ApiError, get, send, session } from "./api.js";
import { h } from "./dom.js";
import { FORM_TYPES, activityForm, idempotencyKey } from "./form.js";
import { SHOP_TIME_ZONE, countdownText, formatTime, money } from "./format.js";
import { previewButton } from "./preview.js";
import { memberPage, membersPage } from "./members.js";
import { webhookPage, webhooksPage } from "./webhooks.js";
import { keysPage } from "./keys.js";
import { auditPage } from "./audit.js";
import { orderRoutes } from "./orders.js";

const TYPES = ["seckill", "auction", "groupOn", "luckyDrawGroup", "tuan", "fCode", "pointsExchange",
  "presentExchange", "helpDepositExpansion", "inSourcingFission"];
const STATUSES = ["SCHEDULED", "RUNNING", "ENDED", "CANCELLED"];
const PAGE = 50;

const app = document.getElementById("app");
const filters = { type: "", status: "" };
let countdowns = [];
let leaveView = null;

/** The console's sections in its top bar: [address, word]. */
const NAV = [
  ["#/", "activities"],
  ["#/orders", "orders.nav"],
  ["#/members", "member.nav"],
  ["#/webhooks", "hooks.nav"],
  ["#/keys", "keys.nav"],
  ["#/audit", "audit.nav"],
];

function chrome() {
  document.title = t("title");
  const nav = document.getElementById("nav");
  nav.hidden = !session.key();
  const here = !location.hash || location.hash.startsWith("#/activities") ? "#/" : location.hash; // a dashboard is under the list
  const current = (href) => here === href || (href !== "#/" && here.startsWith(href + "/"));
  nav.replaceChildren(...NAV.map(([href, word]) => h("a", { href, "aria-current": current(href) ? "page" : null }, t(word))));
  document.getElementById("lang").textContent = t("switchTo");
  const out = document.getElementById("signout");
  out.textContent = t("signOut");
  out.hidden = !session.key();
}

/** Puts `view` on screen; `leave` is called when another view replaces it (a dashboard closes its stream). */
function show(view, leave) {
  leaveView?.();
  leaveView = leave || null;
  countdowns = [];
  chrome();
  app.replaceChildren(view);
}

// --- sign in ---------------------------------------------------------------------------------

function signInView(message) {
  const error = h("p", { id: "key-error", class: "error", role: "alert" }, message || "");
  const input = h("input", { id: "key", name: "key", type: "password", autocomplete: "off", spellcheck: "false",
    required: true, "aria-describedby": "key-hint key-error" });
  const button = h("button", { type: "submit", id: "signin-submit" }, t("signIn"));
  const form = h("form", { id: "signin", class: "card signin", novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    const key = input.value.trim();
    if (!key) return fail(t("keyMissing"));
    button.disabled = true;
    button.textContent = t("checking");
    try {
      await get("/v1/activities?limit=1", key);
      session.keep(key);
      route();
    } catch (err) {
      button.disabled = false;
      button.textContent = t("signIn");
      fail(err instanceof ApiError ? (err.status === 401 ? t("keyRefused") : err.status === 403 ? t("keyForbidden") : err.message) : t("unreachable"));
    }
  } },
  h("h1", {}, t("signInTitle")),
  h("label", { for: "key" }, t("keyLabel")),
  input,
  h("p", { id: "key-hint", class: "hint" }, t("keyHint")),
  error,
  button);
  function fail(text) {
    error.textContent = text;
    input.setAttribute("aria-invalid", "true");
    input.focus();
  }
  show(form);
  input.focus();
}

// --- activities ------------------------------------------------------------------------------

function select(id, label, value, options, onchange) {
  return h("label", { class: "filter", for: id }, label,
    h("select", { id, onchange: (e) => onchange(e.target.value) },
      h("option", { value: "" }, t("all")),
      options.map(([v, text]) => h("option", { value: v, selected: v === value }, text))));
}

function row(a) {
  const countdown = h("td", { class: "countdown", "data-label": t("colCountdown") }, countdownText(a));
  countdowns.push(() => { countdown.textContent = countdownText(a); });
  const figure = (name, label) => h("td", { class: `num ${name}`, "data-label": label }, "…");
  const cells = { orders: figure("orders", t("colOrders")), paid: figure("paid", t("colPaid")), gmv: figure("gmv", t("colGmv")) };
  get(`/v1/activities/${encodeURIComponent(a.id)}/stats`).then((s) => {
    cells.orders.textContent = String(s.orders);
    cells.paid.textContent = String(s.paid);
    cells.gmv.textContent = money(s.gmv);
  }, (err) => { if (!ended(err)) for (const c of Object.values(cells)) c.textContent = "—"; });
  return h("tr", { "data-id": a.id, "data-type": a.type, "data-status": a.status },
    h("td", { class: "name", "data-label": t("colName") },
      h("a", { href: `#/activities/${encodeURIComponent(a.id)}`, "aria-label": t("dashboardNamed", { name: a.name }) }, a.name)),
    h("td", { class: "type", "data-label": t("colType") }, t(`type.${a.type}`)),
    h("td", { "data-label": t("colStatus") }, h("span", { class: `status ${a.status.toLowerCase()}` }, t(`status.${a.status}`))),
    h("td", { class: "time", "data-label": t("colTime", { tz: SHOP_TIME_ZONE }) }, h("span", {},
      h("time", { datetime: a.startsAt }, formatTime(a.startsAt)), " – ", h("time", { datetime: a.endsAt }, formatTime(a.endsAt)))),
    countdown, cells.orders, cells.paid, cells.gmv, actions(a));
}

/** Preview as a buyer always; edit and cancel while the activity is not over. */
function actions(a) {
  const open = a.status === "SCHEDULED" || a.status === "RUNNING";
  return h("td", { class: "actions", "data-label": t("colActions") }, h("span", {},
    previewButton(a, (err, text) => { if (!ended(err)) document.getElementById("notice").textContent = text; }),
    open && FORM_TYPES.includes(a.type) ? h("button", { type: "button", class: "link edit", "aria-label": t("editNamed", { name: a.name }),
      onclick: () => editActivity(a.id) }, t("edit")) : null,
    open ? h("button", { type: "button", class: "link cancel", "aria-label": t("cancelNamed", { name: a.name }),
      onclick: () => confirmCancel(a) }, t("cancel")) : null));
}

const formContext = { show, done: activitiesPage, ended, back: () => activitiesPage() };

async function editActivity(id) {
  try {
    activityForm(formContext, await get(`/v1/activities/${encodeURIComponent(id)}`));
  } catch (err) {
    if (!ended(err)) activitiesPage(err instanceof ApiError ? err.message : t("unreachable"));
  }
}

/** A real modal <dialog>: Esc or 返回 keeps the activity, 确认取消 cancels it (one key per intent). */
function confirmCancel(a) {
  const key = idempotencyKey();
  const error = h("p", { id: "cancel-error", class: "error", role: "alert" });
  const confirm = h("button", { type: "button", id: "cancel-confirm", class: "danger" }, t("cancelConfirm"));
  const dialog = h("dialog", { id: "cancel-dialog", "aria-labelledby": "cancel-title", "aria-describedby": "cancel-text" },
    h("h2", { id: "cancel-title" }, t("cancelTitle", { name: a.name })),
    h("p", { id: "cancel-text" }, t("cancelText")),
    error,
    h("div", { class: "buttons" }, confirm,
      h("button", { type: "button", id: "cancel-dismiss", class: "secondary", onclick: () => dialog.close() }, t("cancelDismiss"))));
  dialog.addEventListener("close", () => dialog.remove());
  confirm.addEventListener("click", async () => {
    confirm.disabled = true;
    try {
      await send("POST", `/v1/activities/${encodeURIComponent(a.id)}/cancel`, undefined, key);
      dialog.close();
      activitiesPage(t("cancelled", { name: a.name }));
    } catch (err) {
      confirm.disabled = false;
      if (ended(err)) return;
      error.textContent = err instanceof ApiError ? err.message : t("unreachable");
    }
  });
  document.body.append(dialog);
  dialog.showModal();
  document.getElementById("cancel-dismiss").focus();
}

/** A refused key ends the session: back to sign-in with the reason. True when that happened. */
function ended(err) {
  if (!(err instanceof ApiError) || err.status !== 401) return false;
  session.forget();
  signInView(t("sessionEnded"));
  return true;
}

async function activitiesPage(message) {
  const status = h("p", { id: "list-status", class: "hint", role: "status" }, t("loading"));
  const notice = h("p", { id: "notice", class: "notice", role: "status" }, typeof message === "string" ? message : "");
  const body = h("tbody");
  const more = h("button", { type: "button", id: "more", hidden: true }, t("more"));
  const table = h("table", { id: "activities" },
    h("thead", {}, h("tr", {}, [t("colName"), t("colType"), t("colStatus"), t("colTime", { tz: SHOP_TIME_ZONE }),
      t("colCountdown"), t("colOrders"), t("colPaid"), t("colGmv"), t("colActions")].map((c) => h("th", { scope: "col" }, c)))),
    body);
  const refilter = (name) => (value) => { filters[name] = value; activitiesPage(); };
  show(h("section", { class: "activities", "aria-labelledby": "activities-title" },
    h("div", { class: "heading" },
      h("h1", { id: "activities-title" }, t("activities")),
      h("button", { type: "button", id: "new-activity", onclick: () => activityForm(formContext, null) }, t("newActivity")),
      h("div", { class: "filters" },
        select("filter-type", t("filterType"), filters.type, TYPES.map((ty) => [ty, t(`type.${ty}`)]), refilter("type")),
        select("filter-status", t("filterStatus"), filters.status, STATUSES.map((st) => [st, t(`status.${st}`)]), refilter("status")))),
    notice, status, h("div", { class: "scroll" }, table), more));

  async function load(cursor) {
    const q = new URLSearchParams({ limit: String(PAGE) });
    if (filters.type) q.set("type", filters.type);
    if (filters.status) q.set("status", filters.status);
    if (cursor) q.set("cursor", cursor);
    try {
      const page = await get(`/v1/activities?${q}`);
      body.append(...page.items.map(row));
      status.textContent = body.children.length ? "" : t("none");
      more.hidden = !page.nextCursor;
      more.onclick = () => load(page.nextCursor);
    } catch (err) {
      if (!ended(err)) status.textContent = err instanceof ApiError ? err.message : t("unreachable");
    }
  }
  await load(null);
}

// --- start -----------------------------------------------------------------------------------

const dashboardContext = { show, ended, tick: (fn) => countdowns.push(fn) };
const pageContext = { show, ended };

/**
 * The dashboard's modules (its panels and ECharts, most of the console's bytes) load with the
 * first dashboard opened, not with the sign-in page and the list. If the address changed while
 * they loaded, the page it names now is already on screen.
 */
async function openDashboard(id) {
  const hash = location.hash;
  let dashboard;
  try {
    ({ dashboard } = await import("./dashboard.js"));
  } catch {
    if (location.hash === hash) show(h("p", { id: "dashboard-error", class: "error", role: "alert" }, t("unreachable")));
    return;
  }
  if (location.hash === hash && session.key()) dashboard(dashboardContext, id);
}

/** The console's pages by address, each `[pattern, (...decoded groups) => void]`; anything else is the activity list. */
const ROUTES = [
  [/^#\/activities\/([^/]+)$/, (id) => openDashboard(id)],
  [/^#\/members$/, () => membersPage(pageContext)],
  [/^#\/members\/([^/]+)$/, (id) => memberPage(pageContext, id)],
  [/^#\/webhooks$/, () => webhooksPage(pageContext)],
  [/^#\/webhooks\/([^/]+)$/, (id) => webhookPage(pageContext, id)],
  [/^#\/keys$/, () => keysPage(pageContext)],
  [/^#\/audit$/, () => auditPage(pageContext)],
  ...orderRoutes({ show, ended }),
];

function route() {
  if (!session.key()) return signInView();
  for (const [pattern, open] of ROUTES) {
    const m = pattern.exec(location.hash);
    if (m) return open(...m.slice(1).map(decodeURIComponent));
  }
  activitiesPage();
}

window.addEventListener("hashchange", route);

document.getElementById("lang").addEventListener("click", () => {
  setLang(lang() === "en" ? "zh" : "en");
  route();
});
document.getElementById("signout").addEventListener("click", () => {
  session.forget();
  signInView();
});
setInterval(() => countdowns.forEach((tick) => tick()), 1000); // redraws the clocks; asks the server nothing
setLang(lang());
route();

// The shop's orders: search and filters over GET /v1/orders (buyer, order id, activity, status,
// type, a time range picked in the shop's time zone), cursor paging, the CSV export of the same
// filters (the key goes in a header, so the file is fetched and handed to the browser as a Blob),
// and the refund queue of GET /v1/refunds/pending with its refund action. One order's page is
// order-detail.js. `orderRoutes(ctx)` gives console.js the three addresses.
import { t, addWords } from "./i18n.js";
import { ApiError, download, get } from "./api.js";
import { h } from "./dom.js";
import { SHOP_TIME_ZONE, formatTime, money, shopInstant } from "./format.js";
import { orderPage, reasonText, refundDialog, refundNotice, refusalText, statusTag } from "./order-detail.js";

addWords({
  zh: {
    orders: {
      title: "订单", queueTitle: "退款队列", toOrders: "全部订单",
      buyer: "买家 ID", buyerHint: "精确匹配，例如 张三", orderId: "订单号", orderIdHint: "打开这一笔订单",
      activityFilter: "活动", typeFilter: "活动类型", statusFilter: "状态", from: "下单时间从", to: "到",
      rangeHint: "时间按店铺时区（{tz}）填写，含起点不含终点。", search: "搜索", reset: "清空条件", export: "导出 CSV",
      exporting: "正在导出…", exported: "已导出 {file}。", all: "全部", loading: "加载中…", none: "没有符合条件的订单。",
      more: "加载更多", shown: "已显示 {n} 笔订单",
      col: { orderId: "订单号", activity: "活动", buyer: "买家", item: "商品 × 数量", amount: "金额", refunded: "已退款",
        status: "状态", createdAt: "下单时间（{tz}）", reason: "原因", requestedAt: "申请退款时间（{tz}）",
        refundable: "待退金额", actions: "操作" },
      queueHint: "PeerCart 请你退款的订单（拼团失败、未中签、活动取消、定金退还），最早的在前。先在支付系统中退款，再在这里记录。",
      queueEmpty: "没有待退款的订单。",
    },
  },
  en: {
    orders: {
      title: "Orders", queueTitle: "Refund queue", toOrders: "All orders",
      buyer: "Buyer id", buyerHint: "Exact, e.g. 张三", orderId: "Order id", orderIdHint: "Opens that order",
      activityFilter: "Activity", typeFilter: "Type", statusFilter: "Status", from: "Ordered from", to: "to",
      rangeHint: "Times in the shop's time zone ({tz}), from inclusive, to exclusive.", search: "Search", reset: "Clear", export: "Export CSV",
      exporting: "Exporting…", exported: "{file} was exported.", all: "All", loading: "Loading…", none: "No orders match.",
      more: "Load more", shown: "{n} orders shown",
      col: { orderId: "Order", activity: "Activity", buyer: "Buyer", item: "Item × qty", amount: "Amount", refunded: "Refunded",
        status: "Status", createdAt: "Ordered ({tz})", reason: "Reason", requestedAt: "Refund asked ({tz})",
        refundable: "To refund", actions: "Actions" },
      queueHint: "The orders PeerCart asks you to refund (failed groups, lost draws, cancelled activities, deposits), oldest first. Refund in your payment system, then record it here.",
      queueEmpty: "No orders await a refund.",
    },
  },
});

const PAGE = 50;
const ACTIVITY_PAGE = 500;
const ACTIVITIES_MAX = 2000;
const STATUSES = ["PENDING_PAYMENT", "PAID", "RELEASED", "CANCELLED", "REFUND_REQUESTED", "REFUNDED"];
/** The search form's values, kept while the merchant opens an order and comes back. */
const filters = { buyerId: "", activityId: "", type: "", status: "", from: "", to: "" };

/** The shop's activities (names for the rows, choices for the filters), read a page of 500 at a time. */
async function shopActivities() {
  const all = [];
  let cursor = null;
  do {
    const page = await get(`/v1/activities?limit=${ACTIVITY_PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && all.length < ACTIVITIES_MAX);
  return new Map(all.map((a) => [a.id, a]));
}

/** The API query of the current filters (the time range as instants of the shop's zone). */
function query() {
  const q = new URLSearchParams();
  if (filters.buyerId) q.set("buyerId", filters.buyerId);
  if (filters.activityId) q.set("activityId", filters.activityId);
  if (filters.type) q.set("type", filters.type);
  if (filters.status) q.set("status", filters.status);
  if (filters.from) q.set("createdFrom", shopInstant(filters.from));
  if (filters.to) q.set("createdTo", shopInstant(filters.to));
  return q;
}

const orderLink = (o) => h("a", { href: `#/orders/${encodeURIComponent(o.orderId)}`, class: "order-id" }, o.orderId);
const activityName = (activities, id) => activities.get(id)?.name ?? id;
const cell = (label, cls, ...content) => h("td", { class: cls, "data-label": label }, ...content);

function labelled(id, label, control, hint) {
  return h("div", { class: "field" }, h("label", { for: id }, label), control, hint ? h("p", { id: `${id}-hint`, class: "hint" }, hint) : null);
}

function choice(id, value, options) {
  return h("select", { id, name: id }, h("option", { value: "" }, t("orders.all")),
    options.map(([v, text]) => h("option", { value: v, selected: v === value }, text)));
}

/** Hands `blob` to the browser as a download named `file`. */
function save(blob, file) {
  const url = URL.createObjectURL(blob);
  const a = h("a", { href: url, download: file, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** orders-20261111-0930.csv: when it was exported, in the shop's time zone. */
function exportName() {
  const parts = Object.fromEntries(new Intl.DateTimeFormat("en-GB", { timeZone: SHOP_TIME_ZONE, year: "numeric", month: "2-digit",
    day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(new Date()).map((p) => [p.type, p.value]));
  return `orders-${parts.year}${parts.month}${parts.day}-${parts.hour}${parts.minute}.csv`;
}

async function ordersPage(ctx) {
  const here = location.hash;
  let activities;
  try {
    activities = await shopActivities();
  } catch (err) {
    if (!ctx.ended(err)) ctx.show(h("p", { class: "error", role: "alert" }, refusalText(err)));
    return;
  }
  if (location.hash !== here) return;
  if (!activities.has(filters.activityId)) filters.activityId = ""; // kept from another session's shop
  const types = [...new Set([...activities.values()].map((a) => a.type))];
  const inputs = {
    buyerId: h("input", { id: "orders-buyer", name: "buyerId", value: filters.buyerId, maxlength: 128, autocomplete: "off", "aria-describedby": "orders-buyer-hint" }),
    orderId: h("input", { id: "orders-id", name: "orderId", maxlength: 128, autocomplete: "off", "aria-describedby": "orders-id-hint" }),
    activityId: choice("orders-activity", filters.activityId, [...activities.values()].map((a) => [a.id, a.name])),
    type: choice("orders-type", filters.type, types.map((ty) => [ty, t(`type.${ty}`)])),
    status: choice("orders-status", filters.status, STATUSES.map((s) => [s, t(`orders.status.${s}`)])),
    from: h("input", { id: "orders-from", name: "from", type: "datetime-local", value: filters.from, "aria-describedby": "orders-range-hint" }),
    to: h("input", { id: "orders-to", name: "to", type: "datetime-local", value: filters.to, "aria-describedby": "orders-range-hint" }),
  };
  const error = h("p", { id: "orders-error", class: "error", role: "alert" });
  const notice = h("p", { id: "notice", class: "notice", role: "status" });
  const status = h("p", { id: "orders-status-line", class: "hint", role: "status" }, t("orders.loading"));
  const body = h("tbody");
  const more = h("button", { type: "button", id: "orders-more", hidden: true }, t("orders.more"));
  const exportButton = h("button", { type: "button", id: "orders-export", class: "secondary" }, t("orders.export"));
  const tz = { tz: SHOP_TIME_ZONE };
  const columns = [t("orders.col.orderId"), t("orders.col.activity"), t("orders.col.buyer"), t("orders.col.item"), t("orders.col.amount"),
    t("orders.col.refunded"), t("orders.col.status"), t("orders.col.createdAt", tz)];
  const table = h("table", { id: "orders" }, h("thead", {}, h("tr", {}, columns.map((c) => h("th", { scope: "col" }, c)))), body);

  /** The server's refusal of a filter goes under the field of the parameter it names, else under the form. */
  function refuse(err) {
    const detail = err instanceof ApiError ? err.message : "";
    const field = { buyerId: inputs.buyerId, activityId: inputs.activityId, type: inputs.type, status: inputs.status,
      createdFrom: inputs.from, createdTo: inputs.to }[detail.split(":")[0]];
    field?.setAttribute("aria-invalid", "true");
    field?.setAttribute("aria-errormessage", "orders-error");
    error.textContent = refusalText(err);
    (field || error).focus?.();
  }

  function row(o) {
    return h("tr", { "data-id": o.orderId, "data-status": o.status },
      cell(columns[0], "order", orderLink(o)),
      cell(columns[1], "activity", activityName(activities, o.activityId)),
      cell(columns[2], "buyer", o.buyerId),
      cell(columns[3], "item", `${o.sku} × ${o.quantity}`),
      cell(columns[4], "num amount", money(o.amount)),
      cell(columns[5], "num refunded", o.refundedAmount ? money(o.refundedAmount) : "—"),
      cell(columns[6], "state", statusTag(o.status)),
      cell(columns[7], "time", h("time", { datetime: o.createdAt }, formatTime(o.createdAt))));
  }

  async function load(cursor) {
    const q = query();
    q.set("limit", String(PAGE));
    if (cursor) q.set("cursor", cursor);
    more.disabled = true;
    try {
      const page = await get(`/v1/orders?${q}`);
      if (!cursor) body.replaceChildren();
      body.append(...page.items.map(row));
      status.textContent = body.children.length ? t("orders.shown", { n: body.children.length }) : t("orders.none");
      more.hidden = !page.nextCursor;
      more.onclick = () => load(page.nextCursor);
    } catch (err) {
      if (ctx.ended(err)) return;
      body.replaceChildren();
      status.textContent = "";
      refuse(err);
    } finally {
      more.disabled = false;
    }
  }

  const form = h("form", { id: "orders-search", class: "card orders-search", novalidate: true, role: "search", onsubmit: async (e) => {
    e.preventDefault();
    error.textContent = "";
    for (const el of Object.values(inputs)) el.removeAttribute("aria-invalid");
    const id = inputs.orderId.value.trim();
    if (id) { location.hash = `#/orders/${encodeURIComponent(id)}`; return; }
    for (const name of Object.keys(filters)) filters[name] = inputs[name].value.trim();
    status.textContent = t("orders.loading");
    await load(null);
  } },
  h("div", { class: "search-row" },
    labelled("orders-buyer", t("orders.buyer"), inputs.buyerId, t("orders.buyerHint")),
    labelled("orders-id", t("orders.orderId"), inputs.orderId, t("orders.orderIdHint")),
    labelled("orders-activity", t("orders.activityFilter"), inputs.activityId),
    labelled("orders-type", t("orders.typeFilter"), inputs.type),
    labelled("orders-status", t("orders.statusFilter"), inputs.status)),
  h("div", { class: "search-row" },
    labelled("orders-from", t("orders.from"), inputs.from),
    labelled("orders-to", t("orders.to"), inputs.to),
    h("div", { class: "buttons" },
      h("button", { type: "submit", id: "orders-submit" }, t("orders.search")),
      h("button", { type: "button", id: "orders-reset", class: "secondary", onclick: () => {
        for (const name of Object.keys(filters)) filters[name] = "";
        ordersPage(ctx);
      } }, t("orders.reset")),
      exportButton)),
  h("p", { id: "orders-range-hint", class: "hint" }, t("orders.rangeHint", tz)),
  error);

  exportButton.addEventListener("click", async () => {
    exportButton.disabled = true;
    exportButton.textContent = t("orders.exporting");
    error.textContent = "";
    try {
      const q = query(); // what the search shows now: the filters of the last search, not half-typed fields
      q.set("format", "csv");
      const file = exportName();
      save(await download(`/v1/orders?${q}`, "text/csv"), file);
      notice.textContent = t("orders.exported", { file });
    } catch (err) {
      if (!ctx.ended(err)) refuse(err);
    } finally {
      exportButton.disabled = false;
      exportButton.textContent = t("orders.export");
    }
  });

  ctx.show(h("section", { class: "orders", "aria-labelledby": "orders-title" },
    h("div", { class: "heading" }, h("h1", { id: "orders-title" }, t("orders.title")),
      h("a", { href: "#/orders/refunds", id: "to-queue" }, t("orders.toQueue"))),
    form, notice, status, h("div", { class: "scroll" }, table), more));
  await load(null);
}

async function refundQueue(ctx, message) {
  const here = location.hash;
  let activities;
  try {
    activities = await shopActivities();
  } catch (err) {
    if (!ctx.ended(err)) ctx.show(h("p", { class: "error", role: "alert" }, refusalText(err)));
    return;
  }
  if (location.hash !== here) return;
  const tz = { tz: SHOP_TIME_ZONE };
  const columns = [t("orders.col.orderId"), t("orders.col.activity"), t("orders.col.buyer"), t("orders.col.reason"),
    t("orders.col.requestedAt", tz), t("orders.col.amount"), t("orders.col.refunded"), t("orders.col.refundable"), t("orders.col.actions")];
  const status = h("p", { id: "queue-status", class: "hint", role: "status" }, t("orders.loading"));
  const body = h("tbody");
  const more = h("button", { type: "button", id: "queue-more", hidden: true }, t("orders.more"));
  const done = (before) => (answer) => (answer instanceof ApiError ? ctx.ended(answer) : refundQueue(ctx, refundNotice(before, answer)));

  function row(o) {
    return h("tr", { "data-id": o.orderId },
      cell(columns[0], "order", orderLink(o)),
      cell(columns[1], "activity", activityName(activities, o.activityId)),
      cell(columns[2], "buyer", o.buyerId),
      cell(columns[3], "reason", reasonText(o.reason)),
      cell(columns[4], "time", h("time", { datetime: o.refundRequestedAt }, formatTime(o.refundRequestedAt))),
      cell(columns[5], "num amount", money(o.amount)),
      cell(columns[6], "num refunded", o.refundedAmount ? money(o.refundedAmount) : "—"),
      cell(columns[7], "num refundable", money(o.refundable)),
      cell(columns[8], "actions", h("button", { type: "button", class: "link refund", "aria-label": t("orders.refundNamed", { id: o.orderId }),
        onclick: () => refundDialog(o, done(o)) }, t("orders.refund"))));
  }

  async function load(cursor) {
    try {
      const page = await get(`/v1/refunds/pending?limit=${PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      body.append(...page.items.map(row));
      status.textContent = body.children.length ? "" : t("orders.queueEmpty");
      more.hidden = !page.nextCursor;
      more.onclick = () => load(page.nextCursor);
    } catch (err) {
      if (!ctx.ended(err)) status.textContent = refusalText(err);
    }
  }

  ctx.show(h("section", { class: "orders refund-queue", "aria-labelledby": "queue-title" },
    h("div", { class: "heading" }, h("h1", { id: "queue-title" }, t("orders.queueTitle")),
      h("a", { href: "#/orders", id: "to-orders" }, t("orders.toOrders"))),
    h("p", { class: "hint" }, t("orders.queueHint")),
    h("p", { id: "notice", class: "notice", role: "status" }, message || ""),
    status,
    h("div", { class: "scroll" }, h("table", { id: "refund-queue" },
      h("thead", {}, h("tr", {}, columns.map((c) => h("th", { scope: "col" }, c)))), body)),
    more));
  await load(null);
}

/** The console's order addresses, most specific first: the refund queue, one order, the search. `ctx`: `show`, `ended`. */
export function orderRoutes(ctx) {
  return [
    [/^#\/orders\/refunds$/, () => refundQueue(ctx)],
    [/^#\/orders\/([^/]+)$/, (id) => orderPage(ctx, id)],
    [/^#\/orders$/, () => ordersPage(ctx)],
  ];
}

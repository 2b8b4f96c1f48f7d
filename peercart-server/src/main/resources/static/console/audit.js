// The audit log (`#/audit`), read only: the shop's merchant writes, newest first (GET /v1/audit),
// each with when, what (the action, its target and a short summary), which API key (its id, as the
// keys page does not show ids: the key's own entry names it) and the request id to find the
// request in the server's access log. Filtered by action; "load more" follows the cursor.
import { t, addWords } from "./i18n.js";
import { get } from "./api.js";
import { h } from "./dom.js";
import { formatTimeSeconds } from "./format.js";
import { refusal, table } from "./parts.js";

const PAGE = 50;
/** The actions the server records (docs/security.md, "Audit log"), for the filter's list. */
const ACTIONS = ["activity.create", "activity.update", "activity.cancel", "fcode.generate", "order.pay", "order.cancel",
  "order.refund", "present.grant", "points.earn", "points.spend", "points.transfer", "points.freeze", "points.consume",
  "points.release", "points.revert", "points.settings", "key.create", "key.revoke", "shop.create", "webhook.create",
  "webhook.delete", "webhook.rotate_secret", "webhook.redeliver"];

addWords({
  zh: { audit: { nav: "操作记录", title: "操作记录", hint: "本店每一次写操作（创建、修改、收款、退款、密钥、Webhook……）都记录在这里，由哪个 API 密钥在哪次请求中完成。记录永久保存，不会被删除。",
    action: "操作", all: "全部", more: "加载更多", none: "没有记录。",
    col: { at: "时间", action: "操作", target: "对象", key: "密钥", request: "请求 ID", summary: "内容" } } },
  en: { audit: { nav: "Audit log", title: "Audit log", hint: "Every write to this shop (creating, editing, payments, refunds, keys, webhooks…) is recorded here, with the API key and the request that made it. Entries are kept for ever.",
    action: "Action", all: "All", more: "Load more", none: "No entries.",
    col: { at: "When", action: "Action", target: "Target", key: "Key", request: "Request id", summary: "Change" } } },
});

export async function auditPage(ctx, action = "") {
  const list = h("div", { id: "audit-list", "aria-busy": "true" }, h("p", { class: "hint" }, t("loading")));
  const more = h("button", { type: "button", id: "audit-more", class: "secondary", hidden: true }, t("audit.more"));
  const filter = h("select", { id: "audit-action", name: "action", onchange: () => auditPage(ctx, filter.value) },
    h("option", { value: "" }, t("audit.all")), ACTIONS.map((a) => h("option", { value: a, selected: a === action }, a)));
  ctx.show(h("section", { class: "audit", "aria-labelledby": "audit-title" },
    h("h1", { id: "audit-title" }, t("audit.title")),
    h("p", { class: "hint" }, t("audit.hint")),
    h("div", { class: "field" }, h("label", { for: "audit-action" }, t("audit.action")), filter),
    list, more));
  const entries = [];
  async function load(cursor) {
    const q = new URLSearchParams({ limit: String(PAGE) });
    if (action) q.set("action", action);
    if (cursor) q.set("cursor", cursor);
    try {
      const page = await get(`/v1/audit?${q}`);
      entries.push(...page.items);
      list.replaceChildren(auditTable(entries));
      list.removeAttribute("aria-busy");
      more.hidden = !page.nextCursor;
      more.onclick = () => load(page.nextCursor);
    } catch (err) {
      if (ctx.ended(err)) return;
      list.removeAttribute("aria-busy");
      list.replaceChildren(h("p", { class: "error", role: "alert" }, refusal(err, "audit.refused")));
    }
  }
  await load(null);
}

/** The summary's fields as `name: value`, one line; values are shown as text, never as HTML. */
const summary = (s) => Object.entries(s || {}).map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : v}`).join(", ");

function auditTable(entries) {
  return table("audit", [
    [t("audit.col.at"), "time", (e) => h("time", { datetime: e.at }, formatTimeSeconds(e.at))],
    [t("audit.col.action"), "action", (e) => h("code", {}, e.action)],
    [t("audit.col.target"), "target", (e) => `${e.targetType} ${e.targetId}`],
    [t("audit.col.key"), "key", (e) => h("code", {}, e.keyId)],
    [t("audit.col.request"), "request", (e) => (e.requestId ? h("code", {}, e.requestId) : "—")],
    [t("audit.col.summary"), "summary", (e) => summary(e.summary)],
  ], entries, t("audit.none"));
}

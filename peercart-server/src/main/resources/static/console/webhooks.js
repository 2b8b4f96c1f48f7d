// Webhooks (docs/events.md): `#/webhooks` lists the shop's endpoints, registers one (its signing
// secret shown once, with a copy button) and deletes one after asking; `#/webhooks/{id}` is one
// endpoint with its delivery log (status, attempts, the receiver's last answer), a redeliver
// button per delivery, and the secret's rotation (the new secret shown once). Every write carries
// an Idempotency-Key made for that one intent, so a retried click is the same request.
import { t, addWords } from "./i18n.js";
import { get, send } from "./api.js";
import { h } from "./dom.js";
import { idempotencyKey } from "./form.js";
import { formatTime, formatTimeSeconds } from "./format.js";
import { confirmDialog, refusal, shownOnce, table } from "./parts.js";

const PAGE = 50;

addWords({
  zh: { hooks: { nav: "Webhooks", title: "Webhooks", hint: "PeerCart 把店铺的事件签名后 POST 到这些地址，至少送达一次，失败会按退避重试（docs/events.md）。",
    add: "添加接收地址", url: "接收地址（URL）", urlHint: "完整的 http(s) 地址，例如 https://shop.example/peercart。",
    events: "事件", eventsHint: "要接收的事件类型，用逗号分隔：order.*（全部订单事件）、activity.cancelled、*（全部）。",
    create: "添加", created: "已添加接收地址。", secret: "签名密钥", secretNote: "用它校验每个请求的 PeerCart-Signature 头。",
    col: { url: "接收地址", events: "事件", created: "添加时间", actions: "操作", time: "时间", event: "事件", eventId: "事件 ID",
      status: "状态", attempts: "尝试次数", last: "最近一次结果", lastAt: "最近尝试", next: "下次尝试", delivered: "送达时间" },
    none: "还没有接收地址。", log: "投递记录", logNamed: "{url} 的投递记录", remove: "删除", removeNamed: "删除 {url}",
    removeTitle: "删除接收地址？", removeText: "将删除 {url} 及其投递记录，未发出的投递不再发送。此操作不可撤销。",
    removeConfirm: "确认删除", removed: "已删除接收地址。",
    back: "← 返回 Webhooks", endpoint: "接收地址", refresh: "刷新", noDeliveries: "还没有投递。", more: "加载更多",
    redeliver: "重新投递", redeliverNamed: "重新投递 {id}", redelivered: "已重新排队投递 {id}。",
    rotate: "轮换签名密钥", rotateTitle: "轮换签名密钥？", rotateText: "新密钥立即开始签名；旧密钥在 24 小时内也继续签名，方便接收方切换。",
    rotateConfirm: "确认轮换", newSecret: "新的签名密钥", previousUntil: "旧密钥继续有效至 {at}。",
    state: { PENDING: "待发送", SUCCEEDED: "已送达", FAILED: "失败" }, noAnswer: "无应答",
    refused: { TOO_MANY_WEBHOOKS: "每个店铺最多 16 个接收地址，请先删除不用的。", NOT_FOUND: "这个接收地址已不存在。",
      WEBHOOK_URL_NOT_ALLOWED: "这个地址指向内网、本机或其他非公网地址（或无法解析），服务器不向它投递。",
      FORBIDDEN: "只读密钥不能修改 Webhooks，请用读写密钥登录。" } } },
  en: { hooks: { nav: "Webhooks", title: "Webhooks", hint: "PeerCart signs the shop's events and POSTs them to these addresses, at least once, retrying with backoff (docs/events.md).",
    add: "Add an endpoint", url: "Endpoint URL", urlHint: "A full http(s) address, e.g. https://shop.example/peercart.",
    events: "Events", eventsHint: "The event types to receive, comma separated: order.* (every order event), activity.cancelled, * (all).",
    create: "Add", created: "The endpoint was added.", secret: "Signing secret", secretNote: "Check each request's PeerCart-Signature header with it.",
    col: { url: "Endpoint", events: "Events", created: "Added", actions: "Actions", time: "Time", event: "Event", eventId: "Event id",
      status: "Status", attempts: "Attempts", last: "Last answer", lastAt: "Last attempt", next: "Next attempt", delivered: "Delivered" },
    none: "No endpoints yet.", log: "Deliveries", logNamed: "Deliveries to {url}", remove: "Delete", removeNamed: "Delete {url}",
    removeTitle: "Delete the endpoint?", removeText: "{url} and its delivery log are deleted; pending deliveries are not sent. This cannot be undone.",
    removeConfirm: "Delete it", removed: "The endpoint was deleted.",
    back: "← Back to webhooks", endpoint: "Endpoint", refresh: "Refresh", noDeliveries: "No deliveries yet.", more: "Load more",
    redeliver: "Redeliver", redeliverNamed: "Redeliver {id}", redelivered: "{id} is queued to be sent again.",
    rotate: "Rotate the signing secret", rotateTitle: "Rotate the signing secret?", rotateText: "The new secret signs from now on; the old one also signs for 24 hours, so the receiver can switch.",
    rotateConfirm: "Rotate", newSecret: "New signing secret", previousUntil: "The previous secret also signs until {at}.",
    state: { PENDING: "Pending", SUCCEEDED: "Delivered", FAILED: "Failed" }, noAnswer: "no answer",
    refused: { TOO_MANY_WEBHOOKS: "A shop has at most 16 endpoints; delete one you no longer use.", NOT_FOUND: "This endpoint no longer exists.",
      WEBHOOK_URL_NOT_ALLOWED: "This address is on a private network, this machine or otherwise not public (or does not resolve); the server does not deliver there.",
      FORBIDDEN: "A read-only key cannot change webhooks; sign in with a read-and-write key." } } },
});

const hookHref = (id) => `#/webhooks/${encodeURIComponent(id)}`;
const failure = (ctx, err) => (ctx.ended(err) ? null : refusal(err, "hooks.refused"));

// --- #/webhooks: the endpoints --------------------------------------------------------------------

export async function webhooksPage(ctx, message, secret) {
  const list = h("div", { id: "hooks-list" }, h("p", { class: "hint" }, t("loading")));
  ctx.show(h("section", { class: "hooks", "aria-labelledby": "hooks-title" },
    h("h1", { id: "hooks-title" }, t("hooks.title")),
    h("p", { class: "hint" }, t("hooks.hint")),
    h("p", { id: "notice", class: "notice", role: "status" }, message || ""),
    secret ? shownOnce("hook-secret", t("hooks.secret"), secret, t("hooks.secretNote")) : null,
    createForm(ctx),
    list));
  if (secret) document.getElementById("hook-secret").focus();
  try {
    const page = await get(`/v1/webhooks?limit=${PAGE}`);
    list.replaceChildren(table("hooks", [
      [t("hooks.col.url"), "url", (w) => h("a", { href: hookHref(w.id), "aria-label": t("hooks.logNamed", { url: w.url }) }, w.url)],
      [t("hooks.col.events"), "events", (w) => w.events.join(", ")],
      [t("hooks.col.created"), "time", (w) => h("time", { datetime: w.createdAt }, formatTime(w.createdAt))],
      [t("hooks.col.actions"), "actions", (w) => h("span", {},
        h("a", { href: hookHref(w.id), class: "log" }, t("hooks.log")), " ",
        h("button", { type: "button", class: "link remove", "aria-label": t("hooks.removeNamed", { url: w.url }),
          onclick: () => confirmRemove(ctx, w) }, t("hooks.remove")))],
    ], page.items, t("hooks.none")));
  } catch (err) {
    const words = failure(ctx, err);
    if (words != null) list.replaceChildren(h("p", { class: "error", role: "alert" }, words));
  }
}

function createForm(ctx) {
  const key = idempotencyKey(); // this form, this endpoint: a double click or a retry registers it once
  const url = h("input", { id: "hook-url", name: "url", type: "url", required: true, autocomplete: "off", spellcheck: "false",
    placeholder: "https://", "aria-describedby": "hook-url-hint hook-error" });
  const events = h("input", { id: "hook-events", name: "events", value: "order.*", autocomplete: "off", spellcheck: "false",
    "aria-describedby": "hook-events-hint hook-error" });
  const error = h("p", { id: "hook-error", class: "error", role: "alert" });
  const button = h("button", { type: "submit", id: "hook-create" }, t("hooks.create"));
  return h("form", { id: "hook-form", class: "card", novalidate: true, "aria-labelledby": "hook-form-title", onsubmit: async (e) => {
    e.preventDefault();
    button.disabled = true;
    error.textContent = "";
    try {
      const patterns = events.value.split(",").map((s) => s.trim()).filter(Boolean);
      const w = await send("POST", "/v1/webhooks", { url: url.value.trim(), events: patterns }, key);
      webhooksPage(ctx, t("hooks.created"), w.secret);
    } catch (err) {
      button.disabled = false;
      const words = failure(ctx, err);
      if (words == null) return;
      error.textContent = words;
      if (err.problem?.code !== "VALIDATION_FAILED") return;
      const field = /^events/.test(err.message) ? events : url; // the server's detail starts with the field it names
      field.setAttribute("aria-invalid", "true");
      field.focus();
    }
  } },
  h("h2", { id: "hook-form-title" }, t("hooks.add")),
  h("div", { class: "field" }, h("label", { for: "hook-url" }, t("hooks.url")), url, h("p", { id: "hook-url-hint", class: "hint" }, t("hooks.urlHint"))),
  h("div", { class: "field" }, h("label", { for: "hook-events" }, t("hooks.events")), events,
    h("p", { id: "hook-events-hint", class: "hint" }, t("hooks.eventsHint"))),
  error, button);
}

function confirmRemove(ctx, w) {
  const key = idempotencyKey();
  confirmDialog({ id: "remove-dialog", title: t("hooks.removeTitle"), text: t("hooks.removeText", { url: w.url }),
    confirm: t("hooks.removeConfirm"),
    action: async () => {
      await send("DELETE", `/v1/webhooks/${encodeURIComponent(w.id)}`, undefined, key);
      webhooksPage(ctx, t("hooks.removed"));
    },
    explain: (err) => failure(ctx, err) });
}

// --- #/webhooks/{id}: one endpoint and its delivery log ------------------------------------------

export async function webhookPage(ctx, id, secret) {
  const path = `/v1/webhooks/${encodeURIComponent(id)}`;
  const here = location.hash;
  const back = h("a", { href: "#/webhooks", class: "back" }, t("hooks.back"));
  let w;
  try {
    w = await get(path);
    if (location.hash !== here) return;
  } catch (err) {
    const words = location.hash === here ? failure(ctx, err) : null;
    if (words != null) ctx.show(h("section", { class: "hooks" }, back, h("p", { id: "hook-page-error", class: "error", role: "alert" }, words)));
    return;
  }
  const notice = h("p", { id: "notice", class: "notice", role: "status" });
  const log = h("div", { id: "deliveries-list" }, h("p", { class: "hint" }, t("loading")));
  const more = h("button", { type: "button", id: "deliveries-more", class: "secondary", hidden: true }, t("hooks.more"));
  const rotate = h("button", { type: "button", id: "hook-rotate", class: "secondary", onclick: () => confirmRotate(ctx, w) }, t("hooks.rotate"));
  ctx.show(h("section", { class: "hooks", "aria-labelledby": "hook-title" },
    back,
    h("h1", { id: "hook-title" }, t("hooks.endpoint")),
    h("dl", { class: "facts" },
      h("dt", {}, t("hooks.col.url")), h("dd", { id: "hook-url-shown" }, w.url),
      h("dt", {}, t("hooks.col.events")), h("dd", {}, w.events.join(", ")),
      h("dt", {}, t("hooks.col.created")), h("dd", {}, formatTime(w.createdAt))),
    secret ? shownOnce("hook-secret", t("hooks.newSecret"), secret.secret,
      secret.previousSecretValidUntil ? t("hooks.previousUntil", { at: formatTime(secret.previousSecretValidUntil) }) : null) : null,
    h("div", { class: "buttons" }, rotate),
    h("div", { class: "heading" }, h("h2", { id: "log-title" }, t("hooks.log")),
      h("button", { type: "button", id: "deliveries-refresh", class: "secondary", onclick: () => load(null, true) }, t("hooks.refresh"))),
    notice, log, more));
  if (secret) document.getElementById("hook-secret").focus();

  const deliveries = [];
  async function load(cursor, fresh) {
    const q = new URLSearchParams({ limit: String(PAGE) });
    if (cursor) q.set("cursor", cursor);
    log.setAttribute("aria-busy", "true");
    try {
      const page = await get(`${path}/deliveries?${q}`);
      if (fresh) deliveries.length = 0;
      deliveries.push(...page.items);
      log.replaceChildren(deliveryTable(deliveries));
      more.hidden = !page.nextCursor;
      more.onclick = () => load(page.nextCursor, false);
    } catch (err) {
      const words = failure(ctx, err);
      if (words != null) log.replaceChildren(h("p", { class: "error", role: "alert" }, words));
    } finally {
      log.removeAttribute("aria-busy");
    }
  }

  function deliveryTable(items) {
    // the error says it all when there is one (`HTTP 500`, a timeout); else the receiver's status
    const last = (d) => d.lastError || (d.lastStatus != null ? `HTTP ${d.lastStatus}` : d.attempts ? t("hooks.noAnswer") : "—");
    const when = (iso) => (iso ? h("time", { datetime: iso }, formatTimeSeconds(iso)) : "—");
    return table("deliveries", [
      [t("hooks.col.time"), "time", (d) => when(d.createdAt)],
      [t("hooks.col.event"), "event", (d) => d.eventType],
      [t("hooks.col.eventId"), "event-id", (d) => d.eventId],
      [t("hooks.col.status"), "state", (d) => h("span", { class: `status ${d.status.toLowerCase()}` }, t(`hooks.state.${d.status}`))],
      [t("hooks.col.attempts"), "num attempts", (d) => String(d.attempts)],
      [t("hooks.col.last"), "last", last],
      [t("hooks.col.lastAt"), "time", (d) => when(d.lastAttemptAt)],
      [t("hooks.col.next"), "time next", (d) => (d.status === "PENDING" ? when(d.nextAttemptAt) : "—")],
      [t("hooks.col.delivered"), "time", (d) => when(d.deliveredAt)],
      [t("hooks.col.actions"), "actions", (d) => redeliverButton(d)],
    ], items, t("hooks.noDeliveries"));
  }

  function redeliverButton(d) {
    const key = idempotencyKey(); // this row as shown: clicking again before it is redrawn is the same redelivery
    const button = h("button", { type: "button", class: "link redeliver", "aria-label": t("hooks.redeliverNamed", { id: d.eventId }) },
      t("hooks.redeliver"));
    button.addEventListener("click", async () => {
      button.disabled = true;
      try {
        await send("POST", `${path}/deliveries/${encodeURIComponent(d.id)}/redeliver`, undefined, key);
        notice.textContent = t("hooks.redelivered", { id: d.eventId });
        await load(null, true);
      } catch (err) {
        button.disabled = false;
        const words = failure(ctx, err);
        if (words != null) notice.textContent = words;
      }
    });
    return button;
  }

  await load(null, true);
}

function confirmRotate(ctx, w) {
  const key = idempotencyKey();
  confirmDialog({ id: "rotate-dialog", title: t("hooks.rotateTitle"), text: t("hooks.rotateText"), confirm: t("hooks.rotateConfirm"),
    action: async () => {
      const rotated = await send("POST", `/v1/webhooks/${encodeURIComponent(w.id)}/rotate-secret`, undefined, key);
      webhookPage(ctx, w.id, rotated);
    },
    explain: (err) => failure(ctx, err) });
}

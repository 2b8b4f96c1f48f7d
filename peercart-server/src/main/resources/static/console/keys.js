// API keys (`#/keys`): the shop's keys with their scope (GET /v1/keys, never a secret), a new key
// (POST /v1/keys, read or write scope; the key itself shown once with a copy button, as the server
// keeps only its hash), and revoking one after a confirm dialog (DELETE /v1/keys/{id}). The server
// decides what may be revoked; its refusals (the last write key, the operator key) are said in words.
import { t, addWords } from "./i18n.js";
import { get, send, session } from "./api.js";
import { h } from "./dom.js";
import { idempotencyKey } from "./form.js";
import { formatTime } from "./format.js";
import { confirmDialog, refusal, shownOnce, table } from "./parts.js";

const PAGE = 100; // a shop has at most 100 keys in use; revoked ones follow with "load more"

addWords({
  zh: { keys: { nav: "API 密钥", title: "API 密钥", hint: "程序和本后台都用 API 密钥访问店铺。读权限只能查看；写权限可以创建、修改和取消。",
    add: "创建密钥", name: "名称", nameHint: "写明用途，例如“仓库同步”（1–200 个字符）。", scope: "权限",
    scopeName: { read: "只读", write: "读写" }, role: { operator: "运营方", merchant: "商家" },
    create: "创建", created: "已创建密钥「{name}」。", newKey: "新密钥「{name}」", keyNote: "请立即保存到你的程序配置中。",
    nameMissing: "请填写名称。",
    col: { name: "名称", hint: "开头", scope: "权限", role: "类型", created: "创建时间", state: "状态", actions: "操作" },
    active: "使用中", revokedAt: "已吊销（{at}）", thisSession: "本次登录所用", managed: "由服务器配置管理",
    revoke: "吊销", revokeNamed: "吊销 {name}", revokeTitle: "吊销密钥「{name}」？",
    revokeText: "吊销后用这个密钥的程序会立即被拒绝（401），此操作不可撤销。", revokeSelf: "这是你登录本后台所用的密钥，吊销后需要用另一个密钥重新登录。",
    revokeConfirm: "确认吊销", revoked: "已吊销密钥「{name}」。", more: "加载更多", none: "没有密钥。",
    refused: { LAST_WRITE_KEY: "这是本店最后一个读写密钥：吊销后就再也不能创建密钥了。请先创建另一个读写密钥，再吊销它。",
      OPERATOR_KEY_PROTECTED: "运营方密钥由服务器配置（PEERCART_ADMIN_KEY 或 admin-key 文件）设置，不能在这里吊销。",
      TOO_MANY_KEYS: "每个店铺最多同时有 100 个使用中的密钥，请先吊销不用的。", NOT_FOUND: "这个密钥已不存在。",
      FORBIDDEN: "只读密钥不能创建或吊销密钥，请用读写密钥登录。" } } },
  en: { keys: { nav: "API keys", title: "API keys", hint: "Programs and this console reach the shop with API keys. Read scope may only look; write scope may create, change and cancel.",
    add: "Create a key", name: "Name", nameHint: "Say what it is for, e.g. “warehouse sync” (1–200 characters).", scope: "Scope",
    scopeName: { read: "Read only", write: "Read and write" }, role: { operator: "Operator", merchant: "Merchant" },
    create: "Create", created: "The key “{name}” was created.", newKey: "New key “{name}”", keyNote: "Put it in your program's configuration now.",
    nameMissing: "Enter a name.",
    col: { name: "Name", hint: "Starts with", scope: "Scope", role: "Kind", created: "Created", state: "State", actions: "Actions" },
    active: "In use", revokedAt: "Revoked ({at})", thisSession: "signed in with", managed: "Set by the server's configuration",
    revoke: "Revoke", revokeNamed: "Revoke {name}", revokeTitle: "Revoke the key “{name}”?",
    revokeText: "Programs using this key are refused (401) at once. This cannot be undone.", revokeSelf: "You signed in to this console with this key: you will need another key to sign in again.",
    revokeConfirm: "Revoke it", revoked: "The key “{name}” was revoked.", more: "Load more", none: "No keys.",
    refused: { LAST_WRITE_KEY: "This is the shop's last read-and-write key: without it no key could ever be created again. Create another read-and-write key first, then revoke this one.",
      OPERATOR_KEY_PROTECTED: "The operator key is set by the server's configuration (PEERCART_ADMIN_KEY or the admin-key file) and cannot be revoked here.",
      TOO_MANY_KEYS: "A shop has at most 100 keys in use; revoke one you no longer use.", NOT_FOUND: "This key no longer exists.",
      FORBIDDEN: "A read-only key cannot create or revoke keys; sign in with a read-and-write key." } } },
});

const failure = (ctx, err) => (ctx.ended(err) ? null : refusal(err, "keys.refused"));
/** The key this tab signed in with, told by its first 8 characters (all the list shows of a key). */
const isSession = (k) => k.hint != null && k.hint === (session.key() || "").slice(0, 8);

export async function keysPage(ctx, message, created) {
  const list = h("div", { id: "keys-list" }, h("p", { class: "hint" }, t("loading")));
  const more = h("button", { type: "button", id: "keys-more", class: "secondary", hidden: true }, t("keys.more"));
  ctx.show(h("section", { class: "keys", "aria-labelledby": "keys-title" },
    h("h1", { id: "keys-title" }, t("keys.title")),
    h("p", { class: "hint" }, t("keys.hint")),
    h("p", { id: "notice", class: "notice", role: "status" }, message || ""),
    created ? shownOnce("new-key", t("keys.newKey", { name: created.name }), created.key, t("keys.keyNote")) : null,
    createForm(ctx),
    list, more));
  if (created) document.getElementById("new-key").focus();
  const keys = [];
  async function load(cursor) {
    const q = new URLSearchParams({ limit: String(PAGE) });
    if (cursor) q.set("cursor", cursor);
    try {
      const page = await get(`/v1/keys?${q}`);
      keys.push(...page.items);
      list.replaceChildren(keyTable(ctx, keys));
      more.hidden = !page.nextCursor;
      more.onclick = () => load(page.nextCursor);
    } catch (err) {
      const words = failure(ctx, err);
      if (words != null) list.replaceChildren(h("p", { class: "error", role: "alert" }, words));
    }
  }
  await load(null);
}

function keyTable(ctx, keys) {
  return table("keys", [
    [t("keys.col.name"), "name", (k) => h("span", {}, k.name, isSession(k) ? h("span", { class: "tag" }, t("keys.thisSession")) : null)],
    [t("keys.col.hint"), "key-hint", (k) => (k.hint ? h("code", {}, `${k.hint}…`) : "—")],
    [t("keys.col.scope"), "scope", (k) => t(`keys.scopeName.${k.scope}`)],
    [t("keys.col.role"), "role", (k) => t(`keys.role.${k.role}`)],
    [t("keys.col.created"), "time", (k) => h("time", { datetime: k.createdAt }, formatTime(k.createdAt))],
    [t("keys.col.state"), "state", (k) => (k.revokedAt ? h("span", { class: "status cancelled" }, t("keys.revokedAt", { at: formatTime(k.revokedAt) }))
      : h("span", { class: "status running" }, t("keys.active")))],
    [t("keys.col.actions"), "actions", (k) => (k.revokedAt ? "—" : k.role === "operator" ? h("span", { class: "hint" }, t("keys.managed"))
      : h("button", { type: "button", class: "link revoke", "aria-label": t("keys.revokeNamed", { name: k.name }),
        onclick: () => confirmRevoke(ctx, k) }, t("keys.revoke")))],
  ], keys, t("keys.none"));
}

function createForm(ctx) {
  const key = idempotencyKey(); // this form, this key: a double click or a retry creates one key
  const name = h("input", { id: "key-name", name: "name", maxlength: "200", autocomplete: "off", required: true,
    "aria-describedby": "key-name-hint key-create-error" });
  const scope = h("select", { id: "key-scope", name: "scope" },
    ["read", "write"].map((s) => h("option", { value: s }, t(`keys.scopeName.${s}`))));
  const error = h("p", { id: "key-create-error", class: "error", role: "alert" });
  const button = h("button", { type: "submit", id: "key-create" }, t("keys.create"));
  return h("form", { id: "key-form", class: "card", novalidate: true, "aria-labelledby": "key-form-title", onsubmit: async (e) => {
    e.preventDefault();
    error.textContent = "";
    if (!name.value.trim()) {
      error.textContent = t("keys.nameMissing");
      name.setAttribute("aria-invalid", "true");
      return name.focus();
    }
    button.disabled = true;
    try {
      const k = await send("POST", "/v1/keys", { name: name.value.trim(), scope: scope.value }, key);
      // a replay (the first answer was lost) has no key: the list shows it, and it can be revoked
      keysPage(ctx, t("keys.created", { name: k.name }), k.key ? k : null);
    } catch (err) {
      button.disabled = false;
      const words = failure(ctx, err);
      if (words != null) error.textContent = words;
    }
  } },
  h("h2", { id: "key-form-title" }, t("keys.add")),
  h("div", { class: "pair" },
    h("div", { class: "field" }, h("label", { for: "key-name" }, t("keys.name")), name,
      h("p", { id: "key-name-hint", class: "hint" }, t("keys.nameHint"))),
    h("div", { class: "field" }, h("label", { for: "key-scope" }, t("keys.scope")), scope)),
  error, button);
}

function confirmRevoke(ctx, k) {
  const key = idempotencyKey();
  const self = isSession(k);
  confirmDialog({ id: "revoke-dialog", title: t("keys.revokeTitle", { name: k.name }),
    text: self ? `${t("keys.revokeText")} ${t("keys.revokeSelf")}` : t("keys.revokeText"), confirm: t("keys.revokeConfirm"),
    action: async () => {
      await send("DELETE", `/v1/keys/${encodeURIComponent(k.id)}`, undefined, key);
      keysPage(ctx, t("keys.revoked", { name: k.name }));
    },
    explain: (err) => failure(ctx, err) });
}

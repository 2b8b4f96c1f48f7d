// Small pieces the members, webhooks and keys pages share: a table of items that becomes cards on a
// phone, a secret the server shows once (with a copy button), a confirm dialog, and a refusal put
// in words. Built with dom.js (never HTML text); the words are the pages' own (addWords).
import { t, addWords } from "./i18n.js";
import { ApiError } from "./api.js";
import { h } from "./dom.js";

addWords({
  zh: { parts: { copy: "复制", copied: "已复制到剪贴板。", copyFailed: "无法访问剪贴板，已选中文本，请按 Ctrl+C 复制。",
    shownOnce: "只显示这一次：服务器只保存它的哈希，离开本页后无法再查看。", dismiss: "返回", empty: "暂无记录。" } },
  en: { parts: { copy: "Copy", copied: "Copied to the clipboard.", copyFailed: "The clipboard is not available; the text is selected, press Ctrl+C.",
    shownOnce: "Shown this once only: the server keeps only its hash, and it cannot be seen again after you leave this page.",
    dismiss: "Back", empty: "Nothing yet." } },
});

/**
 * A table with `id` of `items`: `columns` are `[label, className, (item) => content]`; each cell
 * carries its label (data-label) so on a phone a row reads as a card. `empty`: the words when none.
 */
export function table(id, columns, items, empty = t("parts.empty")) {
  if (!items.length) return h("p", { id, class: "hint" }, empty);
  return h("div", { class: "scroll" }, h("table", { id },
    h("thead", {}, h("tr", {}, columns.map(([label]) => h("th", { scope: "col" }, label)))),
    h("tbody", {}, items.map((item) => h("tr", { "data-id": item.id ?? null },
      columns.map(([label, cls, cell]) => h("td", { class: cls || null, "data-label": label }, wrap(cell(item)))))))));
}

/** Text in a span, so a long id may break on a phone (the cards' cells break their children). */
function wrap(content) {
  return typeof content === "string" && content ? h("span", {}, content) : content;
}

/**
 * A secret shown once (a new API key, a webhook's signing secret): read-only in a field the
 * merchant can select, a copy button, and the warning that it will not be shown again.
 */
export function shownOnce(id, label, secret, note) {
  const field = h("input", { id, type: "text", readonly: true, value: secret, spellcheck: "false", autocomplete: "off",
    "aria-describedby": `${id}-note` });
  const said = h("p", { class: "hint", role: "status", id: `${id}-copied` });
  const copy = h("button", { type: "button", id: `${id}-copy`, class: "secondary", onclick: async () => {
    try {
      await navigator.clipboard.writeText(secret);
      said.textContent = t("parts.copied");
    } catch {
      field.select();
      said.textContent = t("parts.copyFailed");
    }
  } }, t("parts.copy"));
  return h("div", { class: "card shown-once", role: "region", "aria-label": label },
    h("label", { for: id }, label),
    h("div", { class: "secret-row" }, field, copy),
    h("p", { class: "note", id: `${id}-note` }, note ? `${note} ${t("parts.shownOnce")}` : t("parts.shownOnce")),
    said);
}

/**
 * A modal <dialog> that asks before `action` (an async function). Esc or 返回 keeps things as they
 * are; a refusal is shown in the dialog in words (`explain(err)`), and the dialog stays open.
 */
export function confirmDialog({ id, title, text, confirm, action, explain }) {
  const error = h("p", { id: `${id}-error`, class: "error", role: "alert" });
  const yes = h("button", { type: "button", id: `${id}-confirm`, class: "danger" }, confirm);
  const dialog = h("dialog", { id, "aria-labelledby": `${id}-title`, "aria-describedby": `${id}-text` },
    h("h2", { id: `${id}-title` }, title),
    h("p", { id: `${id}-text` }, text),
    error,
    h("div", { class: "buttons" }, yes,
      h("button", { type: "button", id: `${id}-dismiss`, class: "secondary", onclick: () => dialog.close() }, t("parts.dismiss"))));
  dialog.addEventListener("close", () => dialog.remove());
  yes.addEventListener("click", async () => {
    yes.disabled = true;
    try {
      await action();
      dialog.close();
    } catch (err) {
      yes.disabled = false;
      const words = explain(err);
      if (words == null) dialog.close(); else error.textContent = words;
    }
  });
  document.body.append(dialog);
  dialog.showModal();
  document.getElementById(`${id}-dismiss`).focus();
  return dialog;
}

/**
 * A refusal in words: the page's sentence for the problem's code (`words` is an i18n group such as
 * "keys.refused"), else the server's own detail after the console's lead-in for the code (请检查：);
 * "unreachable" when there was no answer.
 */
export function refusal(err, words) {
  if (!(err instanceof ApiError)) return t("unreachable");
  const code = err.problem?.code;
  if (!code) return err.message;
  const own = t(`${words}.${code}`);
  if (own !== `${words}.${code}`) return own;
  const lead = t(`refused.${code}`);
  return lead !== `refused.${code}` ? lead + err.message : err.message;
}

// The F-code panel (fCode): the codes by status (from /stats), each batch with its codes unused,
// locked by an unpaid order and used (GET /v1/activities/{id}/codes/batches), and a CSV export of
// a batch or of every code: the console fetches GET /codes with `Accept: text/csv` and the key in
// its header (never in a URL), and hands the answer to the browser as a download named after the
// activity. New batches and orders (which lock, use and free codes) re-read the batches, at most
// once a second. "Generate codes" makes a new batch: POST /v1/activities/{id}/codes {count, prefix}.
import { t, addWords } from "../i18n.js";
import { ApiError, get, send, session } from "../api.js";
import { idempotencyKey } from "../form.js";
import { h } from "../dom.js";
import { formatTime } from "../format.js";
import { rereader } from "./reread.js";

addWords({
  zh: { dash: { fcodes: { title: "F码", codes: "F码总数", unused: "未使用", locked: "待支付占用", used: "已使用",
    batches: "批次", colBatch: "批次", colPrefix: "前缀", colCreated: "生成时间", colCount: "数量", colUsage: "使用情况", colExport: "导出",
    exportOne: "导出 CSV", exportOneLabel: "导出批次 {id} 的 F码（CSV）", exportAll: "导出全部 F码（CSV）", exporting: "正在导出…",
    exported: "已导出 {file}。", noBatches: "还没有生成 F码。", moreBatches: "只列出最早的 {n} 个批次。", file: "F码", all: "全部",
    usage: "{used} 已用 / {locked} 占用 / {unused} 未用",
    generate: "生成 F码", count: "数量", countHint: "这一批生成多少个码（每次 1–100,000；每个活动最多 1,000,000 个）。码由 12 位不易混淆的字母数字组成，全店唯一。",
    prefix: "前缀", prefixHint: "可不填。最多 8 位，用数字和除 I、L、O、U 以外的大写字母，加在每个码前面，方便区分渠道（如 VP）。",
    generating: "正在生成…", generated: "已生成 {count} 个 F码（批次 {id}），可在下表导出。" } } },
  en: { dash: { fcodes: { title: "F-codes", codes: "Codes", unused: "Unused", locked: "Held by unpaid orders", used: "Used",
    batches: "Batches", colBatch: "Batch", colPrefix: "Prefix", colCreated: "Created", colCount: "Codes", colUsage: "Usage", colExport: "Export",
    exportOne: "Export CSV", exportOneLabel: "Export the codes of batch {id} (CSV)", exportAll: "Export every code (CSV)", exporting: "Exporting…",
    exported: "Exported {file}.", noBatches: "No codes generated yet.", moreBatches: "The first {n} batches.", file: "F-codes", all: "all",
    usage: "{used} used / {locked} held / {unused} unused",
    generate: "Generate codes", count: "How many", countHint: "Codes in this batch (1–100,000 a time; at most 1,000,000 per activity). Each is 12 unambiguous letters and digits, unique in the shop.",
    prefix: "Prefix", prefixHint: "Optional. Up to 8 digits and capital letters other than I, L, O and U, put before every code to tell channels apart (VP, say).",
    generating: "Generating…", generated: "Generated {count} codes (batch {id}); export them from the table below." } } },
});

const EVERY_MS = 1000;
const BATCHES = 500; // one page: an activity rarely has more batches than that
const STATES = ["unused", "locked", "used"];

export function fCodesPanel(activity, ctx) {
  const problem = h("p", { class: "error", role: "alert" });
  const dd = Object.fromEntries(["codes", ...STATES].map((f) => [f, h("dd", { id: `fcodes-${f}`, class: "num" }, "…")]));
  const rows = h("tbody", {});
  const empty = h("p", { class: "hint" }, t("dash.fcodes.noBatches"));
  const more = h("p", { class: "hint", hidden: true });
  const exported = h("p", { id: "fcodes-exported", class: "notice", role: "status", "aria-live": "polite" });
  const exportAll = h("button", { id: "fcodes-export-all", type: "button", class: "secondary" }, t("dash.fcodes.exportAll"));
  exportAll.addEventListener("click", () => exportCsv(null, exportAll));
  const generator = generateForm(ctx, () => reader.soon());
  const view = h("section", { id: "fcodes", class: "card", "aria-labelledby": "fcodes-title" },
    h("h2", { id: "fcodes-title" }, t("dash.fcodes.title")),
    problem,
    h("dl", { class: "figures" }, ["codes", ...STATES].map((f) => h("div", {}, h("dt", {}, t(`dash.fcodes.${f}`)), dd[f]))),
    generator,
    h("h3", {}, t("dash.fcodes.batches")),
    h("table", { id: "fcodes-batches", class: "compact" },
      h("thead", {}, h("tr", {}, ["colBatch", "colPrefix", "colCreated", "colCount", ...STATES, "colUsage", "colExport"]
        .map((c) => h("th", { scope: "col", class: ["colCount", ...STATES].includes(c) ? "num" : null }, t(`dash.fcodes.${c}`))))), rows),
    empty, more,
    h("div", { class: "buttons" }, exportAll), exported);
  let left = false;

  const reader = rereader(async () => {
    try {
      const page = await get(`${ctx.path}/codes/batches?limit=${BATCHES}`);
      if (!left) { problem.textContent = ""; render(page); }
    } catch (err) {
      if (!left && !ctx.ended(err)) problem.textContent = err instanceof ApiError ? err.message : t("unreachable");
    }
  }, EVERY_MS);

  function render(page) {
    rows.replaceChildren(...page.items.map(batchRow));
    empty.hidden = page.items.length > 0;
    more.hidden = !page.nextCursor;
    more.textContent = t("dash.fcodes.moreBatches", { n: page.items.length });
    // every batch on the page: the totals follow a new batch at once (/stats is re-read on orders only)
    if (!page.nextCursor) for (const f of STATES) dd[f].textContent = String(page.items.reduce((n, b) => n + b[f], 0));
    if (!page.nextCursor) dd.codes.textContent = String(page.items.reduce((n, b) => n + b.count, 0));
  }

  function batchRow(b) {
    const button = h("button", { type: "button", class: "link", "aria-label": t("dash.fcodes.exportOneLabel", { id: b.batchId }) }, t("dash.fcodes.exportOne"));
    button.addEventListener("click", () => exportCsv(b.batchId, button));
    const cell = (label, value, cls) => h("td", { class: cls, "data-label": t(`dash.fcodes.${label}`) }, value);
    return h("tr", { "data-batch": b.batchId },
      cell("colBatch", h("code", {}, b.batchId)),
      cell("colPrefix", b.prefix ?? "—"),
      cell("colCreated", h("time", { datetime: b.createdAt }, formatTime(b.createdAt))),
      cell("colCount", String(b.count), "num"),
      ...STATES.map((s) => cell(s, String(b[s]), `num ${s}`)),
      cell("colUsage", h("div", { class: "usage-bar", role: "img", "aria-label": t("dash.fcodes.usage", b) },
        ["used", "locked", "unused"].filter((s) => b[s] > 0).map((s) => h("span", { class: `part ${s}`, style: `flex-grow: ${b[s]}` })))),
      cell("colExport", button));
  }

  async function exportCsv(batchId, button) {
    button.disabled = true;
    exported.textContent = t("dash.fcodes.exporting");
    try {
      const q = batchId ? `?${new URLSearchParams({ batch: batchId })}` : "";
      const res = await fetch(`${ctx.path}/codes${q}`, { headers: { Authorization: `Bearer ${session.key()}`, Accept: "text/csv" } });
      if (!res.ok) throw new ApiError(res.status, await res.json().catch(() => null));
      const file = fileName(activity.name, batchId ?? t("dash.fcodes.all"));
      const url = URL.createObjectURL(await res.blob());
      const link = h("a", { href: url, download: file, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      if (!left) exported.textContent = t("dash.fcodes.exported", { file });
    } catch (err) {
      exported.textContent = "";
      if (!left && !ctx.ended(err)) problem.textContent = err instanceof ApiError ? err.message : t("unreachable");
    } finally {
      button.disabled = false;
    }
  }

  reader.soon();
  return {
    view,
    stats(s) {
      if (!s.fCode) return;
      for (const f of ["codes", ...STATES]) dd[f].textContent = String(s.fCode[f]);
    },
    event(e) { if (e.type.startsWith("fcode.batch") || e.type.startsWith("order.")) reader.soon(); },
    leave() { left = true; reader.stop(); },
  };
}

/**
 * The form that generates a batch: the count and an optional prefix, sent with a new
 * Idempotency-Key per submission (the button is disabled while it runs, so a double click is one
 * batch); a refusal goes under the field it names, else under the form. `made()` re-reads the batches.
 */
function generateForm(ctx, made) {
  const field = (name, attrs) => {
    const input = h("input", { id: `fcodes-${name}`, name, "aria-describedby": `fcodes-${name}-hint fcodes-${name}-error`, ...attrs });
    return { input, view: h("div", { class: "field" }, h("label", { for: input.id }, t(`dash.fcodes.${name}`)), input,
      h("p", { id: `fcodes-${name}-hint`, class: "hint" }, t(`dash.fcodes.${name}Hint`)), h("p", { id: `fcodes-${name}-error`, class: "error" })) };
  };
  const count = field("count", { type: "number", min: 1, max: 100000, step: 1, inputmode: "numeric", required: true });
  const prefix = field("prefix", { type: "text", maxlength: 8, autocomplete: "off" });
  const general = h("p", { id: "fcodes-generate-error", class: "error", role: "alert" });
  const done = h("p", { id: "fcodes-generated", class: "notice", role: "status", "aria-live": "polite" });
  const button = h("button", { id: "fcodes-generate", type: "submit" }, t("dash.fcodes.generate"));
  const clear = () => {
    general.textContent = done.textContent = "";
    for (const f of [count, prefix]) { f.input.removeAttribute("aria-invalid"); document.getElementById(`${f.input.id}-error`).textContent = ""; }
  };
  return h("form", { id: "fcodes-generator", class: "generator", novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    clear();
    button.disabled = true;
    done.textContent = t("dash.fcodes.generating");
    const body = { count: count.input.value === "" ? undefined : Number(count.input.value), prefix: prefix.input.value.trim() || undefined };
    try {
      const batch = await send("POST", `${ctx.path}/codes`, body, idempotencyKey());
      done.textContent = t("dash.fcodes.generated", { count: batch.count, id: batch.batchId });
      made();
    } catch (err) {
      done.textContent = "";
      if (ctx.ended(err)) return;
      const detail = err instanceof ApiError ? err.message : t("unreachable");
      const named = /^(count|prefix): /.exec(detail);
      const target = named && (named[1] === "count" ? count : prefix).input;
      if (target) {
        target.setAttribute("aria-invalid", "true");
        document.getElementById(`${target.id}-error`).textContent = detail.slice(named[0].length);
        target.focus();
      } else general.textContent = detail;
    } finally {
      button.disabled = false;
    }
  } },
  h("h3", {}, t("dash.fcodes.generate")), h("div", { class: "pair" }, count.view, prefix.view), general, h("div", { class: "buttons" }, button), done);
}

/** "<activity name>-F码-<batch>.csv", without the characters file systems refuse. */
function fileName(name, what) {
  return `${name}-${t("dash.fcodes.file")}-${what}.csv`.replace(/[\\/:*?"<>|\u0000-\u001f]/g, "_");
}

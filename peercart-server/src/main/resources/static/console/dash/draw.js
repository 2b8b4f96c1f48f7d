// luckyDrawGroup's panel: each draw's commitment, entries and winners from the public
// GET /v1/activities/{id}/draw, and "verify this draw": this browser recomputes, with SubtleCrypto,
// the commitment from the revealed seed and the winners from the seed and the entries, exactly as
// the server drew them (core io.peercart.core.draw.Draw and DrawRules, docs/groups.md), and compares
// them with the published ones. The published answer is shown as editable JSON: whoever changes a
// seed, an entry or a winner sees the check fail.
import { t, addWords } from "../i18n.js";
import { ApiError, get } from "../api.js";
import { h } from "../dom.js";
import { formatTime } from "../format.js";
import { rereader } from "./reread.js";

addWords({
  zh: { dash: { draw: { title: "抽奖公示", how: "承诺值 = SHA-256(种子)；中奖订单 = HMAC-SHA256(种子, 订单号) 最小的参与订单。开奖前只公布承诺值，开奖后公布种子、参与订单和中奖订单，任何人都能复算。",
    drawAt: "开奖时机", ACTIVITY_END: "活动结束后", GROUP_SUCCESS: "每团成团时", prizes: "中奖名额", perGroup: "每团 {n} 名", drawn: "已开奖",
    activity: "全活动", group: "团 {id}", PENDING: "待开奖", DRAWN: "已开奖", commitment: "承诺值", seed: "种子", entries: "参与 {n} 单", winners: "中奖订单",
    moreWinners: "…另有 {n} 单", moreDraws: "只列出最新 {shown} 场，共 {n} 场。", none: "还没有抽奖：成团后才会出现。",
    json: "公示数据（JSON，可修改后验证）", verify: "在浏览器中验证", reset: "恢复公示数据",
    valid: "有效：承诺值与中奖订单均与公示数据一致。", invalid: "无效：公示数据与复算结果不符。", nothing: "还没有已开奖的抽奖可以验证。",
    checking: "正在验证…", unreadable: "JSON 无法解析：{why}", noCrypto: "此浏览器不能验证：需要 HTTPS（或本机地址）下的 Web Crypto。",
    okCommitment: "{what}：SHA-256(种子) 等于承诺值", badCommitment: "{what}：SHA-256(种子) 不等于承诺值",
    okWinners: "{what}：复算的中奖订单与公示一致", badWinners: "{what}：复算的中奖订单是 {expected}，公示的是 {published}",
    badSeed: "{what}：种子不是 64 位十六进制", badShape: "{what}：缺少 entries 或 winners", tooManyGroups: "团太多，无法在浏览器中分组复算。" } } },
  en: { dash: { draw: { title: "Draw", how: "Commitment = SHA-256(seed); winners = the entries with the smallest HMAC-SHA256(seed, order id). Before the draw only the commitment is published; after it the seed, the entries and the winners, so anyone can recompute them.",
    drawAt: "Drawn", ACTIVITY_END: "after the activity ends", GROUP_SUCCESS: "as each group succeeds", prizes: "Prizes", perGroup: "{n} per group", drawn: "Drawn",
    activity: "Whole activity", group: "Group {id}", PENDING: "Pending", DRAWN: "Drawn", commitment: "Commitment", seed: "Seed", entries: "{n} entries", winners: "Winners",
    moreWinners: "…and {n} more", moreDraws: "The latest {shown} of {n} draws.", none: "No draw yet: draws appear once groups succeed.",
    json: "Published draw (JSON; edit it and verify)", verify: "Verify in this browser", reset: "Restore the published draw",
    valid: "Valid: the commitment and the winners match the published draw.", invalid: "Invalid: the published draw does not match the recomputation.", nothing: "No finished draw to verify yet.",
    checking: "Verifying…", unreadable: "The JSON cannot be read: {why}", noCrypto: "This browser cannot verify: Web Crypto needs HTTPS (or a local address).",
    okCommitment: "{what}: SHA-256(seed) equals the commitment", badCommitment: "{what}: SHA-256(seed) differs from the commitment",
    okWinners: "{what}: the recomputed winners match", badWinners: "{what}: the recomputed winners are {expected}, the published ones {published}",
    badSeed: "{what}: the seed is not 64 hex digits", badShape: "{what}: entries or winners missing", tooManyGroups: "Too many groups to regroup the entries in the browser." } } },
});

const SHOWN_DRAWS = 50;
const SHOWN_WINNERS = 10;
const GROUP_PAGES = 100; // 500 groups a page: regrouping an ACTIVITY_END draw with winnersPerGroup reads at most 50,000 groups
const EVERY_MS = 1000;

export function drawPanel(activity, ctx) {
  const problem = h("p", { class: "error", role: "alert" });
  const figures = Object.fromEntries(["at", "prizes", "drawn"].map((f) => [f, h("dd", { id: `draw-${f}` }, "…")]));
  const list = h("ol", { id: "draw-list", class: "draws" });
  const note = h("p", { class: "hint" });
  const json = h("textarea", { id: "draw-json", rows: "8", spellcheck: "false", class: "mono" });
  const verdict = h("p", { id: "draw-verdict", role: "status", "aria-live": "polite" });
  const checks = h("ul", { id: "draw-checks", class: "checks" });
  const verifyButton = h("button", { id: "draw-verify", type: "button" }, t("dash.draw.verify"));
  const resetButton = h("button", { id: "draw-reset", type: "button", class: "secondary" }, t("dash.draw.reset"));
  const view = h("section", { id: "draw", class: "card", "aria-labelledby": "draw-title" },
    h("h2", { id: "draw-title" }, t("dash.draw.title")),
    h("p", { class: "hint" }, t("dash.draw.how")),
    problem,
    h("dl", { class: "figures" }, [["at", "drawAt"], ["prizes", "prizes"], ["drawn", "drawn"]].map(([f, word]) =>
      h("div", {}, h("dt", {}, t(`dash.draw.${word}`)), figures[f]))),
    list, note,
    h("div", { class: "field" }, h("label", { for: "draw-json" }, t("dash.draw.json")), json),
    h("div", { class: "buttons" }, verifyButton, resetButton),
    verdict, checks);

  let published = null, edited = false, left = false;
  json.addEventListener("input", () => { edited = true; });
  resetButton.addEventListener("click", () => { if (published) { json.value = pretty(published); edited = false; } });
  verifyButton.addEventListener("click", () => verifyShown());

  const reader = rereader(async () => {
    try {
      const d = await get(`${ctx.path}/draw`);
      if (left) return;
      problem.textContent = "";
      published = d;
      render(d);
      if (!edited) json.value = pretty(d);
    } catch (err) {
      if (!left && !ctx.ended(err)) problem.textContent = err instanceof ApiError ? err.message : t("unreachable");
    }
  }, EVERY_MS);

  function render(d) {
    const drawn = d.draws.filter((x) => x.status === "DRAWN").length;
    figures.at.textContent = t(`dash.draw.${d.drawAt}`);
    figures.prizes.textContent = d.winners != null ? String(d.winners) : t("dash.draw.perGroup", { n: d.winnersPerGroup });
    figures.drawn.textContent = `${drawn} / ${d.draws.length}`;
    const latest = [...d.draws].reverse().slice(0, SHOWN_DRAWS);
    list.replaceChildren(...latest.map(drawItem));
    note.textContent = d.draws.length === 0 ? t("dash.draw.none")
      : d.draws.length > SHOWN_DRAWS ? t("dash.draw.moreDraws", { shown: SHOWN_DRAWS, n: d.draws.length }) : "";
  }

  function drawItem(x) {
    const winners = x.winners ?? [];
    return h("li", { "data-group": x.groupId ?? "", "data-status": x.status },
      h("div", { class: "what" }, h("strong", {}, x.groupId ? t("dash.draw.group", { id: x.groupId }) : t("dash.draw.activity")),
        h("span", { class: `status ${x.status.toLowerCase()}` }, t(`dash.draw.${x.status}`)),
        x.drawnAt ? h("time", { datetime: x.drawnAt }, formatTime(x.drawnAt)) : null,
        x.entries ? h("span", {}, t("dash.draw.entries", { n: x.entries.length })) : null),
      h("div", {}, h("span", { class: "label" }, t("dash.draw.commitment")), h("code", { class: "commitment" }, x.commitment)),
      x.seed ? h("div", {}, h("span", { class: "label" }, t("dash.draw.seed")), h("code", {}, x.seed)) : null,
      x.status === "DRAWN" ? h("div", {}, h("span", { class: "label" }, t("dash.draw.winners")),
        h("span", { class: "winners" }, winners.slice(0, SHOWN_WINNERS).map((w) => h("code", { class: "winner" }, w)),
          winners.length > SHOWN_WINNERS ? t("dash.draw.moreWinners", { n: winners.length - SHOWN_WINNERS }) : null)) : null);
  }

  async function verifyShown() {
    verdict.dataset.verdict = "checking";
    verdict.textContent = t("dash.draw.checking");
    checks.replaceChildren();
    let doc;
    try {
      doc = JSON.parse(json.value);
    } catch (err) {
      return say("invalid", [{ ok: false, text: t("dash.draw.unreadable", { why: err.message }) }]);
    }
    if (!globalThis.crypto?.subtle) return say("unavailable", []); // Web Crypto lives in secure contexts only
    try {
      const found = await verifyDraws(doc, () => groupsOfOrders(ctx.path));
      if (found.length === 0) return say("nothing", []);
      say(found.every((c) => c.ok) ? "valid" : "invalid", found);
    } catch (err) {
      if (err instanceof ApiError) { if (!ctx.ended(err)) say("invalid", [{ ok: false, text: err.message }]); }
      else say("invalid", [{ ok: false, text: err.message }]);
    }
  }

  function say(state, found) {
    verdict.dataset.verdict = state;
    verdict.className = `verdict ${state}`;
    verdict.textContent = t(`dash.draw.${state === "unavailable" ? "noCrypto" : state}`);
    checks.replaceChildren(...found.map((c) => h("li", { class: c.ok ? "ok" : "bad" }, c.text)));
  }

  reader.soon();
  return {
    view,
    event(e) { if (e.type.startsWith("draw.") || e.type.startsWith("group.")) reader.soon(); },
    leave() { left = true; reader.stop(); },
  };
}

function pretty(d) {
  return JSON.stringify(d, null, 2);
}

/**
 * Checks every drawn draw of `doc` (the shape of GET /draw): the commitment against SHA-256 of the
 * seed, the winners against the recomputed ones. `groups()` answers order id → group id, read only
 * for an activity-end draw with winnersPerGroup (its entries come group after group). Returns one
 * check per finding ({ok, text}); none when nothing is drawn.
 */
export async function verifyDraws(doc, groups) {
  if (!doc || !Array.isArray(doc.draws)) throw new Error("draws: an array");
  const found = [];
  let groupOf = null;
  for (const d of doc.draws) {
    if (d?.status !== "DRAWN") continue;
    const what = d.groupId ? t("dash.draw.group", { id: d.groupId }) : t("dash.draw.activity");
    if (typeof d.seed !== "string" || !/^[0-9a-fA-F]{64}$/.test(d.seed)) { found.push({ ok: false, text: t("dash.draw.badSeed", { what }) }); continue; }
    if (!Array.isArray(d.entries) || !Array.isArray(d.winners)) { found.push({ ok: false, text: t("dash.draw.badShape", { what }) }); continue; }
    const seed = fromHex(d.seed);
    const commitment = hex(await crypto.subtle.digest("SHA-256", seed));
    found.push(commitment === d.commitment ? { ok: true, text: t("dash.draw.okCommitment", { what }) }
      : { ok: false, text: t("dash.draw.badCommitment", { what }) });
    let runs = [d.entries];
    if (doc.winnersPerGroup != null && !d.groupId) runs = byGroup(d.entries, groupOf ??= await groups());
    const expected = await drawnWinners(seed, d.entries, runs, doc.winnersPerGroup, doc.winners);
    const same = expected.length === d.winners.length && expected.every((w, i) => w === d.winners[i]);
    found.push(same ? { ok: true, text: t("dash.draw.okWinners", { what }) }
      : { ok: false, text: t("dash.draw.badWinners", { what, expected: expected.join(", "), published: d.winners.join(", ") }) });
  }
  return found;
}

/** DrawRules.draw: each group's `perGroup` smallest tickets (when set), then the `winners` smallest of all entries (when set). */
async function drawnWinners(seed, entries, runs, perGroup, winners) {
  const key = await crypto.subtle.importKey("raw", seed, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const tickets = new Map();
  for (const e of new Set(entries)) tickets.set(e, hex(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(String(e)))));
  // Draw.rank: by ticket (lower-case hex compares as the unsigned big-endian number), ties by entry id
  const smallest = (ids, n) => [...new Set(ids)].sort((a, b) => cmp(tickets.get(a), tickets.get(b)) || cmp(a, b)).slice(0, n);
  const won = [];
  if (perGroup != null) for (const run of runs) won.push(...smallest(run, perGroup));
  if (winners != null) won.push(...smallest(entries, winners));
  return won;
}

/** Entries cut into their groups' consecutive runs, in entry order. */
function byGroup(entries, groupOf) {
  const runs = [];
  let last;
  for (const e of entries) {
    const g = groupOf.get(e) ?? `?${e}`;
    if (runs.length === 0 || g !== last) runs.push([]);
    runs[runs.length - 1].push(e);
    last = g;
  }
  return runs;
}

/** Order id → group id over the activity's succeeded groups (the merchant's view lists members). */
async function groupsOfOrders(path) {
  const out = new Map();
  let cursor = null;
  for (let page = 0; page < GROUP_PAGES; page++) {
    const q = new URLSearchParams({ status: "SUCCEEDED", limit: "500" });
    if (cursor) q.set("cursor", cursor);
    const p = await get(`${path}/groups?${q}`);
    for (const g of p.items) for (const m of g.members ?? []) if (m.orderId) out.set(m.orderId, g.groupId);
    cursor = p.nextCursor;
    if (!cursor) return out;
  }
  throw new Error(t("dash.draw.tooManyGroups"));
}

const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

function fromHex(s) {
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function hex(buffer) {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, "0")).join("");
}

// What every buyer panel shares: the buyer's token, the server's clock, the buyer's writes to the
// API, and money, durations and refusals in the buyer's words.
import { lang, t, word } from "./i18n.js";

const KEY = "peercart.buyerToken";
let skewMs = 0;

/**
 * Takes the token the merchant's backend put in the URL fragment (#token=...), which the browser
 * never sends to a server, keeps it in this tab's sessionStorage (gone when the tab closes) and
 * removes it from the address bar, so it is not in the history, a bookmark or a shared link.
 */
export function takeToken() {
  const fragment = new URLSearchParams(location.hash.slice(1));
  if (!fragment.has("token")) return;
  const token = fragment.get("token");
  if (token) sessionStorage.setItem(KEY, token);
  fragment.delete("token");
  const rest = fragment.toString();
  history.replaceState(history.state, "", location.pathname + location.search + (rest ? "#" + rest : ""));
}

export const token = () => sessionStorage.getItem(KEY);

/** Forgets a token the server no longer takes (expired or invalid): the page becomes read-only. */
export const forgetToken = () => sessionStorage.removeItem(KEY);

/** Learns the server's clock from its `serverTime`, so countdowns count against the server, not the phone. */
export function learnServerTime(iso) {
  const at = Date.parse(iso || "");
  if (!Number.isNaN(at)) skewMs = at - Date.now();
}

/** The server's now, in epoch milliseconds. */
export const serverNow = () => Date.now() + skewMs;

/** Whole seconds from the server's now to `iso` (0 once it has passed). */
export const secondsUntil = (iso) => Math.max(0, Math.floor((Date.parse(iso) - serverNow()) / 1000));

/** `seconds` as 1天 02:03:04 (days only when there are some). */
export function duration(seconds) {
  const two = (n) => String(n).padStart(2, "0");
  const days = Math.floor(seconds / 86400);
  return `${days ? t("days", { d: days }) : ""}${two(Math.floor(seconds / 3600) % 24)}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}`;
}

/** An instant in the shop's time zone (Asia/Shanghai, as the console writes it), as 12-03 08:05. */
export const shopTime = (iso) => new Intl.DateTimeFormat(lang() === "en" ? "en-GB" : "zh-CN", { timeZone: "Asia/Shanghai",
  month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(iso));

/** Fen as ¥99.00. */
export const money = (fen) => `¥${(fen / 100).toFixed(2)}`;

/** A key for one buyer intent: a retried request with it is the same request, never a second order. */
export const idempotencyKey = () =>
  "h5-" + [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, "0")).join("");

/** A refusal from the server: its HTTP status and problem (`code`, `detail`); status 0 when no answer came. */
export class Refusal extends Error {
  constructor(status, problem) {
    super(problem?.detail || `HTTP ${status}`);
    this.status = status;
    this.code = problem?.code || (status ? "other" : "network");
    this.detail = problem?.detail || "";
    this.problem = problem || {}; // the whole problem: some carry figures (PRICE_CHANGED: currentPrice, nextDropAt)
  }
}

/** POSTs `body` to `path` as the buyer, with `key` as its Idempotency-Key (and any `headers`); a refusal throws Refusal. */
export async function post(path, body, key, headers = {}) {
  let res;
  try {
    res = await fetch(path, { method: "POST", body: JSON.stringify(body), headers: { ...headers,
      Authorization: `Bearer ${token()}`, "Content-Type": "application/json", Accept: "application/json", "Idempotency-Key": key } });
  } catch {
    throw new Refusal(0, null);
  }
  const answer = await res.json().catch(() => null);
  if (!res.ok) throw new Refusal(res.status, answer);
  return answer;
}

/** GETs `path` as the buyer (their own points, a deposit's helps); a refusal throws Refusal. */
export async function read(path) {
  let res;
  try {
    res = await fetch(path, { headers: { Authorization: `Bearer ${token()}`, Accept: "application/json" } });
  } catch {
    throw new Refusal(0, null);
  }
  const answer = await res.json().catch(() => null);
  if (!res.ok) throw new Refusal(res.status, answer);
  return answer;
}

/**
 * The signed-in buyer's id, read from the token (an HS256 JWT, docs/operations.md: its `sub`), to
 * ask for what is theirs (GET /v1/members/{id}/points). Only for asking: the server checks the
 * token on every request and answers 404 for another member's. Null without a token.
 */
export function buyerId() {
  try {
    const payload = token()?.split(".")[1];
    if (!payload) return null;
    const bytes = Uint8Array.from(atob(payload.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes)).sub ?? null;
  } catch {
    return null;
  }
}

/** Why the server said no, in the buyer's words (`vars` fills the code's placeholders, e.g. `limit`). */
export function refusalText(refusal, vars = {}) {
  const detail = refusal.detail;
  const tag = /^requires the tag (.+)$/.exec(detail);
  const why = detail === "this buyer is excluded" ? t("why.excluded")
    : detail === "only new customers may take part" ? t("why.newOnly")
      : tag ? t("why.tag", { tag: tag[1] }) : detail;
  return word(`refused.${refusal.code}`, { ...vars, detail, why }) ?? t("refused.other", { detail: detail || refusal.code });
}

// How the console writes times, money and countdowns: in the shop's time zone and the chosen
// language, counted against the server's clock (api.js), shared by the list and the dashboard.
import { t, locale } from "./i18n.js";
import { serverNow } from "./api.js";

export const SHOP_TIME_ZONE = "Asia/Shanghai";

export function formatTime(iso) {
  return new Intl.DateTimeFormat(locale(), { timeZone: SHOP_TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(iso));
}

/** A date and time to the second, for logs where seconds matter (webhook attempts). */
export function formatTimeSeconds(iso) {
  return new Intl.DateTimeFormat(locale(), { timeZone: SHOP_TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" }).format(new Date(iso));
}

/** A clock time with seconds, for a feed of what just happened. */
export function formatClock(iso) {
  return new Intl.DateTimeFormat(locale(), { timeZone: SHOP_TIME_ZONE, hour: "2-digit", minute: "2-digit", second: "2-digit",
    hourCycle: "h23" }).format(new Date(iso));
}

export function money(fen) {
  return new Intl.NumberFormat(locale(), { style: "currency", currency: "CNY", currencyDisplay: "narrowSymbol" }).format(fen / 100);
}

export function percent(ratio) {
  return new Intl.NumberFormat(locale(), { style: "percent", maximumFractionDigits: 1 }).format(ratio);
}

/** "starts in …" / "ends in …" for a scheduled or running activity `a` ({status, startsAt, endsAt}); "—" after. */
export function countdownText(a) {
  const target = a.status === "SCHEDULED" ? a.startsAt : a.status === "RUNNING" ? a.endsAt : null;
  if (!target) return "—";
  const s = Math.max(0, Math.floor((Date.parse(target) - serverNow()) / 1000));
  const d = Math.floor(s / 86400), two = (n) => String(n).padStart(2, "0");
  const text = (d ? t("days", { d }) : "") + `${two(Math.floor(s / 3600) % 24)}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;
  return t(a.status === "SCHEDULED" ? "startsIn" : "endsIn", { t: text });
}

/** The instant a `datetime-local` value names in the shop's time zone (Asia/Shanghai: +08:00 all year), as ISO UTC. */
export function shopInstant(local) {
  return local ? new Date(`${local}:00+08:00`).toISOString() : undefined;
}

/** A full time with seconds in the shop's time zone, for a record of what happened when. */
export function formatMoment(iso) {
  return new Intl.DateTimeFormat(locale(), { timeZone: SHOP_TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" }).format(new Date(iso));
}

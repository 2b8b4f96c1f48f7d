// The group types' panel (groupOn, luckyDrawGroup): how many groups are forming, open, succeeded
// and failed, the success rate and the average time a group took to fill, from /stats.
import { addWords, t } from "../i18n.js";
import { h } from "../dom.js";
import { percent } from "../format.js";

const STATES = ["forming", "open", "succeeded", "failed"];

addWords({
  zh: { dash: { timeToFill: "平均成团用时", fillTime: "{m} 分 {s} 秒" } },
  en: { dash: { timeToFill: "Average time to fill", fillTime: "{m} min {s} s" } },
});

/** Seconds as minutes and seconds; "—" for none. */
const fillTime = (seconds) => seconds == null ? "—"
  : t("dash.fillTime", { m: Math.floor(Math.round(seconds) / 60), s: Math.round(seconds) % 60 });

export function groupsPanel() {
  const count = (id) => h("dd", { id, class: "num" }, "…");
  const counts = Object.fromEntries(STATES.map((g) => [g, count(`groups-${g}`)]));
  const rate = count("groups-rate");
  const fill = count("groups-fill");
  const view = h("section", { id: "groups", class: "card", "aria-labelledby": "groups-title" },
    h("h2", { id: "groups-title" }, t("dash.groups")),
    h("dl", { class: "figures" },
      STATES.map((g) => h("div", {}, h("dt", {}, t(`dash.group.${g}`)), counts[g])),
      h("div", {}, h("dt", {}, t("dash.successRate")), rate),
      h("div", {}, h("dt", {}, t("dash.timeToFill")), fill)));
  return {
    view,
    stats(s) {
      if (!s.groups) return;
      for (const g of STATES) counts[g].textContent = String(s.groups[g]);
      rate.textContent = percent(s.groups.successRate);
      fill.textContent = fillTime(s.groups.averageTimeToFillSeconds);
    },
  };
}

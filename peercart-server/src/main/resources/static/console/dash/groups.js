// The group types' panel (groupOn, luckyDrawGroup): how many groups are forming, open, succeeded
// and failed, and the success rate, from /stats.
import { t } from "../i18n.js";
import { h } from "../dom.js";
import { percent } from "../format.js";

const STATES = ["forming", "open", "succeeded", "failed"];

export function groupsPanel() {
  const count = (id) => h("dd", { id, class: "num" }, "…");
  const counts = Object.fromEntries(STATES.map((g) => [g, count(`groups-${g}`)]));
  const rate = count("groups-rate");
  const view = h("section", { id: "groups", class: "card", "aria-labelledby": "groups-title" },
    h("h2", { id: "groups-title" }, t("dash.groups")),
    h("dl", { class: "figures" },
      STATES.map((g) => h("div", {}, h("dt", {}, t(`dash.group.${g}`)), counts[g])),
      h("div", {}, h("dt", {}, t("dash.successRate")), rate)));
  return {
    view,
    stats(s) {
      if (!s.groups) return;
      for (const g of STATES) counts[g].textContent = String(s.groups[g]);
      rate.textContent = percent(s.groups.successRate);
    },
  };
}

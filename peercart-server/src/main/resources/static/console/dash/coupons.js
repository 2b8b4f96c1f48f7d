// inSourcingFission's coupon panel (内购券): how many buyers hold coupons, the coupons granted to
// employees, earned by inviting, spent on orders and still held, and the claims through share
// links, from the `coupons` part of /stats (the dashboard re-reads it on every coupons.* event), as
// figures and an ECharts bar chart.
import { t, addWords } from "../i18n.js";
import { h } from "../dom.js";
import { chartIn } from "./reread.js";

addWords({
  zh: { dash: { coupons: { title: "内购券", holders: "持券买家", initial: "员工初始发放", earned: "邀请获得", spent: "下单使用", balance: "仍持有",
    claims: "好友领取次数", chart: "内购券流向", count: "张" } } },
  en: { dash: { coupons: { title: "Coupons", holders: "Holders", initial: "Granted to employees", earned: "Earned by inviting", spent: "Spent on orders", balance: "Held",
    claims: "Claims through links", chart: "Where the coupons went", count: "coupons" } } },
});

const FIGURES = ["holders", "initial", "earned", "spent", "balance", "claims"];
const FLOW = ["initial", "earned", "spent", "balance"];
const COLORS = { initial: "#69b1ff", earned: "#1677ff", spent: "#fa8c16", balance: "#52c41a" };

export function couponsPanel() {
  const dd = Object.fromEntries(FIGURES.map((f) => [f, h("dd", { id: `coupons-${f}`, class: "num" }, "…")]));
  const chartEl = h("div", { id: "coupons-chart", class: "chart", role: "img", "aria-label": t("dash.coupons.chart") });
  const view = h("section", { id: "coupons", class: "card", "aria-labelledby": "coupons-title" },
    h("h2", { id: "coupons-title" }, t("dash.coupons.title")),
    h("dl", { class: "figures" }, FIGURES.map((f) => h("div", {}, h("dt", {}, t(`dash.coupons.${f}`)), dd[f]))),
    h("figure", {}, h("figcaption", {}, t("dash.coupons.chart")), chartEl));
  const chart = chartIn(chartEl);
  return {
    view,
    stats(s) {
      const c = s.coupons;
      if (!c) return;
      for (const f of FIGURES) dd[f].textContent = String(c[f] ?? 0);
      chart.show({
        grid: { left: 56, right: 16, top: 16, bottom: 32 },
        tooltip: { trigger: "axis" },
        xAxis: { type: "category", data: FLOW.map((f) => t(`dash.coupons.${f}`)) },
        yAxis: { type: "value", name: t("dash.coupons.count"), minInterval: 1 },
        series: [{ type: "bar", data: FLOW.map((f) => ({ value: c[f] ?? 0, itemStyle: { color: COLORS[f] } })) }],
      });
      chartEl.setAttribute("aria-label", `${t("dash.coupons.chart")}: ${FLOW.map((f) => `${t(`dash.coupons.${f}`)} ${c[f] ?? 0}`).join(", ")}`);
    },
    leave() { chart.dispose(); },
  };
}

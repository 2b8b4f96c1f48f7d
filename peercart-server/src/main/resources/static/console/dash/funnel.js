// The funnel of every activity: buyer-page visitors → participants (buyers with an order) →
// orders → paid orders, each step's share of the one before, and the buyers new to the shop, from
// /stats (visitors come from the buyer page's POST /v1/activities/{id}/visits).
import { addWords, t } from "../i18n.js";
import { h } from "../dom.js";
import { percent } from "../format.js";
import { chart } from "./chart.js";

addWords({
  zh: { dash: { funnel: { title: "转化漏斗", visitors: "访客", participants: "参与人数", orders: "订单", paid: "已支付",
    newCustomers: "新客", of: "占上一步 {p}", label: "访客 {visitors} → 参与 {participants} → 订单 {orders} → 已支付 {paid}" } } },
  en: { dash: { funnel: { title: "Funnel", visitors: "Visitors", participants: "Participants", orders: "Orders", paid: "Paid",
    newCustomers: "New customers", of: "{p} of the step before", label: "visitors {visitors} → participants {participants} → orders {orders} → paid {paid}" } } },
});

const STEPS = ["visitors", "participants", "orders", "paid"];

export function funnelPanel() {
  const count = (id) => h("dd", { id, class: "num" }, "…");
  const steps = Object.fromEntries(STEPS.map((s) => [s, count(`funnel-${s}`)]));
  const shares = Object.fromEntries(STEPS.map((s) => [s, h("small", { class: "share", id: `funnel-${s}-share` })]));
  const newCustomers = count("funnel-newCustomers");
  const canvas = h("div", { class: "chart", role: "img" });
  const plot = chart(canvas);
  const view = h("section", { id: "funnel", class: "card", "aria-labelledby": "funnel-title" },
    h("h2", { id: "funnel-title" }, t("dash.funnel.title")),
    h("dl", { class: "figures" },
      STEPS.map((s) => h("div", {}, h("dt", {}, t(`dash.funnel.${s}`)), steps[s], shares[s])),
      h("div", {}, h("dt", {}, t("dash.funnel.newCustomers")), newCustomers)),
    canvas);
  return {
    view,
    stats(s) {
      const values = { visitors: s.visitors, participants: s.participants, orders: s.orders, paid: s.paid };
      STEPS.forEach((step, i) => {
        steps[step].textContent = String(values[step]);
        const before = i ? values[STEPS[i - 1]] : 0;
        shares[step].textContent = i && before ? t("dash.funnel.of", { p: percent(values[step] / before) }) : "";
      });
      newCustomers.textContent = String(s.newCustomers);
      canvas.setAttribute("aria-label", t("dash.funnel.label", values));
      plot.set({
        tooltip: { trigger: "item" },
        color: ["#94a3b8", "#60a5fa", "#3b82f6", "#16a34a"],
        series: [{ type: "funnel", sort: "none", left: "10%", width: "80%", gap: 2, minSize: "8%", animation: false,
          label: { position: "inside", formatter: "{b} {c}" },
          data: STEPS.map((step) => ({ name: t(`dash.funnel.${step}`), value: values[step] })) }],
      });
    },
    leave() { plot.dispose(); },
  };
}

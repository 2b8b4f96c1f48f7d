// The helpDepositExpansion panel: how many helps friends gave, the value they credited to
// deposits, and the initiators with the most helps, from /stats's `helps`.
import { addWords, t } from "../i18n.js";
import { h } from "../dom.js";
import { money } from "../format.js";

addWords({
  zh: { dash: { helps: { title: "助力", count: "助力次数", credited: "助力金额", top: "助力最多的发起人", buyer: "发起人",
    helps: "助力次数", value: "助力金额", none: "还没有助力" } } },
  en: { dash: { helps: { title: "Helps", count: "Helps", credited: "Value credited", top: "Initiators with the most helps", buyer: "Initiator",
    helps: "Helps", value: "Value", none: "No helps yet" } } },
});

export function helpsPanel() {
  const count = (id) => h("dd", { id, class: "num" }, "…");
  const helps = count("helps-count"), credited = count("helps-credited");
  const rows = h("tbody", { id: "helps-top" });
  const none = h("p", { class: "hint", id: "helps-none" }, t("dash.helps.none"));
  const view = h("section", { id: "helps", class: "card", "aria-labelledby": "helps-title" },
    h("h2", { id: "helps-title" }, t("dash.helps.title")),
    h("dl", { class: "figures" },
      h("div", {}, h("dt", {}, t("dash.helps.count")), helps),
      h("div", {}, h("dt", {}, t("dash.helps.credited")), credited)),
    h("h3", {}, t("dash.helps.top")), none,
    h("table", { class: "top" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("dash.helps.buyer")), h("th", { scope: "col", class: "num" }, t("dash.helps.helps")),
        h("th", { scope: "col", class: "num" }, t("dash.helps.value")))),
      rows));
  return {
    view,
    stats(s) {
      if (!s.helps) return;
      helps.textContent = String(s.helps.count);
      credited.textContent = money(s.helps.credited);
      none.hidden = s.helps.topInitiators.length > 0;
      rows.replaceChildren(...s.helps.topInitiators.map((i) => h("tr", { "data-buyer": i.buyerId },
        h("td", {}, i.buyerId), h("td", { class: "num" }, String(i.helps)), h("td", { class: "num" }, money(i.credited)))));
    },
  };
}

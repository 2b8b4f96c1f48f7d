// The tuan panel: the cashback tiers (rules.tiers) as a ladder, the buyers so far (distinct buyers
// with paid, unrefunded orders), the tier reached and how many buyers the next one still needs,
// from /stats's `progress`, and at once from each tuan.progress event of the stream.
import { addWords, t } from "../i18n.js";
import { h } from "../dom.js";
import { money } from "../format.js";

addWords({
  zh: { dash: { tuan: { title: "阶梯团进度", buyers: "成团人数", tier: "当前档", missing: "距下一档还差", none: "未达档",
    top: "已达最高档", tierText: "满 {n} 人", percent: "返 {p}%", perUnit: "每件返 {m}", progress: "到下一档的进度",
    people: "{n} 人" } } },
  en: { dash: { tuan: { title: "Tuan tier progress", buyers: "Buyers", tier: "Tier reached", missing: "Buyers to next tier", none: "None yet",
    top: "Top tier reached", tierText: "{n}+ buyers", percent: "{p}% back", perUnit: "{m} back per unit", progress: "Progress to the next tier",
    people: "{n}" } } },
});

const tierText = (tier) => `${t("dash.tuan.tierText", { n: tier.minBuyers })} · ${tier.cashbackPercent != null
  ? t("dash.tuan.percent", { p: tier.cashbackPercent }) : t("dash.tuan.perUnit", { m: money(tier.cashbackPerUnit) })}`;

export function tuanPanel(activity) {
  const count = (id) => h("dd", { id, class: "num" }, "…");
  const buyers = count("tuan-buyers"), tier = count("tuan-tier"), missing = count("tuan-missing");
  const bar = h("progress", { id: "tuan-progress", max: "1", value: "0", "aria-label": t("dash.tuan.progress") });
  const tiers = (activity.rules?.tiers ?? []).map((x) => ({ ...x, li: h("li", { "data-min": String(x.minBuyers) }, tierText(x)) }));
  const view = h("section", { id: "tuan", class: "card", "aria-labelledby": "tuan-title" },
    h("h2", { id: "tuan-title" }, t("dash.tuan.title")),
    h("dl", { class: "figures" },
      h("div", {}, h("dt", {}, t("dash.tuan.buyers")), buyers),
      h("div", {}, h("dt", {}, t("dash.tuan.tier")), tier),
      h("div", {}, h("dt", {}, t("dash.tuan.missing")), missing)),
    bar,
    h("ol", { class: "tiers" }, tiers.map((x) => x.li)));

  function show(p) {
    if (!p) return;
    buyers.textContent = String(p.buyers);
    tier.textContent = p.tier ? tierText(p.tier) : t("dash.tuan.none");
    missing.textContent = p.nextTier ? t("dash.tuan.people", { n: p.buyersMissing }) : t("dash.tuan.top");
    const goal = p.nextTier?.minBuyers ?? p.tier?.minBuyers ?? 1;
    bar.max = goal;
    bar.value = Math.min(p.buyers, goal);
    for (const x of tiers) x.li.classList.toggle("reached", p.buyers >= x.minBuyers);
  }

  return {
    view,
    stats(s) { show(s.progress); },
    event(e) { if (e.type === "tuan.progress") show(e.data); },
  };
}

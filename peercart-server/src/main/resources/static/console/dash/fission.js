// The fission panel (helpDepositExpansion, inSourcingFission): who brought whom, from
// GET /v1/activities/{id}/fission (docs/fission.md). The tree is drawn as an ECharts graph (a node
// per buyer, sized by the buyers they brought, coloured by depth, an edge from inviter to invitee),
// with the depth histogram as bars, the headline figures (K-factor = converted invitations per
// participant) and the top sharers. Shares, visits, orders, claims and helps re-read it, at most
// once a second.
import { t, addWords } from "../i18n.js";
import { ApiError, get } from "../api.js";
import { h } from "../dom.js";
import { chartIn, rereader } from "./reread.js";

addWords({
  zh: { dash: { fission: { title: "裂变传播", graph: "裂变关系图", graphLabel: "裂变关系图：{nodes} 位买家，{links} 条邀请关系",
    depth: "传播层级分布", depthLabel: "层级 {d}", depthAxis: "层级", buyers: "买家数", top: "分享达人",
    shares: "分享链接", visits: "访问", participants: "参与买家", conversions: "转化", convertedInvitations: "有效邀请", kFactor: "K 因子",
    maxDepth: "最大层级", newCustomers: "新客", colBuyer: "买家", colConverted: "带来买家", colConversions: "转化次数",
    noSharers: "还没有人通过分享带来转化。", empty: "还没有人分享或通过分享参与。",
    capped: "图中只画出最浅的 {shown} 位买家，共 {n} 位。", truncated: "分享和参与记录超过 10 万条：数据只覆盖前 10 万条。" } } },
  en: { dash: { fission: { title: "Fission", graph: "Who brought whom", graphLabel: "Fission graph: {nodes} buyers, {links} invitations",
    depth: "Buyers by depth", depthLabel: "Depth {d}", depthAxis: "Depth", buyers: "Buyers", top: "Top sharers",
    shares: "Share links", visits: "Visits", participants: "Participants", conversions: "Conversions", convertedInvitations: "Converted invitations", kFactor: "K-factor",
    maxDepth: "Max depth", newCustomers: "New customers", colBuyer: "Buyer", colConverted: "Buyers brought", colConversions: "Conversions",
    noSharers: "Nobody has converted anyone through a link yet.", empty: "Nobody has shared or come through a share yet.",
    capped: "The graph draws the {shown} shallowest of {n} buyers.", truncated: "More than 100,000 shares and actions: the figures cover the first 100,000." } } },
});

const EVERY_MS = 1000;
/** A force-directed graph stays usable up to a few hundred nodes; past it the shallowest are drawn. */
const MAX_NODES = 500;
const LABELS_UNDER = 60;
const FIGURES = ["shares", "visits", "participants", "conversions", "convertedInvitations", "kFactor", "maxDepth", "newCustomers"];
/** Events after which the tree or its figures may have changed. */
const MOVES_TREE = ["share.", "order.", "coupons.claimed", "help.added"];

export function fissionPanel(activity, ctx) {
  const problem = h("p", { class: "error", role: "alert" });
  const dd = Object.fromEntries(FIGURES.map((f) => [f, h("dd", { id: `fission-${f}`, class: "num" }, "…")]));
  const graphEl = h("div", { id: "fission-graph", class: "chart tall", role: "img", "aria-label": t("dash.fission.graph") });
  const depthEl = h("div", { id: "fission-depth", class: "chart", role: "img", "aria-label": t("dash.fission.depth") });
  const note = h("p", { class: "hint" });
  const top = h("tbody", {});
  const topEmpty = h("p", { class: "hint" }, t("dash.fission.noSharers"));
  const view = h("section", { id: "fission", class: "card", "aria-labelledby": "fission-title" },
    h("h2", { id: "fission-title" }, t("dash.fission.title")),
    problem,
    h("dl", { class: "figures" }, FIGURES.map((f) => h("div", {}, h("dt", {}, t(`dash.fission.${f}`)), dd[f]))),
    h("div", { class: "charts" },
      h("figure", {}, h("figcaption", {}, t("dash.fission.graph")), graphEl, note),
      h("figure", {}, h("figcaption", {}, t("dash.fission.depth")), depthEl)),
    h("h3", {}, t("dash.fission.top")),
    h("table", { id: "fission-top", class: "compact" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "#"), h("th", { scope: "col" }, t("dash.fission.colBuyer")),
        h("th", { scope: "col", class: "num" }, t("dash.fission.colConverted")), h("th", { scope: "col", class: "num" }, t("dash.fission.colConversions")))), top),
    topEmpty);
  const graph = chartIn(graphEl), depth = chartIn(depthEl);
  let left = false, drawnShape = null;

  const reader = rereader(async () => {
    try {
      const f = await get(`${ctx.path}/fission?top=10`);
      if (!left) { problem.textContent = ""; render(f); }
    } catch (err) {
      if (!left && !ctx.ended(err)) problem.textContent = err instanceof ApiError ? err.message : t("unreachable");
    }
  }, EVERY_MS);

  function render(f) {
    for (const name of FIGURES) dd[name].textContent = name === "kFactor" ? f.kFactor.toFixed(2) : String(f[name] ?? 0);
    drawTree(f);
    const depths = Object.keys(f.depthHistogram).map(Number).sort((a, b) => a - b);
    depth.show({
      grid: { left: 48, right: 16, top: 24, bottom: 40 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", name: t("dash.fission.depthAxis"), nameLocation: "middle", nameGap: 26, data: depths.map(String) },
      yAxis: { type: "value", name: t("dash.fission.buyers"), minInterval: 1 },
      series: [{ type: "bar", name: t("dash.fission.buyers"), data: depths.map((d) => f.depthHistogram[String(d)]), itemStyle: { color: "#1677ff" } }],
    });
    depthEl.dataset.depths = depths.join(",");
    top.replaceChildren(...f.topSharers.map((s, i) => h("tr", { "data-buyer": s.buyerId },
      h("td", { "data-label": "#" }, String(i + 1)),
      h("td", { "data-label": t("dash.fission.colBuyer") }, s.buyerId),
      h("td", { class: "num", "data-label": t("dash.fission.colConverted") }, String(s.convertedBuyers)),
      h("td", { class: "num", "data-label": t("dash.fission.colConversions") }, String(s.conversions)))));
    topEmpty.hidden = f.topSharers.length > 0;
  }

  function drawTree(f) {
    // shallowest first: every drawn buyer's inviter (one level up) is drawn before them
    const nodes = [...f.tree].sort((a, b) => a.depth - b.depth).slice(0, MAX_NODES);
    const drawn = new Set(nodes.map((n) => n.buyerId));
    const links = nodes.filter((n) => n.invitedBy && drawn.has(n.invitedBy)).map((n) => ({ source: n.invitedBy, target: n.buyerId }));
    note.textContent = [f.tree.length === 0 ? t("dash.fission.empty") : "",
      f.tree.length > nodes.length ? t("dash.fission.capped", { shown: nodes.length, n: f.tree.length }) : "",
      f.truncated ? t("dash.fission.truncated") : ""].filter(Boolean).join(" ");
    const levels = Math.max(0, ...nodes.map((n) => n.depth)) + 1;
    // an unchanged tree is not laid out again: a force layout restarted at every re-read would jump
    const shape = JSON.stringify(nodes.map((n) => [n.buyerId, n.invitedBy, n.invited]));
    if (shape === drawnShape) return;
    drawnShape = shape;
    graph.show({
      // a tooltip formatter's answer is HTML to ECharts: buyer ids are escaped
      tooltip: { formatter: (p) => (p.dataType === "node" ? `${escape(p.data.name)}<br>${escape(t("dash.fission.depthLabel", { d: p.data.depth }))} · ${p.data.invited}` : "") },
      legend: { bottom: 0, type: "scroll" },
      series: [{
        type: "graph", layout: "force", roam: true, draggable: true, animation: nodes.length <= LABELS_UNDER,
        force: { repulsion: 240, edgeLength: [50, 110], gravity: 0.08 },
        categories: Array.from({ length: levels }, (_, d) => ({ name: t("dash.fission.depthLabel", { d }) })),
        label: { show: nodes.length <= LABELS_UNDER, position: "right", fontSize: 11 },
        edgeSymbol: ["none", "arrow"], edgeSymbolSize: 6,
        lineStyle: { color: "source", opacity: 0.6 },
        data: nodes.map((n) => ({ id: n.buyerId, name: n.buyerId, depth: n.depth, invited: n.invited, category: n.depth,
          symbolSize: 12 + 6 * Math.sqrt(n.invited) })),
        links,
      }],
    });
    graphEl.dataset.nodes = String(nodes.length);
    graphEl.dataset.links = String(links.length);
    graphEl.setAttribute("aria-label", t("dash.fission.graphLabel", { nodes: nodes.length, links: links.length }));
  }

  reader.soon();
  return {
    view,
    event(e) { if (MOVES_TREE.some((p) => e.type.startsWith(p))) reader.soon(); },
    leave() { left = true; reader.stop(); graph.dispose(); depth.dispose(); },
  };
}

function escape(s) {
  return String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

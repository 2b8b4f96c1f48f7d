// Creating and editing an activity of any of the ten types through the public API: POST
// /v1/activities and PATCH /v1/activities/{id} as a merge patch of only what the merchant changed.
// This is the one engine; what each type asks for is declared in forms/<type>.js (fields, their
// kinds and their words). The server decides; its refusal is shown next to the field its detail
// names ("items[0].price: ...", "rules.tiers[1].minBuyers: ...").
import { t } from "./i18n.js";
import { ApiError, send } from "./api.js";
import { h } from "./dom.js";
import { FORMS } from "./forms/index.js";
import { BASIC, LIMITS, TARGETING, TIME_ZONE } from "./forms/common.js";
import { SHOP_TIME_ZONE } from "./format.js";

export const FORM_TYPES = Object.keys(FORMS);

/** A fresh Idempotency-Key (getRandomValues also works on a plain-http shop server, randomUUID not). */
export function idempotencyKey() {
  return "console-" + [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Minutes `zone` is ahead of UTC at the instant `ms` (Intl knows every IANA zone and its summer time). */
function offsetMinutes(zone, ms) {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit", second: "2-digit" }).formatToParts(new Date(ms));
  const p = Object.fromEntries(parts.map((x) => [x.type, Number(x.value)]));
  return Math.round((Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(ms / 1000) * 1000) / 60000);
}
const two = (n) => String(n).padStart(2, "0");
/** An instant as a datetime-local value: the wall time in `zone`. */
const toLocal = (iso, zone) => {
  if (!iso) return "";
  const ms = Date.parse(iso);
  return new Date(ms + offsetMinutes(zone, ms) * 60000).toISOString().slice(0, 16);
};
/** A datetime-local value read as the wall time in `zone`, sent with that zone's offset then (+08:00 in Shanghai). */
const toInstant = (local, zone) => {
  if (!local) return undefined;
  const wall = Date.parse(`${local}:00Z`);
  const off = offsetMinutes(zone, wall - offsetMinutes(zone, wall) * 60000);
  return `${local}:00${off < 0 ? "-" : "+"}${two(Math.floor(Math.abs(off) / 60))}:${two(Math.abs(off) % 60)}`;
};
const number = (text) => (text === "" ? undefined : Number(text));
const list = (text, sep) => text.split(sep).map((s) => s.trim()).filter(Boolean);
const input = (id, attrs, value) => h("input", { id, name: id, ...attrs, value: value ?? "" });

/**
 * How each kind of field is shown and read back: `make(id, d, value)` builds the input from the
 * API's value, `read(el)` gives the API's value (undefined when empty); both get the activity's time
 * zone. Money is typed in yuan and sent in fen; a duration is typed in `d.unit` seconds (hours, days,
 * minutes); a time is picked as the wall time in the activity's zone and sent with its offset.
 */
const KINDS = {
  text: { make: (id, d, v) => input(id, { type: "text", autocomplete: "off", ...d.attrs }, v),
    read: (el) => el.value.trim() || undefined },
  int: { make: (id, d, v) => input(id, { type: "number", step: 1, inputmode: "numeric", ...d.attrs }, v),
    read: (el) => number(el.value) },
  money: { make: (id, d, v) => input(id, { type: "number", min: 0, step: "0.01", inputmode: "decimal", ...d.attrs }, v == null ? "" : (v / 100).toFixed(2)),
    read: (el) => (el.value === "" ? undefined : Math.round(Number(el.value) * 100)) },
  duration: { make: (id, d, v) => input(id, { type: "number", min: 0, step: d.step || "any", inputmode: "decimal", ...d.attrs }, v == null ? "" : v / d.unit),
    read: (el) => (el.value === "" ? undefined : Math.round(Number(el.value) * el.dataset.unit)) },
  time: { make: (id, d, v, zone) => input(id, { type: "datetime-local" }, toLocal(v, zone)), read: (el, zone) => toInstant(el.value, zone) },
  check: { make: (id, d, v) => { const el = h("input", { id, name: id, type: "checkbox" }); el.checked = v ?? d.default ?? false; return el; },
    read: (el) => el.checked },
  select: { make: (id, d, v) => h("select", { id, name: id }, (v == null || d.options.includes(v) ? d.options : [...d.options, v]).map((o) => {
    const word = t(`form.${d.word}Options.${o}`);
    return h("option", { value: o, selected: o === (v ?? d.default) }, word === `form.${d.word}Options.${o}` ? o : word); // a value kept as sent
  })),
  read: (el) => el.value || undefined },
  list: { make: (id, d, v) => input(id, { type: "text", autocomplete: "off", placeholder: d.placeholder }, (v || []).join(", ")),
    read: (el) => list(el.value, /[,，]/) },
  lines: { make: (id, d, v) => h("textarea", { id, name: id, rows: 3 }, (v || []).join("\n")), read: (el) => list(el.value, /\n/) },
};

/** Drops undefined members and empty lists, so the JSON says only what the merchant gave. */
function compact(o) {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && !(Array.isArray(v) && !v.length)));
}

const nonEmpty = (o) => (Object.keys(o).length ? o : undefined);

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** Members of `now` that differ from `before`, a removed one as null (RFC 7396). */
function changed(before = {}, now = {}) {
  const out = {};
  for (const k of new Set([...Object.keys(before), ...Object.keys(now)])) if (!same(before[k], now[k])) out[k] = now[k] ?? null;
  return out;
}

/**
 * The activity form. `activity` is the merchant's view of an existing activity (edit) or null
 * (create); `draft` keeps what was typed when the type changes. `ctx`: show(view), done(message),
 * ended(err) (a refused key), back().
 */
export function activityForm(ctx, activity, draft) {
  const editing = activity != null;
  const doc = activity || draft || { type: "seckill", items: [{}], rules: {}, targeting: {} };
  const type = doc.type;
  const spec = FORMS[type];
  const started = editing && activity.status === "RUNNING";
  const key = idempotencyKey();
  const fields = new Map(); // API field path → input
  const targets = new Set(); // everything that may carry an error, rows removed since included
  const lists = new Map(); // rules key → its repeatable rows
  const rows = [];
  let n = 0;

  const general = h("p", { id: "form-error", class: "error", role: "alert" });
  const note = started ? h("p", { id: "locked-note", class: "note" }, t("form.lockedNote")) : null;

  /** A labelled control with its explanation and its error slot; `open` says whether it may change now. */
  function field(path, label, hint, control, open = !started) {
    const id = control.id;
    const error = h("p", { id: `${id}-error`, class: "error" });
    control.setAttribute("aria-describedby", [`${id}-hint`, `${id}-error`, open ? null : "locked-note"].filter(Boolean).join(" "));
    if (!open) control.disabled = true;
    if (path) fields.set(path, control);
    targets.add(control);
    const view = h("div", { class: "field" }, h("label", { for: id }, label), control, h("p", { id: `${id}-hint`, class: "hint" }, hint), error);
    return control.type === "checkbox" ? h("div", { class: "check" }, view) : view;
  }

  /**
   * The control for descriptor `d` showing `value`, as a field at `path`. Once the activity runs
   * only a descriptor marked `open` may change (name, a later end, more stock), with its
   * `startedHint` saying how.
   */
  function described(d, id, path, value, open = d.open || !started) {
    const control = KINDS[d.kind].make(id, d, value, shownZone);
    if (d.kind === "duration") control.dataset.unit = d.unit;
    const hint = t(`form.${started && d.startedHint ? d.startedHint : d.hint || `${d.word}Hint`}`);
    return { control, view: field(path, t(`form.${d.word}`), hint, control, open) };
  }

  /** One item: its fields as the type declares them; a saved sku is fixed. */
  function itemRow(item, existing) {
    const i = n++;
    const row = { existing, inputs: {} };
    rows.push(row);
    const views = spec.item.map((d) => {
      const open = d.open || (!started && !(d.fixedOnceSaved && existing));
      const { control, view } = described(d, `f-items-${i}-${d.key}`, `items[${i}].${d.key}`, d.from ? d.from(item) : item[d.key], open);
      row.inputs[d.key] = control;
      return view;
    });
    return h("fieldset", { class: "item", "data-row": i }, h("legend", {}, t("form.item", { n: i + 1 })), views);
  }

  /** A repeatable list (tiers): rows of the declared sub-fields, added and removed by the merchant. */
  function rowList(d, values) {
    const id = `f-${d.key}`;
    const box = h("fieldset", { id, class: "rows", tabindex: -1, "aria-describedby": `${id}-hint ${id}-error` });
    const list = { box, rows: [], n: 0 };
    lists.set(d.key, list);
    targets.add(box);
    const body = h("div", { class: "rows-body" });
    const add = h("button", { type: "button", id: `${id}-add`, class: "secondary", disabled: started,
      onclick: () => { if (list.rows.length < d.max) body.append(oneRow({})); renumber(); } }, t("form.addRow"));
    /** Rows are told by their place in the list, which is also how a refusal names them. */
    function renumber() {
      list.rows.forEach((row, j) => {
        row.legend.textContent = t(`form.${d.word}Row`, { n: j + 1 });
        row.remove.setAttribute("aria-label", t("form.removeRowNamed", { n: j + 1 }));
      });
      add.disabled = started || list.rows.length >= d.max;
    }
    function oneRow(value) {
      const rowId = `${id}-${list.n++}`; // ids stay unique as rows come and go
      const row = { inputs: {}, el: null, legend: h("legend") };
      const views = d.of.map((s) => {
        const { control, view } = described(s, `${rowId}-${s.key}`, null, value[s.key]);
        row.inputs[s.key] = control;
        return view;
      });
      row.remove = h("button", { type: "button", class: "link remove", disabled: started,
        onclick: () => { list.rows.splice(list.rows.indexOf(row), 1); row.el.remove(); renumber(); } }, t("form.removeRow"));
      row.el = h("fieldset", { id: rowId, class: "row", tabindex: -1, "aria-describedby": `${rowId}-error` },
        row.legend, views, row.remove, h("p", { id: `${rowId}-error`, class: "error" }));
      targets.add(row.el);
      list.rows.push(row);
      return row.el;
    }
    body.append(...(values || []).map(oneRow));
    renumber();
    box.append(h("legend", {}, t(`form.${d.word}`)), h("p", { id: `${id}-hint`, class: "hint" }, t(`form.${d.word}Hint`)),
      body, add, h("p", { id: `${id}-error`, class: "error" }));
    return box;
  }

  const rules = doc.rules || {}, targeting = doc.targeting || {};
  const shownZone = rules.timeZone || SHOP_TIME_ZONE; // the zone the stored times are shown in
  const typeSelect = h("select", { id: "f-type", name: "type", onchange: (e) => activityForm(ctx, null, { ...collect(), type: e.target.value }) },
    FORM_TYPES.map((ty) => h("option", { value: ty, selected: ty === type }, t(`type.${ty}`))));
  if (editing) typeSelect.disabled = true;
  const top = {}, rule = {}, target = {}, limit = {};
  const nested = {}; // rules key of an object (milestone) → its fields' controls
  const place = (into, d, path, value, id = `f-${d.key}`) => { const { control, view } = described(d, id, path, value); into[d.key] = control; return view; };
  /** A field of an object inside the rules (`in`: rules.milestone.helps); a refusal naming the whole object lands on its first field. */
  const placeIn = (d) => {
    const view = place(nested[d.in] ??= {}, d, `rules.${d.in}.${d.key}`, rules[d.in]?.[d.key], `f-${d.in}-${d.key}`);
    if (!fields.has(`rules.${d.in}`)) fields.set(`rules.${d.in}`, nested[d.in][d.key]);
    return view;
  };
  const basic = BASIC.map((d) => place(top, d, d.key, doc[d.key]));
  const zoneView = place(rule, TIME_ZONE, "rules.timeZone", rules.timeZone);
  const ruleFields = [TIME_ZONE, ...spec.rules];
  const ruleViews = spec.rules.map((d) => (d.kind === "rows" ? rowList(d, rules[d.key])
    : d.in ? placeIn(d) : place(rule, d, `rules.${d.key}`, rules[d.key])));
  // activity-wide defaults of the items' limits: creation only (the API does not patch them; an item's own limit is edited)
  const limitViews = editing ? [] : LIMITS.map((d) => place(limit, d, `limits.${d.key}`, doc.limits?.[d.key], `f-limits-${d.key}`));
  const targetViews = TARGETING.map((d) => place(target, d, `targeting.${d.key}`, targeting[d.key]));

  const items = h("div", { class: "items" }, (doc.items?.length ? doc.items : [{}]).map((item) => itemRow(item, editing)));
  const addItem = spec.singleItem ? null : h("button", { type: "button", id: "f-add-item", class: "secondary", disabled: started,
    onclick: () => items.append(itemRow({}, false)) }, t("form.addItem"));

  const zone = () => rule.timeZone.value; // the times are read in the zone chosen now
  const read = (controls, descriptors) => compact(Object.fromEntries(descriptors.filter((d) => controls[d.key])
    .map((d) => [d.key, KINDS[d.kind].read(controls[d.key], zone())])));

  /** The creation document the form describes now. */
  function collect() {
    const ruleValues = read(rule, ruleFields);
    for (const [key, controls] of Object.entries(nested)) {
      const value = read(controls, spec.rules.filter((d) => d.in === key));
      if (Object.keys(value).length) ruleValues[key] = value;
    }
    for (const d of spec.rules.filter((r) => r.kind === "rows")) {
      const values = lists.get(d.key).rows.map((r) => read(r.inputs, d.of)).filter((v) => Object.keys(v).length);
      if (values.length) ruleValues[d.key] = values;
    }
    return compact({
      type,
      ...read(top, BASIC),
      items: rows.map((r) => read(r.inputs, spec.item)),
      limits: editing ? undefined : nonEmpty(read(limit, LIMITS)),
      rules: ruleValues,
      targeting: read(target, TARGETING),
    });
  }
  const before = collect();

  /** The merge patch from what the form showed at opening to what it says now (items by sku). */
  function patch() {
    const now = collect();
    const pick = (o) => Object.fromEntries(BASIC.map((d) => [d.key, o[d.key]]));
    const out = changed(pick(before), pick(now));
    const itemChanges = now.items.map((item, i) => {
      const was = before.items[i];
      if (!was) return item;
      const diff = changed(was, item);
      return Object.keys(diff).length ? { ...diff, sku: was.sku } : null;
    }).filter(Boolean);
    if (itemChanges.length) out.items = itemChanges;
    for (const part of ["rules", "targeting"]) {
      const diff = changed(before[part], now[part]);
      if (Object.keys(diff).length) out[part] = diff;
    }
    return out;
  }

  function clearErrors() {
    general.textContent = "";
    for (const el of targets) {
      el.removeAttribute("aria-invalid");
      const slot = document.getElementById(`${el.id}-error`);
      if (slot) slot.textContent = "";
    }
  }

  /**
   * The element a refusal's field path names: a field by its path, items[A1].stock by sku, a
   * list's row by position (rules.tiers[1].minBuyers, rules.tiers[1], rules.tiers); else null.
   */
  function fieldOf(path) {
    if (fields.has(path)) return fields.get(path);
    const bySku = /^items\[(.+)\]\.(\w+)$/.exec(path);
    if (bySku) {
      const i = rows.findIndex((r) => r.inputs.sku?.value.trim() === bySku[1]);
      return i < 0 ? null : fields.get(`items[${i}].${bySku[2]}`) || null;
    }
    const inList = /^rules\.(\w+)(?:\[(\d+)\](?:\.(\w+))?)?$/.exec(path);
    const list = inList && lists.get(inList[1]);
    if (!list) return null;
    const row = inList[2] == null ? null : list.rows[Number(inList[2])];
    return (row && (row.inputs[inList[3]] || row.el)) || list.box;
  }

  function showRefusal(err) {
    const problem = err.problem || {};
    const prefix = t(`refused.${problem.code}`) === `refused.${problem.code}` ? "" : t(`refused.${problem.code}`);
    let first = null;
    const rest = [];
    for (const part of String(problem.detail || err.message).split("; ")) {
      const m = /^([\w.[\]:/-]+): (.*)$/s.exec(part);
      const el = m && fieldOf(m[1]);
      if (!el) { rest.push(part); continue; }
      el.setAttribute("aria-invalid", "true");
      const slot = document.getElementById(`${el.id}-error`);
      slot.textContent = (slot.textContent ? slot.textContent + "; " : prefix) + m[2];
      first ??= el;
    }
    if (rest.length) general.textContent = prefix + rest.join("; ");
    (first || general).focus?.();
    if (!first) general.scrollIntoView({ block: "center" });
  }

  const submit = h("button", { type: "submit", id: "f-submit" }, t(editing ? "form.save" : "form.create"));
  const form = h("form", { id: "activity-form", class: "card activity-form", novalidate: true, "data-type": type, onsubmit: async (e) => {
    e.preventDefault();
    clearErrors();
    const body = editing ? patch() : collect();
    if (editing && !Object.keys(body).length) { general.textContent = t("form.nothingChanged"); return; }
    submit.disabled = true;
    try {
      const saved = editing
        ? await send("PATCH", `/v1/activities/${encodeURIComponent(activity.id)}`, body, key, "application/merge-patch+json")
        : await send("POST", "/v1/activities", body, key);
      ctx.done(t(editing ? "form.saved" : "form.created", { name: saved.name }));
    } catch (err) {
      submit.disabled = false;
      if (ctx.ended(err)) return;
      if (err instanceof ApiError) showRefusal(err); else general.textContent = t("unreachable");
    }
  } },
  h("h1", { id: "form-title" }, editing ? t("form.editTitle", { name: activity.name }) : t("form.newTitle")),
  note,
  h("section", { "aria-labelledby": "sec-basic" }, h("h2", { id: "sec-basic" }, t("form.basic")),
    field("type", t("form.type"), `${t(`form.about.${type}`)} ${t("form.typeFixed")}`, typeSelect, !editing),
    basic[0], h("div", { class: "pair" }, basic[1], basic[2]), zoneView, basic.slice(3)),
  h("section", { "aria-labelledby": "sec-items" }, h("h2", { id: "sec-items" }, t("form.items")), items, addItem,
    limitViews.length ? h("div", { class: "pair" }, limitViews) : null),
  ruleViews.length ? h("section", { "aria-labelledby": "sec-rules" }, h("h2", { id: "sec-rules" }, t("form.rules")), ruleViews) : null,
  h("section", { "aria-labelledby": "sec-targeting" }, h("h2", { id: "sec-targeting" }, t("form.targeting")), targetViews),
  general,
  h("div", { class: "buttons" }, submit, h("button", { type: "button", id: "f-back", class: "secondary", onclick: ctx.back }, t("form.back"))));
  general.tabIndex = -1;
  ctx.show(form);
  (editing ? top.name : typeSelect).focus();
}

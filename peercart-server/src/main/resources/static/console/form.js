// Creating and editing an activity (seckill, groupOn) through the public API: POST /v1/activities
// and PATCH /v1/activities/{id} as a merge patch of only what the merchant changed. The server
// decides; its refusal is shown next to the field its detail names ("items[0].price: ...").
import { t } from "./i18n.js";
import { ApiError, send } from "./api.js";
import { h } from "./dom.js";

export const FORM_TYPES = ["seckill", "groupOn"];
// Asia/Shanghai has kept +08:00 all year since 1991: a datetime-local value there is that instant.
const SHOP_OFFSET = "+08:00";
const SHOP_OFFSET_MS = 8 * 3600 * 1000;

/** A fresh Idempotency-Key (getRandomValues also works on a plain-http shop server, randomUUID not). */
export function idempotencyKey() {
  return "console-" + [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, "0")).join("");
}

const toLocal = (iso) => (iso ? new Date(Date.parse(iso) + SHOP_OFFSET_MS).toISOString().slice(0, 16) : "");
const toInstant = (local) => (local ? `${local}:00${SHOP_OFFSET}` : undefined);
const yuan = (fen) => (fen == null ? "" : (fen / 100).toFixed(2));
const fen = (text) => (text === "" ? undefined : Math.round(Number(text) * 100));
const whole = (text) => (text === "" ? undefined : Number(text));
const list = (text, sep) => text.split(sep).map((s) => s.trim()).filter(Boolean);

/** Drops undefined members and empty lists, so the JSON says only what the merchant gave. */
function compact(o) {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && !(Array.isArray(v) && !v.length)));
}

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
  const started = editing && activity.status === "RUNNING";
  const key = idempotencyKey();
  const fields = new Map(); // API field path → input
  const rows = [];
  let n = 0;

  const general = h("p", { id: "form-error", class: "error", role: "alert" });
  const note = started ? h("p", { id: "locked-note", class: "note" }, t("form.lockedNote")) : null;

  /** A labelled input with its explanation and its error slot; `open` says whether it may change now. */
  function field(path, label, hint, input, open = !started) {
    const id = input.id;
    const error = h("p", { id: `${id}-error`, class: "error" });
    input.setAttribute("aria-describedby", [`${id}-hint`, `${id}-error`, open ? null : "locked-note"].filter(Boolean).join(" "));
    if (!open) input.disabled = true;
    fields.set(path, input);
    return h("div", { class: "field" }, h("label", { for: id }, label), input, h("p", { id: `${id}-hint`, class: "hint" }, hint), error);
  }
  const input = (id, attrs, value) => {
    const el = h("input", { id, name: id, ...attrs });
    if (attrs.type === "checkbox") el.checked = !!value; else el.value = value ?? "";
    return el;
  };

  function itemRow(item, existing) {
    const i = n++;
    const p = `items[${i}].`, id = (f) => `f-items-${i}-${f}`;
    const price = type === "groupOn" ? "groupPrice" : "price";
    const row = { existing, sku: input(id("sku"), { type: "text", maxlength: 64, autocomplete: "off" }, item.sku),
      price: input(id(price), { type: "number", min: 0, step: "0.01", inputmode: "decimal" }, yuan(item.price ?? item.groupPrice)),
      originalPrice: input(id("originalPrice"), { type: "number", min: 0, step: "0.01", inputmode: "decimal" }, yuan(item.originalPrice)),
      stock: input(id("stock"), { type: "number", min: 1, step: 1 }, item.stock),
      limitPerBuyer: input(id("limitPerBuyer"), { type: "number", min: 1, step: 1 }, item.limitPerBuyer) };
    rows.push(row);
    return h("fieldset", { class: "item", "data-row": i }, h("legend", {}, t("form.item", { n: i + 1 })),
      field(p + "sku", t("form.sku"), t("form.skuHint"), row.sku, !started && !existing),
      field(p + price, t(`form.${price}`), t(`form.${price}Hint`), row.price),
      field(p + "originalPrice", t("form.originalPrice"), t("form.originalPriceHint"), row.originalPrice),
      field(p + "stock", t("form.stock"), t(started ? "form.stockRaiseHint" : "form.stockHint"), row.stock, true),
      field(p + "limitPerBuyer", t("form.limitPerBuyer"), t("form.limitPerBuyerHint"), row.limitPerBuyer));
  }

  const rules = doc.rules || {}, targeting = doc.targeting || {};
  const f = {
    type: h("select", { id: "f-type", name: "type", onchange: (e) => activityForm(ctx, null, { ...collect(), type: e.target.value }) },
      FORM_TYPES.map((ty) => h("option", { value: ty, selected: ty === type }, t(`type.${ty}`)))),
    name: input("f-name", { type: "text", maxlength: 200, required: true }, doc.name),
    startsAt: input("f-startsAt", { type: "datetime-local" }, toLocal(doc.startsAt)),
    endsAt: input("f-endsAt", { type: "datetime-local" }, toLocal(doc.endsAt)),
    timeSlots: input("f-timeSlots", { type: "text", placeholder: "10:00-12:00, 20:00-22:00" }, (rules.timeSlots || []).join(", ")),
    groupSize: input("f-groupSize", { type: "number", min: 2, max: 100, step: 1 }, rules.groupSize),
    groupTtlHours: input("f-groupTtlSeconds", { type: "number", min: 0, step: "0.5" }, rules.groupTtlSeconds == null ? "" : rules.groupTtlSeconds / 3600),
    newCustomersOnly: input("f-newCustomersOnly", { type: "checkbox" }, targeting.newCustomersOnly),
    requiredTags: input("f-requiredTags", { type: "text" }, (targeting.requiredTags || []).join(", ")),
    excludedBuyers: h("textarea", { id: "f-excludedBuyers", name: "f-excludedBuyers", rows: 3 }, (targeting.excludedBuyers || []).join("\n")),
  };
  if (editing) f.type.disabled = true;

  const items = h("div", { class: "items" }, (doc.items || [{}]).map((item) => itemRow(item, editing)));
  const addItem = h("button", { type: "button", id: "f-add-item", class: "secondary", disabled: started,
    onclick: () => items.append(itemRow({}, false)) }, t("form.addItem"));
  const typeRules = type === "seckill"
    ? [field("rules.timeSlots", t("form.timeSlots"), t("form.timeSlotsHint"), f.timeSlots)]
    : [field("rules.groupSize", t("form.groupSize"), t("form.groupSizeHint"), f.groupSize),
      field("rules.groupTtlSeconds", t("form.groupTtl"), t("form.groupTtlHint"), f.groupTtlHours)];

  /** The creation document the form describes now. */
  function collect() {
    const price = type === "groupOn" ? "groupPrice" : "price";
    return compact({
      type,
      name: f.name.value.trim() || undefined,
      startsAt: toInstant(f.startsAt.value),
      endsAt: toInstant(f.endsAt.value),
      items: rows.map((r) => compact({ sku: r.sku.value.trim() || undefined, [price]: fen(r.price.value),
        originalPrice: fen(r.originalPrice.value), stock: whole(r.stock.value), limitPerBuyer: whole(r.limitPerBuyer.value) })),
      rules: compact(type === "seckill" ? { timeSlots: list(f.timeSlots.value, /[,，]/) }
        : { groupSize: whole(f.groupSize.value), groupTtlSeconds: f.groupTtlHours.value === "" ? undefined : Math.round(Number(f.groupTtlHours.value) * 3600) }),
      targeting: compact({ newCustomersOnly: f.newCustomersOnly.checked, requiredTags: list(f.requiredTags.value, /[,，]/),
        excludedBuyers: list(f.excludedBuyers.value, /\n/) }),
    });
  }
  const before = collect();

  /** The merge patch from what the form showed at opening to what it says now (items by sku). */
  function patch() {
    const now = collect();
    const out = changed({ name: before.name, startsAt: before.startsAt, endsAt: before.endsAt },
      { name: now.name, startsAt: now.startsAt, endsAt: now.endsAt });
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
    for (const el of fields.values()) {
      el.removeAttribute("aria-invalid");
      document.getElementById(`${el.id}-error`).textContent = "";
    }
  }

  /** The input a refusal's field path names: items[2].stock by position, items[A1].stock by sku. */
  function fieldOf(path) {
    if (fields.has(path)) return fields.get(path);
    const bySku = /^items\[(.+)\]\.(\w+)$/.exec(path);
    if (!bySku) return null;
    const i = rows.findIndex((r) => r.sku.value.trim() === bySku[1]);
    return i < 0 ? null : fields.get(`items[${i}].${bySku[2]}`) || null;
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
  const form = h("form", { id: "activity-form", class: "card activity-form", novalidate: true, onsubmit: async (e) => {
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
    field("type", t("form.type"), t("form.typeHint"), f.type, !editing),
    field("name", t("form.name"), t("form.nameHint"), f.name, true),
    h("div", { class: "pair" },
      field("startsAt", t("form.startsAt"), t("form.timeHint"), f.startsAt),
      field("endsAt", t("form.endsAt"), t(started ? "form.endsAtLaterHint" : "form.timeHint"), f.endsAt, true))),
  h("section", { "aria-labelledby": "sec-items" }, h("h2", { id: "sec-items" }, t("form.items")), items, addItem),
  h("section", { "aria-labelledby": "sec-rules" }, h("h2", { id: "sec-rules" }, t("form.rules")), typeRules),
  h("section", { "aria-labelledby": "sec-targeting" }, h("h2", { id: "sec-targeting" }, t("form.targeting")),
    h("div", { class: "check" }, field("targeting.newCustomersOnly", t("form.newCustomersOnly"), t("form.newCustomersOnlyHint"), f.newCustomersOnly)),
    field("targeting.requiredTags", t("form.requiredTags"), t("form.requiredTagsHint"), f.requiredTags),
    field("targeting.excludedBuyers", t("form.excludedBuyers"), t("form.excludedBuyersHint"), f.excludedBuyers)),
  general,
  h("div", { class: "buttons" }, submit, h("button", { type: "button", id: "f-back", class: "secondary", onclick: ctx.back }, t("form.back"))));
  general.tabIndex = -1;
  ctx.show(form);
  (editing ? f.name : f.type).focus();
}

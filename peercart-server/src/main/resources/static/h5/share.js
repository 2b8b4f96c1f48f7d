// Share links on the buyer page, for the panels that bring friends (group.js, fission.js): what the
// page was opened through (?shareId=, ?group=), the buyer's own link (POST /v1/shares, one per buyer
// per activity) turned into this page's URL, and a box that shows it with a copy button. The link
// never carries the token: it is built from the page's path, and the token left the URL on arrival.
import { h } from "/console/dom.js";
import { addWords, t } from "./i18n.js";
import { Refusal, idempotencyKey, post, refusalText, token } from "./buyer.js";

addWords({
  zh: { share: { make: "生成我的分享链接", making: "正在生成…", title: "分享给好友", link: "分享链接",
    copy: "复制链接", copied: "已复制，发给好友吧", copyByHand: "请长按链接手动复制" } },
  en: { share: { make: "Get my share link", making: "Getting the link…", title: "Share with friends", link: "Share link",
    copy: "Copy link", copied: "Copied: send it to a friend", copyByHand: "Press and hold the link to copy it" } },
});

/** The share link and group this page was opened through (?shareId=..&group=..), or null each. */
export function arrival() {
  const q = new URLSearchParams(location.search);
  const clean = (v) => (v && /^[A-Za-z0-9_-]{1,128}$/.test(v) ? v : null); // what an id looks like, nothing else is passed on
  return { shareId: clean(q.get("shareId")), groupId: clean(q.get("group")) };
}

/** This page's URL for a friend: the same activity with `params` (shareId, group) in the query. */
export function pageLink(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  return `${location.origin}${location.pathname}?${q}`;
}

/**
 * A share box, kept across redraws in `state` (`{link, busy, refusal, copied, key}`): a button that
 * gets the buyer's link for `activityId` (under the link they came through, `parentShareId`), then
 * the link in a read-only field with a copy button. `extra` adds query params (a group to join).
 */
export function shareBox(state, activityId, parentShareId, extra, page) {
  if (!token()) return null;
  const refusal = state.refusal && h("p", { id: "share-refusal", class: "refusal", role: "alert" }, refusalText(state.refusal));
  if (!state.link) {
    return h("section", { class: "share", "aria-labelledby": "share-title" },
      h("h2", { id: "share-title" }, t("share.title")),
      h("button", { type: "button", id: "share-make", class: "ghost", disabled: state.busy, onclick: () => make(state, activityId, parentShareId, extra, page) },
        state.busy ? t("share.making") : t("share.make")),
      refusal);
  }
  const field = h("input", { id: "share-link", type: "text", readonly: true, value: state.link, "aria-labelledby": "share-link-label",
    onfocus: (e) => e.target.select() });
  const said = h("p", { id: "share-copied", class: "hint", role: "status" }, state.copied ? t(`share.${state.copied}`) : "");
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(state.link);
      state.copied = "copied";
    } catch { // no clipboard (an older WebView, or not allowed): the link is selected for the buyer to copy
      field.focus();
      field.select();
      state.copied = document.execCommand?.("copy") ? "copied" : "copyByHand";
    }
    said.textContent = t(`share.${state.copied}`);
  };
  return h("section", { class: "share", "aria-labelledby": "share-title" },
    h("h2", { id: "share-title" }, t("share.title")),
    h("label", { id: "share-link-label", class: "label", for: "share-link" }, t("share.link")),
    h("div", { class: "share-row" }, field, h("button", { type: "button", id: "share-copy", class: "ghost", onclick: copy }, t("share.copy"))),
    said);
}

async function make(state, activityId, parentShareId, extra, page) {
  state.busy = true;
  state.refusal = null;
  state.key ||= idempotencyKey();
  page.redraw();
  try {
    const share = await post("/v1/shares", parentShareId ? { activityId, parentShareId } : { activityId }, state.key);
    state.key = null;
    state.shareId = share.shareId;
    state.link = pageLink({ ...extra, shareId: share.shareId });
  } catch (e) {
    if (!(e instanceof Refusal)) throw e;
    if (e.status) state.key = null;
    state.refusal = e;
  } finally {
    state.busy = false;
    page.redraw();
  }
}

// "Preview as buyer" (买家视角预览): mints a buyer token for a throwaway preview buyer with the
// merchant's key (POST /v1/buyer-tokens, public API) and opens the activity's buyer page in a new
// tab with the token in the fragment (/h5/{id}#token=...), never in a query string, so it reaches
// neither the server's logs nor a Referer.
import { addWords, t } from "./i18n.js";
import { ApiError, send } from "./api.js";
import { h } from "./dom.js";
import { idempotencyKey } from "./form.js";

const PREVIEW_TTL_SECONDS = 3600;

addWords({
  zh: { preview: "买家视角预览", previewNamed: "以买家视角预览 {name}（新标签页）", previewFailed: "无法打开预览：{reason}" },
  en: { preview: "Preview as buyer", previewNamed: "Preview {name} as a buyer (new tab)", previewFailed: "The preview could not open: {reason}" },
});

/** A preview buyer id, new each time, so a preview never shares orders or limits with a real buyer. */
const previewBuyer = () => "preview-" + idempotencyKey().slice("console-".length, "console-".length + 12);

/** The row's preview button; `failed(err)` shows a refusal (and ends the session on a refused key). */
export function previewButton(a, failed) {
  return h("button", { type: "button", class: "link preview", "aria-label": t("previewNamed", { name: a.name }),
    onclick: async (e) => {
      const button = e.currentTarget;
      button.disabled = true;
      try {
        const minted = await send("POST", "/v1/buyer-tokens", { buyerId: previewBuyer(), ttlSeconds: PREVIEW_TTL_SECONDS }, idempotencyKey());
        window.open(`/h5/${encodeURIComponent(a.id)}#token=${encodeURIComponent(minted.token)}`, "_blank", "noopener");
      } catch (err) {
        failed(err, t("previewFailed", { reason: err instanceof ApiError ? err.message : t("unreachable") }));
      } finally {
        button.disabled = false;
      }
    } }, t("preview"));
}

// Counts this browser once among the activity's visitors (POST /v1/activities/{id}/visits), the
// first step of the merchant dashboard's funnel. The visitor id is random, kept in localStorage so a
// visitor coming back is not counted again; nothing is sent about who the visitor is.
import { idempotencyKey } from "./buyer.js";

const KEY = "peercart.visitor";

export function recordVisit(activityId) {
  let visitor = localStorage.getItem(KEY);
  if (!visitor) {
    visitor = idempotencyKey().replace("h5-", "v-"); // random, and works without https
    localStorage.setItem(KEY, visitor);
  }
  fetch(`/v1/activities/${encodeURIComponent(activityId)}/visits`, { method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" }, body: JSON.stringify({ visitorId: visitor }) })
    .catch(() => {}); // a visit not counted never stops the page
}

// The console's only way to the server: the public HTTP API, with the merchant's key from
// sessionStorage (never in a URL, gone when the tab closes). It also learns the server's clock from
// each answer's Date header, so countdowns count against the server, not a laptop's wrong clock.
const KEY = "peercart.apiKey";
let skewMs = 0;

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export const session = {
  key: () => sessionStorage.getItem(KEY),
  keep: (key) => sessionStorage.setItem(KEY, key),
  forget: () => sessionStorage.removeItem(KEY),
};

/** The server's now, in epoch milliseconds. */
export function serverNow() {
  return Date.now() + skewMs;
}

/** GET `path` as JSON with `key` (default: the session's); a refusal throws ApiError with the problem. */
export async function get(path, key = session.key()) {
  return answer(await fetch(path, { headers: { Authorization: `Bearer ${key}`, Accept: "application/json" } }));
}

/**
 * A merchant write: `method` `path` with `body` as JSON (`contentType` for a merge patch) and the
 * `idempotencyKey` the caller keeps for one user intent, so a retried click is the same request.
 */
export async function send(method, path, body, idempotencyKey, contentType = "application/json") {
  const headers = { Authorization: `Bearer ${session.key()}`, Accept: "application/json", "Idempotency-Key": idempotencyKey };
  if (body !== undefined) headers["Content-Type"] = contentType;
  return answer(await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }));
}

/** GET `path` as a file of type `accept` (text/csv) with the session's key: a Blob; a refusal throws ApiError. */
export async function download(path, accept) {
  const res = await fetch(path, { headers: { Authorization: `Bearer ${session.key()}`, Accept: accept } });
  return res.ok ? res.blob() : answer(res);
}

async function answer(res) {
  const date = Date.parse(res.headers.get("Date") || "");
  if (!Number.isNaN(date)) skewMs = date - Date.now();
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, body);
  return body;
}

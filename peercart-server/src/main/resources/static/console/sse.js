// A Server-Sent Events reader over fetch(). The browser's EventSource cannot send an Authorization
// header, and the merchant's key must never go into a URL, so the console reads the stream itself:
// a fetch with the key in its header, the body parsed as the SSE format (WHATWG HTML §9.2), and on a
// dropped connection a reconnect after the server's `retry:` with `Last-Event-ID`, so the server
// replays what was missed (no gap, no duplicate). When what was missed is older than the server
// keeps, the server sends one `reset` message instead (docs/events.md): it reaches `onEvent` like
// any other, and the caller reloads what it shows; its id moves `Last-Event-ID` past the gap.

/**
 * Opens `path` as an event stream with `key`. `onEvent({id, event, data})` gets each message;
 * `onState(state)` gets "connecting", "live", "reconnecting" and, once the server refuses the
 * stream, "refused" with its status (then it stops). Returns `close()`, which ends the stream.
 */
export function openStream(path, key, { onEvent, onState }) {
  let lastId = null;
  let retryMs = 1000;
  let closed = false;
  let controller = null;
  let wake = null;

  async function run() {
    onState("connecting");
    while (!closed) {
      controller = new AbortController();
      try {
        const headers = { Authorization: `Bearer ${key}`, Accept: "text/event-stream" };
        if (lastId !== null) headers["Last-Event-ID"] = lastId;
        const res = await fetch(path, { headers, cache: "no-store", signal: controller.signal });
        if (!res.ok) {
          await res.body?.cancel();
          if (res.status >= 400 && res.status < 500 && res.status !== 429) {
            closed = true;
            onState("refused", res.status);
            return;
          }
        } else {
          onState("live");
          await read(res.body);
        }
      } catch (err) {
        if (closed) return; // close() aborted the fetch
      }
      if (closed) return;
      onState("reconnecting");
      await new Promise((resolve) => { wake = resolve; setTimeout(resolve, retryMs); });
    }
  }

  /** Reads one connection's body to its end, dispatching each complete message. */
  async function read(body) {
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    let message = { data: [], event: "", id: null };
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      const lines = buffer.split(/\r\n|\r|\n/);
      buffer = lines.pop(); // an unfinished line waits for the next chunk
      for (const line of lines) {
        if (line === "") {
          if (message.id !== null) lastId = message.id;
          if (message.data.length) onEvent({ id: lastId, event: message.event || "message", data: message.data.join("\n") });
          message = { data: [], event: "", id: null };
          continue;
        }
        if (line.startsWith(":")) continue; // a comment: the server's heartbeat
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        let value = colon < 0 ? "" : line.slice(colon + 1);
        if (value.startsWith(" ")) value = value.slice(1);
        if (field === "data") message.data.push(value);
        else if (field === "event") message.event = value;
        else if (field === "id" && !value.includes("\0")) message.id = value;
        else if (field === "retry" && /^\d+$/.test(value)) retryMs = Number(value);
      }
    }
  }

  run();
  return () => {
    closed = true;
    controller?.abort();
    wake?.();
  };
}

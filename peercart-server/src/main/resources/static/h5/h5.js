// The buyer page's shell: one page for every activity, which reads the activity id from its own
// URL (/h5/{id}) and shows what anyone may see of it (GET /v1/activities/{id}/public): the name,
// the status and a countdown against the server's clock. Buying and the per-type parts come later.
const id = decodeURIComponent(location.pathname.split("/").pop());
const page = document.getElementById("page");
const STATUS = { SCHEDULED: "未开始", RUNNING: "进行中", ENDED: "已结束", CANCELLED: "已取消" };

function text(tag, id, value) {
  const el = document.createElement(tag);
  el.id = id;
  el.textContent = value;
  return el;
}

async function show() {
  const res = await fetch(`/v1/activities/${encodeURIComponent(id)}/public`, { headers: { Accept: "application/json" } });
  if (!res.ok) {
    page.replaceChildren(text("p", "state", res.status === 404 ? "活动不存在" : "暂时无法打开，请稍后再试"));
    return;
  }
  const a = await res.json();
  const skew = Date.parse(a.serverTime) - Date.now();
  const countdown = text("p", "countdown", "");
  const target = a.status === "SCHEDULED" ? a.startsAt : a.status === "RUNNING" ? a.endsAt : null;
  const tick = () => {
    if (!target) return;
    const s = Math.max(0, Math.floor((Date.parse(target) - Date.now() - skew) / 1000));
    const two = (n) => String(n).padStart(2, "0");
    countdown.textContent = `${a.status === "SCHEDULED" ? "距开始" : "距结束"} ${Math.floor(s / 86400) ? Math.floor(s / 86400) + "天 " : ""}`
      + `${two(Math.floor(s / 3600) % 24)}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;
  };
  tick();
  setInterval(tick, 1000);
  document.title = a.name;
  page.replaceChildren(text("h1", "name", a.name), text("p", "status", STATUS[a.status] || a.status), countdown);
}

show().catch(() => page.replaceChildren(text("p", "state", "网络不可用，请稍后再试")));

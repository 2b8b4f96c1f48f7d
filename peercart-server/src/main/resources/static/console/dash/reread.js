// What the panels that read their own part of the API share: a re-read after events that is
// throttled (the first event of a quiet spell reads at once, a burst collapses into one read at the
// end of the window, two reads never overlap, nothing runs after stop()), and a chart that is
// created once its element is on the page and disposed when the dashboard closes.
import * as echarts from "/vendor/echarts.js";

/** `read()` (an async function that handles its own errors) again at most every `everyMs`. */
export function rereader(read, everyMs) {
  let timer = null, last = -Infinity, reading = false, again = false, stopped = false;
  async function run() {
    timer = null;
    if (reading) { again = true; return; }
    reading = true;
    last = performance.now();
    try {
      await read();
    } finally {
      reading = false;
      if (again) { again = false; soon(); }
    }
  }
  function soon() {
    if (timer || stopped) return;
    timer = setTimeout(run, Math.max(0, last + everyMs - performance.now()));
  }
  return { soon, stop() { stopped = true; clearTimeout(timer); } };
}

/**
 * An ECharts chart in `el`: `show(option)` draws (replacing the previous option; the chart is made
 * on the first call that finds `el` on the page, so ECharts measures a real size), `dispose()`
 * frees it. The chart follows the window's size.
 */
export function chartIn(el) {
  let chart = null, pending = null, frame = 0;
  const resize = () => chart?.resize();
  function draw() {
    frame = 0;
    if (!pending) return;
    if (!el.isConnected) { frame = requestAnimationFrame(draw); return; }
    if (!chart) {
      chart = echarts.init(el, null, { renderer: "canvas" });
      addEventListener("resize", resize);
    }
    chart.setOption(pending, { notMerge: true });
    pending = null;
  }
  return {
    show(option) { pending = option; if (!frame) draw(); },
    dispose() {
      cancelAnimationFrame(frame);
      removeEventListener("resize", resize);
      chart?.dispose();
      chart = null;
    },
  };
}

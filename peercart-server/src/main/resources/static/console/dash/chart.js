// One ECharts chart inside a dashboard panel: made on its element the first time it is drawn on
// screen (ECharts measures the element, so not while the panel is still detached), resized with
// the window, disposed when the dashboard closes. Every panel's chart goes through this.
import * as echarts from "/vendor/echarts.js";

export function chart(el) {
  let instance = null, option = null, waiting = false;
  const resize = () => instance?.resize();
  addEventListener("resize", resize);
  function draw() {
    waiting = false;
    if (!option) return;
    if (!instance) {
      if (!el.isConnected || !el.clientWidth) { later(); return; }
      instance = echarts.init(el);
    }
    instance.setOption(option, { notMerge: true, lazyUpdate: true });
  }
  function later() {
    if (!waiting) { waiting = true; requestAnimationFrame(draw); }
  }
  return {
    /** Draws `o` (a full ECharts option), now or once the element is on screen. */
    set(o) { option = o; draw(); },
    dispose() {
      option = null;
      removeEventListener("resize", resize);
      instance?.dispose();
      instance = null;
    },
  };
}

// One ECharts chart inside a dashboard panel: made on its element the first time it is drawn on
// screen (ECharts measures the element, so not while the panel is still detached), resized with
// the window, disposed when the dashboard closes. Every panel's chart goes through this.
import * as echarts from "/vendor/echarts.js";
import { locale } from "../i18n.js";
import { SHOP_TIME_ZONE } from "../format.js";

/** A time axis' label in the shop's time zone (ECharts would use the browser's): HH:mm, or the date for `daily`. */
export function shopAxisTime(ms, daily = false) {
  return new Intl.DateTimeFormat(locale(), { timeZone: SHOP_TIME_ZONE, hourCycle: "h23",
    ...(daily ? { month: "2-digit", day: "2-digit" } : { hour: "2-digit", minute: "2-digit" }) }).format(new Date(ms));
}

/** A time x-axis labelled in the shop's time zone, its pointer too. */
export function shopTimeAxis(daily = false) {
  const formatter = (v) => shopAxisTime(typeof v === "object" ? v.value : v, daily);
  return { type: "time", axisLabel: { formatter, hideOverlap: true }, axisPointer: { label: { formatter } } };
}

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

// The buyer page's words in Chinese (the buyers' language, the default) and English. The choice is
// the same localStorage preference as the console's ("peercart.lang"): a preference, not a secret.
const WORDS = {
  zh: {
    switchTo: "English", loading: "加载中…", notFound: "活动不存在", unavailable: "暂时无法打开，请稍后再试",
    offline: "网络不可用，请稍后再试",
    status: { SCHEDULED: "未开始", RUNNING: "进行中", ENDED: "已结束", CANCELLED: "已取消" },
    startsIn: "距开始", endsIn: "距结束", days: "{d}天 ",
    price: "秒杀价", originalPrice: "原价", left: "剩余 {n} 件", soldOut: "已抢光", item: "商品",
    quantity: "数量", less: "减少数量", more: "增加数量", limit: "每人限购 {n} 件",
    buy: "立即抢购", buying: "正在抢购…", notStarted: "即将开抢", ended: "活动已结束", cancelled: "活动已取消",
    outsideSlot: "不在开抢时段", slots: "每日开抢时段：{slots}",
    readOnly: "请从商城进入本页面后购买：这里只能浏览活动。",
    order: "抢购成功", orderId: "订单号", orderStatus: "订单状态", amount: "应付金额", payIn: "请在 {t} 内完成支付",
    payClosed: "支付时间已过", quantityOf: "{n} 件",
    orderStatusName: { PENDING_PAYMENT: "待支付", PAID: "已支付", RELEASED: "已成交", CANCELLED: "已取消",
      REFUNDED: "已退款", REFUND_REQUESTED: "退款中" },
    refused: {
      SOLD_OUT: "已抢光", LIMIT_REACHED: "你已达到每人限购的 {limit} 件，不能再买了", NOT_STARTED: "活动还没开始，请稍后再来",
      ENDED: "活动已结束", ACTIVITY_CANCELLED: "活动已取消", OUTSIDE_TIME_SLOT: "现在不在开抢时段内",
      NOT_ELIGIBLE: "你暂时不能参加这个活动：{why}", TOKEN_EXPIRED: "登录已过期，请回到商城重新进入本页面",
      UNAUTHORIZED: "登录信息无效，请回到商城重新进入本页面", ORDER_LIMIT_EXCEEDED: "每单购买的件数超过上限：{detail}",
      OVERLOADED: "人太多了，请稍后再试", UNAVAILABLE: "人太多了，请稍后再试", IDEMPOTENCY_IN_PROGRESS: "正在处理上一次抢购，请稍候",
      other: "抢购失败：{detail}", network: "网络不可用，请稍后再试",
    },
    why: { excluded: "你不在本活动的参与名单内", newOnly: "本活动仅限新客参与", tag: "本活动需要会员标签「{tag}」" },
  },
  en: {
    switchTo: "中文", loading: "Loading…", notFound: "This activity does not exist", unavailable: "The page cannot open right now; try again shortly",
    offline: "No network; try again shortly",
    status: { SCHEDULED: "Not started", RUNNING: "On now", ENDED: "Ended", CANCELLED: "Cancelled" },
    startsIn: "Starts in", endsIn: "Ends in", days: "{d}d ",
    price: "Deal price", originalPrice: "Was", left: "{n} left", soldOut: "Sold out", item: "Item",
    quantity: "Quantity", less: "Fewer", more: "More", limit: "Limit {n} per buyer",
    buy: "Buy now", buying: "Buying…", notStarted: "Starting soon", ended: "The sale has ended", cancelled: "The sale was cancelled",
    outsideSlot: "Not in a sale hour", slots: "Daily sale hours: {slots}",
    readOnly: "Open this page from the shop to buy; here you can only look.",
    order: "You got it", orderId: "Order", orderStatus: "Status", amount: "To pay", payIn: "Pay within {t}",
    payClosed: "The time to pay has passed", quantityOf: "{n} pcs",
    orderStatusName: { PENDING_PAYMENT: "Awaiting payment", PAID: "Paid", RELEASED: "Done", CANCELLED: "Cancelled",
      REFUNDED: "Refunded", REFUND_REQUESTED: "Refund pending" },
    refused: {
      SOLD_OUT: "Sold out", LIMIT_REACHED: "You already have the limit of {limit}; you cannot buy more", NOT_STARTED: "The sale has not started yet",
      ENDED: "The sale has ended", ACTIVITY_CANCELLED: "The sale was cancelled", OUTSIDE_TIME_SLOT: "This is not a sale hour",
      NOT_ELIGIBLE: "You cannot take part in this sale: {why}", TOKEN_EXPIRED: "Your sign-in has expired; open this page from the shop again",
      UNAUTHORIZED: "Your sign-in is not valid; open this page from the shop again", ORDER_LIMIT_EXCEEDED: "Too many for one order: {detail}",
      OVERLOADED: "Too many buyers right now; try again shortly", UNAVAILABLE: "Too many buyers right now; try again shortly",
      IDEMPOTENCY_IN_PROGRESS: "Your last try is still being handled; wait a moment",
      other: "That did not work: {detail}", network: "No network; try again shortly",
    },
    why: { excluded: "you are not on this sale's list", newOnly: "this sale is for new customers only", tag: "this sale needs the member tag “{tag}”" },
  },
};

const KEY = "peercart.lang";

export function lang() {
  return localStorage.getItem(KEY) === "en" ? "en" : "zh";
}

export function setLang(l) {
  localStorage.setItem(KEY, l);
  document.documentElement.lang = l === "en" ? "en" : "zh-CN";
}

/**
 * Adds a page's own words ({zh: {...}, en: {...}}) to the shared ones, so each page module keeps
 * its words beside its code. Groups merge; a word already there stays (two pages cannot fight).
 */
export function addWords(more) {
  const merge = (into, from) => {
    for (const [k, v] of Object.entries(from)) {
      if (v && typeof v === "object" && into[k] && typeof into[k] === "object") merge(into[k], v);
      else if (!(k in into)) into[k] = v;
    }
  };
  for (const l of Object.keys(WORDS)) if (more[l]) merge(WORDS[l], more[l]);
}

/** The word for `key` ("status.RUNNING" reaches into a group), with {name} placeholders filled; null when there is none. */
export function word(key, vars = {}) {
  const w = key.split(".").reduce((g, part) => (g == null ? g : g[part]), WORDS[lang()]);
  return w == null ? null : String(w).replace(/\{(\w+)\}/g, (_, name) => String(vars[name] ?? ""));
}

/** Like `word`, but the key itself when there is no word (a page never shows an empty label). */
export function t(key, vars = {}) {
  return word(key, vars) ?? key;
}

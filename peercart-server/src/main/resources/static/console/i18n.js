// The console's words in Chinese (the merchants' language, the default) and English. The choice
// is kept in localStorage: it is a preference, not a secret.
const WORDS = {
  zh: {
    title: "PeerCart 商家后台", switchTo: "English", signOut: "退出登录",
    signInTitle: "登录商家后台", keyLabel: "API 密钥", keyHint: "密钥只保存在本浏览器标签页中，关闭标签页即失效。",
    signIn: "登录", checking: "正在验证…", keyMissing: "请输入 API 密钥。",
    keyRefused: "密钥无效或已被吊销，请检查后重试。", keyForbidden: "这个凭证不能查看活动（需要商家密钥）。",
    unreachable: "无法连接服务器，请稍后重试。", sessionEnded: "密钥已失效，请重新登录。",
    activities: "活动", filterType: "类型", filterStatus: "状态", all: "全部", loading: "加载中…",
    none: "没有符合条件的活动。", more: "加载更多", timeZone: "时区",
    colName: "名称", colType: "类型", colStatus: "状态", colTime: "时间（{tz}）", colCountdown: "倒计时",
    colOrders: "订单", colPaid: "已支付", colGmv: "成交额",
    startsIn: "距开始 {t}", endsIn: "距结束 {t}", days: "{d}天 ",
    type: { seckill: "秒杀", auction: "降价拍", groupOn: "多人拼团", luckyDrawGroup: "抽奖拼团", tuan: "阶梯团购",
      fCode: "F码专享", pointsExchange: "积分兑换", presentExchange: "赠品领取", helpDepositExpansion: "助力定金膨胀",
      inSourcingFission: "内购裂变" },
    status: { SCHEDULED: "未开始", RUNNING: "进行中", ENDED: "已结束", CANCELLED: "已取消" },
  },
  en: {
    title: "PeerCart merchant console", switchTo: "中文", signOut: "Sign out",
    signInTitle: "Sign in to the console", keyLabel: "API key", keyHint: "The key stays in this browser tab only and is forgotten when the tab closes.",
    signIn: "Sign in", checking: "Checking…", keyMissing: "Enter an API key.",
    keyRefused: "This key is not valid or was revoked. Check it and try again.", keyForbidden: "This credential cannot list activities (a merchant key is needed).",
    unreachable: "The server cannot be reached; try again shortly.", sessionEnded: "The key is no longer valid; sign in again.",
    activities: "Activities", filterType: "Type", filterStatus: "Status", all: "All", loading: "Loading…",
    none: "No activities match.", more: "Load more", timeZone: "Time zone",
    colName: "Name", colType: "Type", colStatus: "Status", colTime: "Time ({tz})", colCountdown: "Countdown",
    colOrders: "Orders", colPaid: "Paid", colGmv: "GMV",
    startsIn: "starts in {t}", endsIn: "ends in {t}", days: "{d}d ",
    type: { seckill: "Seckill", auction: "Auction", groupOn: "Group buy", luckyDrawGroup: "Lucky-draw group", tuan: "Tiered group buy",
      fCode: "F-code", pointsExchange: "Points exchange", presentExchange: "Gift", helpDepositExpansion: "Help deposit expansion",
      inSourcingFission: "Insider fission" },
    status: { SCHEDULED: "Scheduled", RUNNING: "Running", ENDED: "Ended", CANCELLED: "Cancelled" },
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

/** The word for `key` ("type.seckill" reaches into a group), with {name} placeholders filled. */
export function t(key, vars = {}) {
  let word = key.split(".").reduce((w, part) => (w == null ? w : w[part]), WORDS[lang()]);
  if (word == null) word = key;
  return String(word).replace(/\{(\w+)\}/g, (_, name) => String(vars[name] ?? ""));
}

/** A locale for Intl formatting in the chosen language. */
export function locale() {
  return lang() === "en" ? "en-GB" : "zh-CN";
}

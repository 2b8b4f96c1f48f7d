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
    colActions: "操作", edit: "编辑", editNamed: "编辑 {name}", cancel: "取消活动", cancelNamed: "取消活动 {name}",
    newActivity: "新建活动", cancelTitle: "取消活动「{name}」？", cancelText: "取消后买家不能再参与，此操作不可撤销；未支付的订单会被关闭。",
    cancelConfirm: "确认取消", cancelDismiss: "返回", cancelled: "已取消活动「{name}」。",
    refused: { VALIDATION_FAILED: "请检查：", UNKNOWN_FIELD: "不认识的字段：", NOT_EDITABLE: "活动已开始，不能这样修改：",
      ACTIVITY_NOT_EDITABLE: "活动已结束或已取消，不能再修改：", SKU_CONFLICT: "商品编码与其他进行中的活动冲突：" },
    form: { newTitle: "新建活动", editTitle: "编辑「{name}」", basic: "基本信息", items: "商品", rules: "活动规则", targeting: "参与条件",
      lockedNote: "活动已开始：只能修改名称、把结束时间延后、增加库存，其他内容已锁定。",
      type: "活动类型", typeHint: "秒杀：限时限量低价抢购；多人拼团：凑满人数才按拼团价成交。创建后不能更改类型。",
      name: "活动名称", nameHint: "买家在活动页看到的标题，例如“双十一·龙井茶限时秒杀”。",
      startsAt: "开始时间", endsAt: "结束时间", timeHint: "按店铺时区（Asia/Shanghai，北京时间）填写。",
      endsAtLaterHint: "按店铺时区（北京时间）填写；活动开始后只能延后。",
      item: "商品 {n}", sku: "商品编码（SKU）", skuHint: "你的系统里这件商品的编码；同一编码不能同时参加两个重叠的活动。",
      price: "秒杀价（元）", priceHint: "买家实际支付的单价，精确到分。",
      groupPrice: "拼团价（元）", groupPriceHint: "成团后每位成员支付的单价，精确到分。",
      originalPrice: "原价（元）", originalPriceHint: "划线价，只用于展示，可不填。",
      stock: "库存", stockHint: "本活动可售的件数。", stockRaiseHint: "活动已开始：只能增加库存，新增的件数立即可售。",
      limitPerBuyer: "每人限购", limitPerBuyerHint: "每位买家在本活动中最多购买的件数，不填则为 1。",
      addItem: "添加商品",
      timeSlots: "每日开抢时段", timeSlotsHint: "可不填。填了则只在这些时段内可以下单，格式 10:00-12:00，多个用逗号分隔（北京时间）。",
      groupSize: "成团人数", groupSizeHint: "包括团长在内凑满多少人才算成团（2–100）。",
      groupTtl: "成团时限（小时）", groupTtlHint: "团长付款后多久内凑不满人数即拼团失败并退款；不填为 24 小时。",
      newCustomersOnly: "仅限新客", newCustomersOnlyHint: "勾选后只有新客户可以参与。",
      requiredTags: "需要的买家标签", requiredTagsHint: "买家必须带有全部这些标签才能参与，例如 vip；多个用逗号分隔，可不填。",
      excludedBuyers: "排除的买家", excludedBuyersHint: "这些买家 ID 不能参与，每行一个；买家看不到这份名单。",
      create: "创建活动", save: "保存修改", back: "返回列表", nothingChanged: "没有任何修改。",
      created: "已创建活动「{name}」。", saved: "已保存「{name}」。" },
    dashboardNamed: "{name} 的实时看板",
    dash: { back: "← 返回活动列表", connecting: "正在连接…", live: "实时", reconnecting: "重新连接中…", refused: "实时数据不可用",
      stock: "库存", stockLabel: "共 {total} 件：已售 {sold}，已下单待付 {reserved}，节点预留 {leased}，可售 {available}",
      total: "总量", sold: "已售", reserved: "待支付", leased: "节点预留", available: "可售",
      figures: "核心数据", participants: "参与人数", orders: "订单", paid: "已支付", gmv: "成交额", conversion: "转化率",
      groups: "拼团", group: { forming: "待开团", open: "拼团中", succeeded: "已成团", failed: "已失败" }, successRate: "成团率",
      recentOrders: "最新订单", noOrders: "打开看板后还没有新订单。",
      event: { order: { created: "下单", paid: "支付", released: "发货", cancelled: "取消",
        refunded: "退款", partially_refunded: "部分退款", refund_requested: "待退款", cashback: "返现" } } },
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
    colActions: "Actions", edit: "Edit", editNamed: "Edit {name}", cancel: "Cancel", cancelNamed: "Cancel {name}",
    newActivity: "New activity", cancelTitle: "Cancel “{name}”?", cancelText: "Buyers can no longer take part and this cannot be undone; unpaid orders are closed.",
    cancelConfirm: "Cancel the activity", cancelDismiss: "Keep it", cancelled: "“{name}” was cancelled.",
    refused: { VALIDATION_FAILED: "Check this: ", UNKNOWN_FIELD: "Unknown field: ", NOT_EDITABLE: "The activity has started: ",
      ACTIVITY_NOT_EDITABLE: "The activity is over or cancelled: ", SKU_CONFLICT: "A SKU is in another overlapping activity: " },
    form: { newTitle: "New activity", editTitle: "Edit “{name}”", basic: "Basics", items: "Items", rules: "Rules", targeting: "Who may take part",
      lockedNote: "The activity has started: only its name, a later end and more stock may change; the rest is locked.",
      type: "Type", typeHint: "Seckill: limited stock at a low price for a short time. Group buy: the group price once enough buyers join. The type cannot change later.",
      name: "Name", nameHint: "The title buyers see on the activity's page.",
      startsAt: "Starts", endsAt: "Ends", timeHint: "In the shop's time zone (Asia/Shanghai).",
      endsAtLaterHint: "In the shop's time zone (Asia/Shanghai); once started it may only move later.",
      item: "Item {n}", sku: "SKU", skuHint: "The item's code in your system; one SKU cannot be in two overlapping activities.",
      price: "Seckill price (¥)", priceHint: "What a buyer pays per unit, to the fen.",
      groupPrice: "Group price (¥)", groupPriceHint: "What each member pays per unit once the group is full.",
      originalPrice: "Original price (¥)", originalPriceHint: "The struck-through price, shown only; optional.",
      stock: "Stock", stockHint: "Units for sale in this activity.", stockRaiseHint: "Started: stock may only go up; added units sell at once.",
      limitPerBuyer: "Limit per buyer", limitPerBuyerHint: "Most units one buyer may buy in this activity; 1 if empty.",
      addItem: "Add an item",
      timeSlots: "Daily time slots", timeSlotsHint: "Optional. Orders only inside these slots, e.g. 10:00-12:00, comma separated (shop time).",
      groupSize: "Group size", groupSizeHint: "How many buyers, the leader included, fill a group (2–100).",
      groupTtl: "Time to fill (hours)", groupTtlHint: "A group not full this long after its leader paid fails and is refunded; 24 h if empty.",
      newCustomersOnly: "New customers only", newCustomersOnlyHint: "Only new customers may take part.",
      requiredTags: "Required buyer tags", requiredTagsHint: "A buyer needs all these tags (e.g. vip), comma separated; optional.",
      excludedBuyers: "Excluded buyers", excludedBuyersHint: "These buyer ids may not take part, one per line; buyers never see this list.",
      create: "Create", save: "Save changes", back: "Back to the list", nothingChanged: "Nothing was changed.",
      created: "“{name}” was created.", saved: "“{name}” was saved." },
    dashboardNamed: "Live dashboard of {name}",
    dash: { back: "← Back to the activities", connecting: "Connecting…", live: "Live", reconnecting: "Reconnecting…", refused: "Live figures unavailable",
      stock: "Stock", stockLabel: "{total} units: {sold} sold, {reserved} awaiting payment, {leased} leased to nodes, {available} available",
      total: "Total", sold: "Sold", reserved: "Awaiting payment", leased: "Leased to nodes", available: "Available",
      figures: "Headline figures", participants: "Participants", orders: "Orders", paid: "Paid", gmv: "GMV", conversion: "Conversion",
      groups: "Groups", group: { forming: "Forming", open: "Open", succeeded: "Succeeded", failed: "Failed" }, successRate: "Success rate",
      recentOrders: "Recent orders", noOrders: "No new orders since the dashboard opened.",
      event: { order: { created: "Ordered", paid: "Paid", released: "Released", cancelled: "Cancelled",
        refunded: "Refunded", partially_refunded: "Partly refunded", refund_requested: "Refund due", cashback: "Cashback" } } },
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

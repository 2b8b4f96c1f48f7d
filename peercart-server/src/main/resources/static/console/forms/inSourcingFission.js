// The inSourcingFission form (内购裂变, docs/fission.md): goods at an internal price that also
// takes internal-purchase coupons, earned by employees at the start and by inviting friends.
import { addWords } from "../i18n.js";
import { limitPerBuyer, money, originalPrice, sku, stock, whole } from "./common.js";

export const inSourcingFission = {
  item: [sku, money("price", "inSourcingFission.price"), originalPrice, stock, limitPerBuyer],
  rules: [whole("couponsPerUnit", "inSourcingFission.couponsPerUnit", { min: 1 }),
    whole("initialCoupons", "inSourcingFission.initialCoupons", { min: 0 }),
    whole("couponsPerInvite", "inSourcingFission.couponsPerInvite", { min: 0 }),
    whole("inviteeCoupons", "inSourcingFission.inviteeCoupons", { min: 0 }),
    whole("maxInvitesPerDay", "inSourcingFission.maxInvitesPerDay", { min: 1 })],
};

addWords({
  zh: { form: {
    about: { inSourcingFission: "内购裂变：按内购价购买需要内购券；员工自带内购券，邀请好友可以赚更多。" },
    inSourcingFission: { price: "内购价（元）", priceHint: "用内购券购买时每件的价格。",
      couponsPerUnit: "每件所需内购券", couponsPerUnitHint: "买一件要用几张内购券；不填为 1。",
      initialCoupons: "员工初始内购券", initialCouponsHint: "带有 employee 标签的买家一开始拥有的内购券；不填为 0。",
      couponsPerInvite: "每邀请一位好友得券", couponsPerInviteHint: "好友通过分享链接领券后，分享人得到的内购券；不填为 1。",
      inviteeCoupons: "被邀请好友得券", inviteeCouponsHint: "好友第一次领券时自己得到的内购券；不填为 0。",
      maxInvitesPerDay: "每天最多计入邀请", maxInvitesPerDayHint: "分享人每天最多因多少位好友得券（按活动时区计天）；不填为 20。" },
  } },
  en: { form: {
    about: { inSourcingFission: "Insider fission: buying at the internal price takes internal coupons; employees start with some and everyone earns more by inviting friends." },
    inSourcingFission: { price: "Internal price (¥)", priceHint: "What a unit costs with coupons.",
      couponsPerUnit: "Coupons per unit", couponsPerUnitHint: "Coupons one unit takes; 1 if empty.",
      initialCoupons: "Employees' starting coupons", initialCouponsHint: "Coupons a buyer with the employee tag starts with; 0 if empty.",
      couponsPerInvite: "Coupons per friend invited", couponsPerInviteHint: "What a sharer earns when a friend claims through their link; 1 if empty.",
      inviteeCoupons: "Coupons for the friend", inviteeCouponsHint: "What the friend gets on their first claim; 0 if empty.",
      maxInvitesPerDay: "Invites credited per day", maxInvitesPerDayHint: "Friends a sharer earns coupons for per day (days in the activity's time zone); 20 if empty." },
  } },
});

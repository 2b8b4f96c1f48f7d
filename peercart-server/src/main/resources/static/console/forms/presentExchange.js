// The presentExchange form (赠品领取, docs/points.md): one free gift, claimed by every eligible
// buyer or only by buyers the merchant (or another activity) granted it to.
import { addWords } from "../i18n.js";
import { check, sku, stock, whole } from "./common.js";

export const presentExchange = {
  item: [sku, stock],
  singleItem: true,
  rules: [whole("claimLimitPerBuyer", "presentExchange.claimLimitPerBuyer", { min: 1 }),
    check("openClaims", "presentExchange.openClaims", { default: true })],
};

addWords({
  zh: { form: {
    about: { presentExchange: "赠品领取：买家免费领取一件赠品；可以人人可领，也可以只给你指定的买家或其他活动奖励的买家。" },
    presentExchange: { claimLimitPerBuyer: "每人可领份数", claimLimitPerBuyerHint: "每位买家最多领几份；不填为 1。",
      openClaims: "所有符合条件的买家都可领", openClaimsHint: "不勾选时，只有被发放了赠品资格的买家才能领取。" },
  } },
  en: { form: {
    about: { presentExchange: "Gift: buyers claim one free gift; open to everyone, or only to the buyers you (or another activity) grant it to." },
    presentExchange: { claimLimitPerBuyer: "Claims per buyer", claimLimitPerBuyerHint: "Most gifts one buyer may claim; 1 if empty.",
      openClaims: "Every eligible buyer may claim", openClaimsHint: "Unticked: only buyers granted the gift may claim it." },
  } },
});

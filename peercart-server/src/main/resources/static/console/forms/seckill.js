// The seckill form (秒杀, docs/seckill.md): a low price for limited stock, optional daily slots.
import { addWords } from "../i18n.js";
import { limitPerBuyer, money, originalPrice, sku, stock, timeSlots } from "./common.js";

export const seckill = {
  item: [sku, money("price", "price"), originalPrice, stock, limitPerBuyer],
  rules: [timeSlots],
};

addWords({
  zh: { form: { about: { seckill: "秒杀：限时限量的低价抢购，每人限购。" } } },
  en: { form: { about: { seckill: "Seckill: limited stock at a low price for a short time, a limit per buyer." } } },
});

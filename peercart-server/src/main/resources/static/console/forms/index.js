// Every activity type's form part, in the console's type order: the engine (../form.js) offers
// these types in its type picker and fills its sections from them.
import { seckill } from "./seckill.js";
import { auction } from "./auction.js";
import { groupOn } from "./groupOn.js";
import { luckyDrawGroup } from "./luckyDrawGroup.js";
import { tuan } from "./tuan.js";
import { fCode } from "./fCode.js";
import { pointsExchange } from "./pointsExchange.js";
import { presentExchange } from "./presentExchange.js";
import { helpDepositExpansion } from "./helpDepositExpansion.js";
import { inSourcingFission } from "./inSourcingFission.js";

export const FORMS = { seckill, auction, groupOn, luckyDrawGroup, tuan, fCode, pointsExchange, presentExchange,
  helpDepositExpansion, inSourcingFission };

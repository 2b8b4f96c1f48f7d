-- Partial refunds (docs/orders.md, "Refunds"). refunded: what the merchant's refunds of the order
-- returned so far, in fen; OrderRules.refundable keeps amount - cashback - refunded >= 0 under the
-- order row's lock. order_refunds: each refund the merchant recorded (amount, the merchant's reason,
-- when), numbered per order from 1, so the order's page can list them; at most
-- Limits.MAX_REFUNDS_PER_ORDER per order.
ALTER TABLE orders ADD COLUMN refunded BIGINT NOT NULL DEFAULT 0 CHECK (refunded >= 0);
CREATE TABLE order_refunds (
  shop_id TEXT NOT NULL,
  order_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  amount BIGINT NOT NULL CHECK (amount >= 0),
  reason TEXT NOT NULL,
  refunded_at BIGINT NOT NULL,
  PRIMARY KEY (shop_id, order_id, seq)
) ${without_rowid};

-- GET /v1/members/{buyerId} reads a buyer's share links, the helps they gave and the helps on
-- their deposits, newest first, and counts what came through each link: without these, each
-- read would scan the shop's (or an activity's) rows.
CREATE INDEX shares_by_buyer ON shares (shop_id, buyer_id, created_at);
CREATE INDEX helps_by_helper ON helps (shop_id, helper_id, created_at);
CREATE INDEX helps_by_initiator ON helps (shop_id, initiator_id, created_at);
CREATE INDEX share_arrivals_by_share ON share_arrivals (shop_id, share_id);

-- A debit reads a member's live lots in spending order (soonest expiry first, never-expiring last,
-- then oldest) only until it is paid, and expiry reads only the lots past due: a member who has
-- received many transfers holds many live lots, and reading all of them made each transfer's cost
-- grow with the member's history.
CREATE INDEX points_lots_spending ON points_lots (shop_id, buyer_id, (COALESCE(expires_at, 9223372036854775807)), created_at, id)
  WHERE remaining > 0;

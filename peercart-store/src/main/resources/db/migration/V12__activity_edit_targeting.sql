-- Targeting (who may take part): {"newCustomersOnly":..,"requiredTags":[..],"excludedBuyers":[..]}
-- as JSON, NULL for an activity open to anyone (every activity created before this column).
-- Read with the activity; checked at every buyer participation (core Targeting).
ALTER TABLE activities ADD COLUMN targeting TEXT;

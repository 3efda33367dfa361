-- A handled update only guards against re-delivery (its update_id), so the update as Telegram sent it,
-- message text and names included, is dropped when it is handled rather than kept for two more days.
-- Updates given up on keep theirs, with last_error, for whoever looks into why. It also makes the
-- "handled" row version small: it is written once per update, and every byte goes to the WAL.
ALTER TABLE telegram_update ALTER COLUMN payload DROP NOT NULL;
UPDATE telegram_update SET payload = NULL WHERE handled_at IS NOT NULL AND last_error IS NULL;

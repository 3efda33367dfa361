-- Attempts of a queued job are limited (#16, run --max-attempts): a job whose workers keep dying (killed, hung,
-- cut off from the database) lost every lease and was claimed again for ever. inference_attempt cannot count
-- them, since the bot's publish bumps it too (it numbers the job's writers, so that stale writes are refused);
-- inference_claims counts the claims of the request as last published, and a claim takes a job only while it
-- is below inference_claim_limit, which the bot sets when it publishes (the worker that claims does not know the
-- bot's setting). Jobs published before this migration get the bot's default limit.
ALTER TABLE generation
    ADD COLUMN inference_claims      INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN inference_claim_limit INTEGER NOT NULL DEFAULT 3;

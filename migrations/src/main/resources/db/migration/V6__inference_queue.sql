-- Inference through the database (#8, run --inference queue): the bot publishes the prepared request of a
-- 'running' generation; a worker claims it with a lease (FOR UPDATE SKIP LOCKED), streams text back as
-- numbered parts and writes the result. Each claim bumps inference_attempt: parts and results of an
-- attempt whose lease expired are ignored, so a job redone by another worker gives one answer.
ALTER TABLE generation
    -- the prompt as JSON (a copy of chat text: deleted with the generation by /forget and retention, cleared once answered)
    ADD COLUMN inference_request  JSONB,
    ADD COLUMN inference_attempt  INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN worker_id          TEXT,
    ADD COLUMN lease_until        TIMESTAMPTZ,
    ADD COLUMN inference_result   JSONB;
CREATE INDEX generation_inference_open ON generation (id)
    WHERE inference_request IS NOT NULL AND inference_result IS NULL;
-- Partial text of one attempt, in order; the bot reads parts after the last seq it showed.
CREATE TABLE generation_part (
    generation_id BIGINT  NOT NULL REFERENCES generation (id) ON DELETE CASCADE,
    attempt       INTEGER NOT NULL,
    seq           INTEGER NOT NULL,
    delta         TEXT    NOT NULL,
    PRIMARY KEY (generation_id, attempt, seq)
);
-- Workers alive: /readyz in queue mode wants one seen recently.
CREATE TABLE inference_worker (
    id         TEXT PRIMARY KEY,
    model      TEXT        NOT NULL,
    slots      INTEGER     NOT NULL,
    started_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    seen_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

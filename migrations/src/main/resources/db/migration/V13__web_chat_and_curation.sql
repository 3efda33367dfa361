-- The web chat and the operator's dashboard (#19).
--
-- A web user is a user of its own, like an API key: its conversations, answers and votes go through the same rows,
-- lanes and fair queue as a Telegram user's, in a chat of kind 'web' that belongs to it. Its chat and user ids lie in
-- a range neither Telegram ids nor API keys reach: -(2^61) - web user id.
CREATE TABLE web_user (
    id         BIGSERIAL PRIMARY KEY,
    admin      BOOLEAN     NOT NULL DEFAULT false,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- One-time links made by `saiga-bot web invite`. Only the token's SHA-256 is stored: a copy of the database opens
-- nothing.
CREATE TABLE web_invite (
    token_hash  TEXT PRIMARY KEY,
    admin       BOOLEAN     NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at  TIMESTAMPTZ NOT NULL,
    used_at     TIMESTAMPTZ,
    web_user_id BIGINT REFERENCES web_user (id) ON DELETE SET NULL,
    CHECK ((used_at IS NULL) = (web_user_id IS NULL))
);

-- A browser's session, set by opening an invite. The cookie holds the token; the CSRF token is sent by the page in a
-- header on every change, and is useless without the cookie.
CREATE TABLE web_session (
    token_hash   TEXT PRIMARY KEY,
    web_user_id  BIGINT      NOT NULL REFERENCES web_user (id) ON DELETE CASCADE,
    csrf_token   TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_seen_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX web_session_by_user ON web_session (web_user_id);

ALTER TABLE chat DROP CONSTRAINT chat_kind_check;
ALTER TABLE chat ADD CONSTRAINT chat_kind_check
    CHECK (kind IN ('private', 'group', 'supergroup', 'channel', 'api', 'web'));

ALTER TABLE feedback DROP CONSTRAINT feedback_source_check;
ALTER TABLE feedback ADD CONSTRAINT feedback_source_check CHECK (source IN ('button', 'reaction', 'api', 'web'));

-- What an operator took out of training on the dashboard: one answer, or a whole conversation, with the reason.
-- `train export` leaves these out and counts them in the dataset card. Deleting the answer or conversation (/forget,
-- retention) deletes its mark.
CREATE TABLE training_exclusion (
    id              BIGSERIAL PRIMARY KEY,
    message_id      BIGINT REFERENCES message (id) ON DELETE CASCADE,
    conversation_id BIGINT REFERENCES conversation (id) ON DELETE CASCADE,
    reason          TEXT        NOT NULL CHECK (reason <> '' AND length(reason) <= 500),
    excluded_by     BIGINT REFERENCES web_user (id) ON DELETE SET NULL,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK ((message_id IS NULL) <> (conversation_id IS NULL))
);
CREATE UNIQUE INDEX training_exclusion_one_per_message ON training_exclusion (message_id) WHERE message_id IS NOT NULL;
CREATE UNIQUE INDEX training_exclusion_one_per_conversation ON training_exclusion (conversation_id)
    WHERE conversation_id IS NOT NULL;

-- The dashboard's charts aggregate answers by day and hour.
CREATE INDEX message_answers_by_time ON message (created_at) WHERE role = 'assistant';

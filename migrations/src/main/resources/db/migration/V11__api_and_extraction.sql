-- The OpenAI-compatible API and JSON extraction (#18).
--
-- An API key is a user of its own: its requests go through the same generation rows, lanes and fair queue as a
-- Telegram user's, in a chat of kind 'api' that belongs to the key. Its chat and user ids lie in a range no
-- Telegram id reaches (Telegram ids have at most 52 significant bits): -(2^60) - key id.
CREATE TABLE api_key (
    id                  BIGSERIAL PRIMARY KEY,
    name                TEXT        NOT NULL UNIQUE,
    -- SHA-256 of the key, hex; the key itself is printed once and never stored
    key_hash            TEXT        NOT NULL UNIQUE,
    -- the key's first characters, so that `api-keys list` can tell keys apart
    key_prefix          TEXT        NOT NULL,
    -- null: no per-minute limit beyond the queue's
    requests_per_minute INTEGER CHECK (requests_per_minute > 0),
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_used_at        TIMESTAMPTZ,
    revoked_at          TIMESTAMPTZ
);

ALTER TABLE chat DROP CONSTRAINT chat_kind_check;
ALTER TABLE chat ADD CONSTRAINT chat_kind_check CHECK (kind IN ('private', 'group', 'supergroup', 'channel', 'api'));

-- What a conversation is for: a chat; a JSON extraction (/extract: its answers must follow output_schema); an API
-- exchange stored with "store": true; or an API exchange the caller did not ask to store, which lives only while
-- its request runs (the request travels through the database like every other) and is deleted afterwards.
ALTER TABLE conversation
    ADD COLUMN purpose       TEXT NOT NULL DEFAULT 'chat'
        CHECK (purpose IN ('chat', 'extract', 'api', 'api_unstored')),
    ADD COLUMN output_schema TEXT;
CREATE INDEX conversation_unstored ON conversation (id) WHERE purpose = 'api_unstored';

-- What an API caller asked for beyond the chat's settings (sampling, stop strings, response format, adapter), as
-- JSON; null for every Telegram answer.
ALTER TABLE generation ADD COLUMN request_options JSONB;

-- Votes sent by programs (POST /v1/feedback).
ALTER TABLE feedback DROP CONSTRAINT feedback_source_check;
ALTER TABLE feedback ADD CONSTRAINT feedback_source_check CHECK (source IN ('button', 'reaction', 'api'));

-- JSON schemas a bot admin registered with /schema add, for /extract.
CREATE TABLE extraction_schema (
    name       TEXT PRIMARY KEY,
    schema     TEXT        NOT NULL,
    created_by BIGINT REFERENCES tg_user (id) ON DELETE SET NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

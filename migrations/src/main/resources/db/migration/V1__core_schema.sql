-- The bot's memory and the training module's source. Telegram ids are BIGINT: chat ids of
-- supergroups are below -10^12 and user ids exceed 2^31.

CREATE TABLE tg_user (
    id            BIGINT PRIMARY KEY,
    first_name    TEXT,
    username      TEXT,
    language_code TEXT,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE chat (
    id                      BIGINT PRIMARY KEY,
    kind                    TEXT        NOT NULL CHECK (kind IN ('private', 'group', 'supergroup', 'channel')),
    title                   TEXT,
    -- false once Telegram answers 403 (blocked by the user, bot kicked from the group)
    active                  BOOLEAN     NOT NULL DEFAULT true,
    settings                JSONB       NOT NULL DEFAULT '{}'::jsonb,
    current_conversation_id BIGINT,
    created_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at              TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE conversation (
    id            BIGSERIAL PRIMARY KEY,
    chat_id       BIGINT      NOT NULL REFERENCES chat (id) ON DELETE CASCADE,
    -- forum topic (message_thread_id); 0 outside forums, so it can be part of unique keys
    thread_id     BIGINT      NOT NULL DEFAULT 0,
    title         TEXT,
    -- the system prompt the conversation really used: the training export needs it verbatim
    system_prompt TEXT        NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX conversation_by_chat ON conversation (chat_id, id);

ALTER TABLE chat
    ADD CONSTRAINT chat_current_conversation_fk
        FOREIGN KEY (current_conversation_id) REFERENCES conversation (id) ON DELETE SET NULL;

CREATE TABLE message (
    id                BIGSERIAL PRIMARY KEY,
    conversation_id   BIGINT      NOT NULL REFERENCES conversation (id) ON DELETE CASCADE,
    -- denormalised so every query can be scoped by chat without a join
    chat_id           BIGINT      NOT NULL REFERENCES chat (id) ON DELETE CASCADE,
    role              TEXT        NOT NULL CHECK (role IN ('user', 'assistant')),
    author_id         BIGINT REFERENCES tg_user (id) ON DELETE SET NULL,
    content           TEXT        NOT NULL,
    -- the user's Telegram message, or the bot's (last) message carrying the answer
    tg_message_id     BIGINT,
    -- for an answer: the user message it answers
    reply_to_id       BIGINT REFERENCES message (id) ON DELETE CASCADE,
    status            TEXT        NOT NULL DEFAULT 'complete' CHECK (status IN ('complete', 'cut', 'failed')),
    model             TEXT,
    params            JSONB,
    prompt_tokens     INTEGER,
    completion_tokens INTEGER,
    queue_ms          INTEGER,
    ttft_ms           INTEGER,
    duration_ms       INTEGER,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX message_by_conversation ON message (conversation_id, id);
CREATE INDEX message_by_tg_id ON message (chat_id, tg_message_id);

-- One current vote per user per answer; feedback_event keeps every change.
CREATE TABLE feedback (
    message_id BIGINT      NOT NULL REFERENCES message (id) ON DELETE CASCADE,
    user_id    BIGINT      NOT NULL REFERENCES tg_user (id) ON DELETE CASCADE,
    vote       SMALLINT    NOT NULL CHECK (vote IN (-1, 1)),
    source     TEXT        NOT NULL CHECK (source IN ('button', 'reaction')),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (message_id, user_id)
);

CREATE TABLE feedback_event (
    id         BIGSERIAL PRIMARY KEY,
    message_id BIGINT      NOT NULL REFERENCES message (id) ON DELETE CASCADE,
    user_id    BIGINT      NOT NULL REFERENCES tg_user (id) ON DELETE CASCADE,
    -- 0 records a withdrawn vote
    vote       SMALLINT    NOT NULL CHECK (vote IN (-1, 0, 1)),
    source     TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX feedback_event_by_message ON feedback_event (message_id, id);

-- The inbox: every update is stored here before getUpdates confirms it to Telegram.
CREATE TABLE telegram_update (
    update_id   BIGINT PRIMARY KEY,
    kind        TEXT        NOT NULL,
    chat_id     BIGINT,
    payload     JSONB       NOT NULL,
    received_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    handled_at  TIMESTAMPTZ,
    attempts    INTEGER     NOT NULL DEFAULT 0,
    last_error  TEXT
);
CREATE INDEX telegram_update_pending ON telegram_update (update_id) WHERE handled_at IS NULL;

-- The spine of one answer: survives a crash, gives the queue position, and is what the
-- generation service (or, later, a remote worker) picks up.
CREATE TABLE generation (
    id                        BIGSERIAL PRIMARY KEY,
    chat_id                   BIGINT      NOT NULL REFERENCES chat (id) ON DELETE CASCADE,
    conversation_id           BIGINT      NOT NULL REFERENCES conversation (id) ON DELETE CASCADE,
    user_message_id           BIGINT      NOT NULL REFERENCES message (id) ON DELETE CASCADE,
    requested_by              BIGINT REFERENCES tg_user (id) ON DELETE SET NULL,
    status                    TEXT        NOT NULL DEFAULT 'queued'
        CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
    placeholder_tg_message_id BIGINT,
    answer_message_id         BIGINT REFERENCES message (id) ON DELETE SET NULL,
    attempts                  INTEGER     NOT NULL DEFAULT 0,
    last_error                TEXT,
    created_at                TIMESTAMPTZ NOT NULL DEFAULT now(),
    started_at                TIMESTAMPTZ,
    finished_at               TIMESTAMPTZ
);
CREATE INDEX generation_open ON generation (id) WHERE status IN ('queued', 'running');
CREATE UNIQUE INDEX generation_one_per_user_message ON generation (user_message_id)
    WHERE status IN ('queued', 'running');

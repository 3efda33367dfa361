-- Answers to the same prompt with opposite outcomes: the DPO export's source.
CREATE TABLE preference_pair (
    id                  BIGSERIAL PRIMARY KEY,
    chat_id             BIGINT      NOT NULL REFERENCES chat (id) ON DELETE CASCADE,
    -- the user message both answers answer
    prompt_message_id   BIGINT      NOT NULL REFERENCES message (id) ON DELETE CASCADE,
    chosen_message_id   BIGINT      NOT NULL REFERENCES message (id) ON DELETE CASCADE,
    rejected_message_id BIGINT      NOT NULL REFERENCES message (id) ON DELETE CASCADE,
    source              TEXT        NOT NULL CHECK (source IN ('regenerate', 'edit', 'arena')),
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (chosen_message_id <> rejected_message_id),
    UNIQUE (chosen_message_id, rejected_message_id)
);
CREATE INDEX preference_pair_by_chat ON preference_pair (chat_id, id);

-- Per-user settings (language, chosen model...), removed with the user by /forget.
ALTER TABLE tg_user ADD COLUMN settings JSONB NOT NULL DEFAULT '{}'::jsonb;

-- Retention and /forget read these.
CREATE INDEX message_by_author ON message (author_id) WHERE author_id IS NOT NULL;
CREATE INDEX message_by_conversation_time ON message (conversation_id, created_at);
CREATE INDEX conversation_by_time ON conversation (created_at);
CREATE INDEX telegram_update_handled ON telegram_update (handled_at) WHERE handled_at IS NOT NULL;
CREATE INDEX feedback_by_user ON feedback (user_id);

-- 🔄 and edited messages: an answer replaced by a newer one to the same prompt stays stored (the
-- training export pairs the two) but no longer belongs to the conversation the model sees.
ALTER TABLE message ADD COLUMN superseded_at TIMESTAMPTZ;

-- Why an answer was requested, and which earlier answer it replaces.
ALTER TABLE generation
    ADD COLUMN reason TEXT NOT NULL DEFAULT 'message' CHECK (reason IN ('message', 'regenerate', 'edit')),
    ADD COLUMN replaces_message_id BIGINT REFERENCES message (id) ON DELETE SET NULL;

-- Answers to one user message (regenerate siblings), and the edit handler's lookup.
CREATE INDEX message_answers ON message (reply_to_id) WHERE reply_to_id IS NOT NULL;

-- Forum topics: a topic's current conversation is its newest one.
CREATE INDEX conversation_by_thread ON conversation (chat_id, thread_id, id);

-- Per-user limits and /stats count a user's recent messages.
CREATE INDEX message_by_author_time ON message (author_id, created_at) WHERE author_id IS NOT NULL;

-- The per-user limit on waiting requests counts these.
CREATE INDEX generation_open_by_requester ON generation (requested_by) WHERE status IN ('queued', 'running');

-- Prompt tokens an answer took from its slot's cache of the previous turn instead of evaluating them.
ALTER TABLE message ADD COLUMN cached_prompt_tokens INTEGER;

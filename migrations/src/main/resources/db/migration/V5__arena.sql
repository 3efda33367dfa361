-- Side-by-side arena (issue #7): two variants answer one prompt, people choose the better answer.
-- A variant is written MODEL[+ADAPTER][@key=value,...] and stored in its canonical spelling.
CREATE TABLE arena_variant (
    id         BIGSERIAL PRIMARY KEY,
    spec       TEXT        NOT NULL UNIQUE CHECK (spec <> ''),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- One prompt with the answers of two variants. A task is written once and never changed after its
-- answers are set, so a vote on it keeps the prompt, both answers and both variants it was cast on.
-- Tasks loaded without answers wait (answer_a NULL) for `arena tasks generate`.
CREATE TABLE arena_task (
    id            BIGSERIAL PRIMARY KEY,
    prompt        TEXT        NOT NULL CHECK (prompt <> ''),
    -- the system prompt the answers were generated with; NULL when they were loaded ready-made
    system_prompt TEXT,
    variant_a     BIGINT REFERENCES arena_variant (id),
    variant_b     BIGINT REFERENCES arena_variant (id),
    answer_a      TEXT,
    answer_b      TEXT,
    -- a control task: the answer known to be right, to measure each annotator's accuracy
    control       TEXT CHECK (control IN ('a', 'b', 'tie', 'both_bad')),
    -- 'task': annotated with /annotate; 'live': a /arena battle in a chat
    origin        TEXT        NOT NULL DEFAULT 'task' CHECK (origin IN ('task', 'live')),
    chat_id       BIGINT REFERENCES chat (id) ON DELETE CASCADE,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- a live battle's answers arrive one after the other; loaded and generated tasks get both at once
    CONSTRAINT arena_task_answers_together CHECK (origin = 'live' OR (answer_a IS NULL) = (answer_b IS NULL)),
    CHECK ((answer_a IS NULL AND answer_b IS NULL) OR (variant_a IS NOT NULL AND variant_b IS NOT NULL)),
    CHECK (variant_a IS NULL OR variant_b IS NULL OR variant_a <> variant_b),
    CHECK (origin = 'task' OR chat_id IS NOT NULL)
);
-- /annotate picks among the answered annotation tasks; `arena tasks generate` among the unanswered.
CREATE INDEX arena_task_ready ON arena_task (id) WHERE answer_a IS NOT NULL AND origin = 'task';
CREATE INDEX arena_task_unanswered ON arena_task (id) WHERE answer_a IS NULL;
CREATE INDEX arena_task_by_chat ON arena_task (chat_id) WHERE chat_id IS NOT NULL;

-- A task shown to an annotator (choice NULL until they press a button), then their vote.
-- left_side says which of the task's variants was shown as "A" (the random order, for position bias);
-- choice is stored in the task's terms: 'a' means variant_a's answer was better, whatever side it was on.
CREATE TABLE arena_vote (
    id           BIGSERIAL PRIMARY KEY,
    task_id      BIGINT      NOT NULL REFERENCES arena_task (id) ON DELETE CASCADE,
    annotator_id BIGINT      NOT NULL REFERENCES tg_user (id) ON DELETE CASCADE,
    left_side    TEXT        NOT NULL CHECK (left_side IN ('a', 'b')),
    choice       TEXT CHECK (choice IN ('a', 'b', 'tie', 'both_bad', 'skipped')),
    shown_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    voted_at     TIMESTAMPTZ,
    CHECK ((choice IS NULL) = (voted_at IS NULL)),
    -- one vote per annotator per task: never the same task twice
    UNIQUE (task_id, annotator_id)
);
-- An annotator's open (shown, unanswered) task, and the figures per annotator.
CREATE INDEX arena_vote_by_annotator ON arena_vote (annotator_id, task_id);
CREATE INDEX arena_vote_open ON arena_vote (annotator_id) WHERE choice IS NULL;
-- The report and the export read the decided votes.
CREATE INDEX arena_vote_decided ON arena_vote (task_id) WHERE choice IN ('a', 'b', 'tie', 'both_bad');

-- Live battles (/arena, --arena-share): one user message answered twice, by variant a and variant b, shown as
-- "A" and "B" in the drawn order; the requester's vote row is made with the task.

ALTER TABLE generation DROP CONSTRAINT generation_reason_check;
ALTER TABLE generation
    ADD CONSTRAINT generation_reason_check CHECK (reason IN ('message', 'regenerate', 'edit', 'arena')),
    ADD COLUMN arena_task_id BIGINT REFERENCES arena_task (id) ON DELETE SET NULL,
    -- which of the task's variants this generation answers with, and the label it is shown under
    ADD COLUMN arena_side    TEXT CHECK (arena_side IN ('a', 'b')),
    ADD COLUMN arena_shown   TEXT CHECK (arena_shown IN ('A', 'B')),
    ADD CONSTRAINT generation_arena_complete
        CHECK ((arena_side IS NULL) = (arena_shown IS NULL) AND (arena_side IS NULL OR reason = 'arena'));
-- A live battle has two open generations for one user message; everything else still has at most one.
DROP INDEX generation_one_per_user_message;
CREATE UNIQUE INDEX generation_one_per_user_message ON generation (user_message_id)
    WHERE status IN ('queued', 'running') AND arena_side IS NULL;
CREATE UNIQUE INDEX generation_one_per_arena_side ON generation (user_message_id, arena_side)
    WHERE status IN ('queued', 'running') AND arena_side IS NOT NULL;
CREATE INDEX generation_by_arena_task ON generation (arena_task_id) WHERE arena_task_id IS NOT NULL;

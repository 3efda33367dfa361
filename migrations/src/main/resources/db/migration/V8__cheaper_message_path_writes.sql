-- Cheaper writes on the message path (#4); the rules the data obeys are the same or stricter.
--
-- PostgreSQL reads a table's CHECK constraints from the catalog and plans them again in every statement
-- that writes a row of it (ExecRelCheck), while a domain's constraint is planned once per connection and
-- cached. message and generation are written five times per answered message, and rebuilding their seven
-- checks was a seventh of the database's CPU there: their single-column checks become domains.
CREATE DOMAIN message_role AS TEXT CHECK (VALUE IN ('user', 'assistant'));
CREATE DOMAIN message_status AS TEXT CHECK (VALUE IN ('complete', 'cut', 'failed'));
CREATE DOMAIN generation_status AS TEXT CHECK (VALUE IN ('queued', 'running', 'done', 'failed', 'cancelled'));
CREATE DOMAIN generation_reason AS TEXT CHECK (VALUE IN ('message', 'regenerate', 'edit', 'arena'));
CREATE DOMAIN arena_side AS TEXT CHECK (VALUE IN ('a', 'b'));
CREATE DOMAIN arena_label AS TEXT CHECK (VALUE IN ('A', 'B'));

ALTER TABLE message
    DROP CONSTRAINT message_role_check,
    DROP CONSTRAINT message_status_check,
    ALTER COLUMN role TYPE message_role,
    ALTER COLUMN status TYPE message_status;

-- generation_arena_complete spans columns and stays a table check.
ALTER TABLE generation
    DROP CONSTRAINT generation_status_check,
    DROP CONSTRAINT generation_reason_check,
    DROP CONSTRAINT generation_arena_side_check,
    DROP CONSTRAINT generation_arena_shown_check,
    ALTER COLUMN status TYPE generation_status,
    ALTER COLUMN reason TYPE generation_reason,
    ALTER COLUMN arena_side TYPE arena_side,
    ALTER COLUMN arena_shown TYPE arena_label;

-- message_by_author_time (author_id, created_at) answers every lookup by author this one did; each user
-- message paid for both.
DROP INDEX message_by_author;

-- message and generation name both their conversation and its chat (every query is scoped by chat). One
-- foreign key on the pair replaces the two on each column: one check per written row instead of two,
-- and a row can no longer name a conversation of another chat. Deleting a chat still deletes them, through
-- its conversations.
ALTER TABLE conversation ADD CONSTRAINT conversation_id_chat UNIQUE (id, chat_id);
ALTER TABLE message
    DROP CONSTRAINT message_conversation_id_fkey,
    DROP CONSTRAINT message_chat_id_fkey,
    ADD CONSTRAINT message_conversation_fkey FOREIGN KEY (conversation_id, chat_id)
        REFERENCES conversation (id, chat_id) ON DELETE CASCADE;
ALTER TABLE generation
    DROP CONSTRAINT generation_conversation_id_fkey,
    DROP CONSTRAINT generation_chat_id_fkey,
    ADD CONSTRAINT generation_conversation_fkey FOREIGN KEY (conversation_id, chat_id)
        REFERENCES conversation (id, chat_id) ON DELETE CASCADE;

-- Questions over a chat's documents (#17). PostgreSQL is the index: passages with a generated tsvector, a GIN index,
-- and pg_trgm over the documents' words for misspelt questions. pg_trgm and btree_gist ship with every standard
-- PostgreSQL and are trusted extensions from PostgreSQL 13 on, so the database owner may create them without a
-- superuser.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- Text as it is searched: lower case, ё as е. lower() leaves Cyrillic as it is in a database whose LC_CTYPE is C
-- (an embedded cluster made where no locale was set), so the Russian alphabet is folded explicitly; every character
-- stays one character, which keeps a snippet's offsets those of the original text.
CREATE FUNCTION search_fold(value TEXT) RETURNS TEXT
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT translate(lower(value), 'АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯё', 'абвгдеежзийклмнопрстуфхцчшщъыьэюяе') $$;

-- A file a user sent (or an operator added with `docs add`). It is read off the dispatcher's thread: 'queued' until
-- a reader takes it, 'ready' once all its passages are stored (in the same transaction), so a crash leaves either
-- nothing or a queued row that is read again at the next start, never half a document.
CREATE TABLE document (
    id         BIGSERIAL PRIMARY KEY,
    chat_id    BIGINT      NOT NULL REFERENCES chat (id) ON DELETE CASCADE,
    added_by   BIGINT REFERENCES tg_user (id) ON DELETE SET NULL,
    file_name  TEXT        NOT NULL,
    -- Telegram's file id to download it by; null for files added from disk
    tg_file_id TEXT,
    -- the user's message that carried the file, to reply to
    tg_message_id BIGINT,
    mime_type  TEXT,
    size_bytes BIGINT      NOT NULL,
    status     TEXT        NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'ready')),
    -- the chat's language when it was sent, for the reply of a reader that resumes after a restart
    language   TEXT,
    -- false: switched off in /docs; its passages stay but are not searched
    active     BOOLEAN     NOT NULL DEFAULT true,
    format     TEXT,
    pages      INTEGER     NOT NULL DEFAULT 0,
    words      INTEGER     NOT NULL DEFAULT 0,
    passages   INTEGER     NOT NULL DEFAULT 0,
    -- SHA-256 of the text read, hex: the same document sent twice (or saved again) is kept once
    sha256     TEXT,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    ready_at   TIMESTAMPTZ
);
CREATE INDEX document_by_chat ON document (chat_id, id);
CREATE INDEX document_queued ON document (id) WHERE status = 'queued';
CREATE UNIQUE INDEX document_once_per_chat ON document (chat_id, sha256) WHERE sha256 IS NOT NULL;

-- About 300 model tokens of a document, cut at paragraph and sentence boundaries. chat_id and active copy the
-- document's so that a search reads one table through one index.
CREATE TABLE passage (
    id          BIGSERIAL PRIMARY KEY,
    document_id BIGINT  NOT NULL REFERENCES document (id) ON DELETE CASCADE,
    chat_id     BIGINT  NOT NULL,
    active      BOOLEAN NOT NULL DEFAULT true,
    ordinal     INTEGER NOT NULL,
    page        INTEGER,
    section     TEXT,
    start_char  INTEGER NOT NULL,
    end_char    INTEGER NOT NULL,
    text        TEXT    NOT NULL,
    -- Russian stems, plus the Latin words and numbers as written (codes, commands, versions): 'simple' only sees
    -- what is left once Cyrillic words are blanked out, so Russian words are not indexed twice. The section's
    -- heading counts as the passage's words: a question often names the topic only its heading does.
    search      TSVECTOR GENERATED ALWAYS AS (
        to_tsvector('russian', search_fold(coalesce(section, '') || ' ' || text))
            || to_tsvector('simple', regexp_replace(search_fold(coalesce(section, '') || ' ' || text), '[а-я]+', ' ',
                                                    'g'))) STORED,
    UNIQUE (document_id, ordinal)
);
CREATE INDEX passage_search ON passage USING GIN (search);
CREATE INDEX passage_by_chat ON passage (chat_id) WHERE active;

-- How many passages of each document hold each stem: a question's terms weigh by how rare they are among the chat's
-- passages (their document frequency), read here in one indexed lookup instead of counted over the passages, and a
-- search starts from the passages of its rarer terms only.
CREATE TABLE document_lexeme (
    document_id BIGINT  NOT NULL REFERENCES document (id) ON DELETE CASCADE,
    lexeme      TEXT    NOT NULL,
    passages    INTEGER NOT NULL,
    PRIMARY KEY (lexeme, document_id)
);
CREATE INDEX document_lexeme_by_document ON document_lexeme (document_id);

-- The words of each document, lower-case, once: a question's word that none of them is may be a misspelling of
-- one that is (trigram similarity), and the question then also looks for that word.
-- The words of each document, lower-case, once (document_word), and of each chat, with how many of its documents
-- have each (chat_word): a question's word that none of them is may be a misspelling of one that is (trigram
-- similarity), and the question then also looks for that word. The trigram index is over the chat's words, each once,
-- whatever the number of documents that have it; btree_gist lets it hold the chat id beside the trigrams, and a GiST
-- index hands out a chat's words nearest first (ORDER BY word <-> ?), so the closest word is read, not all of them. Deleting a document (by any path: /docs, /forget, retention, a chat's
-- deletion) takes its words out of its chat's count first, and drops the words no document of the chat has any more.
CREATE TABLE document_word (
    document_id BIGINT NOT NULL REFERENCES document (id) ON DELETE CASCADE,
    chat_id     BIGINT NOT NULL,
    word        TEXT   NOT NULL,
    PRIMARY KEY (document_id, word)
);
CREATE TABLE chat_word (
    chat_id   BIGINT  NOT NULL REFERENCES chat (id) ON DELETE CASCADE,
    word      TEXT    NOT NULL,
    documents INTEGER NOT NULL CHECK (documents >= 0),
    PRIMARY KEY (word, chat_id)
);
CREATE INDEX chat_word_trigrams ON chat_word USING GIST (chat_id, word gist_trgm_ops);

CREATE FUNCTION document_words_forgotten() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM chat WHERE id = OLD.chat_id) THEN
        RETURN OLD; -- the chat itself is being deleted: its words go with it
    END IF;
    UPDATE chat_word c SET documents = c.documents - 1
    FROM document_word d
    WHERE d.document_id = OLD.id AND c.chat_id = d.chat_id AND c.word = d.word;
    DELETE FROM chat_word c USING document_word d
    WHERE d.document_id = OLD.id AND c.chat_id = d.chat_id AND c.word = d.word AND c.documents <= 0;
    RETURN OLD;
END
$$;
CREATE TRIGGER document_words_forgotten BEFORE DELETE ON document
    FOR EACH ROW EXECUTE FUNCTION document_words_forgotten();

-- The passages a question was given, numbered as the model saw them ([1] the best), with the snippet the answer's
-- sources show. The text is the passage's as it was given, so 🔄 and `train export` rebuild the same prompt; the
-- rows go when the document does (deleting a file deletes every copy of its text).
CREATE TABLE message_source (
    message_id  BIGINT  NOT NULL REFERENCES message (id) ON DELETE CASCADE,
    ordinal     INTEGER NOT NULL CHECK (ordinal > 0),
    document_id BIGINT  NOT NULL REFERENCES document (id) ON DELETE CASCADE,
    passage_id  BIGINT  NOT NULL REFERENCES passage (id) ON DELETE CASCADE,
    file_name   TEXT    NOT NULL,
    page        INTEGER,
    section     TEXT,
    text        TEXT    NOT NULL,
    -- ts_headline's fragment, the matched words between U+0002 and U+0003 (made bold when shown)
    snippet     TEXT    NOT NULL,
    score       DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (message_id, ordinal)
);
CREATE INDEX message_source_by_document ON message_source (document_id);

-- How a question met the chat's documents: searched and given passages ('found'), searched and nothing relevant
-- ('none'), or null (no active documents, or /docs off). The answer's sources and the dataset card read it.
ALTER TABLE message ADD COLUMN grounding TEXT CHECK (grounding IN ('found', 'none'));

-- /docs off answers without the chat's documents; in groups, files are read only where the group's admins allowed it.
ALTER TABLE chat
    ADD COLUMN documents_on      BOOLEAN NOT NULL DEFAULT true,
    ADD COLUMN documents_allowed BOOLEAN NOT NULL DEFAULT false;

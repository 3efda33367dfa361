-- A PostgreSQL role for 'saiga-bot worker' with only what the inference queue needs (see README.md here,
-- "A database role for workers"). Run it as the bot's database user (or a superuser), after the bot has
-- applied its schema, and again after each upgrade of the bot: it is safe to repeat, and leaves the role with
-- exactly these grants.
--
--   psql -v ON_ERROR_STOP=1 --single-transaction -v role=saiga_worker -v password='…' \
--        -d saiga -f deploy/worker-role.sql
--
-- The script uses psql's variables (:"role" and :'password') and nothing else of psql, so any client that
-- substitutes them the same way can run it. The tables are those of the connection's current schema, where
-- the bot keeps them (public, unless the bot's user has another search_path).

-- The DO block needs the name as a value, and a DO body cannot see psql variables.
SET saiga.worker_role = :'role';
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = current_setting('saiga.worker_role')) THEN
        EXECUTE format('CREATE ROLE %I', current_setting('saiga.worker_role'));
    END IF;
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), current_setting('saiga.worker_role'));
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', current_schema(), current_setting('saiga.worker_role'));
    -- Whatever an earlier version of this script granted goes first (revoking a table's privileges revokes its
    -- columns' too), so the role ends with exactly the grants below.
    EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA %I FROM %I', current_schema(),
                   current_setting('saiga.worker_role'));
    EXECUTE format('REVOKE ALL ON ALL SEQUENCES IN SCHEMA %I FROM %I', current_schema(),
                   current_setting('saiga.worker_role'));
END
$$;
-- A worker logs in and does nothing else a role can be given: it may not create roles or databases, bypass
-- row security, or act as another role.
ALTER ROLE :"role" LOGIN PASSWORD :'password' NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION
    NOBYPASSRLS;

-- The queue's columns of the answer requests, and no other: a worker reads the prepared prompt, claims the job
-- (ordered by the requester's load), renews its lease and writes the result. Chat, conversation, question and
-- answer columns stay out of its reach.
GRANT SELECT (id, status, requested_by, inference_request, inference_attempt, worker_id, lease_until,
              inference_result, inference_claims, inference_claim_limit)
    ON generation TO :"role";
GRANT UPDATE (worker_id, lease_until, inference_attempt, inference_claims, inference_result)
    ON generation TO :"role";
-- The text of a running answer, written as numbered parts; the bot reads and deletes them.
GRANT INSERT (generation_id, attempt, seq, delta) ON generation_part TO :"role";
-- The workers' heartbeats (a name, a model, a number of slots): each writes its own, and drops workers unseen for
-- a day. Its upsert reads the columns it sets.
GRANT SELECT, INSERT, UPDATE, DELETE ON inference_worker TO :"role";
-- A worker checks at start that the bot has applied the schema it needs; it never applies it.
GRANT SELECT ON flyway_schema_history TO :"role";
-- LISTEN, NOTIFY and pg_notify() need no grant in PostgreSQL.

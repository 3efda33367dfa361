-- The dashboard (#19) counts a day's or an hour's messages by a range of one index each, read without the table
-- (index-only scans): with a million messages, grouping the rows of a month by day read them all, and took most of a
-- second.
--
-- V13's index of answers by time, made to cover what the charts read of an answer besides its time: its id (to join
-- its votes), its model and its status. A query that used the old one reads this one the same way.
DROP INDEX message_answers_by_time;
CREATE INDEX message_answers_by_time ON message (created_at) INCLUDE (id, model, status) WHERE role = 'assistant';

-- Users' messages by time: the count of messages per day.
CREATE INDEX message_questions_by_time ON message (created_at) WHERE role = 'user';

-- The queue's history reads the generations that ended within the span, or have not ended yet (NULL).
CREATE INDEX generation_by_end ON generation (finished_at);

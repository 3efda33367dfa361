-- How many of the oldest turns an answer's prompt left out to fit the context (#20): a long conversation drops them in
-- steps, and /stats shows how many answers were given with shortened history next to the prompt cache's share.
ALTER TABLE message ADD COLUMN dropped_turns INTEGER;

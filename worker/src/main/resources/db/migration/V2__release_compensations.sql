-- What a failed release undid, in the order it ran: [{"step", "action", "outcome", "message"}].
ALTER TABLE releases ADD COLUMN compensations jsonb NOT NULL DEFAULT '[]'::jsonb;

-- A message in the outbox names the outgoing document it carries, and each delivery the
-- outbox message that carries it: whether it has left is that message's, not a guess.
ALTER TABLE exchange_outbox ADD COLUMN outgoing_id INTEGER REFERENCES outgoing_document (id);
ALTER TABLE exchange_sent ADD COLUMN outbox_id INTEGER REFERENCES exchange_outbox (id);

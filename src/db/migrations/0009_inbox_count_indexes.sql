-- The inbox counts every screen asks for are read from the index alone. Before, each of a
-- specialist's 750 open documents was looked up in the table (about 660 pages), and since
-- a write anywhere empties every reader's page cache, under load each count re-read them
-- all. These indexes extend the old (person, status) ones with what the counts test.
DROP INDEX incoming_handler;
DROP INDEX incoming_lead;
DROP INDEX incoming_presented;
CREATE INDEX incoming_handler_inbox ON incoming_document(handler_id, status, secrecy, urgency_rank, deadline);
CREATE INDEX incoming_lead_inbox ON incoming_document(lead_department_id, status, secrecy, urgency_rank, deadline);
CREATE INDEX incoming_presented_inbox ON incoming_document(presented_to_id, status, secrecy, urgency_rank, deadline);
CREATE INDEX incoming_status_inbox ON incoming_document(status, secrecy, urgency_rank, deadline);

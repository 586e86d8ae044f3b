-- Fast queues on a large register: whether a document is still open, as an indexed
-- column, so "open documents of a department, urgent first, newest first" is one
-- ordered index range rather than a sort of every match.
ALTER TABLE incoming_document ADD COLUMN is_open INTEGER GENERATED ALWAYS AS (status <> 'closed') VIRTUAL;
-- id breaks ties of the same minute (newest registration first); secrecy rides along so
-- that counting a queue never has to read the rows.
CREATE INDEX incoming_open_list ON incoming_document(is_open, urgency_rank DESC, received_at DESC, id DESC, secrecy);
CREATE INDEX incoming_lead_open ON incoming_document(lead_department_id, is_open, urgency_rank DESC, received_at DESC, id DESC, secrecy);
CREATE INDEX incoming_handler_open ON incoming_document(handler_id, is_open, urgency_rank DESC, received_at DESC, id DESC, secrecy);
-- Number-and-symbol search is a prefix range on the folded symbol.
CREATE INDEX incoming_symbol ON incoming_document(symbol_key);

-- The urgent documents by arrival, for the rows a list puts on top (today's urgent
-- documents): read from here they cost what there are of them, not what arrived today
-- (a day of backlog registered at once is thousands).
CREATE INDEX incoming_urgent_received
    ON incoming_document(received_at DESC, id DESC, secrecy, is_open, urgency_rank) WHERE urgency_rank > 0;

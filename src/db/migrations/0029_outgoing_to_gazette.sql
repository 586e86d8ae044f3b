-- The gazette's waiting list holds the issued documents sent to the gazette ("Công báo"
-- among their recipients) that no issue holds yet. It was found by reading the content of
-- every issued document of every year for the words "công báo". A document now says, from
-- the moment it is issued, whether it is sent to the gazette (`outgoing::issue`, by the
-- rule `DraftContent::sends_to_gazette`), and the waiting list reads the few that are.
-- Documents issued before this upgrade are marked by the same words in their content,
-- upper or lower case as the recipients were typed; the waiting list still applies the
-- rule itself to every document it reads, so a mark too many shows nothing more.
ALTER TABLE outgoing_document ADD COLUMN to_gazette INTEGER NOT NULL DEFAULT 0;
UPDATE outgoing_document SET to_gazette = 1
WHERE status IN ('issued', 'recalled') AND EXISTS (
    SELECT 1 FROM outgoing_version v
    WHERE v.document_id = outgoing_document.id AND v.version = outgoing_document.version
      AND (instr(v.content, 'ông báo') > 0 OR instr(v.content, 'ÔNG BÁO') > 0
           OR instr(lower(v.content), 'cong bao') > 0)
);
CREATE INDEX outgoing_to_gazette ON outgoing_document(issue_date) WHERE to_gazette = 1;

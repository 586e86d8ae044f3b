-- The document as its signer signed it digitally (when they have a key), and as the
-- clerk sealed it when issuing it electronically: each a PDF in the attachment store,
-- by its SHA-256. The second is the first with the seal's signature appended, so the
-- signer's signature stays valid in it; it is the electronic original that leaves.
ALTER TABLE outgoing_document ADD COLUMN signed_file TEXT;
ALTER TABLE outgoing_document ADD COLUMN sealed_file TEXT;
-- A document already signed when this came is marked so (an empty signer's file): it
-- is signed digitally when it is first sent over the axis, as sending did before.
UPDATE outgoing_document SET signed_file = '' WHERE signed_at IS NOT NULL;

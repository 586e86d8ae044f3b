-- What the system writes in a document's trail ("Trình Nguyễn Văn A", "Đã trả lời bằng
-- văn bản 15/UBND-KT") in English too, for the English interface; empty where the line
-- is only what a person wrote (a progress report), which stays as they wrote it.
ALTER TABLE incoming_step ADD COLUMN text_en TEXT NOT NULL DEFAULT '';
ALTER TABLE outgoing_step ADD COLUMN comment_en TEXT NOT NULL DEFAULT '';

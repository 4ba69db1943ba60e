-- Issue 11. A case step's opinion and values (relatives' names, new addresses, flat numbers) are stored encrypted
-- with the personal-data key (base64 of IV + cipher text, a third longer than the text, plus its key's prefix): an
-- opinion of 2,000 characters no longer fits a VARCHAR(2000). The rows already written are encrypted by V016 (Java).
ALTER TABLE case_event MODIFY COLUMN comment TEXT;

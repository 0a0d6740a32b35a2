-- The e-mail channel. SMTP and IMAP know nothing of requests, so the app
-- keeps the thread of each request itself: the Message-IDs it sent and took
-- in (for In-Reply-To/References), our [VD-…] tag, and VRAA's reference
-- once a reply names it. The IMAP cursor (UIDVALIDITY + UID per folder)
-- is the change-feed cursor in sync_state, as for the API.
CREATE TABLE mail_threads (
    request_id      TEXT PRIMARY KEY NOT NULL,  -- VD-…, also the tag in subjects
    local_id        TEXT NOT NULL UNIQUE,       -- the outbox's local id
    root_message_id TEXT NOT NULL UNIQUE,       -- the request's own message
    vraa_reference  TEXT UNIQUE,                -- from VRAA's replies
    -- The user set the state by hand (resolved, closed): that choice wins
    -- over what VRAA's later mail would suggest.
    status_by_user  INTEGER NOT NULL DEFAULT 0 CHECK (status_by_user IN (0, 1))
) STRICT;

CREATE TABLE mail_messages (
    message_id  TEXT PRIMARY KEY NOT NULL,      -- without angle brackets
    request_id  TEXT NOT NULL REFERENCES mail_threads(request_id),
    direction   TEXT NOT NULL CHECK (direction IN ('sent', 'received')),
    at          TEXT NOT NULL,
    -- What a sent message asked for (the outbox row's action, JSON): a
    -- bounce puts it back in the outbox, parked with the server's reason.
    action      TEXT CHECK (action IS NULL OR json_valid(action))
) STRICT;
CREATE INDEX mail_messages_by_request ON mail_messages(request_id, at);

-- A message whose sending started and has not been confirmed: after a crash
-- the server may still be finishing it (a relay hands it on after the
-- client went), so a retry waits a moment before it looks in the Sent folder.
CREATE TABLE mail_sending (
    message_id  TEXT PRIMARY KEY NOT NULL,
    started_at  TEXT NOT NULL
) STRICT;

-- The local copy of VRAA's data, the user's drafts and the outbox (issue 5).
-- VRAA owns requests, comments, attachments, status history, catalogue,
-- contracts and availability: a pull overwrites them (server wins). Drafts and
-- the outbox are the user's own and a pull never touches them.

CREATE TABLE requests (
    id              TEXT PRIMARY KEY NOT NULL,
    reference       TEXT NOT NULL UNIQUE,
    request_type_id TEXT NOT NULL,
    service_id      TEXT NOT NULL,
    contract_id     TEXT,
    subject         TEXT NOT NULL,
    description     TEXT NOT NULL,
    fields          TEXT NOT NULL CHECK (json_valid(fields)),
    status          TEXT NOT NULL,
    requester       TEXT NOT NULL CHECK (json_valid(requester)),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    version         INTEGER NOT NULL,
    rating          TEXT CHECK (rating IS NULL OR json_valid(rating)),
    -- The searchable text of `fields` (values only), kept for the FTS index.
    fields_text     TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX requests_by_status ON requests(status, updated_at);
CREATE INDEX requests_by_updated ON requests(updated_at);

CREATE TABLE status_history (
    request_id  TEXT NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    from_status TEXT,
    to_status   TEXT NOT NULL,
    at          TEXT NOT NULL,
    by_actor    TEXT NOT NULL CHECK (json_valid(by_actor)),
    PRIMARY KEY (request_id, position)
) STRICT;

CREATE TABLE comments (
    id         TEXT PRIMARY KEY NOT NULL,
    request_id TEXT NOT NULL,
    author     TEXT NOT NULL CHECK (json_valid(author)),
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX comments_by_request ON comments(request_id, created_at);

-- Metadata only; the bytes live in the content-addressed folder `blobs/`.
CREATE TABLE attachments (
    id           TEXT PRIMARY KEY NOT NULL,
    request_id   TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    file_name    TEXT NOT NULL,
    size         INTEGER NOT NULL,
    content_type TEXT NOT NULL,
    added_by     TEXT NOT NULL CHECK (json_valid(added_by)),
    created_at   TEXT NOT NULL
) STRICT;
CREATE INDEX attachments_by_request ON attachments(request_id);

-- The catalogue is one document with its ETag (single row).
CREATE TABLE catalogue (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    body       TEXT NOT NULL CHECK (json_valid(body)),
    etag       TEXT,
    fetched_at TEXT NOT NULL
) STRICT;

CREATE TABLE contracts (
    id   TEXT PRIMARY KEY NOT NULL,
    body TEXT NOT NULL CHECK (json_valid(body))
) STRICT;

CREATE TABLE availability (
    id         TEXT PRIMARY KEY NOT NULL,
    service_id TEXT NOT NULL,
    starts_at  TEXT NOT NULL,
    ends_at    TEXT,
    body       TEXT NOT NULL CHECK (json_valid(body))
) STRICT;
CREATE INDEX availability_by_service ON availability(service_id, starts_at);

CREATE TABLE drafts (
    id              TEXT PRIMARY KEY NOT NULL,
    request_type_id TEXT NOT NULL,
    subject         TEXT NOT NULL,
    description     TEXT NOT NULL,
    fields          TEXT NOT NULL CHECK (json_valid(fields)),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;

-- A request submitted here, before and after VRAA acknowledged it: `local_id`
-- is what outbox rows refer to until `server_id` is known.
CREATE TABLE local_requests (
    local_id   TEXT PRIMARY KEY NOT NULL,
    server_id  TEXT,
    subject    TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;

-- Actions waiting for VRAA. `request_key` orders them per request (the local
-- id of a request created here, else VRAA's id); a row is deleted only after
-- VRAA acknowledged it. `state`: pending (to send) or parked (VRAA refused it;
-- waits for the user to fix or discard; `problem` holds VRAA's answer).
CREATE TABLE outbox (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    idempotency_key TEXT NOT NULL UNIQUE,
    kind            TEXT NOT NULL,
    request_key     TEXT NOT NULL,
    payload         TEXT NOT NULL CHECK (json_valid(payload)),
    created_at      TEXT NOT NULL,
    created_offset  TEXT NOT NULL,
    state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'parked')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    problem         TEXT CHECK (problem IS NULL OR json_valid(problem))
) STRICT;
CREATE INDEX outbox_by_request ON outbox(request_key, seq);

-- One row: where the change feed was left and how the last sync went.
CREATE TABLE sync_state (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    cursor          TEXT NOT NULL DEFAULT '',
    last_attempt_at TEXT,
    last_success_at TEXT,
    last_error      TEXT
) STRICT;
INSERT INTO sync_state (id) VALUES (1);

-- Full-text search. Diacritics are folded (remove_diacritics 2), so `ķ` finds
-- `k` and back. Plain FTS tables keyed by the rowid of their source row, kept
-- in step by triggers.
CREATE VIRTUAL TABLE requests_fts USING fts5(
    reference, subject, description, fields,
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE comments_fts USING fts5(
    body,
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER requests_fts_insert AFTER INSERT ON requests BEGIN
    INSERT INTO requests_fts (rowid, reference, subject, description, fields)
    VALUES (new.rowid, new.reference, new.subject, new.description, new.fields_text);
END;
CREATE TRIGGER requests_fts_update AFTER UPDATE OF reference, subject, description, fields_text ON requests BEGIN
    DELETE FROM requests_fts WHERE rowid = old.rowid;
    INSERT INTO requests_fts (rowid, reference, subject, description, fields)
    VALUES (new.rowid, new.reference, new.subject, new.description, new.fields_text);
END;
CREATE TRIGGER requests_fts_delete AFTER DELETE ON requests BEGIN
    DELETE FROM requests_fts WHERE rowid = old.rowid;
END;
CREATE TRIGGER comments_fts_insert AFTER INSERT ON comments BEGIN
    INSERT INTO comments_fts (rowid, body) VALUES (new.rowid, new.body);
END;
CREATE TRIGGER comments_fts_update AFTER UPDATE OF body ON comments BEGIN
    DELETE FROM comments_fts WHERE rowid = old.rowid;
    INSERT INTO comments_fts (rowid, body) VALUES (new.rowid, new.body);
END;
CREATE TRIGGER comments_fts_delete AFTER DELETE ON comments BEGIN
    DELETE FROM comments_fts WHERE rowid = old.rowid;
END;

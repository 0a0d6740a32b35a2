-- Issue 6: the desktop list and its helpers.
--
-- 1. Drafts remember the files the user picked (paths, JSON array).
-- 2. Unread markers: `requests.staff_activity_at` is the latest instant VRAA
--    (anyone but the customer) changed the status, commented or attached;
--    `request_seen` is when the user last opened a request; and
--    `sync_state.unread_baseline` is set once, at the end of the first
--    successful sync, so that the years of history the first sync brings do
--    not all show as unread. Unread ⇔ baseline set AND
--    staff_activity_at > max(baseline, seen_at).
-- 3. Saved filters of the request list.
-- 4. Indexes for the list's filters and sorts.
--
-- Instants are fixed-width RFC 3339 UTC text, so text order is time order
-- and max() of texts is the latest instant.

ALTER TABLE drafts ADD COLUMN attachments TEXT NOT NULL DEFAULT '[]'
    CHECK (json_valid(attachments) AND json_type(attachments) = 'array');

ALTER TABLE requests ADD COLUMN staff_activity_at TEXT;
ALTER TABLE sync_state ADD COLUMN unread_baseline TEXT;

CREATE TABLE request_seen (
    request_id TEXT PRIMARY KEY NOT NULL,
    seen_at    TEXT NOT NULL
) STRICT;

CREATE TABLE saved_filters (
    id         TEXT PRIMARY KEY NOT NULL,
    name       TEXT NOT NULL UNIQUE,
    query      TEXT NOT NULL CHECK (json_valid(query)),
    created_at TEXT NOT NULL
) STRICT;

CREATE INDEX requests_by_created ON requests(created_at);
CREATE INDEX requests_by_service ON requests(service_id);
CREATE INDEX requests_by_type ON requests(request_type_id);
CREATE INDEX outbox_by_kind ON outbox(kind, seq);

-- Staff activity is kept by triggers, so every write path (change pages,
-- acknowledgements, single request saves) keeps it right without each one
-- remembering to. It only ever grows: a request's history is rewritten on
-- every upsert, and the same instants come back.
CREATE TRIGGER staff_activity_status AFTER INSERT ON status_history
WHEN json_extract(new.by_actor, '$.kind') <> 'customer' BEGIN
    UPDATE requests SET staff_activity_at = max(coalesce(staff_activity_at, ''), new.at)
     WHERE id = new.request_id;
END;

CREATE TRIGGER staff_activity_comment_insert AFTER INSERT ON comments
WHEN json_extract(new.author, '$.kind') <> 'customer' BEGIN
    UPDATE requests SET staff_activity_at = max(coalesce(staff_activity_at, ''), new.created_at)
     WHERE id = new.request_id;
END;

CREATE TRIGGER staff_activity_comment_update AFTER UPDATE ON comments
WHEN json_extract(new.author, '$.kind') <> 'customer' BEGIN
    UPDATE requests SET staff_activity_at = max(coalesce(staff_activity_at, ''), new.created_at)
     WHERE id = new.request_id;
END;

CREATE TRIGGER staff_activity_attachment_insert AFTER INSERT ON attachments
WHEN json_extract(new.added_by, '$.kind') <> 'customer' BEGIN
    UPDATE requests SET staff_activity_at = max(coalesce(staff_activity_at, ''), new.created_at)
     WHERE id = new.request_id;
END;

CREATE TRIGGER staff_activity_attachment_update AFTER UPDATE ON attachments
WHEN json_extract(new.added_by, '$.kind') <> 'customer' BEGIN
    UPDATE requests SET staff_activity_at = max(coalesce(staff_activity_at, ''), new.created_at)
     WHERE id = new.request_id;
END;

-- A comment or attachment can arrive before its request (change pages are
-- ordered by VRAA's feed, not by entity): the request adopts them.
CREATE TRIGGER staff_activity_adopt AFTER INSERT ON requests
WHEN EXISTS (SELECT 1 FROM comments WHERE request_id = new.id)
  OR EXISTS (SELECT 1 FROM attachments WHERE request_id = new.id) BEGIN
    UPDATE requests SET staff_activity_at = (
        SELECT max(at) FROM (
            SELECT new.staff_activity_at AS at
            UNION ALL
            SELECT created_at FROM comments
             WHERE request_id = new.id AND json_extract(author, '$.kind') <> 'customer'
            UNION ALL
            SELECT created_at FROM attachments
             WHERE request_id = new.id AND json_extract(added_by, '$.kind') <> 'customer'
        ))
     WHERE id = new.id;
END;

-- Backfill from what the file already holds.
UPDATE requests SET staff_activity_at = (
    SELECT max(at) FROM (
        SELECT at FROM status_history
         WHERE request_id = requests.id AND json_extract(by_actor, '$.kind') <> 'customer'
        UNION ALL
        SELECT created_at FROM comments
         WHERE request_id = requests.id AND json_extract(author, '$.kind') <> 'customer'
        UNION ALL
        SELECT created_at FROM attachments
         WHERE request_id = requests.id AND json_extract(added_by, '$.kind') <> 'customer'
    ));

-- A file that already finished a sync has its history read as of then.
UPDATE sync_state SET unread_baseline = last_success_at WHERE last_success_at IS NOT NULL;

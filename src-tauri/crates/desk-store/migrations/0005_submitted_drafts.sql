-- Issue 11 item 5: a draft that was submitted leaves a tombstone, so that an
-- autosave arriving after the submission (it was in flight while the user
-- pressed Submit) is refused instead of re-creating the draft, and a second
-- submission of the same draft cannot queue a second request.
-- `local_id` names the request the draft became (its page works at once).

CREATE TABLE submitted_drafts (
    draft_id     TEXT PRIMARY KEY NOT NULL,
    local_id     TEXT NOT NULL,
    submitted_at TEXT NOT NULL
) STRICT;

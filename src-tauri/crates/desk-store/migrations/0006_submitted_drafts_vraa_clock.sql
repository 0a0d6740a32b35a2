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

-- Issue 11 item 16: unread markers on VRAA's clock, not the PC's. `vraa_clock`
-- is the latest instant VRAA stamped on a change this database applied (the
-- change feed's `at`); the unread baseline is taken from it at the end of the
-- first successful sync, and "seen" is the latest VRAA activity the user saw,
-- so a PC clock that is off neither hides nor invents unread changes.
ALTER TABLE sync_state ADD COLUMN vraa_clock TEXT;

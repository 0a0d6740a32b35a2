-- Faster comment search: a search must yield requests, and looking up each
-- matching comment's request (tens of thousands for a common word) cost
-- more than the search itself. The comment index's rowid now carries the
-- request's rowid in its high 32 bits and the comment's rowid in its low 32
-- bits, so `rowid >> 32` is the request without touching `comments`.
-- `comments.fts_rowid` remembers the key for updates and deletes; a comment
-- that arrives before its request (high bits 0) is re-keyed when the
-- request arrives.

ALTER TABLE comments ADD COLUMN fts_rowid INTEGER;

DROP TRIGGER comments_fts_insert;
DROP TRIGGER comments_fts_update;
DROP TRIGGER comments_fts_delete;
DROP TABLE comments_fts;

CREATE VIRTUAL TABLE comments_fts USING fts5(
    body,
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER comments_fts_insert AFTER INSERT ON comments BEGIN
    UPDATE comments
       SET fts_rowid = (COALESCE((SELECT rowid FROM requests WHERE id = new.request_id), 0) << 32) | new.rowid
     WHERE rowid = new.rowid;
    INSERT INTO comments_fts (rowid, body)
        SELECT fts_rowid, body FROM comments WHERE rowid = new.rowid;
END;

CREATE TRIGGER comments_fts_update AFTER UPDATE OF body, request_id ON comments BEGIN
    DELETE FROM comments_fts WHERE rowid = old.fts_rowid;
    UPDATE comments
       SET fts_rowid = (COALESCE((SELECT rowid FROM requests WHERE id = new.request_id), 0) << 32) | new.rowid
     WHERE rowid = new.rowid;
    INSERT INTO comments_fts (rowid, body)
        SELECT fts_rowid, body FROM comments WHERE rowid = new.rowid;
END;

CREATE TRIGGER comments_fts_delete AFTER DELETE ON comments BEGIN
    DELETE FROM comments_fts WHERE rowid = old.fts_rowid;
END;

CREATE TRIGGER comments_fts_adopt AFTER INSERT ON requests BEGIN
    DELETE FROM comments_fts WHERE rowid IN
        (SELECT fts_rowid FROM comments WHERE request_id = new.id AND fts_rowid < (1 << 32));
    UPDATE comments SET fts_rowid = (new.rowid << 32) | rowid
     WHERE request_id = new.id AND fts_rowid < (1 << 32);
    INSERT INTO comments_fts (rowid, body)
        SELECT fts_rowid, body FROM comments
         WHERE request_id = new.id AND fts_rowid >= (new.rowid << 32) AND fts_rowid < ((new.rowid + 1) << 32);
END;

UPDATE comments
   SET fts_rowid = (COALESCE((SELECT r.rowid FROM requests r WHERE r.id = comments.request_id), 0) << 32) | rowid;
INSERT INTO comments_fts (rowid, body) SELECT fts_rowid, body FROM comments;

-- The VRAA connection (server and institution, as VRAA's /v1/me reports it)
-- this database holds the data of. Set at the first contact; the sync engine
-- refuses to send or receive through any other connection, so one
-- institution's data and queued requests never reach another's.
CREATE TABLE connection_binding (
    id               INTEGER PRIMARY KEY CHECK (id = 1),
    endpoint         TEXT NOT NULL,
    institution_id   TEXT NOT NULL,
    institution_name TEXT NOT NULL,
    bound_at         TEXT NOT NULL
) STRICT;

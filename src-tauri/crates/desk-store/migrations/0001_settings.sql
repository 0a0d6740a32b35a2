-- Settings chosen by the user (never the API token: that lives in the OS keyring).
-- One row per setting; values are JSON so that a setting can be structured
-- (the proxy) without a schema change.
CREATE TABLE settings (
    key        TEXT PRIMARY KEY NOT NULL,
    value      TEXT NOT NULL CHECK (json_valid(value)),
    updated_at TEXT NOT NULL
) STRICT;

//! Settings validation (server URL, proxy, sync interval).

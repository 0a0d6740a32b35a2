//! Wire types of the VRAA API (shared by the sandbox and the sync client).

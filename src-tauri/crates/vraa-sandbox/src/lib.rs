//! vraa-sandbox

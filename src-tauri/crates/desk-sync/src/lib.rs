//! desk-sync

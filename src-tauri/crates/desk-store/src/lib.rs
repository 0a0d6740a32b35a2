//! desk-store

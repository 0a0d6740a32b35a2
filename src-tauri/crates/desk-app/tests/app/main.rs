//! Behaviour of the desktop use cases against a real store and, where the
//! flow needs VRAA, a real `vraa-sandbox` on loopback synced by the real
//! sync engine. One test binary (one link) for every suite.

mod bulk;
mod common;
mod connection;
mod contract;
mod detail;
mod drafts;
mod export;
mod files;
mod list;
mod mail;
mod notify;
mod outbox;
mod overview;
mod session;

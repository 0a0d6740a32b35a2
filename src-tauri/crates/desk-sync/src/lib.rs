//! VRAA Desk's connection to VRAA: the API token in the OS credential store,
//! TLS trust settings, and (with the sync engine) the API client.

pub mod credentials;
pub mod tls;

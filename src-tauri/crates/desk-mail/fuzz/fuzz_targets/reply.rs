//! Any bytes from a mailbox go through the reply reader: it may refuse
//! them, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(message) = desk_mail::reply::parse(data) {
        let _ = message.thread_keys();
        let _ = message.asks_for_something();
    }
});

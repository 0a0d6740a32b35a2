//! What the e-mail channel remembers about its threads (tables
//! `mail_threads`, `mail_messages`), and its settings.
//!
//! The e-mail settings are one settings row; when they are present the
//! database belongs to an e-mail connection.

use chrono::{DateTime, Utc};
use desk_core::api::Problem;
use desk_core::mail::MailSettings;
use rusqlite::{params, OptionalExtension};

use crate::error::{SqlContext, StoreError};
use crate::outbox::{insert_row, OutboxAction};
use crate::time::{parse_ts, ts};
use crate::Store;

const MAIL_SETTINGS: &str = "mail";

/// One request sent by e-mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailThread {
    /// `VD-…`: the request's id in this database and the tag in subjects.
    pub request_id: String,
    /// The outbox's local id of the request.
    pub local_id: String,
    /// The Message-ID of the request's own message (no angle brackets).
    pub root_message_id: String,
    /// VRAA's reference, once one of its replies named it.
    pub vraa_reference: Option<String>,
    /// The user set the state by hand; VRAA's mail no longer moves it.
    pub status_by_user: bool,
}

/// Whether a message was sent from here or taken in from the mailbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailDirection {
    Sent,
    Received,
}

impl MailDirection {
    fn as_str(self) -> &'static str {
        match self {
            MailDirection::Sent => "sent",
            MailDirection::Received => "received",
        }
    }
}

fn thread_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<MailThread> {
    Ok(MailThread {
        request_id: r.get(0)?,
        local_id: r.get(1)?,
        root_message_id: r.get(2)?,
        vraa_reference: r.get(3)?,
        status_by_user: r.get(4)?,
    })
}

const THREAD_COLUMNS: &str =
    "request_id, local_id, root_message_id, vraa_reference, status_by_user";

impl Store {
    /// The e-mail settings, when this database belongs to an e-mail connection.
    pub fn mail_settings(&self) -> Result<Option<MailSettings>, StoreError> {
        self.read_setting(MAIL_SETTINGS)
    }

    /// Stores already validated e-mail settings (see [`MailSettings::validated`]),
    /// or removes them (`None`: the connection is the API again).
    pub fn save_mail_settings(&self, settings: Option<&MailSettings>) -> Result<(), StoreError> {
        match settings {
            Some(s) => self.write_setting(
                MAIL_SETTINGS,
                &serde_json::to_value(s).map_err(StoreError::json("mail settings"))?,
            ),
            None => {
                self.conn()
                    .execute("DELETE FROM settings WHERE key = ?1", [MAIL_SETTINGS])
                    .context("removing the e-mail settings")?;
                self.emit(crate::events::StoreEvent::SettingsChanged);
                Ok(())
            }
        }
    }

    /// The thread of a request, by its id (`VD-…`).
    pub fn mail_thread(&self, request_id: &str) -> Result<Option<MailThread>, StoreError> {
        self.conn()
            .query_row(
                &format!("SELECT {THREAD_COLUMNS} FROM mail_threads WHERE request_id = ?1"),
                [request_id],
                thread_from_row,
            )
            .optional()
            .context("reading a mail thread")
    }

    /// The thread of a request created here, by the outbox's local id.
    pub fn mail_thread_of_local(&self, local_id: &str) -> Result<Option<MailThread>, StoreError> {
        self.conn()
            .query_row(
                &format!("SELECT {THREAD_COLUMNS} FROM mail_threads WHERE local_id = ?1"),
                [local_id],
                thread_from_row,
            )
            .optional()
            .context("reading a mail thread")
    }

    /// Starts the thread of a request before its message is sent, so that a
    /// crash after sending still finds the Message-ID to look for.
    pub fn start_mail_thread(&self, thread: &MailThread) -> Result<(), StoreError> {
        self.conn()
            .execute(
                "INSERT INTO mail_threads (request_id, local_id, root_message_id, vraa_reference, status_by_user)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT(request_id) DO NOTHING",
                params![
                    thread.request_id,
                    thread.local_id,
                    thread.root_message_id,
                    thread.vraa_reference,
                    thread.status_by_user
                ],
            )
            .context("starting a mail thread")?;
        Ok(())
    }

    /// Remembers a Message-ID of a thread (ours or VRAA's); later mail that
    /// refers to it threads to the request. Recording one twice is harmless.
    pub fn record_mail_message(
        &self,
        message_id: &str,
        request_id: &str,
        direction: MailDirection,
        at: DateTime<Utc>,
        action: Option<&OutboxAction>,
    ) -> Result<(), StoreError> {
        let action = action
            .map(serde_json::to_string)
            .transpose()
            .map_err(StoreError::json("mail action"))?;
        self.conn()
            .execute(
                "INSERT INTO mail_messages (message_id, request_id, direction, at, action)
                 VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(message_id) DO NOTHING",
                params![message_id, request_id, direction.as_str(), ts(at), action],
            )
            .context("recording a mail message")?;
        Ok(())
    }

    /// Marks a row whose file travelled in its request's message: it is
    /// acknowledged without a mail of its own, and is no message of the
    /// thread (nothing answers or refers to it).
    pub fn record_mail_included(
        &self,
        message_id: &str,
        request_id: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.record_mail_message(
            &format!("included:{message_id}"),
            request_id,
            MailDirection::Sent,
            at,
            None,
        )
    }

    /// Whether a row's file already went with its request's message.
    pub fn mail_included(&self, message_id: &str) -> Result<bool, StoreError> {
        self.mail_sent_by_us(&format!("included:{message_id}"))
    }

    /// Whether this Message-ID is one the app sent (its copy in the inbox
    /// or a CC to oneself is not VRAA's answer).
    pub fn mail_sent_by_us(&self, message_id: &str) -> Result<bool, StoreError> {
        self.conn()
            .query_row(
                "SELECT 1 FROM mail_messages WHERE message_id = ?1 AND direction = 'sent'",
                [message_id],
                |_| Ok(()),
            )
            .optional()
            .context("looking up a mail message")
            .map(|found| found.is_some())
    }

    /// The request the first of `message_ids` (In-Reply-To, then References
    /// from the newest) belongs to.
    pub fn mail_thread_of_messages(
        &self,
        message_ids: &[String],
    ) -> Result<Option<String>, StoreError> {
        let conn = self.conn();
        let mut statement = conn
            .prepare_cached("SELECT request_id FROM mail_messages WHERE message_id = ?1")
            .context("preparing a thread lookup")?;
        for id in message_ids {
            let found: Option<String> = statement
                .query_row([id], |r| r.get(0))
                .optional()
                .context("finding a thread by Message-ID")?;
            if found.is_some() {
                return Ok(found);
            }
        }
        Ok(None)
    }

    /// The request VRAA's reference was linked to.
    pub fn mail_thread_of_reference(&self, reference: &str) -> Result<Option<String>, StoreError> {
        self.conn()
            .query_row(
                "SELECT request_id FROM mail_threads WHERE vraa_reference = ?1",
                [reference],
                |r| r.get(0),
            )
            .optional()
            .context("finding a thread by VRAA's reference")
    }

    /// Links VRAA's reference to a request (the first reference wins: a
    /// later mail quoting another request's number does not move it).
    pub fn link_vraa_reference(&self, request_id: &str, reference: &str) -> Result<(), StoreError> {
        self.conn()
            .execute(
                "UPDATE mail_threads SET vraa_reference = ?2
                 WHERE request_id = ?1 AND vraa_reference IS NULL
                   AND NOT EXISTS (SELECT 1 FROM mail_threads WHERE vraa_reference = ?2)",
                params![request_id, reference],
            )
            .context("linking VRAA's reference")?;
        Ok(())
    }

    /// The Message-IDs of a thread in the order the app sent or took them in
    /// (for `References`; the last is what a follow-up answers). Not by the
    /// `Date` header: it has whole seconds and the sender's clock.
    pub fn mail_thread_messages(&self, request_id: &str) -> Result<Vec<String>, StoreError> {
        let conn = self.conn();
        let mut statement = conn
            .prepare_cached(
                "SELECT message_id FROM mail_messages
                 WHERE request_id = ?1 AND message_id NOT LIKE 'included:%' ORDER BY rowid",
            )
            .context("preparing a thread's messages")?;
        let rows = statement
            .query_map([request_id], |r| r.get(0))
            .context("reading a thread's messages")?;
        rows.collect::<Result<Vec<String>, _>>()
            .context("reading a thread's messages")
    }

    /// A sent message came back undelivered: what it asked for goes back in
    /// the outbox, parked with the server's reason, under a new key (so a
    /// retry is a new message, not one the Sent folder already holds).
    /// `None` when the message is not one of ours or was put back already.
    pub fn requeue_bounced(
        &self,
        message_id: &str,
        problem: &Problem,
    ) -> Result<Option<i64>, StoreError> {
        let seq = {
            let mut conn = self.conn();
            let tx = conn.transaction().context("starting a bounce")?;
            let found: Option<(String, Option<String>)> = tx
                .query_row(
                    "SELECT request_id, action FROM mail_messages
                     WHERE message_id = ?1 AND direction = 'sent'",
                    [message_id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()
                .context("finding a bounced message")?;
            let Some((request_id, Some(action))) = found else {
                return Ok(None);
            };
            let action: OutboxAction =
                serde_json::from_str(&action).map_err(StoreError::json("mail action"))?;
            let entry = insert_row(&tx, &request_id, &action)?;
            let text = serde_json::to_string(problem).map_err(StoreError::json("problem"))?;
            tx.execute(
                "UPDATE outbox SET state = 'parked', problem = ?2, last_error = ?3 WHERE seq = ?1",
                params![entry.seq, text, problem.to_string()],
            )
            .context("parking a bounced row")?;
            // Put back once: a second report about the same message changes nothing.
            tx.execute(
                "UPDATE mail_messages SET action = NULL WHERE message_id = ?1",
                [message_id],
            )
            .context("marking a bounce handled")?;
            tx.commit().context("committing a bounce")?;
            entry.seq
        };
        self.emit(crate::events::StoreEvent::OutboxChanged);
        Ok(Some(seq))
    }

    /// Points a thread at a new message of its request (a request sent
    /// again after a bounce has a new Message-ID).
    pub fn set_mail_root(&self, request_id: &str, message_id: &str) -> Result<(), StoreError> {
        self.conn()
            .execute(
                "UPDATE mail_threads SET root_message_id = ?2 WHERE request_id = ?1",
                params![request_id, message_id],
            )
            .context("updating a thread's first message")?;
        Ok(())
    }

    /// Notes that sending `message_id` starts now (cleared once confirmed).
    pub fn mark_mail_sending(&self, message_id: &str, at: DateTime<Utc>) -> Result<(), StoreError> {
        self.conn()
            .execute(
                "INSERT INTO mail_sending (message_id, started_at) VALUES (?1, ?2)
                 ON CONFLICT(message_id) DO UPDATE SET started_at = excluded.started_at",
                params![message_id, ts(at)],
            )
            .context("noting a send")?;
        Ok(())
    }

    /// When an unconfirmed attempt to send `message_id` started, if one did.
    pub fn mail_sending_since(
        &self,
        message_id: &str,
    ) -> Result<Option<DateTime<Utc>>, StoreError> {
        let text: Option<String> = self
            .conn()
            .query_row(
                "SELECT started_at FROM mail_sending WHERE message_id = ?1",
                [message_id],
                |r| r.get(0),
            )
            .optional()
            .context("reading a send in progress")?;
        text.map(|t| parse_ts(&t)).transpose()
    }

    /// The send of `message_id` is confirmed (accepted, or found in Sent).
    pub fn clear_mail_sending(&self, message_id: &str) -> Result<(), StoreError> {
        self.conn()
            .execute(
                "DELETE FROM mail_sending WHERE message_id = ?1",
                [message_id],
            )
            .context("clearing a send")?;
        Ok(())
    }

    /// Marks that the user set the request's state by hand.
    pub fn mark_mail_status_by_user(&self, request_id: &str) -> Result<(), StoreError> {
        self.conn()
            .execute(
                "UPDATE mail_threads SET status_by_user = 1 WHERE request_id = ?1",
                [request_id],
            )
            .context("marking a state set by hand")?;
        Ok(())
    }
}

//! Reading and writing the user's settings (table `settings`).
//!
//! Each setting is one row with a JSON value; a missing row means the default.
//! Saving writes all rows in one transaction, so a half-saved form cannot exist.

use chrono::Utc;
use desk_core::settings::{Language, Settings, Theme};
use rusqlite::{params, OptionalExtension};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::{SqlContext, StoreError};
use crate::Store;

const SERVER_URL: &str = "server_url";
const LANGUAGE: &str = "language";
const THEME: &str = "theme";
const SYNC_INTERVAL: &str = "sync_interval_minutes";
const PROXY: &str = "proxy";
const CA_CERT_PATH: &str = "ca_cert_path";
const NOTIFICATIONS: &str = "notifications_enabled";

impl Store {
    /// The stored settings, with defaults for anything never saved.
    pub fn settings(&self) -> Result<Settings, StoreError> {
        let defaults = Settings::default();
        Ok(Settings {
            server_url: self
                .read_setting(SERVER_URL)?
                .unwrap_or(defaults.server_url),
            language: self.read_setting(LANGUAGE)?.unwrap_or(defaults.language),
            theme: self.read_setting(THEME)?.unwrap_or(defaults.theme),
            sync_interval_minutes: self
                .read_setting(SYNC_INTERVAL)?
                .unwrap_or(defaults.sync_interval_minutes),
            proxy: self.read_setting(PROXY)?.unwrap_or(defaults.proxy),
            ca_cert_path: self
                .read_setting(CA_CERT_PATH)?
                .unwrap_or(defaults.ca_cert_path),
            notifications_enabled: self
                .read_setting(NOTIFICATIONS)?
                .unwrap_or(defaults.notifications_enabled),
        })
    }

    /// Stores already validated settings (see [`Settings::validated`]) in one transaction.
    pub fn save_settings(&self, settings: &Settings) -> Result<(), StoreError> {
        let mut conn = self.conn();
        let tx = conn
            .transaction()
            .context("starting the settings transaction")?;
        let now = Utc::now().to_rfc3339();
        let rows: [(&str, serde_json::Value); 7] = [
            (SERVER_URL, json(&settings.server_url)?),
            (LANGUAGE, json(&settings.language)?),
            (THEME, json(&settings.theme)?),
            (SYNC_INTERVAL, json(&settings.sync_interval_minutes)?),
            (PROXY, json(&settings.proxy)?),
            (CA_CERT_PATH, json(&settings.ca_cert_path)?),
            (NOTIFICATIONS, json(&settings.notifications_enabled)?),
        ];
        for (key, value) in rows {
            upsert(&tx, key, &value, &now)?;
        }
        tx.commit().context("committing the settings")?;
        drop(conn);
        self.emit(crate::events::StoreEvent::SettingsChanged);
        Ok(())
    }

    /// Remembers the interface language alone (the header switch).
    pub fn set_language(&self, language: Language) -> Result<(), StoreError> {
        self.write_setting(LANGUAGE, &json(&language)?)
    }

    /// Remembers the theme alone (the header switch).
    pub fn set_theme(&self, theme: Theme) -> Result<(), StoreError> {
        self.write_setting(THEME, &json(&theme)?)
    }

    pub(crate) fn write_setting(
        &self,
        key: &str,
        value: &serde_json::Value,
    ) -> Result<(), StoreError> {
        upsert(&self.conn(), key, value, &Utc::now().to_rfc3339())?;
        self.emit(crate::events::StoreEvent::SettingsChanged);
        Ok(())
    }

    pub(crate) fn read_setting<T: DeserializeOwned>(
        &self,
        key: &str,
    ) -> Result<Option<T>, StoreError> {
        let text: Option<String> = self
            .conn()
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()
            .context("reading a setting")?;
        text.map(|t| {
            serde_json::from_str(&t).map_err(|e| StoreError::BadValue {
                key: key.to_owned(),
                detail: e.to_string(),
            })
        })
        .transpose()
    }
}

fn json<T: Serialize>(value: &T) -> Result<serde_json::Value, StoreError> {
    serde_json::to_value(value).map_err(|e| StoreError::BadValue {
        key: std::any::type_name::<T>().to_owned(),
        detail: e.to_string(),
    })
}

fn upsert(
    conn: &rusqlite::Connection,
    key: &str,
    value: &serde_json::Value,
    now: &str,
) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO settings (key, value, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        params![key, value.to_string(), now],
    )
    .context("saving a setting")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use desk_core::settings::ProxySetting;

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("s.sqlite3")).unwrap();
        (dir, store)
    }

    #[test]
    fn a_fresh_store_returns_the_defaults() {
        let (_dir, store) = store();
        assert_eq!(store.settings().unwrap(), Settings::default());
        assert_eq!(store.settings().unwrap().language, Language::Lv);
    }

    #[test]
    fn saved_settings_survive_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.sqlite3");
        let wanted = Settings {
            server_url: Some("https://pieteikumi.vraa.gov.lv".into()),
            language: Language::En,
            theme: Theme::Dark,
            sync_interval_minutes: 15,
            proxy: ProxySetting::Manual {
                url: "http://proxy.iestade.lv:3128".into(),
            },
            ca_cert_path: Some("/etc/ssl/iestade-ca.pem".into()),
            notifications_enabled: false,
        };
        Store::open(&path).unwrap().save_settings(&wanted).unwrap();
        assert_eq!(Store::open(&path).unwrap().settings().unwrap(), wanted);
    }

    #[test]
    fn notifications_are_on_by_default_and_can_be_turned_off() {
        let (_dir, store) = store();
        assert!(store.settings().unwrap().notifications_enabled);
        let off = Settings {
            notifications_enabled: false,
            ..Settings::default()
        };
        store.save_settings(&off).unwrap();
        assert!(!store.settings().unwrap().notifications_enabled);
        store
            .save_settings(&Settings {
                notifications_enabled: true,
                ..off
            })
            .unwrap();
        assert!(store.settings().unwrap().notifications_enabled);
    }

    #[test]
    fn language_and_theme_switches_change_only_their_setting() {
        let (_dir, store) = store();
        let mut events = store.subscribe();
        store.set_language(Language::En).unwrap();
        store.set_theme(Theme::Light).unwrap();
        let settings = store.settings().unwrap();
        assert_eq!(settings.language, Language::En);
        assert_eq!(settings.theme, Theme::Light);
        for _ in 0..2 {
            assert_eq!(
                events.try_recv().unwrap(),
                crate::events::StoreEvent::SettingsChanged
            );
        }
        assert_eq!(
            settings.sync_interval_minutes,
            Settings::default().sync_interval_minutes
        );
    }

    #[test]
    fn a_damaged_stored_value_is_reported_not_silently_defaulted() {
        let (_dir, store) = store();
        store
            .conn()
            .execute(
                "INSERT INTO settings (key, value, updated_at) VALUES ('theme', '\"purple\"', 'x')",
                [],
            )
            .unwrap();
        let err = store.settings().unwrap_err();
        assert!(
            matches!(err, StoreError::BadValue { ref key, .. } if key == "theme"),
            "{err}"
        );
    }
}

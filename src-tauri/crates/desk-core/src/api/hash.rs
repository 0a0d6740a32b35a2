//! The SHA-256 that names attachment content: on the wire, in the outbox and
//! as a file name in the blob folder. Only exactly 64 lower-case hexadecimal
//! characters are a hash; anything else (`../..`, upper case, a path) is
//! refused where it is read, so it can never become a path component.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize};

/// A lower-case hex SHA-256, valid by construction.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::ToSchema),
    schema(
        value_type = String,
        pattern = "^[0-9a-f]{64}$",
        example = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
    )
)]
#[serde(transparent)]
pub struct Sha256Hex(String);

/// A value that is not 64 lower-case hex characters.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("“{shown}” is not a SHA-256 (64 lower-case hex characters) / “{shown}” nav SHA-256 (64 mazie heksadecimālie simboli)")]
pub struct InvalidSha256 {
    /// The value, shortened for messages.
    pub shown: String,
}

impl Sha256Hex {
    pub const LEN: usize = 64;

    pub fn parse(value: &str) -> Result<Self, InvalidSha256> {
        let valid = value.len() == Self::LEN
            && value
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        if valid {
            Ok(Sha256Hex(value.to_owned()))
        } else {
            Err(InvalidSha256 {
                shown: value.chars().take(80).collect(),
            })
        }
    }

    /// The hex form of a computed digest.
    pub fn from_digest(digest: [u8; 32]) -> Self {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut s = String::with_capacity(Self::LEN);
        for b in digest {
            s.push(HEX[usize::from(b >> 4)] as char);
            s.push(HEX[usize::from(b & 0x0f)] as char);
        }
        Sha256Hex(s)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Sha256Hex {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = String::deserialize(deserializer)?;
        Sha256Hex::parse(&value).map_err(serde::de::Error::custom)
    }
}

impl FromStr for Sha256Hex {
    type Err = InvalidSha256;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Sha256Hex::parse(s)
    }
}

impl fmt::Display for Sha256Hex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Sha256Hex {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for Sha256Hex {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Sha256Hex {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_64_lower_case_hex_characters_are_a_hash() {
        let good = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
        assert_eq!(Sha256Hex::parse(good).unwrap().as_str(), good);
        for bad in [
            "",
            "..",
            "../../etc/passwd",
            &good.to_uppercase(),
            &good[..63],
            &format!("{good}a"),
            &format!("{}g", &good[..63]),
            &format!("{}\\", &good[..63]),
            &format!("{}é", &good[..62]),
        ] {
            assert!(Sha256Hex::parse(bad).is_err(), "{bad}");
            assert!(serde_json::from_value::<Sha256Hex>(serde_json::json!(bad)).is_err());
        }
        let json = serde_json::to_string(&Sha256Hex::parse(good).unwrap()).unwrap();
        assert_eq!(json, format!("\"{good}\""));
    }

    #[test]
    fn digests_are_written_in_lower_case_hex() {
        let mut d = [0u8; 32];
        d[0] = 0xAB;
        d[31] = 0x0F;
        let h = Sha256Hex::from_digest(d);
        assert!(h.as_str().starts_with("ab00"));
        assert!(h.as_str().ends_with("000f"));
        assert!(Sha256Hex::parse(h.as_str()).is_ok());
    }
}

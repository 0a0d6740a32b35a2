//! Limits on attachments, checked before a file is queued so that VRAA does not
//! refuse it later: the size limit and the file types VRAA accepts (the
//! sandbox's `allowed_media_types` and `max_attachment` are the same values;
//! a test in `vraa-sandbox` keeps them equal).

use crate::forms::FieldProblem;

/// Largest attachment VRAA accepts: 10 MiB.
pub const MAX_ATTACHMENT_BYTES: usize = 10 * 1024 * 1024;

/// Longest file name VRAA accepts, in characters.
pub const MAX_FILE_NAME_CHARS: usize = 255;

/// The field name problems with attachments are reported under.
pub const FIELD: &str = "attachments";

/// File extensions (lower case) VRAA accepts, with the content type sent for
/// each. `edoc` and `asice` are e-signed documents (eParaksts, ASiC-E).
pub const ACCEPTED: &[(&str, &str)] = &[
    ("pdf", "application/pdf"),
    ("png", "image/png"),
    ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"),
    ("txt", "text/plain"),
    ("csv", "text/csv"),
    ("zip", "application/zip"),
    (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    ("edoc", "application/vnd.etsi.asic-e+zip"),
    ("asice", "application/vnd.etsi.asic-e+zip"),
    ("eml", "message/rfc822"),
];

/// The content type VRAA expects for a file name's extension, if accepted.
pub fn content_type_of(file_name: &str) -> Option<&'static str> {
    let (_, ext) = file_name.rsplit_once('.')?;
    let ext = ext.to_ascii_lowercase();
    ACCEPTED
        .iter()
        .find(|(e, _)| *e == ext)
        .map(|(_, content_type)| *content_type)
}

/// Checks one file against VRAA's limits; `Ok` gives the content type to send.
pub fn check_attachment(file_name: &str, size: u64) -> Result<&'static str, FieldProblem> {
    let problem = |lv: String, en: String| FieldProblem {
        field: FIELD.to_owned(),
        lv,
        en,
    };
    let chars = file_name.chars().count();
    if chars == 0 || chars > MAX_FILE_NAME_CHARS || file_name.contains(['/', '\\']) {
        return Err(problem(
            format!(
                "Faila nosaukumam “{file_name}” jābūt 1–{MAX_FILE_NAME_CHARS} rakstzīmēm bez “/” un “\\”"
            ),
            format!(
                "The file name “{file_name}” must be 1–{MAX_FILE_NAME_CHARS} characters without “/” and “\\”"
            ),
        ));
    }
    let Some(content_type) = content_type_of(file_name) else {
        let list = accepted_list();
        return Err(problem(
            format!("Faila “{file_name}” veids netiek pieņemts; atļautie: {list}"),
            format!("The type of “{file_name}” is not accepted; allowed: {list}"),
        ));
    };
    if size == 0 {
        return Err(problem(
            format!("Fails “{file_name}” ir tukšs"),
            format!("“{file_name}” is empty"),
        ));
    }
    if size > MAX_ATTACHMENT_BYTES as u64 {
        let limit = MAX_ATTACHMENT_BYTES as f64 / MIB;
        let actual = size as f64 / MIB;
        return Err(problem(
            format!(
                "Fails “{file_name}” ir {} MB; atļauti ne vairāk kā {} MB",
                lv_number(actual),
                lv_number(limit)
            ),
            format!(
                "“{file_name}” is {} MB; at most {} MB is allowed",
                en_number(actual),
                en_number(limit)
            ),
        ));
    }
    Ok(content_type)
}

const MIB: f64 = 1024.0 * 1024.0;

/// Longest safe file name in UTF-8 bytes (ext4 allows 255 bytes, NTFS 255
/// UTF-16 units; a little room is left for the OS's own suffixes).
pub const MAX_SAFE_NAME_BYTES: usize = 240;

/// Why a file may be saved but not opened (or sent): its type is not on the
/// list, or its bytes are not what its type says.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContentProblem {
    #[error("files of the type of “{file_name}” are not opened")]
    TypeNotAllowed { file_name: String },
    #[error("the content of “{file_name}” is not a {content_type} file")]
    ContentMismatch {
        file_name: String,
        content_type: String,
    },
}

impl ContentProblem {
    pub fn lv(&self) -> String {
        match self {
            ContentProblem::TypeNotAllowed { file_name } => format!(
                "Failu “{file_name}” VRAA Desk neatver, jo šāda veida fails var palaist programmu; to var tikai saglabāt. Atveriet to tikai tad, ja uzticaties sūtītājam"
            ),
            ContentProblem::ContentMismatch {
                file_name,
                content_type,
            } => format!(
                "Faila “{file_name}” saturs neatbilst tā veidam ({content_type}), tāpēc VRAA Desk to neatver; to var tikai saglabāt"
            ),
        }
    }

    pub fn en(&self) -> String {
        match self {
            ContentProblem::TypeNotAllowed { file_name } => format!(
                "VRAA Desk does not open “{file_name}”: a file of this type can run a program. You can only save it; open it only if you trust the sender"
            ),
            ContentProblem::ContentMismatch {
                file_name,
                content_type,
            } => format!(
                "The content of “{file_name}” does not match its type ({content_type}), so VRAA Desk does not open it; you can only save it"
            ),
        }
    }
}

/// What the bytes of each accepted content type must look like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Pdf,
    Png,
    Jpeg,
    /// ZIP and the ZIP-based formats: Office Open XML, ASiC-E (eParaksts).
    Zip,
    /// Plain text in any 8-bit encoding or UTF-16/32 with a byte order mark.
    Text,
}

fn kind_of(content_type: &str) -> Option<Kind> {
    Some(match content_type {
        "application/pdf" => Kind::Pdf,
        "image/png" => Kind::Png,
        "image/jpeg" => Kind::Jpeg,
        "application/zip"
        | "application/vnd.etsi.asic-e+zip"
        | "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        | "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => Kind::Zip,
        "text/plain" | "text/csv" | "message/rfc822" => Kind::Text,
        _ => return None,
    })
}

/// Whether `bytes` look like a file of `content_type` (one of [`ACCEPTED`]),
/// by their magic numbers; a program (PE, ELF, Mach-O, …) never does.
pub fn content_matches(content_type: &str, bytes: &[u8]) -> bool {
    let Some(kind) = kind_of(content_type) else {
        return false;
    };
    if bytes.is_empty() || infer::is_app(bytes) {
        return false;
    }
    match kind {
        Kind::Pdf => bytes.starts_with(b"%PDF-"),
        Kind::Png => infer::image::is_png(bytes),
        Kind::Jpeg => infer::image::is_jpeg(bytes),
        Kind::Zip => infer::archive::is_zip(bytes),
        Kind::Text => looks_like_text(bytes),
    }
}

/// Text: a byte order mark of UTF-16/32, or no NUL byte in the first 8 KiB
/// and nothing a magic number calls another kind of file.
fn looks_like_text(bytes: &[u8]) -> bool {
    const BOMS: [&[u8]; 4] = [b"\xFF\xFE\0\0", b"\0\0\xFE\xFF", b"\xFF\xFE", b"\xFE\xFF"];
    if BOMS.iter().any(|bom| bytes.starts_with(bom)) {
        return true;
    }
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return false;
    }
    match infer::get(head) {
        None => true,
        Some(t) => t.matcher_type() == infer::MatcherType::Text,
    }
}

/// Checks a file's type by its extension and by its bytes; `Ok` gives the
/// content type.
pub fn check_content(file_name: &str, bytes: &[u8]) -> Result<&'static str, ContentProblem> {
    let content_type =
        content_type_of(file_name).ok_or_else(|| ContentProblem::TypeNotAllowed {
            file_name: file_name.to_owned(),
        })?;
    if content_matches(content_type, bytes) {
        Ok(content_type)
    } else {
        Err(ContentProblem::ContentMismatch {
            file_name: file_name.to_owned(),
            content_type: content_type.to_owned(),
        })
    }
}

/// A file name safe to write to disk and to show: without folders or
/// characters Windows refuses (`<>:"/\|?*` become `_`), without control,
/// format (Unicode Cf: the bidirectional controls such as U+202E that make
/// `rekins\u{202E}fdp.bat` show as a PDF, U+061C, U+200E/F, the zero-width
/// characters) or invisible filler characters, not a Windows device name
/// (`CON`, `NUL`, `COM1`, `lpt9.txt`, …: prefixed with `_`), without leading
/// or trailing dots and spaces, and at most [`MAX_SAFE_NAME_BYTES`] long. The
/// one rule for every attachment name that reaches the disk.
pub fn safe_file_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .filter(|&c| !is_invisible(c))
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c => c,
        })
        .collect();
    let trimmed = cleaned.trim_matches(|c: char| c == '.' || c.is_whitespace());
    if trimmed.is_empty() {
        return "pielikums".into();
    }
    let mut safe = if is_device_name(trimmed) {
        format!("_{trimmed}")
    } else {
        trimmed.to_owned()
    };
    if safe.len() > MAX_SAFE_NAME_BYTES {
        safe = shorten(&safe);
    }
    safe
}

/// Control, format and invisible filler characters.
fn is_invisible(c: char) -> bool {
    use unicode_general_category::{get_general_category, GeneralCategory};
    c.is_control()
        || matches!(
            get_general_category(c),
            GeneralCategory::Format
                | GeneralCategory::LineSeparator
                | GeneralCategory::ParagraphSeparator
                | GeneralCategory::Surrogate
                | GeneralCategory::PrivateUse
                | GeneralCategory::Unassigned
        )
        // Letters that show as nothing (Hangul fillers, Braille blank, …).
        || matches!(
            c,
            '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}' | '\u{2800}' | '\u{034F}'
        )
}

/// Names Windows gives to devices whatever the extension: `CON`, `PRN`, `AUX`,
/// `NUL`, `COM0`–`COM9`, `LPT0`–`LPT9` (also with ¹²³), `CONIN$`, `CONOUT$`.
fn is_device_name(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name).trim_end();
    let upper = stem.to_uppercase();
    if matches!(
        upper.as_str(),
        "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$"
    ) {
        return true;
    }
    let mut chars = upper.chars();
    let prefix: String = chars.by_ref().take(3).collect();
    let rest: Vec<char> = chars.collect();
    (prefix == "COM" || prefix == "LPT")
        && matches!(rest.as_slice(), [d] if d.is_ascii_digit() || matches!(d, '¹' | '²' | '³'))
}

/// Cuts the stem so that the name fits, keeping the extension.
fn shorten(name: &str) -> String {
    let (stem, ext) = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && ext.len() <= 16 => (stem, format!(".{ext}")),
        _ => (name, String::new()),
    };
    let budget = MAX_SAFE_NAME_BYTES - ext.len();
    let mut cut = budget.min(stem.len());
    while !stem.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}{ext}", stem[..cut].trim_end_matches(['.', ' ']))
}

/// The accepted extensions for a message, e.g. `.pdf, .png, …`.
fn accepted_list() -> String {
    ACCEPTED
        .iter()
        .map(|(e, _)| format!(".{e}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One decimal unless whole: `10`, `12.3`.
fn en_number(x: f64) -> String {
    let rounded = (x * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}")
    }
}

/// Latvian writes a decimal comma: `12,3`.
fn lv_number(x: f64) -> String {
    en_number(x).replace('.', ",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted_types_give_their_content_type_whatever_the_case() {
        assert_eq!(check_attachment("līgums.PDF", 1), Ok("application/pdf"));
        assert_eq!(check_attachment("foto.Jpeg", 2_000), Ok("image/jpeg"));
        assert_eq!(
            check_attachment("iesniegums.edoc", 50_000),
            Ok("application/vnd.etsi.asic-e+zip")
        );
        assert_eq!(
            check_attachment("saraksts.xlsx", MAX_ATTACHMENT_BYTES as u64),
            Ok("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        );
    }

    #[test]
    fn empty_files_are_refused() {
        let p = check_attachment("tukšs.txt", 0).expect_err("refused");
        assert_eq!(p.field, "attachments");
        assert_eq!(p.lv, "Fails “tukšs.txt” ir tukšs");
        assert_eq!(p.en, "“tukšs.txt” is empty");
    }

    #[test]
    fn too_big_files_are_refused_with_the_limit_in_mb() {
        let p = check_attachment("video.zip", 12_900_000).expect_err("refused");
        assert_eq!(
            p.lv,
            "Fails “video.zip” ir 12,3 MB; atļauti ne vairāk kā 10 MB"
        );
        assert_eq!(p.en, "“video.zip” is 12.3 MB; at most 10 MB is allowed");
        assert!(check_attachment("a.pdf", MAX_ATTACHMENT_BYTES as u64 + 1).is_err());
    }

    #[test]
    fn unknown_types_are_refused_listing_the_accepted_ones() {
        for name in ["programma.exe", "bez_paplašinājuma", "arhīvs.tar.gz"] {
            let p = check_attachment(name, 10).expect_err("refused");
            assert!(p.lv.contains(".pdf, .png, .jpg"), "{}", p.lv);
            assert!(p.en.contains(".docx, .xlsx"), "{}", p.en);
            assert!(p.en.contains(name));
        }
    }

    #[test]
    fn file_names_must_fit_vraa_rules() {
        assert!(check_attachment("../x.pdf", 10).is_err());
        assert!(check_attachment(&format!("{}.pdf", "a".repeat(252)), 10).is_err());
        assert!(check_attachment(&format!("{}.pdf", "a".repeat(251)), 10).is_ok());
    }

    #[test]
    fn safe_names_lose_bidi_format_and_zero_width_characters() {
        // U+202E turns "rekins\u{202E}fdp.bat" into "rekinstab.pdf" on screen.
        assert_eq!(safe_file_name("rekins\u{202E}fdp.bat"), "rekinsfdp.bat");
        for c in [
            '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}',
            '\u{2068}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}', '\u{200B}', '\u{200C}',
            '\u{200D}', '\u{2060}', '\u{FEFF}', '\u{00AD}', '\u{180E}', '\u{3164}', '\u{0007}',
            '\u{001B}', '\u{007F}', '\u{0085}',
        ] {
            assert_eq!(
                safe_file_name(&format!("lī{c}gums.pdf")),
                "līgums.pdf",
                "{c:?}"
            );
        }
        assert_eq!(safe_file_name("\u{202E}\u{200B}"), "pielikums");
    }

    #[test]
    fn safe_names_avoid_windows_device_names_and_trailing_dots() {
        for (given, safe) in [
            ("CON", "_CON"),
            ("con.pdf", "_con.pdf"),
            ("CON.pdf", "_CON.pdf"),
            ("NUL", "_NUL"),
            ("aux.txt", "_aux.txt"),
            ("Prn.tar.gz", "_Prn.tar.gz"),
            ("COM1.txt", "_COM1.txt"),
            ("com9", "_com9"),
            ("COM0.txt", "_COM0.txt"),
            ("LPT1", "_LPT1"),
            ("lpt9.docx", "_lpt9.docx"),
            ("COM\u{00B9}.txt", "_COM\u{00B9}.txt"),
            ("CON .txt", "_CON .txt"),
            ("conin$", "_conin$"),
            ("faili.pdf. . ", "faili.pdf"),
            ("nul.", "_nul"),
        ] {
            assert_eq!(safe_file_name(given), safe, "{given}");
        }
        for fine in ["COM10.txt", "CONSOLE.pdf", "LPT.txt", "konts.pdf", "nulle"] {
            assert_eq!(safe_file_name(fine), fine);
        }
    }

    #[test]
    fn safe_names_fit_every_file_system() {
        let long = format!("{}.pdf", "ā".repeat(300));
        let safe = safe_file_name(&long);
        assert!(safe.len() <= MAX_SAFE_NAME_BYTES, "{}", safe.len());
        assert!(safe.ends_with("ā.pdf"));
    }

    const PDF: &[u8] = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n";
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    const JPEG: &[u8] = b"\xFF\xD8\xFF\xE0\0\x10JFIF\0";
    const ZIP: &[u8] = b"PK\x03\x04\x14\0\0\0\x08\0";
    const EXE: &[u8] = b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xFF\xFF\0\0";

    #[test]
    fn content_must_match_the_extension() {
        assert_eq!(check_content("a.pdf", PDF), Ok("application/pdf"));
        assert_eq!(check_content("a.PNG", PNG), Ok("image/png"));
        assert_eq!(check_content("a.jpg", JPEG), Ok("image/jpeg"));
        for zip in ["a.zip", "a.docx", "a.xlsx", "a.edoc", "a.asice"] {
            assert!(check_content(zip, ZIP).is_ok(), "{zip}");
        }
        assert!(check_content("a.txt", "Sveiki, ā č ē\r\n".as_bytes()).is_ok());
        // Windows-1257 (ā = 0xE2) and UTF-16 with a BOM are text too.
        assert!(check_content("a.csv", b"V\xE2rds;Uzv\xE2rds\r\n").is_ok());
        assert!(check_content("a.csv", b"\xFF\xFEV\0a\0").is_ok());
        assert!(check_content("a.eml", b"From: a@b.lv\r\n\r\nX").is_ok());

        for (name, bytes) in [
            ("a.pdf", EXE),
            ("a.pdf", PNG),
            ("a.png", PDF),
            ("a.jpg", ZIP),
            ("a.docx", PDF),
            ("a.zip", EXE),
            ("a.txt", EXE),
            ("a.txt", b"abc\0\0\0def".as_slice()),
            ("a.csv", ZIP),
            ("a.pdf", b"".as_slice()),
        ] {
            assert_eq!(
                check_content(name, bytes),
                Err(ContentProblem::ContentMismatch {
                    file_name: name.into(),
                    content_type: content_type_of(name).unwrap().into()
                }),
                "{name}"
            );
        }
        // A PDF header hidden after an executable's is no PDF.
        let mut polyglot = EXE.to_vec();
        polyglot.extend_from_slice(PDF);
        assert!(check_content("a.pdf", &polyglot).is_err());
    }

    #[test]
    fn types_off_the_list_are_never_opened() {
        for name in ["rekinsfdp.bat", "a.exe", "a.pdf.lnk", "a.js", "a", "a.html"] {
            assert_eq!(
                check_content(name, PDF),
                Err(ContentProblem::TypeNotAllowed {
                    file_name: name.into()
                })
            );
        }
        let p = ContentProblem::TypeNotAllowed {
            file_name: "a.bat".into(),
        };
        assert!(
            p.lv().contains("a.bat") && p.lv().contains("saglabāt"),
            "{}",
            p.lv()
        );
        assert!(
            p.en().contains("a.bat") && p.en().contains("save"),
            "{}",
            p.en()
        );
    }
}

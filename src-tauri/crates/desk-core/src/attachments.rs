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
}

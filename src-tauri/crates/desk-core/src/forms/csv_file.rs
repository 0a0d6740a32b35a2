//! Many requests of one type from a CSV file (bulk licence requests): the file
//! is read, every row converted and validated like a form, and the result is
//! shown to the user before anything is queued.
//!
//! The header names the columns: the schema's property keys, or their Latvian
//! or English titles; optionally `subject` (`temats`) and `description`
//! (`apraksts`). Without a subject column each row's subject is made of the
//! type's name and the row's main value. Every encoding Latvian Excel writes
//! (see [`decode_csv`]): UTF-8 with or without a BOM, UTF-16 LE/BE with a BOM,
//! Windows-1257; `,`, `;` (Excel with Latvian regional settings) or tab
//! separated (“Unicode text”).

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{
    fields_from_text, FieldProblem, RequestForm, Rule, RuleProblem, SchemaError, SUBJECT_MAX_CHARS,
};
use crate::api::RequestType;

/// Most data rows one file may have.
pub const MAX_CSV_ROWS: usize = 5_000;

const SUBJECT: &str = "subject";
const DESCRIPTION: &str = "description";

/// The file cannot be used at all (as opposed to rows with problems).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CsvFileError {
    #[error(
        "{line}. rindu nevar nolasīt kā {encoding} / line {line} cannot be read as {encoding}"
    )]
    Undecodable { line: u64, encoding: &'static str },
    #[error("failā nav virsraksta rindas / the file has no header row")]
    NoHeader,
    #[error("nezināmas kolonnas / unknown columns: {0:?}")]
    UnknownColumns(Vec<String>),
    #[error("trūkst kolonnu / missing columns: {0:?}")]
    MissingColumns(Vec<String>),
    #[error("kolonna divreiz / column twice: {0}")]
    DuplicateColumn(String),
    #[error("CSV kļūda {line}. rindā / CSV error on line {line}: {detail}")]
    Malformed { line: u64, detail: String },
    #[error("failā nav datu rindu / the file has no data rows")]
    NoRows,
    #[error("pārāk daudz rindu / too many rows: more than {limit}")]
    TooManyRows { limit: usize },
    #[error(transparent)]
    Schema(#[from] SchemaError),
}

impl CsvFileError {
    /// What happened, for a person, in Latvian.
    pub fn lv(&self) -> String {
        match self {
            CsvFileError::NoHeader => "Failā nav virsraksta rindas ar kolonnu nosaukumiem.".into(),
            CsvFileError::UnknownColumns(c) => {
                format!("Šim pieteikuma veidam nav kolonnu {}.", quoted(c))
            }
            CsvFileError::MissingColumns(c) => {
                format!("Failā trūkst obligāto kolonnu {}.", quoted(c))
            }
            CsvFileError::DuplicateColumn(c) => format!("Kolonna “{c}” failā ir divreiz."),
            CsvFileError::Malformed { line, detail } => {
                format!("Failu nevar nolasīt {line}. rindā ({detail}).")
            }
            CsvFileError::NoRows => "Failā nav neviena pieteikuma rindas.".into(),
            CsvFileError::TooManyRows { limit } => {
                format!("Failā ir vairāk nekā {limit} rindu; sadaliet to vairākos failos.")
            }
            CsvFileError::Undecodable { line, encoding } => format!(
                "Faila {line}. rindā ir baiti, kas nav teksts kodējumā {encoding}. Atveriet failu Excel un saglabājiet to vēlreiz kā “CSV UTF-8”."
            ),
            CsvFileError::Schema(e) => e.lv(),
        }
    }

    /// What happened, for a person, in English.
    pub fn en(&self) -> String {
        match self {
            CsvFileError::NoHeader => "The file has no header row with column names.".into(),
            CsvFileError::UnknownColumns(c) => {
                format!("This request type has no columns {}.", quoted(c))
            }
            CsvFileError::MissingColumns(c) => {
                format!("The file lacks the required columns {}.", quoted(c))
            }
            CsvFileError::DuplicateColumn(c) => format!("The column “{c}” appears twice."),
            CsvFileError::Malformed { line, detail } => {
                format!("The file cannot be read on line {line} ({detail}).")
            }
            CsvFileError::NoRows => "The file has no request rows.".into(),
            CsvFileError::TooManyRows { limit } => {
                format!("The file has more than {limit} rows; split it into several files.")
            }
            CsvFileError::Undecodable { line, encoding } => format!(
                "Line {line} of the file has bytes that are not {encoding} text. Open the file in Excel and save it again as “CSV UTF-8”."
            ),
            CsvFileError::Schema(e) => e.en(),
        }
    }
}

fn quoted(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("“{n}”"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every row of a file, converted and checked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CsvPreview {
    /// The columns as understood: `subject`, `description` or property keys,
    /// in the file's order.
    pub columns: Vec<String>,
    pub rows: Vec<CsvRow>,
}

impl CsvPreview {
    /// Rows without problems.
    pub fn valid(&self) -> usize {
        self.rows.iter().filter(|r| r.problems.is_empty()).count()
    }
    /// Rows with at least one problem.
    pub fn invalid(&self) -> usize {
        self.rows.len() - self.valid()
    }
}

/// One request of the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CsvRow {
    /// Line of the file where the row starts (the header is line 1), as a
    /// spreadsheet numbers it.
    pub line: u64,
    pub subject: String,
    pub description: String,
    pub fields: Value,
    pub problems: Vec<FieldProblem>,
    /// The rule behind each entry of `problems` (same order and length).
    #[serde(skip)]
    pub rules: Vec<Rule>,
}

/// What a header cell stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Column {
    Subject,
    Description,
    Field(String),
}

/// The text encodings of the CSV files Excel writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvEncoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    Windows1257,
}

impl CsvEncoding {
    fn encoding(self) -> &'static encoding_rs::Encoding {
        match self {
            CsvEncoding::Utf8 => encoding_rs::UTF_8,
            CsvEncoding::Utf16Le => encoding_rs::UTF_16LE,
            CsvEncoding::Utf16Be => encoding_rs::UTF_16BE,
            CsvEncoding::Windows1257 => encoding_rs::WINDOWS_1257,
        }
    }

    /// The name used in messages.
    pub fn name(self) -> &'static str {
        match self {
            CsvEncoding::Windows1257 => "Windows-1257",
            other => other.encoding().name(),
        }
    }
}

/// The text of a CSV file as Excel writes it: a byte order mark decides
/// (UTF-8 for “CSV UTF-8”, UTF-16 LE/BE for “Unicode text”); without one,
/// valid UTF-8 is UTF-8, and anything else is Windows-1257, what “CSV (Comma
/// delimited)” is on a Latvian Windows. Bytes the encoding cannot read are
/// refused, naming their line.
pub fn decode_csv(bytes: &[u8]) -> Result<(Cow<'_, str>, CsvEncoding), CsvFileError> {
    let (encoding, body) = match encoding_rs::Encoding::for_bom(bytes) {
        Some((e, bom)) if e == encoding_rs::UTF_16LE => (CsvEncoding::Utf16Le, &bytes[bom..]),
        Some((e, bom)) if e == encoding_rs::UTF_16BE => (CsvEncoding::Utf16Be, &bytes[bom..]),
        Some((_, bom)) => (CsvEncoding::Utf8, &bytes[bom..]),
        None => match std::str::from_utf8(bytes) {
            Ok(text) => return Ok((Cow::Borrowed(text), CsvEncoding::Utf8)),
            Err(_) => (CsvEncoding::Windows1257, bytes),
        },
    };
    let mut decoder = encoding.encoding().new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(body.len())
        .unwrap_or(body.len().saturating_mul(3));
    let mut text = String::with_capacity(capacity);
    let (result, _read) = decoder.decode_to_string_without_replacement(body, &mut text, true);
    match result {
        encoding_rs::DecoderResult::InputEmpty => Ok((Cow::Owned(text), encoding)),
        // The text decoded so far ends just before the bad bytes.
        _ => Err(CsvFileError::Undecodable {
            line: text.matches('\n').count() as u64 + 1,
            encoding: encoding.name(),
        }),
    }
}

/// Reads and checks a whole file; see the module documentation.
pub fn parse_request_csv(rt: &RequestType, bytes: &[u8]) -> Result<CsvPreview, CsvFileError> {
    let (text, _) = decode_csv(bytes)?;
    let text: &str = &text;
    let form = RequestForm::new(rt)?;

    let mut reader = csv::ReaderBuilder::new()
        .delimiter(detect_delimiter(text))
        .has_headers(true)
        .flexible(false)
        .from_reader(text.as_bytes());
    let header = reader.headers().map_err(|e| malformed(&e))?.clone();
    if header.iter().all(|h| h.trim().is_empty()) {
        return Err(CsvFileError::NoHeader);
    }
    let columns = map_columns(rt, &header)?;

    let mut rows = Vec::new();
    // Lines are counted from the byte offsets: the csv crate's own line count
    // is one short after CRLF line ends (what Excel writes).
    let mut lines = LineCounter::default();
    for record in reader.records() {
        let record = record.map_err(|e| malformed(&e))?;
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        if rows.len() == MAX_CSV_ROWS {
            return Err(CsvFileError::TooManyRows {
                limit: MAX_CSV_ROWS,
            });
        }
        let line = record
            .position()
            .map_or(0, |p| lines.line_at(text.as_bytes(), p.byte()));
        rows.push(read_row(&form, &columns, &record, line));
    }
    if rows.is_empty() {
        return Err(CsvFileError::NoRows);
    }
    Ok(CsvPreview {
        columns: columns
            .iter()
            .map(|c| match c {
                Column::Subject => SUBJECT.to_owned(),
                Column::Description => DESCRIPTION.to_owned(),
                Column::Field(k) => k.clone(),
            })
            .collect(),
        rows,
    })
}

fn read_row(
    form: &RequestForm<'_>,
    columns: &[Column],
    record: &csv::StringRecord,
    line: u64,
) -> CsvRow {
    let rt = form.request_type();
    let mut subject = String::new();
    let mut description = String::new();
    let mut texts = BTreeMap::new();
    for (column, cell) in columns.iter().zip(record.iter()) {
        match column {
            Column::Subject => subject = cell.trim().to_owned(),
            Column::Description => description = cell.trim().to_owned(),
            Column::Field(key) => {
                texts.insert(key.clone(), cell.to_owned());
            }
        }
    }
    let (fields, conversion) = fields_from_text(rt, &texts);
    if subject.is_empty() {
        subject = generated_subject(rt, &fields);
    }
    let mut checked: Vec<RuleProblem> = conversion
        .into_iter()
        .map(|p| RuleProblem::new(Rule::Type, format!("/{}", p.field), p))
        .collect();
    checked.extend(form.check(&subject, &description, &fields));
    CsvRow {
        line,
        subject,
        description,
        fields,
        rules: checked.iter().map(|p| p.rule).collect(),
        problems: checked.into_iter().map(|p| p.problem).collect(),
    }
}

/// "Piešķirt licenci: janis.berzins@iestade.gov.lv": the type's (Latvian)
/// name and the row's main value — its first e-mail, else its first required
/// text — cut to the subject limit.
fn generated_subject(rt: &RequestType, fields: &Value) -> String {
    let props = rt.fields_schema["properties"].as_object();
    let text_of = |key: &str| fields.get(key).and_then(Value::as_str).map(str::to_owned);
    let email = props.and_then(|p| {
        p.iter()
            .filter(|(_, s)| s["format"].as_str() == Some("email"))
            .find_map(|(k, _)| text_of(k))
    });
    let required = || {
        rt.fields_schema["required"]
            .as_array()
            .and_then(|r| r.iter().filter_map(Value::as_str).find_map(text_of))
    };
    let subject = match email.or_else(required) {
        Some(main) => format!("{}: {main}", rt.name.lv),
        None => rt.name.lv.clone(),
    };
    subject.chars().take(SUBJECT_MAX_CHARS).collect()
}

/// 1-based line numbers of increasing byte offsets, counted incrementally.
#[derive(Default)]
struct LineCounter {
    byte: usize,
    newlines: u64,
}

impl LineCounter {
    fn line_at(&mut self, text: &[u8], byte: u64) -> u64 {
        let mut to = usize::try_from(byte).unwrap_or(usize::MAX).min(text.len());
        // After a CRLF the crate reports the record as starting at the LF.
        if text.get(to) == Some(&b'\n') {
            to += 1;
        }
        if to > self.byte {
            self.newlines += text[self.byte..to].iter().filter(|b| **b == b'\n').count() as u64;
            self.byte = to;
        }
        self.newlines + 1
    }
}

/// The separator the header line uses most outside quotes: a tab (Excel's
/// “Unicode text”), `;` (Excel with Latvian regional settings) or `,`.
fn detect_delimiter(text: &str) -> u8 {
    let (mut commas, mut semicolons, mut tabs, mut quoted) = (0, 0, 0, false);
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' | '\r' if !quoted => break,
            ',' if !quoted => commas += 1,
            ';' if !quoted => semicolons += 1,
            '\t' if !quoted => tabs += 1,
            _ => {}
        }
    }
    if tabs > semicolons && tabs > commas {
        b'\t'
    } else if semicolons > commas {
        b';'
    } else {
        b','
    }
}

fn map_columns(rt: &RequestType, header: &csv::StringRecord) -> Result<Vec<Column>, CsvFileError> {
    let props = rt.fields_schema["properties"].as_object();
    let same = |a: &str, b: &str| a.trim().to_lowercase() == b.trim().to_lowercase();
    let mut columns: Vec<Column> = Vec::new();
    let mut unknown = Vec::new();
    for name in header.iter() {
        let name = name.trim();
        let column = if ["subject", "temats"].iter().any(|s| same(name, s)) {
            Some(Column::Subject)
        } else if ["description", "apraksts"].iter().any(|s| same(name, s)) {
            Some(Column::Description)
        } else {
            props.and_then(|p| {
                p.iter()
                    .find(|(key, schema)| {
                        same(name, key)
                            || schema["title"].as_str().is_some_and(|t| same(name, t))
                            || schema["x-title-en"].as_str().is_some_and(|t| same(name, t))
                    })
                    .map(|(key, _)| Column::Field(key.clone()))
            })
        };
        match column {
            Some(c) if columns.contains(&c) => {
                return Err(CsvFileError::DuplicateColumn(name.to_owned()))
            }
            Some(c) => columns.push(c),
            None => unknown.push(name.to_owned()),
        }
    }
    if !unknown.is_empty() {
        return Err(CsvFileError::UnknownColumns(unknown));
    }
    let missing: Vec<String> = rt.fields_schema["required"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .filter(|key| !columns.contains(&Column::Field((*key).to_owned())))
        .map(str::to_owned)
        .collect();
    if !missing.is_empty() {
        return Err(CsvFileError::MissingColumns(missing));
    }
    Ok(columns)
}

fn malformed(e: &csv::Error) -> CsvFileError {
    let line = e.position().map_or(0, |p| p.line());
    let detail = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("{len} cells instead of {expected_len} / {len} šūnas, nevis {expected_len}")
        }
        _ => e.to_string(),
    };
    CsvFileError::Malformed { line, detail }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::catalogue_data::standard_catalog;
    use serde_json::json;

    fn licence() -> RequestType {
        standard_catalog()
            .request_type("email.licence_assign")
            .expect("type")
            .clone()
    }

    #[test]
    fn excel_file_with_bom_semicolons_and_latvian_titles() {
        let file = "\u{feff}Lietotāja vārds, uzvārds;Lietotāja e-pasts;Licence;Sākuma datums\r\n\
                    Jānis Bērziņš;janis.berzins@iestade.gov.lv;exchange_online_plan_1;1.12.2026.\r\n\
                    ;;;\r\n\
                    Anna Ozola;nav-epasts;platinum;\r\n";
        let preview = parse_request_csv(&licence(), file.as_bytes()).expect("readable");
        assert_eq!(
            preview.columns,
            ["user_name", "user_email", "licence", "start_date"]
        );
        assert_eq!(preview.rows.len(), 2);
        assert_eq!((preview.valid(), preview.invalid()), (1, 1));

        let first = &preview.rows[0];
        assert_eq!(first.line, 2);
        assert_eq!(
            first.subject,
            "Piešķirt licenci: janis.berzins@iestade.gov.lv"
        );
        assert_eq!(first.fields["start_date"], "2026-12-01");
        assert_eq!(first.problems, vec![]);

        let second = &preview.rows[1];
        assert_eq!(second.line, 4);
        let fields: Vec<&str> = second.problems.iter().map(|p| p.field.as_str()).collect();
        // In the schema's order of properties (alphabetical).
        assert_eq!(fields, ["licence", "user_email"]);
        assert_eq!(second.rules, [Rule::Enum, Rule::Format]);
        assert_eq!(
            second.problems[1].lv,
            "Lauks “Lietotāja e-pasts” nav derīga e-pasta adrese"
        );
    }

    #[test]
    fn comma_file_with_keys_english_titles_and_a_subject_column() {
        let file = "subject,User's full name,user_email,licence,purchase_needed\n\
                    Licence Annai,Anna Bērziņa,anna@vvd.gov.lv,exchange_online_plan_1,nē\n\
                    ,Juris Kalns,juris@vvd.gov.lv,microsoft_365_e3,maybe\n";
        let preview = parse_request_csv(&licence(), file.as_bytes()).expect("readable");
        assert_eq!(
            preview.columns,
            [
                "subject",
                "user_name",
                "user_email",
                "licence",
                "purchase_needed"
            ]
        );
        assert_eq!(preview.rows[0].subject, "Licence Annai");
        assert_eq!(preview.rows[0].fields["purchase_needed"], json!(false));
        assert_eq!(
            preview.rows[1].subject,
            "Piešķirt licenci: juris@vvd.gov.lv"
        );
        assert_eq!(preview.rows[1].problems.len(), 1);
        assert_eq!(preview.rows[1].problems[0].field, "purchase_needed");
    }

    #[test]
    fn file_errors_are_bilingual() {
        let rt = licence();
        let err = parse_request_csv(
            &rt,
            b"user_name,user_email,licence,shoe_size\nA,a@b.lv,x,42\n",
        )
        .expect_err("unknown column");
        assert_eq!(err, CsvFileError::UnknownColumns(vec!["shoe_size".into()]));
        assert_eq!(err.en(), "This request type has no columns “shoe_size”.");
        assert_eq!(err.lv(), "Šim pieteikuma veidam nav kolonnu “shoe_size”.");

        let err = parse_request_csv(&rt, b"user_name;licence\nA;x\n").expect_err("missing");
        assert_eq!(err, CsvFileError::MissingColumns(vec!["user_email".into()]));

        assert_eq!(
            parse_request_csv(&rt, b"user_name,user_email,licence\n"),
            Err(CsvFileError::NoRows)
        );
        assert_eq!(
            parse_request_csv(&rt, b"\xff\xfe"),
            Err(CsvFileError::NoHeader)
        );
        assert_eq!(
            parse_request_csv(
                &rt,
                "user_name,User's full name,user_email,licence\n".as_bytes()
            ),
            Err(CsvFileError::DuplicateColumn("User's full name".into()))
        );
        let err = parse_request_csv(&rt, b"user_name,user_email,licence\nA,a@b.lv\n")
            .expect_err("short row");
        assert!(
            matches!(err, CsvFileError::Malformed { line: 2, .. }),
            "{err:?}"
        );
        assert!(err.en().contains("line 2"));
    }

    #[test]
    fn more_than_the_row_limit_is_refused() {
        let rt = licence();
        let mut file = String::from("user_name,user_email,licence\n");
        for i in 0..MAX_CSV_ROWS {
            file.push_str(&format!("U {i},u{i}@vvd.gov.lv,exchange_online_plan_1\n"));
        }
        let preview = parse_request_csv(&rt, file.as_bytes()).expect("at the limit");
        assert_eq!(preview.valid(), MAX_CSV_ROWS);
        file.push_str("one,more@vvd.gov.lv,exchange_online_plan_1\n");
        assert_eq!(
            parse_request_csv(&rt, file.as_bytes()),
            Err(CsvFileError::TooManyRows {
                limit: MAX_CSV_ROWS
            })
        );
    }

    /// The files Latvian Excel writes (made by an independent encoder, Python's
    /// codecs, with CRLF line ends): each reads to the same rows.
    #[test]
    fn every_encoding_latvian_excel_writes_reads_the_same() {
        let fixtures: [(&str, &[u8], CsvEncoding); 5] = [
            (
                "CSV (Comma delimited), Windows-1257, ;",
                include_bytes!("../../tests/data/csv/excel-csv-comma-delimited-windows-1257.csv"),
                CsvEncoding::Windows1257,
            ),
            (
                "CSV UTF-8 (with BOM)",
                include_bytes!("../../tests/data/csv/excel-csv-utf8-bom.csv"),
                CsvEncoding::Utf8,
            ),
            (
                "UTF-8 without BOM",
                include_bytes!("../../tests/data/csv/utf8-no-bom.csv"),
                CsvEncoding::Utf8,
            ),
            (
                "Unicode text, UTF-16 LE, tabs",
                include_bytes!("../../tests/data/csv/excel-unicode-text-utf16le.txt"),
                CsvEncoding::Utf16Le,
            ),
            (
                "UTF-16 BE, tabs",
                include_bytes!("../../tests/data/csv/unicode-text-utf16be.txt"),
                CsvEncoding::Utf16Be,
            ),
        ];
        for (what, bytes, encoding) in fixtures {
            let (_, found) = decode_csv(bytes).expect(what);
            assert_eq!(found, encoding, "{what}");
            let preview = parse_request_csv(&licence(), bytes).expect(what);
            assert_eq!(
                preview.columns,
                ["user_name", "user_email", "licence", "description"],
                "{what}"
            );
            assert_eq!(preview.valid(), 2, "{what}: {:?}", preview.rows);
            let first = &preview.rows[0];
            assert_eq!(first.line, 2, "{what}");
            assert_eq!(first.fields["user_name"], "Ģirts Ābelītis-Čakste", "{what}");
            assert_eq!(
                first.description, "Jaunais kolēģis: ā č ē ģ ī ķ ļ ņ š ū ž",
                "{what}"
            );
            let second = &preview.rows[1];
            assert_eq!(second.line, 3, "{what}");
            assert_eq!(second.fields["user_name"], "ĪVARS ĶĻAVIŅŠ-ŅŪŽĒ", "{what}");
            assert_eq!(
                second.description, "LIELIE BURTI: Ā Č Ē Ģ Ī Ķ Ļ Ņ Š Ū Ž",
                "{what}"
            );
        }
    }

    /// Only what no encoding can read is refused, naming the row.
    #[test]
    fn undecodable_bytes_are_refused_naming_the_line() {
        let bytes = include_bytes!("../../tests/data/csv/windows-1257-undefined-byte-line-3.csv");
        let err = parse_request_csv(&licence(), bytes).expect_err("0xA1 is no Windows-1257 letter");
        assert_eq!(
            err,
            CsvFileError::Undecodable {
                line: 3,
                encoding: "Windows-1257"
            }
        );
        assert!(err.lv().contains("3. rindā"), "{}", err.lv());
        assert!(err.en().contains("Line 3"), "{}", err.en());
        // A lone surrogate in UTF-16 (line 2).
        let mut utf16 = vec![0xFF, 0xFE];
        for unit in "user_name\tuser_email\tlicence\r\nA".encode_utf16() {
            utf16.extend_from_slice(&unit.to_le_bytes());
        }
        utf16.extend_from_slice(&0xD800u16.to_le_bytes());
        utf16.extend_from_slice(&u16::from(b'x').to_le_bytes());
        let err = parse_request_csv(&licence(), &utf16).expect_err("lone surrogate");
        assert_eq!(
            err,
            CsvFileError::Undecodable {
                line: 2,
                encoding: "UTF-16LE"
            }
        );
    }
}

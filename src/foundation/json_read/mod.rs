//! Reading the JSON of a request straight into its Rust types, naming the JSON path of any fault.
//!
//! Why not serde: the request types' derived `Deserialize` code, monomorphised for serde_json, was
//! the largest single part of the WebAssembly module after the engine itself (about 28 kB of its
//! gzipped size, issue 5), and serde reports where it stopped as a line and column, so the path of
//! the faulty field had to be re-read from the text. A pull reader that knows the path it is at is
//! both smaller and exact. It reads in text order and stops at the first fault, as serde did:
//!
//! - a value of the wrong type names the value's path (`months[0].work[1].hours`);
//! - an unknown or repeated field names the field (`months[0].work[0].incme`), a missing required one
//!   too (`months[0].work[0].income`), once its object has been read;
//! - a syntax error names the value the reader was in;
//! - numbers given for decimals are taken from their text, exactly (never through a binary float).
//!
//! The request types implement [`FromJson`]; [`read_object!`] writes the usual object case.

mod scalars;

pub use scalars::Scalar;

use crate::foundation::error::{excerpt, ApiError};

/// The nesting of values is bounded by the request types (an unknown field is an error, never
/// skipped), so the reader needs no depth limit: a value nested deeper than its type allows is a
/// type error at its first token.
pub struct Reader<'a> {
    text: &'a str,
    pos: usize,
    path: Vec<Step>,
}

/// One step of the path to the value being read.
#[derive(Clone, Copy)]
enum Step {
    Field(&'static str),
    Index(usize),
}

/// A Rust type read from a JSON value.
pub trait FromJson: Sized {
    fn read(r: &mut Reader<'_>) -> Result<Self, ApiError>;
}

pub use super::names::Named;

/// What a value was expected to be, in both languages, for type errors.
type Expected = (&'static str, &'static str);

const A_STRING: Expected = ("字符串", "a string");
const A_DECIMAL: Expected = (
    "以字符串表示的数字，如 \"6200.00\"",
    "a decimal number as a string, e.g. \"6200.00\"",
);
const A_WHOLE_NUMBER: Expected = ("非负整数", "a whole number");
const A_BOOLEAN: Expected = ("true 或 false", "true or false");
const AN_OBJECT: Expected = ("对象 {…}", "an object {…}");
const A_LIST: Expected = ("列表 […]", "a list […]");

/// Reads a whole document: one `T`, with nothing but white space around it.
pub fn from_str<T: FromJson>(text: &str) -> Result<T, ApiError> {
    let mut r = Reader {
        text,
        pos: 0,
        path: Vec::new(),
    };
    r.skip_space();
    let value = T::read(&mut r)?;
    r.skip_space();
    if r.pos < text.len() {
        return Err(r.syntax("请求末尾有多余内容", "trailing characters after the request"));
    }
    Ok(value)
}

impl<'a> Reader<'a> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn skip_space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    /// The path of the value being read, as the API writes it (`months[0].work[1].hours`).
    fn path_text(&self) -> String {
        let mut out = String::new();
        for step in &self.path {
            match *step {
                Step::Field(name) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(name);
                }
                Step::Index(i) => {
                    out.push('[');
                    out.push_str(&i.to_string());
                    out.push(']');
                }
            }
        }
        out
    }

    /// The path of a field of the object being read.
    fn field_path(&self, field: &str) -> String {
        let mut out = self.path_text();
        if !out.is_empty() {
            out.push('.');
        }
        out.push_str(field);
        out
    }

    /// Line and column (1-based, in characters) of the reader, for syntax errors.
    fn line_column(&self) -> (usize, usize) {
        let before = &self.text[..self.pos.min(self.text.len())];
        let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        (line, column)
    }

    fn syntax(&self, zh: &str, en: &str) -> ApiError {
        let (line, column) = self.line_column();
        ApiError::invalid(
            self.path_text(),
            format!("JSON 格式有误（第 {line} 行第 {column} 列）：{zh}"),
            format!("invalid JSON: {en} at line {line} column {column}"),
        )
    }

    fn unexpected_end_or(&self, zh: &str, en: &str) -> ApiError {
        if self.pos >= self.text.len() {
            self.syntax("内容不完整", "the text ends too early")
        } else {
            self.syntax(zh, en)
        }
    }

    /// A value of the wrong type at the reader (which has not consumed it).
    fn wrong_type(&self, expected: Expected) -> ApiError {
        let found: Expected = match self.peek() {
            Some(b'"') => ("字符串", "a string"),
            Some(b'{') => ("对象", "an object"),
            Some(b'[') => ("列表", "a list"),
            Some(b't' | b'f') => ("布尔值", "a boolean"),
            Some(b'n') => ("null", "null"),
            Some(b'-' | b'0'..=b'9') => ("数字", "a number"),
            None => return self.unexpected_end_or("", ""),
            Some(_) => return self.syntax("无法识别的值", "expected a value"),
        };
        ApiError::invalid(
            self.path_text(),
            format!("类型有误：应为{}，实际是{}", expected.0, found.0),
            format!("invalid type: {}, expected {}", found.1, expected.1),
        )
    }

    /// An invalid value of the right type at the current path.
    pub fn invalid(&self, zh: impl Into<String>, en: impl Into<String>) -> ApiError {
        ApiError::invalid(self.path_text(), zh, en)
    }

    /// A required field the object just read lacks.
    pub fn missing(&self, field: &'static str) -> ApiError {
        ApiError::invalid(
            self.field_path(field),
            format!("缺少必填字段 {field}"),
            format!("missing field `{field}`"),
        )
    }

    /// Consumes `word` (`true`, `false`, `null`) or fails as JSON does.
    fn literal(&mut self, word: &str) -> Result<(), ApiError> {
        if self.text[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(())
        } else {
            Err(self.unexpected_end_or("无法识别的值", "expected a value"))
        }
    }

    /// Whether the next value is `null` (consumed if so).
    pub fn null(&mut self) -> Result<bool, ApiError> {
        if self.peek() == Some(b'n') {
            self.literal("null")?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    pub fn boolean(&mut self) -> Result<bool, ApiError> {
        match self.peek() {
            Some(b't') => self.literal("true").map(|_| true),
            Some(b'f') => self.literal("false").map(|_| false),
            _ => Err(self.wrong_type(A_BOOLEAN)),
        }
    }

    /// A value that is one of `T`'s names.
    pub fn named<T: Named>(&mut self) -> Result<T, ApiError> {
        let name = self.string()?;
        T::from_name(&name).ok_or_else(|| {
            let name = excerpt(&name);
            let names: Vec<&str> = T::NAMES.iter().map(|(n, _)| *n).collect();
            self.invalid(
                format!("“{name}”不是可选值之一：{}", names.join("、")),
                format!("unknown variant \"{name}\", expected one of: {}", names.join(", ")),
            )
        })
    }

    /// A list, each element read by `T`.
    pub fn list<T: FromJson>(&mut self) -> Result<Vec<T>, ApiError> {
        if self.peek() != Some(b'[') {
            return Err(self.wrong_type(A_LIST));
        }
        self.pos += 1;
        let mut out = Vec::new();
        self.skip_space();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(out);
        }
        loop {
            // Until its first token an element is not begun: the text ending here is the list's fault.
            if self.peek().is_none() {
                return Err(self.unexpected_end_or("", ""));
            }
            self.path.push(Step::Index(out.len()));
            let item = T::read(self)?;
            self.path.pop();
            out.push(item);
            if self.comma_or_close(b']')? {
                return Ok(out);
            }
        }
    }

    /// An object whose keys must be among `fields`: `each(reader, i)` reads the value of
    /// `fields[i]`. An unknown or repeated key is an error naming it. Missing required fields are the
    /// caller's to report (with [`Reader::missing`]) once this returns.
    pub fn object(
        &mut self,
        fields: &'static [&'static str],
        each: &mut dyn FnMut(&mut Self, usize) -> Result<(), ApiError>,
    ) -> Result<(), ApiError> {
        if self.peek() != Some(b'{') {
            return Err(self.wrong_type(AN_OBJECT));
        }
        self.pos += 1;
        // Fields seen so far, one bit each (no request object has more than 64 fields).
        let mut seen: u64 = 0;
        self.skip_space();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(());
        }
        loop {
            if self.peek() != Some(b'"') {
                return Err(self.unexpected_end_or("字段名须为字符串", "key must be a string"));
            }
            let key = self.string()?;
            self.skip_space();
            if self.peek() != Some(b':') {
                return Err(self.unexpected_end_or("字段名后应为冒号", "expected `:`"));
            }
            self.pos += 1;
            let Some(i) = fields.iter().position(|f| *f == key) else {
                let shown = excerpt(&key);
                return Err(ApiError::invalid(
                    self.field_path(&shown),
                    format!("未知字段 {shown}（可用字段：{}）", fields.join("、")),
                    format!("unknown field `{shown}`, expected one of: {}", fields.join(", ")),
                ));
            };
            if seen & (1 << i) != 0 {
                return Err(ApiError::invalid(
                    self.field_path(&key),
                    format!("字段 {key} 重复"),
                    format!("duplicate field `{key}`"),
                ));
            }
            seen |= 1 << i;
            self.skip_space();
            self.path.push(Step::Field(fields[i]));
            each(self, i)?;
            self.path.pop();
            if self.comma_or_close(b'}')? {
                return Ok(());
            }
        }
    }

    /// After a list's element or an object's field: a comma, which another must follow, or the
    /// closing bracket (`]` or `}`). Whether the container closed.
    fn comma_or_close(&mut self, close: u8) -> Result<bool, ApiError> {
        self.skip_space();
        match self.peek() {
            Some(b',') => {
                self.pos += 1;
                self.skip_space();
                if self.peek() == Some(close) {
                    return Err(self.syntax("末尾多了逗号", "trailing comma"));
                }
                Ok(false)
            }
            Some(c) if c == close => {
                self.pos += 1;
                Ok(true)
            }
            _ if close == b']' => Err(self.unexpected_end_or("应为 , 或 ]", "expected `,` or `]`")),
            _ => Err(self.unexpected_end_or("应为 , 或 }", "expected `,` or `}`")),
        }
    }
}

impl FromJson for String {
    fn read(r: &mut Reader<'_>) -> Result<Self, ApiError> {
        r.string()
    }
}

impl FromJson for bool {
    fn read(r: &mut Reader<'_>) -> Result<Self, ApiError> {
        r.boolean()
    }
}

impl FromJson for u64 {
    fn read(r: &mut Reader<'_>) -> Result<Self, ApiError> {
        r.whole_number(u64::MAX)
    }
}

impl FromJson for u32 {
    fn read(r: &mut Reader<'_>) -> Result<Self, ApiError> {
        // In range by the bound just checked.
        r.whole_number(u64::from(u32::MAX)).map(|v| v as u32)
    }
}

/// `null` is `None`: an optional field may be given as null or left out.
impl<T: FromJson> FromJson for Option<T> {
    fn read(r: &mut Reader<'_>) -> Result<Self, ApiError> {
        if r.null()? {
            Ok(None)
        } else {
            T::read(r).map(Some)
        }
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn read(r: &mut Reader<'_>) -> Result<Self, ApiError> {
        r.list()
    }
}

/// Every unit enum declared with its names ([`crate::foundation::names::named_enum!`]) reads from one.
impl<T: Named> FromJson for T {
    fn read(r: &mut Reader<'_>) -> Result<Self, ApiError> {
        r.named()
    }
}

/// Reads an object into a struct: `read_object!(r, WorkEntry { platform: required, hours: default })`.
/// Every field of the struct must be listed, `required` or `default` (absent: `Default::default()`;
/// `Option` fields are `default`). The fields' types come from the struct, each read by its
/// [`FromJson`]. The JSON keys are the field names.
macro_rules! read_object {
    ($r:ident, $ty:ident { $($field:ident : $how:ident),* $(,)? }) => {{
        const FIELDS: &[&str] = &[$(stringify!($field)),*];
        $(let mut $field = None;)*
        $r.object(FIELDS, &mut |r, i| {
            let mut k = 0;
            $(
                if i == k {
                    $field = Some($crate::foundation::json_read::FromJson::read(r)?);
                    return Ok(());
                }
                k += 1;
            )*
            let _ = k;
            Ok(())
        })?;
        $ty { $($field: $crate::foundation::json_read::read_object!(@take $r, $field, $how)),* }
    }};
    (@take $r:ident, $field:ident, required) => {
        $field.ok_or_else(|| $r.missing(stringify!($field)))?
    };
    (@take $r:ident, $field:ident, default) => {
        $field.unwrap_or_default()
    };
}
pub(crate) use read_object;

/// The foundation's own value types read as JSON values: exact decimals from a number's digits or a
/// string, months from `"YYYY-MM"`.
impl FromJson for crate::foundation::money::Dec {
    fn read(r: &mut Reader<'_>) -> Result<Self, crate::foundation::error::ApiError> {
        r.decimal().map(crate::foundation::money::Dec)
    }
}

impl FromJson for crate::foundation::month::YearMonth {
    fn read(r: &mut Reader<'_>) -> Result<Self, crate::foundation::error::ApiError> {
        let text = r.string()?;
        text.parse().map_err(|_| {
            let text = crate::foundation::error::excerpt(&text);
            r.invalid(
                format!("月份“{text}”不是有效的 YYYY-MM 格式"),
                format!("month \"{text}\" is not a valid YYYY-MM month"),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    #[derive(Debug, PartialEq, Default)]
    struct Inner {
        a: Option<u32>,
        b: String,
    }
    impl FromJson for Inner {
        fn read(r: &mut Reader<'_>) -> Result<Self, ApiError> {
            Ok(read_object!(
                r,
                Inner {
                    a: default,
                    b: required
                }
            ))
        }
    }
    #[derive(Debug, PartialEq)]
    struct Outer {
        list: Vec<Inner>,
        flag: bool,
        amount: Option<Decimal>,
    }
    impl FromJson for Decimal {
        fn read(r: &mut Reader<'_>) -> Result<Self, ApiError> {
            r.decimal()
        }
    }
    impl FromJson for Outer {
        fn read(r: &mut Reader<'_>) -> Result<Self, ApiError> {
            Ok(read_object!(
                r,
                Outer {
                    list: required,
                    flag: default,
                    amount: default
                }
            ))
        }
    }

    fn path_of(text: &str) -> String {
        let e = from_str::<Outer>(text).expect_err(text);
        e.path.clone().unwrap_or_default()
    }

    #[test]
    fn reads_values_and_escapes() {
        let o: Outer =
            from_str(r#" {"list": [{"b": "x\"\u00e9\ud83d\ude00\n"}, {"a": 7, "b": ""}], "amount": 12.50} "#).unwrap();
        assert_eq!(o.list[0].b, "x\"é😀\n");
        assert_eq!(o.list[1].a, Some(7));
        assert!(!o.flag);
        // The number's own text: 12.50 keeps its two decimals.
        assert_eq!(o.amount.unwrap().to_string(), "12.50");
        let e: Outer = from_str(r#"{"list": [], "amount": 1.5e3}"#).unwrap();
        assert_eq!(e.amount.unwrap(), Decimal::from(1500));
    }

    #[test]
    fn names_the_path_of_each_fault() {
        assert_eq!(path_of(r#"{"list": [{"b": "x"}, {"b": 5}]}"#), "list[1].b");
        assert_eq!(path_of(r#"{"list": [{"b": "x"}, {"a": 1}]}"#), "list[1].b"); // missing
        assert_eq!(path_of(r#"{"list": [{"b": "x", "c": 1}]}"#), "list[0].c"); // unknown
        assert_eq!(path_of(r#"{"list": [], "flag": true, "flag": false}"#), "flag"); // repeated
        assert_eq!(path_of(r#"{"flag": true}"#), "list"); // missing at the top
        assert_eq!(path_of(r#"{"list": [{"a": -1, "b": "x"}]}"#), "list[0].a");
        assert_eq!(path_of(r#"{"list": [{"a": 4294967296, "b": "x"}]}"#), "list[0].a");
        assert_eq!(path_of(r#"{"list": [{"a": 1.0, "b": "x"}]}"#), "list[0].a");
        assert_eq!(path_of(r#"{"list": [{"b": "x"}"#), "list"); // ends inside the list
        assert_eq!(path_of(r#"{"list": [{"b": "\ud800"}]}"#), "list[0].b");
        assert_eq!(path_of(r#"{"list": [], "amount": 01}"#), "amount");
        assert_eq!(path_of(r#"{"list": [],}"#), "");
        assert_eq!(path_of(r#"{"list": []} x"#), "");
        assert_eq!(path_of(""), "");
        assert_eq!(path_of("null"), "");
        assert_eq!(path_of("{\"list\": [{\"b\": \"a\tb\"}]}"), "list[0].b"); // raw tab
    }

    #[test]
    fn null_is_none_only_for_optional_fields() {
        let o: Outer = from_str(r#"{"list": [{"a": null, "b": "x"}], "amount": null}"#).unwrap();
        assert_eq!((o.list[0].a, o.amount), (None, None));
        assert_eq!(path_of(r#"{"list": null}"#), "list");
        assert_eq!(path_of(r#"{"list": [], "flag": null}"#), "flag");
    }
}

//! The reader's scalars: strings with their escapes, and numbers from their text (whole numbers, and
//! decimals exactly, never through a binary float).

use super::{Expected, Reader, A_DECIMAL, A_STRING, A_WHOLE_NUMBER};
use crate::foundation::error::{excerpt, ApiError};
use rust_decimal::Decimal;

/// What [`Reader::number_or_text`] found.
pub enum Scalar {
    Number(Decimal),
    Text(String),
}

impl<'a> Reader<'a> {
    /// A JSON string, unescaped. Control characters must be escaped, and `\u` escapes must form
    /// whole characters (a lone surrogate is an error), as RFC 8259 and serde_json require.
    pub fn string(&mut self) -> Result<String, ApiError> {
        self.string_as(A_STRING)
    }

    fn string_as(&mut self, expected: Expected) -> Result<String, ApiError> {
        if self.peek() != Some(b'"') {
            return Err(self.wrong_type(expected));
        }
        self.pos += 1;
        let bytes = self.text.as_bytes();
        let mut out = String::new();
        let mut run = self.pos; // start of the unescaped run not yet copied
        loop {
            let Some(&b) = bytes.get(self.pos) else {
                return Err(self.unexpected_end_or("", ""));
            };
            match b {
                b'"' => {
                    out.push_str(&self.text[run..self.pos]);
                    self.pos += 1;
                    return Ok(out);
                }
                b'\\' => {
                    out.push_str(&self.text[run..self.pos]);
                    self.pos += 1;
                    let c = self.escape()?;
                    out.push(c);
                    run = self.pos;
                }
                0..=0x1f => return Err(self.syntax("字符串中有未转义的控制字符", "control character in a string")),
                _ => self.pos += 1,
            }
        }
    }

    /// The character of the escape after a backslash.
    fn escape(&mut self) -> Result<char, ApiError> {
        let Some(b) = self.peek() else {
            return Err(self.unexpected_end_or("", ""));
        };
        self.pos += 1;
        Ok(match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let first = self.hex4()?;
                let code = if (0xD800..0xDC00).contains(&first) {
                    // A leading surrogate must be followed by an escaped trailing one.
                    if !self.text[self.pos..].starts_with("\\u") {
                        return Err(self.syntax("\\u 转义不成对", "lone leading surrogate in a \\u escape"));
                    }
                    self.pos += 2;
                    let second = self.hex4()?;
                    if !(0xDC00..0xE000).contains(&second) {
                        return Err(self.syntax("\\u 转义不成对", "lone leading surrogate in a \\u escape"));
                    }
                    0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                } else {
                    first
                };
                char::from_u32(code)
                    .ok_or_else(|| self.syntax("\\u 转义不成对", "lone trailing surrogate in a \\u escape"))?
            }
            _ => {
                self.pos -= 1;
                return Err(self.syntax("无效的转义", "invalid escape"));
            }
        })
    }

    fn hex4(&mut self) -> Result<u32, ApiError> {
        let mut v = 0;
        for _ in 0..4 {
            let d = match self.peek() {
                Some(c @ b'0'..=b'9') => c - b'0',
                Some(c @ b'a'..=b'f') => c - b'a' + 10,
                Some(c @ b'A'..=b'F') => c - b'A' + 10,
                _ => return Err(self.unexpected_end_or("无效的 \\u 转义", "invalid \\u escape")),
            };
            v = v * 16 + u32::from(d);
            self.pos += 1;
        }
        Ok(v)
    }

    /// The text of a JSON number, checked against the JSON grammar
    /// (`-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`).
    fn number_text(&mut self) -> Result<&'a str, ApiError> {
        let text = self.text;
        let bytes = text.as_bytes();
        let start = self.pos;
        let digits = |r: &mut Self| {
            let from = r.pos;
            while let Some(b'0'..=b'9') = r.peek() {
                r.pos += 1;
            }
            r.pos > from
        };
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        let int_start = self.pos;
        if !digits(self) {
            return Err(self.unexpected_end_or("数字格式有误", "invalid number"));
        }
        if bytes[int_start] == b'0' && self.pos - int_start > 1 {
            self.pos = int_start + 1;
            return Err(self.syntax("数字不能以 0 开头", "invalid number: leading zero"));
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !digits(self) {
                return Err(self.unexpected_end_or("数字格式有误", "invalid number"));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if !digits(self) {
                return Err(self.unexpected_end_or("数字格式有误", "invalid number"));
            }
        }
        Ok(&text[start..self.pos])
    }

    /// A non-negative whole number no larger than `max`.
    pub fn whole_number(&mut self, max: u64) -> Result<u64, ApiError> {
        if !matches!(self.peek(), Some(b'-' | b'0'..=b'9')) {
            return Err(self.wrong_type(A_WHOLE_NUMBER));
        }
        let start = self.pos;
        let text = self.number_text()?;
        let value = if text.bytes().all(|b| b.is_ascii_digit()) {
            text.parse::<u64>().ok().filter(|&v| v <= max)
        } else {
            None
        };
        value.ok_or_else(|| {
            self.pos = start;
            let text = excerpt(text);
            ApiError::invalid(
                self.path_text(),
                format!("应为 0 到 {max} 之间的整数，实际是 {text}"),
                format!("invalid value: {text}, expected a whole number from 0 to {max}"),
            )
        })
    }

    /// A number as the exact decimal it writes, or a string's text, for a value the caller reads its own
    /// way (a rate written `"8%"`). Any other JSON value is the decimal type error.
    pub fn number_or_text(&mut self) -> Result<Scalar, ApiError> {
        match self.peek() {
            Some(b'"') => self.string_as(A_DECIMAL).map(Scalar::Text),
            Some(b'-' | b'0'..=b'9') => self.decimal().map(Scalar::Number),
            _ => Err(self.wrong_type(A_DECIMAL)),
        }
    }

    /// A decimal given as a string (`"6200.00"`, exact) or a JSON number (read from its text, so as
    /// exact as what was written), with the limits of [`crate::foundation::money::parse_decimal`].
    pub fn decimal(&mut self) -> Result<Decimal, ApiError> {
        let parsed = match self.peek() {
            Some(b'"') => {
                let s = self.string_as(A_DECIMAL)?;
                crate::foundation::money::parse_decimal(&s)
            }
            Some(b'-' | b'0'..=b'9') => {
                let text = self.number_text()?;
                crate::foundation::money::parse_json_number(text)
            }
            _ => return Err(self.wrong_type(A_DECIMAL)),
        };
        parsed.map_err(|e| self.invalid(format!("数字有误：{e}"), e))
    }
}

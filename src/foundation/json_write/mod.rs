//! Writing responses as JSON text: a small serde `Serializer` for the API's documents.
//!
//! The output is byte for byte what `serde_json::to_string_pretty` writes (two-space indents, `": "`
//! after keys, `[]` and `{}` when empty, the same string escapes), and a test holds the two to that
//! over every golden case. Why not serde_json itself: its serializer carries a formatter state through
//! every field, so each (struct, field type) pair got its own copy of the key-and-value code in the
//! WebAssembly module; here a key is one shared call, and only the value's own code is per type
//! (issue 5's size target).
//!
//! The documents hold strings, integers, booleans, lists and objects: decimals are strings by the
//! API's contract. A float is an error (serde_json would write one), so that one cannot slip into a
//! response and pull float formatting into the module unnoticed.

mod key;

use key::KeyText;
use serde::ser::{self, Serialize};
use std::fmt;

/// Why a value could not be written as JSON.
#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

type Result<T = ()> = std::result::Result<T, Error>;

/// `value` as indented JSON text, as `serde_json::to_string_pretty` writes it: what the CLI prints.
pub fn to_string_pretty<T: Serialize + ?Sized>(value: &T) -> Result<String> {
    write(value, Layout::Pretty)
}

/// `value` as JSON text without white space, as `serde_json::to_string` writes it: about half the
/// bytes of the indented text, for text that only a program reads (the wasm module's objects cross to
/// JavaScript as JSON text).
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String> {
    write(value, Layout::Compact)
}

/// The two layouts of the text: indented for people, without white space for programs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// Line breaks and two-space indents, and a space after each key's colon.
    Pretty,
    Compact,
}

fn write<T: Serialize + ?Sized>(value: &T, layout: Layout) -> Result<String> {
    let mut w = Writer {
        out: String::with_capacity(8192),
        depth: 0,
        layout,
    };
    value.serialize(&mut w)?;
    Ok(w.out)
}

/// `text` as a JSON string literal, quotes included.
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    write_str(&mut out, text);
    out
}

struct Writer {
    out: String,
    depth: usize,
    layout: Layout,
}

/// Escapes as serde_json does: `"` and `\`, the short escapes for the usual control characters,
/// `\u00XX` for the other control characters; everything else as it is (UTF-8).
fn write_str(out: &mut String, s: &str) {
    out.push('"');
    let mut run = 0;
    for (i, b) in s.bytes().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[run..i]);
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xf)]));
        } else {
            out.push_str(escape);
        }
        run = i + 1;
    }
    out.push_str(&s[run..]);
    out.push('"');
}

impl Writer {
    fn newline(&mut self) {
        if self.layout == Layout::Compact {
            return;
        }
        // The indent in one copy per 32 spaces rather than one push per level.
        const SPACES: &str = "                                ";
        self.out.push('\n');
        let mut indent = 2 * self.depth;
        while indent > 0 {
            let n = indent.min(SPACES.len());
            self.out.push_str(&SPACES[..n]);
            indent -= n;
        }
    }

    /// Opens a list or an object (`open` is `[` or `{`).
    fn open(&mut self, open: char, close: char) -> Compound<'_> {
        self.out.push(open);
        self.depth += 1;
        Compound {
            w: self,
            first: true,
            close,
        }
    }
}

/// An open list or object: elements are separated, and the closing bracket goes on its own line
/// unless the container stayed empty.
struct Compound<'a> {
    w: &'a mut Writer,
    first: bool,
    close: char,
}

impl<'a> Compound<'a> {
    /// Starts the next element (the comma, the line break and the indent).
    fn next(&mut self) {
        if !self.first {
            self.w.out.push(',');
        }
        self.first = false;
        self.w.newline();
    }

    /// Starts the next field of an object: `"key": `.
    fn key(&mut self, key: &str) {
        self.next();
        write_str(&mut self.w.out, key);
        self.w
            .out
            .push_str(if self.w.layout == Layout::Pretty { ": " } else { ":" });
    }

    fn value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        value.serialize(&mut *self.w)
    }

    /// Closes the container and gives the writer back.
    fn finish(self) -> &'a mut Writer {
        self.w.depth -= 1;
        if !self.first {
            self.w.newline();
        }
        self.w.out.push(self.close);
        self.w
    }

    fn close(self) -> Result {
        self.finish();
        Ok(())
    }
}

fn float() -> Error {
    Error("a float in a response: decimals are written as strings".into())
}

impl<'a> ser::Serializer for &'a mut Writer {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Variant<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Variant<'a>;

    fn serialize_bool(self, v: bool) -> Result {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result {
        if v < 0 {
            self.out.push('-');
        }
        self.serialize_u64(v.unsigned_abs())
    }
    fn serialize_u8(self, v: u8) -> Result {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result {
        // The digits, least significant first, then reversed into place.
        let mut digits = [0u8; 20];
        let (mut n, mut len) = (v, 0);
        loop {
            digits[len] = b'0' + (n % 10) as u8;
            len += 1;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.out.extend(digits[..len].iter().rev().map(|&d| char::from(d)));
        Ok(())
    }
    fn serialize_f32(self, _: f32) -> Result {
        Err(float())
    }
    fn serialize_f64(self, _: f64) -> Result {
        Err(float())
    }
    fn serialize_char(self, v: char) -> Result {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result {
        write_str(&mut self.out, v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result {
        let mut list = self.open('[', ']');
        for b in v {
            list.next();
            list.value(b)?;
        }
        list.close()
    }
    fn serialize_none(self) -> Result {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result {
        self.out.push_str("null");
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result {
        let mut obj = self.open('{', '}');
        obj.key(variant);
        obj.value(value)?;
        obj.close()
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'a>> {
        Ok(self.open('[', ']'))
    }
    fn serialize_tuple(self, _: usize) -> Result<Compound<'a>> {
        Ok(self.open('[', ']'))
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Compound<'a>> {
        Ok(self.open('[', ']'))
    }
    fn serialize_tuple_variant(self, _: &'static str, _: u32, variant: &'static str, _: usize) -> Result<Variant<'a>> {
        Ok(Variant::open(self, variant, '[', ']'))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'a>> {
        Ok(self.open('{', '}'))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Compound<'a>> {
        Ok(self.open('{', '}'))
    }
    fn serialize_struct_variant(self, _: &'static str, _: u32, variant: &'static str, _: usize) -> Result<Variant<'a>> {
        Ok(Variant::open(self, variant, '{', '}'))
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.next();
        self.value(value)
    }
    fn end(self) -> Result {
        self.close()
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result {
        self.close()
    }
}

impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result {
        self.close()
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result {
        self.key(key);
        self.value(value)
    }
    fn end(self) -> Result {
        self.close()
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result {
        let key = key.serialize(KeyText)?;
        self.key(&key);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.value(value)
    }
    fn end(self) -> Result {
        self.close()
    }
}

/// A variant with content, `{"variant": …}`: the outer object and the inner list or object.
struct Variant<'a> {
    inner: Compound<'a>,
}

impl<'a> Variant<'a> {
    fn open(w: &'a mut Writer, variant: &str, open: char, close: char) -> Self {
        w.out.push('{');
        w.depth += 1;
        w.newline();
        write_str(&mut w.out, variant);
        w.out.push_str(if w.layout == Layout::Pretty { ": " } else { ":" });
        Variant {
            inner: w.open(open, close),
        }
    }

    fn end(self) -> Result {
        let w = self.inner.finish();
        w.depth -= 1;
        w.newline();
        w.out.push('}');
        Ok(())
    }
}

impl ser::SerializeTupleVariant for Variant<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        ser::SerializeSeq::serialize_element(&mut self.inner, value)
    }
    fn end(self) -> Result {
        self.end()
    }
}

impl ser::SerializeStructVariant for Variant<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result {
        ser::SerializeStruct::serialize_field(&mut self.inner, key, value)
    }
    fn end(self) -> Result {
        self.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// Displays with characters JSON must escape, through `collect_str`.
    struct Awkward;
    impl fmt::Display for Awkward {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("say \"hi\"\\ \u{1}\ttab 你好")
        }
    }
    impl Serialize for Awkward {
        fn serialize<S: ser::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
            s.collect_str(self)
        }
    }

    #[derive(serde::Serialize)]
    enum Shape {
        Unit,
        Pair(u8, i64),
        Named { depth: u32, inner: Vec<Shape> },
    }

    /// Nested deeper than the 32-space indent step, with every kind of value the writer handles.
    fn sample() -> serde_json::Value {
        let mut deep = serde_json::json!("bottom");
        for i in 0..20 {
            deep = serde_json::json!({ format!("level{i}"): [deep, i, -i, true, null, [], {}] });
        }
        deep
    }

    fn same<T: Serialize>(value: &T) {
        assert_eq!(
            to_string_pretty(value).unwrap(),
            serde_json::to_string_pretty(value).unwrap()
        );
        assert_eq!(to_string(value).unwrap(), serde_json::to_string(value).unwrap());
    }

    #[test]
    fn writes_what_serde_json_writes() {
        same(&sample());
        same(&Awkward);
        same(&vec![Awkward, Awkward]);
        same(&Shape::Named {
            depth: 2,
            inner: vec![
                Shape::Unit,
                Shape::Pair(7, -9),
                Shape::Named {
                    depth: 0,
                    inner: vec![],
                },
            ],
        });
        let mut map = BTreeMap::new();
        map.insert(3u32, "three");
        map.insert(10u32, "ten");
        same(&map);
        same(&(u64::MAX, i64::MIN, 'x', "\u{7f}\u{1f}"));
    }

    #[test]
    fn floats_are_refused() {
        assert!(to_string(&1.5f64).is_err());
        assert!(to_string_pretty(&vec![0.0f32]).is_err());
    }
}

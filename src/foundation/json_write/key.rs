//! Object keys: a map's key written as the text JSON requires.

use super::{float, Error, Result};
use serde::ser::{self, Serialize};

/// An object key as text: strings as they are, integers and characters as their text (serde_json
/// quotes those too); anything else cannot be a JSON key.
pub(super) struct KeyText;

fn not_a_key() -> Error {
    Error("an object key must be a string".into())
}

impl ser::Serializer for KeyText {
    type Ok = String;
    type Error = Error;
    type SerializeSeq = ser::Impossible<String, Error>;
    type SerializeTuple = ser::Impossible<String, Error>;
    type SerializeTupleStruct = ser::Impossible<String, Error>;
    type SerializeTupleVariant = ser::Impossible<String, Error>;
    type SerializeMap = ser::Impossible<String, Error>;
    type SerializeStruct = ser::Impossible<String, Error>;
    type SerializeStructVariant = ser::Impossible<String, Error>;

    fn serialize_str(self, v: &str) -> Result<String> {
        Ok(v.to_string())
    }
    fn serialize_char(self, v: char) -> Result<String> {
        Ok(v.to_string())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<String> {
        Ok(variant.to_string())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result<String> {
        value.serialize(self)
    }
    fn serialize_i8(self, v: i8) -> Result<String> {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<String> {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<String> {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<String> {
        Ok(v.to_string())
    }
    fn serialize_u8(self, v: u8) -> Result<String> {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<String> {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<String> {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<String> {
        Ok(v.to_string())
    }
    fn serialize_bool(self, _: bool) -> Result<String> {
        Err(not_a_key())
    }
    fn serialize_f32(self, _: f32) -> Result<String> {
        Err(float())
    }
    fn serialize_f64(self, _: f64) -> Result<String> {
        Err(float())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<String> {
        Err(not_a_key())
    }
    fn serialize_none(self) -> Result<String> {
        Err(not_a_key())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<String> {
        Err(not_a_key())
    }
    fn serialize_unit(self) -> Result<String> {
        Err(not_a_key())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<String> {
        Err(not_a_key())
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<String> {
        Err(not_a_key())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq> {
        Err(not_a_key())
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple> {
        Err(not_a_key())
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeTupleStruct> {
        Err(not_a_key())
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(not_a_key())
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap> {
        Err(not_a_key())
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct> {
        Err(not_a_key())
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Err(not_a_key())
    }
}

//! The facts projection written straight from a value's `Serialize`, byte for byte what
//! `facts(serde_json::to_value(v))` prints through `serde_json::to_vec`:
//!
//! - an object's keys in byte order (a `serde_json::Map` is a `BTreeMap`), a key given twice
//!   keeping its last value, `updated_at` and `screened_at` left out at any depth, and a member
//!   whose projected value is empty (`null`, `""`, `[]`, `{}`) left out;
//! - an array keeps every element, each projected;
//! - enums as serde_json tags them (`"Unit"`, `{"Newtype":…}`, `{"Tuple":[…]}`, `{"Struct":{…}}`);
//! - scalars printed by serde_json itself (an `f32` as the `f64` it becomes in a tree).
//!
//! An object's members are written into one scratch buffer and then copied out in key order, so
//! a record costs a buffer per object rather than a tree node per value. What it cannot mirror
//! exactly (a map keyed by anything but text or an integer, 128-bit integers) is `Unsupported`,
//! and the caller falls back to the tree.

use serde::ser::{self, Impossible, Serialize};
use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

/// A value the direct writer leaves to the JSON tree.
#[derive(Debug)]
pub struct Unsupported;

impl fmt::Display for Unsupported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not projected directly")
    }
}

impl std::error::Error for Unsupported {}

impl ser::Error for Unsupported {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Unsupported
    }
}

type Result<T = ()> = std::result::Result<T, Unsupported>;

/// Appends the projection of `value` to `out`.
pub fn write<T: Serialize + ?Sized>(value: &T, out: &mut Vec<u8>) -> Result {
    value.serialize(Projector { out })
}

fn is_empty(json: &[u8]) -> bool {
    matches!(json, b"null" | b"\"\"" | b"[]" | b"{}")
}

fn dropped(key: &str) -> bool {
    key == "updated_at" || key == "screened_at"
}

fn scalar<T: Serialize + ?Sized>(out: &mut Vec<u8>, v: &T) -> Result {
    serde_json::to_writer(out, v).map_err(|_| Unsupported)
}

/// `{"key": value}`, or `{}` when the value's projection is empty.
fn tagged(out: &mut Vec<u8>, tag: &'static str, value: &[u8]) -> Result {
    let mut object = Object::new(out, None);
    object.scratch.extend_from_slice(value);
    object.entries.push((Cow::Borrowed(tag), 0..value.len()));
    object.finish()
}

struct Projector<'a> {
    out: &'a mut Vec<u8>,
}

impl<'a> ser::Serializer for Projector<'a> {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = Array<'a>;
    type SerializeTuple = Array<'a>;
    type SerializeTupleStruct = Array<'a>;
    type SerializeTupleVariant = Array<'a>;
    type SerializeMap = Object<'a>;
    type SerializeStruct = Object<'a>;
    type SerializeStructVariant = Object<'a>;

    fn serialize_bool(self, v: bool) -> Result {
        scalar(self.out, &v)
    }
    fn serialize_i8(self, v: i8) -> Result {
        scalar(self.out, &v)
    }
    fn serialize_i16(self, v: i16) -> Result {
        scalar(self.out, &v)
    }
    fn serialize_i32(self, v: i32) -> Result {
        scalar(self.out, &v)
    }
    fn serialize_i64(self, v: i64) -> Result {
        scalar(self.out, &v)
    }
    fn serialize_i128(self, _: i128) -> Result {
        Err(Unsupported)
    }
    fn serialize_u8(self, v: u8) -> Result {
        scalar(self.out, &v)
    }
    fn serialize_u16(self, v: u16) -> Result {
        scalar(self.out, &v)
    }
    fn serialize_u32(self, v: u32) -> Result {
        scalar(self.out, &v)
    }
    fn serialize_u64(self, v: u64) -> Result {
        scalar(self.out, &v)
    }
    fn serialize_u128(self, _: u128) -> Result {
        Err(Unsupported)
    }
    fn serialize_f32(self, v: f32) -> Result {
        // A tree holds every float as an f64, and prints it as one.
        scalar(self.out, &f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result {
        scalar(self.out, &v)
    }
    fn serialize_char(self, v: char) -> Result {
        scalar(self.out, &v)
    }
    fn serialize_str(self, v: &str) -> Result {
        scalar(self.out, v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Result {
        use ser::SerializeSeq;
        let mut a = self.serialize_seq(Some(v.len()))?;
        v.iter().try_for_each(|b| a.serialize_element(b))?;
        a.end()
    }
    fn serialize_none(self) -> Result {
        self.out.extend_from_slice(b"null");
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result {
        self.serialize_none()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result {
        scalar(self.out, variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, v: &T) -> Result {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        v: &T,
    ) -> Result {
        let mut inner = Vec::new();
        write(v, &mut inner)?;
        tagged(self.out, variant, &inner)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Array<'a>> {
        Ok(Array::new(self.out, None))
    }
    fn serialize_tuple(self, len: usize) -> Result<Array<'a>> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Array<'a>> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(self, _: &'static str, _: u32, variant: &'static str, _: usize) -> Result<Array<'a>> {
        Ok(Array::new(self.out, Some(variant)))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Object<'a>> {
        Ok(Object::new(self.out, None))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Object<'a>> {
        Ok(Object::new(self.out, None))
    }
    fn serialize_struct_variant(self, _: &'static str, _: u32, variant: &'static str, _: usize) -> Result<Object<'a>> {
        Ok(Object::new(self.out, Some(variant)))
    }
}

/// An array being written: straight into `out`, or, for a tuple variant, into a buffer that is
/// then tagged.
struct Array<'a> {
    out: &'a mut Vec<u8>,
    variant: Option<(&'static str, Vec<u8>)>,
    any: bool,
}

impl<'a> Array<'a> {
    fn new(out: &'a mut Vec<u8>, variant: Option<&'static str>) -> Self {
        let mut a = Array { out, variant: variant.map(|v| (v, Vec::new())), any: false };
        a.buf().push(b'[');
        a
    }
    fn buf(&mut self) -> &mut Vec<u8> {
        match &mut self.variant {
            Some((_, b)) => b,
            None => self.out,
        }
    }
    fn element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result {
        if std::mem::replace(&mut self.any, true) {
            self.buf().push(b',');
        }
        write(v, self.buf())
    }
    fn finish(mut self) -> Result {
        self.buf().push(b']');
        match self.variant {
            Some((tag, inner)) => tagged(self.out, tag, &inner),
            None => Ok(()),
        }
    }
}

/// serde's four array traits differ only in the name of the element method.
macro_rules! array_trait {
    ($($trait:ident :: $method:ident),*) => {$(
        impl ser::$trait for Array<'_> {
            type Ok = ();
            type Error = Unsupported;
            fn $method<T: Serialize + ?Sized>(&mut self, v: &T) -> Result {
                self.element(v)
            }
            fn end(self) -> Result {
                self.finish()
            }
        }
    )*};
}
array_trait!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

/// An object being written: its members' values into `scratch`, in the order given; `finish`
/// writes them to `out` in key order.
struct Object<'a> {
    out: &'a mut Vec<u8>,
    variant: Option<&'static str>,
    scratch: Vec<u8>,
    entries: Vec<(Cow<'static, str>, Range<usize>)>,
    /// The key `serialize_key` gave, until its value comes; None also for a dropped key.
    key: Option<Cow<'static, str>>,
}

impl<'a> Object<'a> {
    fn new(out: &'a mut Vec<u8>, variant: Option<&'static str>) -> Self {
        Object { out, variant, scratch: Vec::new(), entries: Vec::new(), key: None }
    }

    fn member<T: Serialize + ?Sized>(&mut self, key: Cow<'static, str>, v: &T) -> Result {
        if dropped(&key) {
            return Ok(());
        }
        let start = self.scratch.len();
        write(v, &mut self.scratch)?;
        self.entries.push((key, start..self.scratch.len()));
        Ok(())
    }

    fn finish(mut self) -> Result {
        // Sorted stably, so that of a key given twice the last is kept, as a map insert does.
        self.entries.sort_by(|a, b| a.0.cmp(&b.0));
        let mut body = Vec::with_capacity(self.scratch.len() + 16 * self.entries.len() + 2);
        body.push(b'{');
        let mut any = false;
        for (i, (key, range)) in self.entries.iter().enumerate() {
            if self.entries.get(i + 1).is_some_and(|next| next.0 == *key) {
                continue;
            }
            let value = &self.scratch[range.clone()];
            if is_empty(value) {
                continue;
            }
            if std::mem::replace(&mut any, true) {
                body.push(b',');
            }
            scalar(&mut body, key.as_ref())?;
            body.push(b':');
            body.extend_from_slice(value);
        }
        body.push(b'}');
        match self.variant {
            Some(tag) => tagged(self.out, tag, &body),
            None => {
                self.out.extend_from_slice(&body);
                Ok(())
            }
        }
    }
}

impl ser::SerializeMap for Object<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result {
        self.key = Some(Cow::Owned(key.serialize(KeyText)?));
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result {
        let key = self.key.take().ok_or(Unsupported)?;
        self.member(key, v)
    }
    fn end(self) -> Result {
        self.finish()
    }
}

/// A struct and a struct variant are written alike (the variant's tag is the object's).
macro_rules! struct_trait {
    ($($trait:ident),*) => {$(
        impl ser::$trait for Object<'_> {
            type Ok = ();
            type Error = Unsupported;
            fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, v: &T) -> Result {
                self.member(Cow::Borrowed(key), v)
            }
            fn end(self) -> Result {
                self.finish()
            }
        }
    )*};
}
struct_trait!(SerializeStruct, SerializeStructVariant);

/// A map key as the text a JSON tree keys it by: text as it is, an integer in decimal, a unit
/// variant by its name. Anything else is left to the tree.
struct KeyText;

impl ser::Serializer for KeyText {
    type Ok = String;
    type Error = Unsupported;
    type SerializeSeq = Impossible<String, Unsupported>;
    type SerializeTuple = Impossible<String, Unsupported>;
    type SerializeTupleStruct = Impossible<String, Unsupported>;
    type SerializeTupleVariant = Impossible<String, Unsupported>;
    type SerializeMap = Impossible<String, Unsupported>;
    type SerializeStruct = Impossible<String, Unsupported>;
    type SerializeStructVariant = Impossible<String, Unsupported>;

    fn serialize_str(self, v: &str) -> Result<String> {
        Ok(v.to_owned())
    }
    fn serialize_char(self, v: char) -> Result<String> {
        Ok(v.to_string())
    }
    fn serialize_i8(self, v: i8) -> Result<String> {
        Ok(v.to_string())
    }
    fn serialize_i16(self, v: i16) -> Result<String> {
        Ok(v.to_string())
    }
    fn serialize_i32(self, v: i32) -> Result<String> {
        Ok(v.to_string())
    }
    fn serialize_i64(self, v: i64) -> Result<String> {
        Ok(v.to_string())
    }
    fn serialize_u8(self, v: u8) -> Result<String> {
        Ok(v.to_string())
    }
    fn serialize_u16(self, v: u16) -> Result<String> {
        Ok(v.to_string())
    }
    fn serialize_u32(self, v: u32) -> Result<String> {
        Ok(v.to_string())
    }
    fn serialize_u64(self, v: u64) -> Result<String> {
        Ok(v.to_string())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<String> {
        Ok(variant.to_owned())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, v: &T) -> Result<String> {
        v.serialize(self)
    }
    fn serialize_bool(self, _: bool) -> Result<String> {
        Err(Unsupported)
    }
    fn serialize_f32(self, _: f32) -> Result<String> {
        Err(Unsupported)
    }
    fn serialize_f64(self, _: f64) -> Result<String> {
        Err(Unsupported)
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<String> {
        Err(Unsupported)
    }
    fn serialize_none(self) -> Result<String> {
        Err(Unsupported)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<String> {
        Err(Unsupported)
    }
    fn serialize_unit(self) -> Result<String> {
        Err(Unsupported)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<String> {
        Err(Unsupported)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<String> {
        Err(Unsupported)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq> {
        Err(Unsupported)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple> {
        Err(Unsupported)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeTupleStruct> {
        Err(Unsupported)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(Unsupported)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap> {
        Err(Unsupported)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct> {
        Err(Unsupported)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Err(Unsupported)
    }
}

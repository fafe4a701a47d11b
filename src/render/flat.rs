//! `#[serde(flatten)]` for template views, without its cost.
//!
//! serde's `flatten` turns the outer struct into a map, and Tera then gives every key of
//! every page view an allocation of its own (a map key is any string; a struct field name
//! is `&'static str`). Views that show one struct's fields beside their own serialize as
//! a struct instead: [`fields`] writes the inner struct's fields into the outer one.
//! Templates see the same names; a view's own field hides an inner field of the same name
//! (a view may show a model's value another way, e.g. several owners as one text).

use serde::Serialize;
use serde::ser::{Impossible, SerializeStruct, Serializer};

/// Writes the fields of `inner` (a struct with derived `Serialize`) into `outer`, but for
/// those named in `hidden` (the outer view's own).
///
/// # Errors
/// The outer serializer's, or an error when `inner` is not a plain struct.
pub(crate) fn fields<S: SerializeStruct, T: Serialize + ?Sized>(
    outer: &mut S,
    inner: &T,
    hidden: &[&str],
) -> Result<(), S::Error> {
    inner.serialize(Into(outer, hidden))
}

/// A serializer taking one struct and writing its fields (but the hidden ones) into another
/// one.
struct Into<'a, S>(&'a mut S, &'a [&'a str]);

fn only_structs<E: serde::ser::Error>() -> E {
    E::custom("only a struct's fields can be written into a view")
}

impl<S: SerializeStruct> SerializeStruct for Into<'_, S> {
    type Ok = ();
    type Error = S::Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), S::Error> {
        if self.1.contains(&key) {
            return Ok(());
        }
        self.0.serialize_field(key, value)
    }

    fn skip_field(&mut self, key: &'static str) -> Result<(), S::Error> {
        if self.1.contains(&key) {
            return Ok(());
        }
        self.0.skip_field(key)
    }

    fn end(self) -> Result<(), S::Error> {
        Ok(())
    }
}

/// Everything but `serialize_struct` (and the references leading to one) is refused.
macro_rules! refuse {
    ($($name:ident($($arg:ty),*);)*) => {
        $(fn $name(self, $(_: $arg),*) -> Result<(), S::Error> {
            Err(only_structs())
        })*
    };
}

impl<'a, S: SerializeStruct> Serializer for Into<'a, S> {
    type Ok = ();
    type Error = S::Error;
    type SerializeSeq = Impossible<(), S::Error>;
    type SerializeTuple = Impossible<(), S::Error>;
    type SerializeTupleStruct = Impossible<(), S::Error>;
    type SerializeTupleVariant = Impossible<(), S::Error>;
    type SerializeMap = Impossible<(), S::Error>;
    type SerializeStruct = Self;
    type SerializeStructVariant = Impossible<(), S::Error>;

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, S::Error> {
        Ok(self)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), S::Error> {
        value.serialize(self)
    }

    refuse! {
        serialize_bool(bool);
        serialize_i8(i8);
        serialize_i16(i16);
        serialize_i32(i32);
        serialize_i64(i64);
        serialize_u8(u8);
        serialize_u16(u16);
        serialize_u32(u32);
        serialize_u64(u64);
        serialize_f32(f32);
        serialize_f64(f64);
        serialize_char(char);
        serialize_str(&str);
        serialize_bytes(&[u8]);
        serialize_none();
        serialize_unit();
        serialize_unit_struct(&'static str);
        serialize_unit_variant(&'static str, u32, &'static str);
    }

    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<(), S::Error> {
        Err(only_structs())
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), S::Error> {
        Err(only_structs())
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, S::Error> {
        Err(only_structs())
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, S::Error> {
        Err(only_structs())
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, S::Error> {
        Err(only_structs())
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, S::Error> {
        Err(only_structs())
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, S::Error> {
        Err(only_structs())
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, S::Error> {
        Err(only_structs())
    }
}

/// Declares a view struct whose first field, marked `..`, is shown flattened (its fields
/// beside the view's own, as `#[serde(flatten)]` would), and serializes it as one struct.
/// Field attributes are kept but serde's are not read: every field is serialized, by its
/// name. A view's own field hides the inner struct's field of the same name.
///
/// ```ignore
/// flat_view! {
///     /// A goal as one session touched it.
///     #[derive(Debug, Clone)]
///     pub struct SessionGoalView<'a> {
///         ..pub change: &'a SessionGoal,
///         pub replaced_by: Option<GoalLink<'a>>,
///     }
/// }
/// ```
macro_rules! flat_view {
    (
        $(#[$meta:meta])*
        $vis:vis struct $ty:ident $(<$lt:lifetime>)? {
            $(#[$inner_meta:meta])*
            ..$inner_vis:vis $inner:ident: $inner_ty:ty,
            $(
                $(#[$field_meta:meta])*
                $field_vis:vis $field:ident: $field_ty:ty
            ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        $vis struct $ty $(<$lt>)? {
            $(#[$inner_meta])*
            $inner_vis $inner: $inner_ty,
            $($(#[$field_meta])* $field_vis $field: $field_ty,)+
        }

        impl $(<$lt>)? serde::Serialize for $ty $(<$lt>)? {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeStruct as _;
                // The length is only a capacity hint.
                let mut out = serializer.serialize_struct(stringify!($ty), 24)?;
                $crate::render::flat::fields(&mut out, &self.$inner, &[$(stringify!($field)),+])?;
                $(out.serialize_field(stringify!($field), &self.$field)?;)+
                out.end()
            }
        }
    };
}
pub(crate) use flat_view;

#[cfg(test)]
mod tests {
    use serde::Serialize;

    #[derive(Serialize)]
    struct Inner {
        a: u8,
        #[serde(rename = "bee")]
        b: &'static str,
        #[serde(skip_serializing_if = "Option::is_none")]
        c: Option<u8>,
    }

    flat_view! {
        struct Outer {
            ..inner: Inner,
            d: Vec<u8>,
        }
    }

    #[derive(Serialize)]
    struct Flattened {
        #[serde(flatten)]
        inner: Inner,
        d: Vec<u8>,
    }

    #[test]
    fn a_flat_view_has_the_fields_flatten_gives() {
        for c in [None, Some(3)] {
            let ours = Outer {
                inner: Inner { a: 1, b: "x", c },
                d: vec![2],
            };
            let serdes = Flattened {
                inner: Inner { a: 1, b: "x", c },
                d: vec![2],
            };
            assert_eq!(
                serde_json::to_value(&ours).unwrap(),
                serde_json::to_value(&serdes).unwrap()
            );
            assert_eq!(
                tera::Value::from_serializable(&ours),
                tera::Value::from_serializable(&serdes)
            );
        }
    }

    #[test]
    fn a_field_of_the_view_hides_the_inner_one() {
        flat_view! {
            struct Shadow {
                ..inner: Inner,
                a: &'static str,
            }
        }
        let v = serde_json::to_value(Shadow {
            inner: Inner {
                a: 1,
                b: "x",
                c: None,
            },
            a: "one",
        })
        .unwrap();
        assert_eq!(v, serde_json::json!({"a": "one", "bee": "x"}));
    }

    #[test]
    fn only_a_struct_flattens() {
        flat_view! {
            struct Odd {
                ..inner: u8,
                d: u8,
            }
        }
        assert!(serde_json::to_value(Odd { inner: 1, d: 2 }).is_err());
    }
}

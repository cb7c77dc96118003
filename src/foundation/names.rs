//! Unit enums written as one of a fixed set of names: in requests, results, rules data and the
//! batch's cells. [`named_enum!`] declares such an enum once, with each variant's name beside it, and
//! derives everything that reads or writes the names from that one list: [`Named`] (reading, by the
//! JSON reader, which reads every `Named` type, the batch and the rules loader), `name()`, serde's
//! `Serialize` and `Deserialize`.
//! The TypeScript types and the page's lists are checked against the same names (`tests/schema.rs`).

/// A unit enum written as one of a fixed set of names.
pub trait Named: Copy + 'static {
    /// Every variant with its name, in declaration order.
    const NAMES: &'static [(&'static str, Self)];

    /// The names alone, in the same order (for messages listing what is allowed).
    const NAME_LIST: &'static [&'static str];

    fn from_name(name: &str) -> Option<Self> {
        Self::NAMES.iter().find(|(n, _)| *n == name).map(|&(_, v)| v)
    }
}

/// Declares a unit enum and its names:
///
/// ```ignore
/// named_enum! {
///     /// What a liable platform's part of the base follows.
///     pub enum Apportion { Income = "income", Hours = "hours" }
/// }
/// ```
///
/// The enum derives `Clone, Copy, Debug, PartialEq, Eq, Hash` besides the attributes given (a
/// `#[derive(Default)]` with a `#[default]` variant, for example).
macro_rules! named_enum {
    (
        $(#[$attr:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vattr:meta])* $variant:ident = $text:literal ),+ $(,)?
        }
    ) => {
        $(#[$attr])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        $vis enum $name {
            $( $(#[$vattr])* $variant ),+
        }

        impl $crate::foundation::names::Named for $name {
            const NAMES: &'static [(&'static str, Self)] = &[$(($text, $name::$variant)),+];
            const NAME_LIST: &'static [&'static str] = &[$($text),+];
        }

        impl $name {
            /// The name in requests, results and rules data.
            pub const fn name(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.name())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct Visitor;
                impl serde::de::Visitor<'_> for Visitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(concat!("a name of ", stringify!($name)))
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$name, E> {
                        use $crate::foundation::names::Named;
                        $name::from_name(v).ok_or_else(|| E::unknown_variant(v, $name::NAME_LIST))
                    }
                }
                d.deserialize_str(Visitor)
            }
        }
    };
}
pub(crate) use named_enum;

#[cfg(test)]
mod tests {
    use super::Named;

    named_enum! {
        #[derive(Default)]
        enum Colour {
            #[default]
            Red = "red",
            DarkBlue = "dark_blue",
        }
    }

    #[test]
    fn one_list_gives_every_reading_and_writing() {
        assert_eq!(Colour::NAME_LIST, &["red", "dark_blue"]);
        assert_eq!(Colour::DarkBlue.name(), "dark_blue");
        assert_eq!(Colour::from_name("dark_blue"), Some(Colour::DarkBlue));
        assert_eq!(Colour::from_name("Dark_Blue"), None);
        assert_eq!(serde_json::to_string(&Colour::DarkBlue).unwrap(), "\"dark_blue\"");
        assert_eq!(serde_json::from_str::<Colour>("\"red\"").unwrap(), Colour::Red);
        assert!(serde_json::from_str::<Colour>("\"green\"").is_err());
        assert_eq!(Colour::default(), Colour::Red);
        let read: Colour = crate::foundation::json_read::from_str("\"dark_blue\"").unwrap();
        assert_eq!(read, Colour::DarkBlue);
    }
}

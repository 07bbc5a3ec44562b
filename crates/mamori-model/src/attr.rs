//! A model value together with its provenance.

use crate::span::Origin;

/// What is known about a value.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum State<T> {
    /// Written explicitly in the source, or returned by the API.
    Set(T),
    /// Omitted; the service applies this documented default. The origin points at the block
    /// that omitted it.
    Default(T),
    /// Omitted and the service has no default for it. The origin points at the block.
    Absent,
    /// The scanner could not resolve it (an unset variable, a data source, a computed
    /// attribute). The text explains why. Unknown never fails a rule.
    Unknown(String),
}

/// A model value with the place it came from.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Attr<T> {
    pub state: State<T>,
    pub origin: Origin,
}

impl<T> Attr<T> {
    pub fn set(value: T, origin: Origin) -> Self {
        Attr {
            state: State::Set(value),
            origin,
        }
    }

    pub fn absent(origin: Origin) -> Self {
        Attr {
            state: State::Absent,
            origin,
        }
    }

    pub fn unknown(reason: impl Into<String>, origin: Origin) -> Self {
        Attr {
            state: State::Unknown(reason.into()),
            origin,
        }
    }

    /// The value when it is set or defaulted.
    pub fn value(&self) -> Option<&T> {
        match &self.state {
            State::Set(v) | State::Default(v) => Some(v),
            _ => None,
        }
    }

    /// The value only when it was written explicitly.
    pub fn explicit(&self) -> Option<&T> {
        match &self.state {
            State::Set(v) => Some(v),
            _ => None,
        }
    }

    pub fn is_unknown(&self) -> bool {
        matches!(self.state, State::Unknown(_))
    }

    pub fn is_absent(&self) -> bool {
        matches!(self.state, State::Absent)
    }

    pub fn unknown_reason(&self) -> Option<&str> {
        match &self.state {
            State::Unknown(r) => Some(r),
            _ => None,
        }
    }

    /// Replaces an absent value by the service's default, keeping the origin.
    pub fn or_default_to(&mut self, value: T) {
        if matches!(self.state, State::Absent) {
            self.state = State::Default(value);
        }
    }

    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Attr<U> {
        let state = match self.state {
            State::Set(v) => State::Set(f(v)),
            State::Default(v) => State::Default(f(v)),
            State::Absent => State::Absent,
            State::Unknown(r) => State::Unknown(r),
        };
        Attr {
            state,
            origin: self.origin,
        }
    }
}

impl<T> Default for Attr<T> {
    fn default() -> Self {
        Attr {
            state: State::Absent,
            origin: Origin::Synthetic,
        }
    }
}

/// How a list item is named in attribute paths and messages: its name, or `#n` (1-based) when
/// the name cannot be read.
pub fn item_label(name: &Attr<String>, index: usize) -> String {
    match name.value() {
        Some(n) => n.clone(),
        None => format!("#{}", index + 1),
    }
}

//! What happened in a session, one journal line each. Events are facts in the past tense;
//! `State` folds them. Add new kinds at the end; never change what an old kind means, since
//! old journals must replay.

use std::borrow::Cow;
use std::fmt;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::de::{self, DeserializeSeed, EnumAccess, IgnoredAny, MapAccess, VariantAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use super::board::ActionFields;
use super::schedule;

/// Defines `EventKind` as written, and `Body`: the same kinds, externally tagged, so the
/// reader can name the kind from `type` and then fill its fields from the rest of the line
/// without buffering it (serde's internally tagged reading copies every line first).
macro_rules! event_kinds {
    (
        $(#[$kind_attr:meta])*
        pub enum EventKind {
            $(
                $(#[$variant_attr:meta])*
                $variant:ident {
                    $( $(#[$field_attr:meta])* $field:ident : $ty:ty ),* $(,)?
                }
            ),* $(,)?
        }
    ) => {
        $(#[$kind_attr])*
        pub enum EventKind {
            $( $(#[$variant_attr])* $variant { $( $(#[$field_attr])* $field: $ty ),* } ),*
        }

        #[derive(Deserialize)]
        #[serde(rename_all = "snake_case")]
        enum Body {
            $( $(#[$variant_attr])* $variant { $( $(#[$field_attr])* $field: $ty ),* } ),*
        }

        impl From<Body> for EventKind {
            fn from(body: Body) -> EventKind {
                match body {
                    $( Body::$variant { $($field),* } => EventKind::$variant { $($field),* } ),*
                }
            }
        }
    };
}

/// One journal line: its sequence number, when it happened, and what happened. Serialized
/// as `seq`, `at`, `type` and the kind's fields; read by the hand-written `Deserialize` below.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    pub seq: u64,
    pub at: DateTime<Utc>,
    #[serde(flatten)]
    pub kind: EventKind,
}

// Each kind is listed once, here: the macro also makes the externally tagged twin (`Body`)
// that the fast reader fills straight from the line. A new kind is one more entry.
event_kinds! {
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EventKind {
    /// The first event of every session.
    SessionStarted {
        title: String,
        /// SHA-256 of the pack's files, as copied into the session folder.
        pack_hash: String,
        /// The planned start time of day, HH:MM.
        planned_start: String,
        #[serde(default)]
        facilitator: Option<String>,
        #[serde(default)]
        venue: Option<String>,
        convene_version: String,
        /// The seed of the first groups formed (`--seed`); each later shuffle adds one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        seed: Option<u64>,
    },
    /// The facilitator moved to a programme item, slide and reveal step.
    Navigated {
        item: String,
        slide: usize,
        step: usize,
    },
    /// The projected screen was blanked (true) or brought back (false).
    Blanked {
        blank: bool,
    },
    /// An activity's timer started, or resumed after a pause.
    TimerStarted {
        activity: String,
    },
    TimerPaused {
        activity: String,
    },
    /// The activity moved to a phase (or restarted it), with this much of it already run:
    /// 0 for a change by hand, more when an auto-advancing timer's phase is pinned down.
    PhaseChanged {
        activity: String,
        phase: usize,
        #[serde(default)]
        elapsed_ms: i64,
    },
    /// Time added to (or, negative, taken from) a phase.
    PhaseAdjusted {
        activity: String,
        phase: usize,
        seconds: i64,
    },
    /// New planned minutes for programme items ("fit the rest").
    PlanChanged {
        items: Vec<PlannedItem>,
    },
    /// A sticky note on an activity's board.
    NoteAdded {
        note: String,
        board: String,
        category: String,
        text: String,
        #[serde(default)]
        sector: Option<String>,
        #[serde(default)]
        organisation: Option<String>,
        #[serde(default)]
        author: Option<String>,
        /// The phone it came from (a random id the phone keeps in a cookie), when it did.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        device: Option<String>,
    },
    NoteEdited {
        note: String,
        category: String,
        text: String,
        #[serde(default)]
        sector: Option<String>,
        #[serde(default)]
        organisation: Option<String>,
        #[serde(default)]
        author: Option<String>,
    },
    NoteMoved {
        note: String,
        category: String,
    },
    NoteDeleted {
        note: String,
    },
    /// An undo of a delete.
    NoteRestored {
        note: String,
    },
    /// Votes added to (or, negative, taken from) a note or a cluster.
    Voted {
        target: String,
        delta: i64,
        /// The phone that voted, when one did: its own votes are counted against its budget.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        device: Option<String>,
    },
    ClusterCreated {
        cluster: String,
        board: String,
        category: String,
        title: String,
        notes: Vec<String>,
    },
    ClusterDissolved {
        cluster: String,
    },
    /// The board hidden from the room while people write (true), or revealed.
    BoardHidden {
        board: String,
        hidden: bool,
    },
    AttendeeAdded {
        attendee: String,
        name: String,
        organisation: String,
        sector: String,
    },
    /// Random groups for an activity: attendee ids, group by group, and the seed that
    /// reproduces them. ("drawn" in the journal, from before "draw" came to mean rendering.)
    #[serde(rename = "groups_drawn")]
    GroupsFormed {
        activity: String,
        seed: u64,
        size: u32,
        groups: Vec<Vec<String>>,
    },
    ActionAdded {
        action: String,
        fields: ActionFields,
        #[serde(default)]
        source_note: Option<String>,
    },
    ActionEdited {
        action: String,
        fields: ActionFields,
    },
    /// A screen shown to the room on top of the page, or the page again.
    ScreenShown {
        screen: Screen,
    },
    /// Many attendees at once (an `--attendees` list): folds as one `attendee_added` each,
    /// in order. A long list is journaled in several of these, so no line grows huge.
    AttendeesImported {
        attendees: Vec<super::attendees::AttendeeEntry>,
    },
    /// A note placed in a square of its board's grid ("top-right"), or taken off the grid
    /// again (null).
    NotePlaced {
        note: String,
        #[serde(default)]
        quadrant: Option<crate::pack::Quadrant>,
    },
}
}

/// Reads `seq`, `at` and `type` in any order; once `type` is known, the kind's own fields
/// are read straight into it (the writer always puts those three first). A line whose
/// fields come before its `type` is read the slow way: buffered, then serde's derived
/// internally tagged `EventKind`. `at` must lie in the range a session can use.
impl<'de> Deserialize<'de> for Event {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Event, D::Error> {
        deserializer.deserialize_map(EventVisitor)
    }
}

struct EventVisitor;

impl<'de> Visitor<'de> for EventVisitor {
    type Value = Event;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a journal event")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Event, A::Error> {
        let mut head = Head::default();
        let kind = loop {
            let Some(key) = map.next_key::<Key<'de>>()? else {
                // No fields after `type` (or no `type` at all).
                break match head.kind.take() {
                    Some(tag) => read_body(tag, None, &mut map, &mut head)?,
                    None => return Err(de::Error::missing_field("type")),
                };
            };
            let Some(name) = head.read(key, &mut map)? else {
                continue;
            };
            break match head.kind.take() {
                Some(tag) => read_body(tag, Some(name), &mut map, &mut head)?,
                None => read_buffered(name, &mut map, &mut head)?,
            };
        };
        let seq = head.seq.ok_or_else(|| de::Error::missing_field("seq"))?;
        let at = head.at.ok_or_else(|| de::Error::missing_field("at"))?;
        Ok(Event { seq, at, kind })
    }
}

/// `seq`, `at` and `type`, wherever they come in the line.
#[derive(Default)]
struct Head<'de> {
    seq: Option<u64>,
    at: Option<DateTime<Utc>>,
    /// The kind's name, until it is used.
    kind: Option<Cow<'de, str>>,
    typed: bool,
}

impl<'de> Head<'de> {
    /// Reads the value of `seq`, `at` or `type`; hands back any other key, its value unread.
    fn read<A: MapAccess<'de>>(
        &mut self,
        key: Key<'de>,
        map: &mut A,
    ) -> Result<Option<Cow<'de, str>>, A::Error> {
        match key {
            Key::Seq if self.seq.is_some() => return Err(de::Error::duplicate_field("seq")),
            Key::Seq => self.seq = Some(map.next_value()?),
            Key::At if self.at.is_some() => return Err(de::Error::duplicate_field("at")),
            Key::At => {
                let At(at) = map.next_value()?;
                let range = schedule::journal_range();
                if !range.contains(&at) {
                    return Err(de::Error::custom(format_args!(
                        "the time {} is outside the years a session can use ({} to {})",
                        at.to_rfc3339(),
                        range.start.format("%Y-%m-%d"),
                        (range.end - chrono::TimeDelta::days(1)).format("%Y-%m-%d"),
                    )));
                }
                self.at = Some(at);
            }
            Key::Type if self.typed => return Err(de::Error::duplicate_field("type")),
            Key::Type => {
                self.kind = Some(map.next_value::<Str<'de>>()?.0);
                self.typed = true;
            }
            Key::Other(name) => return Ok(Some(name)),
        }
        Ok(None)
    }
}

/// The kind named by `tag`, filled from the rest of the map (whose next key, if any, is
/// `first`).
fn read_body<'de, A: MapAccess<'de>>(
    tag: Cow<'de, str>,
    first: Option<Cow<'de, str>>,
    map: &mut A,
    head: &mut Head<'de>,
) -> Result<EventKind, A::Error> {
    let rest = Rest { map, head, first };
    Body::deserialize(Tagged { tag, rest }).map(EventKind::from)
}

/// The slow way, for a line with a field before its `type`: the rest of the line is
/// buffered and read by serde's derived `EventKind`.
fn read_buffered<'de, A: MapAccess<'de>>(
    first: Cow<'de, str>,
    map: &mut A,
    head: &mut Head<'de>,
) -> Result<EventKind, A::Error> {
    let mut fields = serde_json::Map::new();
    fields.insert(first.into_owned(), map.next_value()?);
    while let Some(key) = map.next_key::<Key<'de>>()? {
        if let Some(name) = head.read(key, map)? {
            let value = map.next_value()?;
            if fields.insert(name.to_string(), value).is_some() {
                return Err(de::Error::custom(format_args!("duplicate field `{name}`")));
            }
        }
    }
    let Some(tag) = head.kind.take() else {
        return Err(de::Error::missing_field("type"));
    };
    fields.insert("type".to_string(), serde_json::Value::String(tag.into_owned()));
    EventKind::deserialize(serde_json::Value::Object(fields)).map_err(de::Error::custom)
}

/// An event's time. The writer's own form (`2026-11-27T09:30:00.150Z`) is read directly,
/// which is most of the time a line takes; anything else goes to chrono's RFC 3339 reader.
struct At(DateTime<Utc>);

impl<'de> Deserialize<'de> for At {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<At, D::Error> {
        let Str(text) = Str::deserialize(deserializer)?;
        if let Some(at) = written_time(text.as_bytes()) {
            return Ok(At(at));
        }
        text.parse().map(At).map_err(de::Error::custom)
    }
}

/// `YYYY-MM-DDTHH:MM:SS`, then `.` and one to nine digits or nothing, then `Z`.
fn written_time(text: &[u8]) -> Option<DateTime<Utc>> {
    let digits = |range: std::ops::Range<usize>| {
        text.get(range)?.iter().try_fold(0u32, |n, &b| {
            b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
        })
    };
    let shape = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')];
    if !shape.iter().all(|&(i, b)| text.get(i) == Some(&b)) {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(digits(0..4)? as i32, digits(5..7)?, digits(8..10)?)?;
    let (hour, minute, second) = (digits(11..13)?, digits(14..16)?, digits(17..19)?);
    let nano = match text.get(19..)? {
        b"Z" => 0,
        [b'.', fraction @ .., b'Z'] if (1..=9).contains(&fraction.len()) => {
            digits(20..20 + fraction.len())? * 10u32.pow(9 - fraction.len() as u32)
        }
        _ => return None,
    };
    let time = NaiveTime::from_hms_nano_opt(hour, minute, second, nano)?;
    Some(date.and_time(time).and_utc())
}

/// A key of an event line; any but the three every event has is left as it is.
enum Key<'de> {
    Seq,
    At,
    Type,
    Other(Cow<'de, str>),
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Key<'de>, D::Error> {
        let Str(name) = Str::deserialize(deserializer)?;
        Ok(match name.as_ref() {
            "seq" => Key::Seq,
            "at" => Key::At,
            "type" => Key::Type,
            _ => Key::Other(name),
        })
    }
}

/// A string, borrowed from the line when it holds no escapes.
struct Str<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Str<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Str<'de>, D::Error> {
        struct StrVisitor;
        impl<'de> Visitor<'de> for StrVisitor {
            type Value = Str<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Owned(v.to_string())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(StrVisitor)
    }
}

/// The rest of an event line after its `type`, as a map of the kind's fields: `seq` and
/// `at`, if they come late, are taken out on the way.
struct Rest<'a, 'de, A> {
    map: &'a mut A,
    head: &'a mut Head<'de>,
    /// A key already read from the line.
    first: Option<Cow<'de, str>>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Rest<'_, 'de, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        loop {
            let key = match self.first.take() {
                Some(name) => Key::Other(name),
                None => match self.map.next_key::<Key<'de>>()? {
                    Some(key) => key,
                    None => return Ok(None),
                },
            };
            if let Some(name) = self.head.read(key, self.map)? {
                return seed.deserialize(name_deserializer(name)).map(Some);
            }
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.map.next_value_seed(seed)
    }
}

impl<'de, A: MapAccess<'de>> VariantAccess<'de> for Rest<'_, 'de, A> {
    type Error = A::Error;

    fn unit_variant(mut self) -> Result<(), A::Error> {
        while self.next_key::<IgnoredAny>()?.is_some() {
            self.next_value::<IgnoredAny>()?;
        }
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, _: T) -> Result<T::Value, A::Error> {
        Err(de::Error::custom("an event's kind has named fields"))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value, A::Error> {
        Err(de::Error::custom("an event's kind has named fields"))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        visitor.visit_map(self)
    }
}

/// A name handed on to a derived reader of fields or kinds, borrowed when it can be.
fn name_deserializer<'de, E: de::Error>(name: Cow<'de, str>) -> de::value::CowStrDeserializer<'de, E> {
    de::value::CowStrDeserializer::new(name)
}

/// The kind's name and the rest of its line, read by `Body` as an externally tagged enum.
struct Tagged<'a, 'de, A> {
    tag: Cow<'de, str>,
    rest: Rest<'a, 'de, A>,
}

impl<'de, A: MapAccess<'de>> Deserializer<'de> for Tagged<'_, 'de, A> {
    type Error = A::Error;
    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, A::Error> {
        visitor.visit_enum(self)
    }
}

impl<'de, 'a, A: MapAccess<'de>> EnumAccess<'de> for Tagged<'a, 'de, A> {
    type Error = A::Error;
    type Variant = Rest<'a, 'de, A>;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Rest<'a, 'de, A>), A::Error> {
        let variant = seed.deserialize(name_deserializer(self.tag))?;
        Ok((variant, self.rest))
    }
}

/// What the room sees on top of the current page. Journaled as "groups", "actions",
/// "results", "grid", or "" for the page itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Screen {
    #[serde(rename = "groups")]
    Groups,
    #[serde(rename = "actions")]
    Actions,
    /// The current board's notes and clusters ranked by votes across its columns.
    #[serde(rename = "results")]
    Results,
    /// The current activity's prioritisation grid.
    #[serde(rename = "grid")]
    Grid,
    /// The programme item's own page (slide, activity or board); also what any screen name
    /// this build does not know reads as.
    #[default]
    #[serde(rename = "", other)]
    Page,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedItem {
    pub item: String,
    pub seconds: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn screens_and_groups_are_journaled_as_they_always_were() {
        for (screen, json) in [
            (Screen::Page, r#"{"type":"screen_shown","screen":""}"#),
            (Screen::Groups, r#"{"type":"screen_shown","screen":"groups"}"#),
            (Screen::Actions, r#"{"type":"screen_shown","screen":"actions"}"#),
            (Screen::Results, r#"{"type":"screen_shown","screen":"results"}"#),
            (Screen::Grid, r#"{"type":"screen_shown","screen":"grid"}"#),
        ] {
            let kind = EventKind::ScreenShown { screen };
            assert_eq!(serde_json::to_string(&kind).unwrap(), json);
            assert_eq!(serde_json::from_str::<EventKind>(json).unwrap(), kind);
        }
        let unknown = r#"{"type":"screen_shown","screen":"nonsense"}"#;
        assert_eq!(
            serde_json::from_str::<EventKind>(unknown).unwrap(),
            EventKind::ScreenShown { screen: Screen::Page },
            "a screen this build does not know shows the page"
        );
        let formed = EventKind::GroupsFormed {
            activity: "ideas".into(),
            seed: 7,
            size: 4,
            groups: vec![vec!["p1".into()]],
        };
        let json = r#"{"type":"groups_drawn","activity":"ideas","seed":7,"size":4,"groups":[["p1"]]}"#;
        assert_eq!(serde_json::to_string(&formed).unwrap(), json);
        assert_eq!(serde_json::from_str::<EventKind>(json).unwrap(), formed);
    }

    #[test]
    fn a_placement_is_journaled_by_the_squares_id_and_null_takes_it_off() {
        use crate::pack::Quadrant;
        for (quadrant, json) in [
            (
                Some(Quadrant::TopRight),
                r#"{"type":"note_placed","note":"n3","quadrant":"top-right"}"#,
            ),
            (None, r#"{"type":"note_placed","note":"n3","quadrant":null}"#),
        ] {
            let kind = EventKind::NotePlaced {
                note: "n3".into(),
                quadrant,
            };
            assert_eq!(serde_json::to_string(&kind).unwrap(), json);
            assert_eq!(serde_json::from_str::<EventKind>(json).unwrap(), kind);
            // And through the journal's own reader, fields after `type`.
            let line = format!(r#"{{"seq":9,"at":"2026-11-27T09:30:00Z",{}"#, &json[1..]);
            assert_eq!(serde_json::from_str::<Event>(&line).unwrap().kind, kind);
        }
        let missing = r#"{"type":"note_placed","note":"n3"}"#;
        assert_eq!(
            serde_json::from_str::<EventKind>(missing).unwrap(),
            EventKind::NotePlaced {
                note: "n3".into(),
                quadrant: None
            }
        );
        let unknown = r#"{"type":"note_placed","note":"n3","quadrant":"middle"}"#;
        assert!(serde_json::from_str::<EventKind>(unknown).is_err());
    }
}

//! The terminal: the event loop, the keymap, the theme and one module per screen. It reads
//! the session's state and sends commands; it never writes files itself.

pub(crate) mod markdown;
pub mod theme;

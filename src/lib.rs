//! convene: run a live workshop from a terminal. The domain (`pack`, `session`, `export`)
//! never touches the terminal; `tui` draws it and turns keys into commands.

pub mod export;
pub mod pack;
pub mod room_link;
pub mod room_server;
pub mod session;
pub mod tui;
pub mod width;

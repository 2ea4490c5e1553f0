//! `outcomes.json`: the whole record, for other tools. Its shape is a contract, published as
//! `schema/outcomes.schema.json`.

use super::outcomes::Outcomes;

/// Pretty JSON, two-space indents and a final newline. serde escapes whatever people typed.
pub fn json(outcomes: &Outcomes) -> String {
    let mut text =
        serde_json::to_string_pretty(outcomes).expect("outcomes are plain data and always serialise");
    text.push('\n');
    text
}

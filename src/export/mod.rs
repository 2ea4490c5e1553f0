//! Outcomes: JSON, Markdown, CSV and a draft Terms of Reference (being written).

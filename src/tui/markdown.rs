//! Slide Markdown to styled terminal lines (being written).

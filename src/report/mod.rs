//! Renderings of a snapshot: terminal text, JSON (stdout), the export file.

pub mod export;
pub mod html;
pub mod json;
pub mod once;
pub mod prometheus;
pub mod sanitize;
pub mod style;
pub mod text;

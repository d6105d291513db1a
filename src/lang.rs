//! The language phuluc speaks to its user. It sits below every stage, so
//! that an error or a written workbook can word itself without importing
//! the report stage; the wording of findings lives in `report::lang`.

/// The language of messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Tiếng Việt.
    #[default]
    Vi,
    /// English.
    En,
}

//! Reports: what `check` and `show` print, as text for people and JSON for
//! programs. JSON field names are stable (see docs/findings.md).

mod diff;
mod json;
pub mod lang;
pub mod province;
mod rollup;
mod text;

pub use diff::{diff_json, diff_text};
pub use json::{
    check_json, check_json_file, check_jsonl_file, show_json, JSON_END, JSON_END_EMPTY, JSON_START,
};
pub use rollup::{rollup_csv, rollup_json, rollup_text};
pub use text::{check_text, show_text};

use crate::{Error, Outcome};

/// One input's result: checked, or the reason it could not be read.
pub type FileResult = Result<Outcome, Error>;

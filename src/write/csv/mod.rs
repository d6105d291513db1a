//! CSV beside the workbook writers: `export` writes appendices as the CSV
//! the province receives (long or wide layout, `tep` naming each row's
//! source file) and `import` rebuilds workbooks from it through the same
//! sheet parts as every appendix phuluc writes. Both are re-exported at the
//! crate root as [`crate::export`] and [`crate::import`].

pub mod export;
pub mod import;
mod stream;

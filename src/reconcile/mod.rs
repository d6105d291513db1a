//! Reconciling budget tables: per-group rollups (`rollup`), versions
//! compared (`diff`), with names made comparable (`names`).

pub mod diff;
pub mod names;
pub mod rollup;

//! Reconciling budget tables: per-group rollups (`rollup`), with names
//! made comparable (`names`).

pub mod names;
pub mod rollup;

//! Reconciling budget tables: per-group rollups (`rollup`), versions
//! compared (`diff`), summaries against their detail (`summary`), with
//! names made comparable (`names`).

pub mod diff;
pub mod names;
pub mod rollup;
pub mod summary;

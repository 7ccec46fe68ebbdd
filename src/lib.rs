#![warn(missing_docs)]
//! `tracker` turns a learner's markdown study plan into numbers and a dashboard.
//!
//! Every command is one pipeline: config → load → parse → report → render → publish.

pub mod cmd;
pub mod config;
pub mod date;
pub mod diagnostics;
pub mod fingerprint;
pub mod history;
pub mod invariants;
pub mod publish;
pub mod report;
pub mod serve;
pub mod sessions;
pub mod site;
pub mod source;
pub mod study;
pub mod timings;
pub mod tracker;
pub mod watch;
pub mod yaml;

//! The tracker document: markdown in, a counted heading tree out.

pub mod count;
pub mod fields;
pub mod kinds;
pub mod model;
pub mod parse;
pub mod summary;

use crate::diagnostics::Diagnostic;
use crate::source::SourceFile;
use kinds::KindRules;
use model::Document;

/// Parses a tracker, rolls up its counts and applies the summary's declarations.
pub fn read(source: &SourceFile, rules: &KindRules) -> (Document, Vec<Diagnostic>) {
    let (mut doc, mut warnings) = parse::parse(source, rules);
    count::roll_up(&mut doc);
    warnings.extend(summary::apply(&mut doc, &source.name));
    (doc, warnings)
}

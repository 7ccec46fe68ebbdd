//! The report as JSON text (`progress.json`, `status --json`), made whole or, for `watch`,
//! from pieces kept between builds.

use super::{Report, Section, SessionEntry};
use serde::Serialize;
use serde_json::value::RawValue;
use std::collections::HashMap;
use std::sync::Arc;

/// The report as pretty JSON with two-space indents and a final newline.
pub fn to_json(report: &Report) -> String {
    finish(serde_json::to_string_pretty(report))
}

/// The JSON of each top-level section and each session, by a fingerprint of its value, kept
/// by `watch` between builds: most of `progress.json` is the same from one save to the next.
#[derive(Debug, Default)]
pub struct JsonCache {
    sections: HashMap<u64, Arc<RawValue>>,
    sessions: HashMap<u64, Arc<RawValue>>,
}

/// [`to_json`], byte for byte, made from the pieces in `cache` where their values are
/// unchanged. `session_keys` holds [`crate::fingerprint::of`] each session, in order (the
/// caller made them already). The cache then holds this report's pieces only.
pub fn to_json_cached(report: &Report, session_keys: &[u64], cache: &mut JsonCache) -> String {
    use rayon::prelude::*;
    /// An array item's JSON, indented as it is inside the report (two levels deep).
    fn piece<T: Serialize>(value: &T) -> Arc<RawValue> {
        let text = serde_json::to_string_pretty(value)
            .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
            .replace('\n', "\n    ");
        RawValue::from_string(text)
            .map(Arc::from)
            .unwrap_or_else(|_| Arc::from(RawValue::NULL.to_owned()))
    }
    fn pieces<T: Serialize + Sync>(
        items: &[T],
        keys: &[u64],
        old: &HashMap<u64, Arc<RawValue>>,
    ) -> Vec<(u64, Arc<RawValue>)> {
        items
            .par_iter()
            .zip(keys)
            .map(|(item, key)| {
                let made = old.get(key).cloned().unwrap_or_else(|| piece(item));
                (*key, made)
            })
            .collect()
    }
    let section_keys: Vec<u64> = report
        .sections
        .par_iter()
        .map(crate::fingerprint::of)
        .collect();
    let (sections, sessions) = rayon::join(
        || pieces::<Section>(&report.sections, &section_keys, &cache.sections),
        || pieces::<SessionEntry>(&report.sessions, session_keys, &cache.sessions),
    );
    /// The report with its sections and sessions given as ready JSON, in the same order.
    #[derive(Serialize)]
    struct Spliced<'a> {
        schema: u32,
        title: &'a str,
        as_of: chrono::NaiveDate,
        progress: &'a super::Progress,
        optional: &'a super::OptionalProgress,
        tasks: &'a [crate::tracker::model::Task],
        sections: Vec<&'a RawValue>,
        sessions: Vec<&'a RawValue>,
        stats: &'a super::stats::Stats,
        plan: &'a super::plan::Plan,
        history: &'a Option<crate::history::History>,
        reviews: &'a super::reviews::Reviews,
        warnings: &'a [crate::diagnostics::Diagnostic],
    }
    let json = finish(serde_json::to_string_pretty(&Spliced {
        schema: report.schema,
        title: &report.title,
        as_of: report.as_of,
        progress: &report.progress,
        optional: &report.optional,
        tasks: &report.tasks,
        sections: sections.iter().map(|(_, p)| p.as_ref()).collect(),
        sessions: sessions.iter().map(|(_, p)| p.as_ref()).collect(),
        stats: &report.stats,
        plan: &report.plan,
        history: &report.history,
        reviews: &report.reviews,
        warnings: &report.warnings,
    }));
    cache.sections = sections.into_iter().collect();
    cache.sessions = sessions.into_iter().collect();
    json
}

/// The text of a serialized report with its final newline.
fn finish(json: serde_json::Result<String>) -> String {
    let mut json = json.unwrap_or_else(|e| {
        // Serializing plain structs of strings and numbers cannot fail; say so if it does.
        format!("{{\"error\": \"{e}\"}}")
    });
    json.push('\n');
    json
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::study::Study;

    #[test]
    fn pieces_make_the_same_bytes_as_the_whole() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let study = Study::open(root).expect("the repository's own site reads");
        let mut cache = JsonCache::default();
        for day in [1, 2] {
            let today = chrono::NaiveDate::from_ymd_opt(2026, 1, day).expect("a day");
            let mut report = study.report(today);
            if day == 2 {
                report
                    .sessions
                    .truncate(report.sessions.len().saturating_sub(1));
                report.sections.swap(0, 1);
            }
            let whole = to_json(&report);
            let keys: Vec<u64> = report.sessions.iter().map(crate::fingerprint::of).collect();
            if day == 1 {
                assert!(
                    whole.contains("\"sessions\": [\n    {"),
                    "the seed has sessions"
                );
            }
            assert_eq!(
                to_json_cached(&report, &keys, &mut cache),
                whole,
                "a first build"
            );
            assert_eq!(
                to_json_cached(&report, &keys, &mut cache),
                whole,
                "from the cache"
            );
        }
    }
}

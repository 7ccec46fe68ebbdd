//! Time studied, days, streaks and minutes per phase and module (TRACKER-FORMAT §5).

use crate::sessions::Session;
use crate::tracker::model::{Document, Kind, NodeId};
use chrono::NaiveDate;
use indexmap::IndexMap;
use serde::Serialize;
use std::collections::BTreeSet;

/// Statistics over the sessions dated up to the report's date.
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    /// Sessions counted.
    pub sessions: usize,
    /// Minutes studied.
    pub minutes: u64,
    /// Distinct days with a session.
    pub days_studied: usize,
    /// Consecutive days studied, ending today or yesterday.
    pub current_streak: usize,
    /// The longest run of consecutive days studied.
    pub longest_streak: usize,
    /// The first day studied.
    pub first_date: Option<NaiveDate>,
    /// The last day studied.
    pub last_date: Option<NaiveDate>,
    /// Minutes per phase title, every phase in document order.
    pub minutes_by_phase: IndexMap<String, u64>,
    /// Minutes per module title, every module in document order.
    pub minutes_by_module: IndexMap<String, u64>,
}

/// Computes the statistics; `modules[i]` are the modules session `i` names, resolved.
pub fn compute(
    doc: &Document,
    sessions: &[&Session],
    modules: &[Vec<NodeId>],
    today: NaiveDate,
) -> Stats {
    let mut minutes_by_phase = IndexMap::new();
    let mut minutes_by_module = IndexMap::new();
    for (_, node) in doc.sections() {
        match node.kind {
            Kind::Phase => {
                minutes_by_phase.entry(node.title.clone()).or_insert(0);
            }
            Kind::Module => {
                minutes_by_module.entry(node.title.clone()).or_insert(0);
            }
            _ => {}
        }
    }
    let mut days = BTreeSet::new();
    let mut count = 0;
    let mut minutes: u64 = 0;
    for (session, ids) in sessions.iter().zip(modules) {
        let Some(date) = session.date.filter(|d| *d <= today) else {
            continue;
        };
        count += 1;
        days.insert(date);
        let m = u64::from(session.minutes().unwrap_or(0));
        minutes += m;
        if ids.is_empty() || m == 0 {
            continue;
        }
        // Split evenly in whole minutes, the remainder to the first module named.
        let k = ids.len() as u64;
        for (i, id) in ids.iter().enumerate() {
            let share = m / k + if i == 0 { m % k } else { 0 };
            *minutes_by_module
                .entry(doc.node(*id).title.clone())
                .or_insert(0) += share;
            if let Some(phase) = doc.ancestor_of_kind(*id, Kind::Phase) {
                *minutes_by_phase
                    .entry(doc.node(phase).title.clone())
                    .or_insert(0) += share;
            }
        }
    }
    let (current_streak, longest_streak) = streaks(&days, today);
    Stats {
        sessions: count,
        minutes,
        days_studied: days.len(),
        current_streak,
        longest_streak,
        first_date: days.first().copied(),
        last_date: days.last().copied(),
        minutes_by_phase,
        minutes_by_module,
    }
}

/// The current streak (ending today or yesterday) and the longest one over `days`.
pub fn streaks(days: &BTreeSet<NaiveDate>, today: NaiveDate) -> (usize, usize) {
    let mut longest = 0;
    let mut run = 0;
    let mut previous: Option<NaiveDate> = None;
    for day in days {
        run = match previous {
            Some(p) if p.succ_opt() == Some(*day) => run + 1,
            _ => 1,
        };
        longest = longest.max(run);
        previous = Some(*day);
    }
    let yesterday = today.pred_opt();
    let mut cursor = if days.contains(&today) {
        Some(today)
    } else if yesterday.is_some_and(|y| days.contains(&y)) {
        yesterday
    } else {
        None
    };
    let mut current = 0;
    while let Some(day) = cursor.filter(|d| days.contains(d)) {
        current += 1;
        cursor = day.pred_opt();
    }
    (current, longest)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        crate::date::parse_ymd(s).unwrap()
    }

    fn set(days: &[&str]) -> BTreeSet<NaiveDate> {
        days.iter().map(|s| d(s)).collect()
    }

    #[test]
    fn a_streak_ends_today_or_yesterday() {
        let days = set(&["2026-03-01", "2026-03-02", "2026-03-03"]);
        assert_eq!(streaks(&days, d("2026-03-03")), (3, 3));
        assert_eq!(streaks(&days, d("2026-03-04")), (3, 3));
        assert_eq!(streaks(&days, d("2026-03-05")), (0, 3));
    }

    #[test]
    fn a_gap_breaks_a_streak() {
        let days = set(&[
            "2026-03-01",
            "2026-03-02",
            "2026-03-04",
            "2026-03-05",
            "2026-03-06",
            "2026-03-08",
        ]);
        assert_eq!(streaks(&days, d("2026-03-08")), (1, 3));
        assert_eq!(streaks(&BTreeSet::new(), d("2026-03-08")), (0, 0));
    }
}

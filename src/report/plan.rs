//! The plan against the calendar: day N of M, what is behind, when it will be done (§4).

use super::Progress;
use crate::sessions::Session;
use crate::tracker::model::Document;
use chrono::NaiveDate;
use serde::Serialize;

/// Where the learner stands against the planned days.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    /// Day 1 of the plan: the config's `start_date`, else the earliest session.
    pub start: Option<NaiveDate>,
    /// Today's day number (≤ 0 before the start).
    pub day: Option<i64>,
    /// The last planned day.
    pub planned_days: Option<u32>,
    /// Sections whose planned days are over and that are not complete.
    pub behind: Vec<String>,
    /// When the work will be done at the pace so far.
    pub projected_finish: Option<NaiveDate>,
}

/// Computes the plan as of `today`.
pub fn compute(
    doc: &Document,
    sessions: &[&Session],
    start_date: Option<NaiveDate>,
    progress: Progress,
    today: NaiveDate,
) -> Plan {
    let start = start_date.or_else(|| sessions.iter().filter_map(|s| s.date).min());
    let day = start.map(|s| (today - s).num_days() + 1);
    let planned_days = doc
        .sections()
        .filter_map(|(_, n)| n.days.map(|d| d.1))
        .max();
    let behind = match day {
        Some(day) => doc
            .sections()
            .filter(|(_, n)| n.days.is_some_and(|d| i64::from(d.1) < day) && !n.is_complete())
            .map(|(_, n)| n.title.clone())
            .collect(),
        None => Vec::new(),
    };
    let projected_finish = if progress.total > 0 && progress.done == progress.total {
        Some(today)
    } else {
        match day {
            Some(day) if progress.done > 0 && day >= 1 => {
                let remaining = (progress.total - progress.done) as u128;
                let days = (remaining * day as u128).div_ceil(progress.done as u128);
                u64::try_from(days)
                    .ok()
                    .and_then(|n| today.checked_add_days(chrono::Days::new(n)))
            }
            _ => None,
        }
    };
    Plan {
        start,
        day,
        planned_days,
        behind,
        projected_finish,
    }
}

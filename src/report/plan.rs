//! The plan against the calendar: day N of M, what is behind, when it will be done (§4, and
//! §9's pace where there is history).

use super::Progress;
use crate::history::History;
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
    /// Which pace `projected_finish` is at; `null` where there is no projection and no history.
    pub pace: Option<Pace>,
}

/// The pace a projected finish is computed at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Pace {
    /// The tasks done in the last 28 days (or since the history's first day, when that is
    /// nearer), from the history (§9).
    History,
    /// Done ÷ day: the average since day 1 (§4).
    Average,
}

/// Computes the plan as of `today`, at the pace of the history where there is one.
pub fn compute(
    doc: &Document,
    sessions: &[&Session],
    start_date: Option<NaiveDate>,
    progress: Progress,
    history: Option<&History>,
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
    let (projected_finish, pace) = match history {
        Some(h) => {
            // Days of the window: the last 28, or fewer when the history is younger.
            let window = ((today - h.first).num_days() + 1).clamp(1, 28);
            let finish = projection(progress, today, h.done_last_28_days, window);
            (finish, Some(Pace::History))
        }
        None => {
            let finish = match day {
                Some(day) if day >= 1 => projection(progress, today, progress.done, day),
                _ if progress.total > 0 && progress.done == progress.total => Some(today),
                _ => None,
            };
            (finish, finish.map(|_| Pace::Average))
        }
    };
    Plan {
        start,
        day,
        planned_days,
        behind,
        projected_finish,
        pace,
    }
}

/// Today + ⌈remaining ÷ (`done` ÷ `days`)⌉: today when nothing remains, `None` when there
/// are no tasks or the rate is 0.
fn projection(progress: Progress, today: NaiveDate, done: usize, days: i64) -> Option<NaiveDate> {
    if progress.total == 0 {
        return None;
    }
    if progress.done == progress.total {
        return Some(today);
    }
    if done == 0 || days < 1 {
        return None;
    }
    let remaining = (progress.total - progress.done) as u128;
    let days = (remaining * days as u128).div_ceil(done as u128);
    u64::try_from(days)
        .ok()
        .and_then(|n| today.checked_add_days(chrono::Days::new(n)))
}

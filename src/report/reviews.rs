//! Reviews: what is due to be recalled (TRACKER-FORMAT §10). The schema's types, so that the
//! report has its §7 shape; the schedule itself is computed by a later change, and until
//! then every module's `review` is `null` and the lists are empty.

use chrono::NaiveDate;
use serde::Serialize;

/// A complete module's review schedule (§10), the `review` of its node.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Review {
    /// Step 0: the module's `finished_on`, else the latest session naming it.
    pub start: NaiveDate,
    /// The reviews that counted.
    pub reviews: u32,
    /// The index into `review_intervals` reached.
    pub step: u32,
    /// The latest event's date: the start or the latest review.
    pub last: NaiveDate,
    /// When the next review is due.
    pub next: NaiveDate,
    /// Whether `next` is today or earlier.
    pub due: bool,
}

/// A module in the report's `reviews.due` or `reviews.upcoming`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Due {
    /// The module's title.
    pub title: String,
    /// When its next review is due.
    pub next: NaiveDate,
    /// Today − `next`, in days: negative for upcoming reviews.
    pub overdue_days: i64,
}

/// The report's `reviews`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Reviews {
    /// Modules due for review, most overdue first, then in document order.
    pub due: Vec<Due>,
    /// Modules due within the next 7 days, soonest first, then in document order.
    pub upcoming: Vec<Due>,
    /// Titles of complete modules with no start date, in document order.
    pub unscheduled: Vec<String>,
}

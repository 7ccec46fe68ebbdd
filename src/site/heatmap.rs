//! A calendar of minutes studied per day, drawn at build time as SVG, like GitHub's
//! contribution calendar: weeks as columns, Monday on top, a legend, a tooltip per day.

use crate::report::Report;
use chrono::{Datelike, Days, NaiveDate, Weekday};
use std::collections::BTreeMap;
use std::fmt::Write;

const CELL: i64 = 11;
const PITCH: i64 = 14;
const LEFT: i64 = 30;
const TOP: i64 = 18;

/// The intensity level (0-4) of a day with these minutes; `None` minutes on a studied day
/// (a session in progress) still shows as studied.
pub fn level(minutes: Option<u64>) -> u8 {
    match minutes {
        None => 1,
        Some(0) => 0,
        Some(m) if m < 30 => 1,
        Some(m) if m < 60 => 2,
        Some(m) if m < 120 => 3,
        Some(_) => 4,
    }
}

/// Minutes per studied day up to the report's date; a day whose sessions give no minutes maps
/// to `None`.
pub fn minutes_per_day(report: &Report) -> BTreeMap<NaiveDate, Option<u64>> {
    let mut days: BTreeMap<NaiveDate, Option<u64>> = BTreeMap::new();
    for s in &report.sessions {
        let Some(date) = s.date.filter(|d| *d <= report.as_of) else {
            continue;
        };
        let entry = days.entry(date).or_insert(None);
        if let Some(m) = s.minutes {
            *entry = Some(entry.unwrap_or(0) + u64::from(m));
        }
    }
    days
}

fn minutes_text(m: Option<u64>) -> String {
    match m {
        None => "studied (minutes unknown)".to_string(),
        Some(0) => "no study".to_string(),
        Some(m) => crate::sessions::duration::describe(m),
    }
}

/// The heatmap as an inline SVG element. It covers whole weeks from the first day studied
/// (at least twelve weeks, at most 53) to the report's date.
pub fn svg(report: &Report) -> String {
    let days = minutes_per_day(report);
    let end = report.as_of;
    let earliest = end.checked_sub_days(Days::new(7 * 52)).unwrap_or(end);
    let wanted = days
        .keys()
        .next()
        .copied()
        .unwrap_or(end)
        .min(end.checked_sub_days(Days::new(7 * 11)).unwrap_or(end))
        .max(earliest);
    let start = wanted
        .checked_sub_days(Days::new(u64::from(
            wanted.weekday().num_days_from_monday(),
        )))
        .unwrap_or(wanted);
    let weeks = (end - start).num_days() / 7 + 1;
    let width = LEFT + weeks * PITCH + 4;
    let height = TOP + 7 * PITCH + 30;
    let studied = days.keys().filter(|d| **d >= start).count();
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="heatmap" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-labelledby="heatmap-title"><title id="heatmap-title">Minutes studied per day from {start} to {end}: {studied} day{} studied</title>"#,
        if studied == 1 { "" } else { "s" }
    );
    s.push_str(r#"<g class="heatmap-labels" font-size="10" fill="currentColor">"#);
    for (row, name) in [(0, "Mon"), (2, "Wed"), (4, "Fri")] {
        let _ = write!(
            s,
            r#"<text x="0" y="{}">{name}</text>"#,
            TOP + row * PITCH + 9
        );
    }
    let mut last_month = None;
    for week in 0..weeks {
        let monday = start + Days::new((week * 7) as u64);
        if last_month != Some(monday.month()) && monday.day() <= 7 || week == 0 {
            let _ = write!(
                s,
                r#"<text x="{}" y="11">{}</text>"#,
                LEFT + week * PITCH,
                monday.format("%b")
            );
            last_month = Some(monday.month());
        }
    }
    s.push_str("</g><g class=\"heatmap-days\">");
    let mut day = start;
    while day <= end {
        let week = (day - start).num_days() / 7;
        let row = i64::from(day.weekday().num_days_from_monday());
        let minutes = days.get(&day).copied();
        let (lvl, text, data) = match minutes {
            Some(m) => (
                level(m),
                minutes_text(m),
                m.map_or(String::new(), |m| m.to_string()),
            ),
            None => (0, "no study".to_string(), "0".to_string()),
        };
        let _ = write!(
            s,
            r#"<rect class="heat heat-{lvl}" x="{}" y="{}" width="{CELL}" height="{CELL}" rx="2" data-date="{day}" data-minutes="{data}"><title>{day} ({}): {text}</title></rect>"#,
            LEFT + week * PITCH,
            TOP + row * PITCH,
            weekday_name(day.weekday()),
        );
        day = match day.succ_opt() {
            Some(d) => d,
            None => break,
        };
    }
    s.push_str("</g>");
    let legend_y = TOP + 7 * PITCH + 10;
    let legend_x = (width - 5 * PITCH - 70).max(LEFT);
    let _ = write!(
        s,
        r#"<g class="heatmap-legend" font-size="10" fill="currentColor"><text x="{}" y="{}">Less</text>"#,
        legend_x,
        legend_y + 9
    );
    for lvl in 0..5 {
        let _ = write!(
            s,
            r#"<rect class="heat heat-{lvl}" x="{}" y="{legend_y}" width="{CELL}" height="{CELL}" rx="2"><title>{}</title></rect>"#,
            legend_x + 28 + lvl * PITCH,
            [
                "no study",
                "under 30 min",
                "30 to 59 min",
                "1 to 2 h",
                "2 h or more"
            ][lvl as usize]
        );
    }
    let _ = write!(
        s,
        r#"<text x="{}" y="{}">More</text></g></svg>"#,
        legend_x + 28 + 5 * PITCH + 2,
        legend_y + 9
    );
    s
}

fn weekday_name(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels() {
        assert_eq!(level(Some(0)), 0);
        assert_eq!(level(Some(29)), 1);
        assert_eq!(level(Some(30)), 2);
        assert_eq!(level(Some(90)), 3);
        assert_eq!(level(Some(120)), 4);
        assert_eq!(level(None), 1);
    }
}

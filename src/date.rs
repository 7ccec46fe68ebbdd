//! Calendar dates: reading `YYYY-MM-DD` and deciding what "today" is (TRACKER-FORMAT §6).

use chrono::NaiveDate;

/// Reads exactly `YYYY-MM-DD`; `None` for any other shape or an impossible date.
pub fn parse_ymd(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape {
        return None;
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// Why a date given on the command line or in the environment is no date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TodayError {
    /// `SOURCE_DATE_EPOCH` is set but is not a whole number of seconds.
    #[error(
        "SOURCE_DATE_EPOCH is '{0}', which is not a number of seconds since 1970-01-01; unset it or fix it"
    )]
    BadEpoch(String),
}

/// The one date everything is computed as of: `--today`, else `SOURCE_DATE_EPOCH` as a UTC
/// date, else the system's local date.
pub fn today(flag: Option<NaiveDate>) -> Result<NaiveDate, TodayError> {
    if let Some(date) = flag {
        return Ok(date);
    }
    if let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") {
        let seconds: i64 = epoch
            .trim()
            .parse()
            .map_err(|_| TodayError::BadEpoch(epoch.clone()))?;
        let time = chrono::DateTime::from_timestamp(seconds, 0)
            .ok_or_else(|| TodayError::BadEpoch(epoch.clone()))?;
        return Ok(time.date_naive());
    }
    Ok(chrono::Local::now().date_naive())
}

/// A leading `YYYY-MM-DD` in a text such as a file name `2026-01-21-kafka.md`.
pub fn leading_ymd(text: &str) -> Option<NaiveDate> {
    text.get(..10).and_then(parse_ymd)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_real_iso_dates() {
        assert_eq!(
            parse_ymd("2026-01-21"),
            NaiveDate::from_ymd_opt(2026, 1, 21)
        );
        assert_eq!(parse_ymd("2026-02-30"), None);
        assert_eq!(parse_ymd("2026-1-21"), None);
        assert_eq!(parse_ymd("21/01/2026"), None);
        assert_eq!(parse_ymd("___________"), None);
        assert_eq!(parse_ymd("２０２６-01-21"), None);
    }

    #[test]
    fn leading_dates() {
        assert_eq!(
            leading_ymd("2026-01-21-kafka"),
            NaiveDate::from_ymd_opt(2026, 1, 21)
        );
        assert_eq!(leading_ymd("kafka"), None);
        assert_eq!(leading_ymd("2026-01-2"), None);
        assert_eq!(leading_ymd("2026-01-2é"), None);
    }

    #[test]
    fn the_flag_wins() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        assert_eq!(today(Some(d)), Ok(d));
    }
}

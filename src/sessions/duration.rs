//! How long a session took, from what the learner wrote (TRACKER-FORMAT §5, Durations).

/// A session's duration as read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Duration {
    /// A known number of whole minutes.
    Minutes(u32),
    /// `In progress`: the session has not ended.
    InProgress,
}

/// The longest duration accepted: a year of minutes. Anything longer is a typo.
pub const MAX_MINUTES: f64 = 366.0 * 24.0 * 60.0;

/// Reads `45m`, `45 min`, `1h 30m`, `1.5h`, `1:30`, a bare number of minutes, `In progress`,
/// in any case and with or without spaces. `None` means the text is not a duration.
pub fn parse(text: &str) -> Option<Duration> {
    let lower = text.trim().to_lowercase();
    let squeezed: String = lower.split_whitespace().collect();
    if squeezed == "inprogress" {
        return Some(Duration::InProgress);
    }
    if squeezed.is_empty() {
        return None;
    }
    let minutes = if let Some((h, m)) = squeezed.split_once(':') {
        let h: u32 = digits(h)?.parse().ok()?;
        let m: u32 = digits(m)?.parse().ok()?;
        if m >= 60 {
            return None;
        }
        f64::from(h) * 60.0 + f64::from(m)
    } else {
        units(&squeezed)?
    };
    if !(0.0..=MAX_MINUTES).contains(&minutes) {
        return None;
    }
    // Fractions round half up to whole minutes.
    Some(Duration::Minutes((minutes + 0.5).floor() as u32))
}

fn digits(s: &str) -> Option<&str> {
    (!s.is_empty() && s.len() <= 9 && s.bytes().all(|b| b.is_ascii_digit())).then_some(s)
}

/// `1h30m`, `90min`, `1.5h`, `45`: an hours part, a minutes part, or both, in that order.
fn units(s: &str) -> Option<f64> {
    let mut rest = s;
    let mut total = 0.0;
    let mut seen_hours = false;
    let mut seen_any = false;
    while !rest.is_empty() {
        let number_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let number = &rest[..number_len];
        if number.is_empty()
            || number.len() > 12
            || number.starts_with('.')
            || number.ends_with('.')
        {
            return None;
        }
        let value: f64 = number.parse().ok()?;
        rest = &rest[number_len..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let unit = &rest[..unit_len];
        rest = &rest[unit_len..];
        match unit {
            "h" | "hr" | "hrs" | "hour" | "hours" if !seen_hours && !seen_any => {
                seen_hours = true;
                total += value * 60.0;
            }
            "m" | "min" | "mins" | "minute" | "minutes" => {
                total += value;
                if !rest.is_empty() {
                    return None;
                }
            }
            "" if !seen_hours && !seen_any => total += value,
            _ => return None,
        }
        seen_any = true;
    }
    Some(total)
}

/// Minutes as a learner reads them: `45 min`, `2 h`, `1 h 30 min`.
pub fn describe(minutes: u64) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Duration::*;

    #[test]
    fn every_listed_form() {
        let cases = [
            ("45m", 45),
            ("45 min", 45),
            ("45 mins", 45),
            ("45 minutes", 45),
            ("1h", 60),
            ("1 hour", 60),
            ("2 hours", 120),
            ("1h 30m", 90),
            ("1h30m", 90),
            ("1.5h", 90),
            ("1:30", 90),
            ("0:05", 5),
            ("90", 90),
            ("1 H 30 MIN", 90),
            ("2 hrs", 120),
        ];
        for (text, minutes) in cases {
            assert_eq!(parse(text), Some(Minutes(minutes)), "{text}");
        }
    }

    #[test]
    fn described_in_hours_and_minutes() {
        assert_eq!(describe(45), "45 min");
        assert_eq!(describe(120), "2 h");
        assert_eq!(describe(195), "3 h 15 min");
    }

    #[test]
    fn in_progress_in_any_case() {
        assert_eq!(parse("In progress"), Some(InProgress));
        assert_eq!(parse("IN PROGRESS"), Some(InProgress));
        assert_eq!(parse("inprogress"), Some(InProgress));
    }

    #[test]
    fn fractions_round_half_up() {
        assert_eq!(parse("0.5"), Some(Minutes(1)));
        assert_eq!(parse("1.25h"), Some(Minutes(75)));
        assert_eq!(parse("0.4 min"), Some(Minutes(0)));
        assert_eq!(parse("2.5m"), Some(Minutes(3)));
    }

    #[test]
    fn anything_else_is_not_a_duration() {
        for text in [
            "",
            "soon",
            "1:75",
            "1h 2h",
            "30m 1h",
            "-5",
            "1..5h",
            "h",
            "1 day",
            "1e9",
            "99999999999999h",
            "3m2",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
    }
}

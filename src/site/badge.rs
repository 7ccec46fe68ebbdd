//! The progress badge for a README (`badge.svg`) and shields.io endpoint files.

use serde::Serialize;

/// The colour shields.io would give this percentage.
pub fn colour(percent: Option<f64>) -> (&'static str, &'static str) {
    match percent {
        None => ("lightgrey", "#9f9f9f"),
        Some(p) if p >= 100.0 => ("brightgreen", "#4c1"),
        Some(p) if p >= 75.0 => ("green", "#97ca00"),
        Some(p) if p >= 50.0 => ("yellow", "#dfb317"),
        Some(p) if p >= 25.0 => ("orange", "#fe7d37"),
        Some(_) => ("red", "#e05d44"),
    }
}

/// `42%`, `42.5%`, or `n/a` when there is nothing to count.
pub fn message(percent: Option<f64>) -> String {
    match percent {
        None => "n/a".to_string(),
        Some(p) if p.fract() == 0.0 => format!("{p:.0}%"),
        Some(p) => format!("{p:.1}%"),
    }
}

/// A shields.io endpoint answer (<https://shields.io/badges/endpoint-badge>).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Endpoint {
    /// Always 1.
    pub schema_version: u8,
    /// The left-hand text.
    pub label: String,
    /// The right-hand text.
    pub message: String,
    /// A shields colour name.
    pub color: &'static str,
}

/// The endpoint JSON for a label and percentage, with a final newline.
pub fn endpoint(label: &str, percent: Option<f64>) -> String {
    let e = Endpoint {
        schema_version: 1,
        label: label.to_string(),
        message: message(percent),
        color: colour(percent).0,
    };
    let mut json = serde_json::to_string_pretty(&e).unwrap_or_default();
    json.push('\n');
    json
}

/// Approximate width in pixels of text in 11px Verdana, as shields measures it.
fn text_width(text: &str) -> usize {
    text.chars()
        .map(|c| match c {
            'i' | 'l' | 'j' | '.' | ':' | '|' | '!' | '\'' => 4,
            'f' | 't' | 'r' | ' ' | '(' | ')' => 5,
            'm' | 'w' | '%' | 'M' | 'W' => 11,
            c if c.is_ascii_uppercase() => 8,
            _ => 7,
        })
        .sum()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A flat shields-style badge: `label | 42%`.
pub fn svg(label: &str, percent: Option<f64>) -> String {
    let value = message(percent);
    let (_, fill) = colour(percent);
    let lw = text_width(label) + 10;
    let vw = text_width(&value) + 10;
    let w = lw + vw;
    let (label, value_esc) = (escape(label), escape(&value));
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="20" role="img" aria-label="{label}: {value_esc}"><title>{label}: {value_esc}</title><linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient><clipPath id="r"><rect width="{w}" height="20" rx="3" fill="#fff"/></clipPath><g clip-path="url(#r)"><rect width="{lw}" height="20" fill="#555"/><rect x="{lw}" width="{vw}" height="20" fill="{fill}"/><rect width="{w}" height="20" fill="url(#s)"/></g><g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11"><text x="{lx}" y="15" fill="#010101" fill-opacity=".3">{label}</text><text x="{lx}" y="14">{label}</text><text x="{vx}" y="15" fill="#010101" fill-opacity=".3">{value_esc}</text><text x="{vx}" y="14">{value_esc}</text></g></svg>
"##,
        lx = lw / 2,
        vx = lw + vw / 2,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_and_colours() {
        assert_eq!(message(Some(42.0)), "42%");
        assert_eq!(message(Some(42.5)), "42.5%");
        assert_eq!(message(None), "n/a");
        assert_eq!(colour(Some(100.0)).0, "brightgreen");
        assert_eq!(colour(Some(0.0)).0, "red");
    }

    #[test]
    fn the_badge_says_label_and_value() {
        let s = svg("progress", Some(42.0));
        assert!(s.contains("<title>progress: 42%</title>"));
        assert!(s.starts_with("<svg"));
        let e = endpoint("Phase 1", Some(12.5));
        let v: serde_json::Value = serde_json::from_str(&e).unwrap();
        assert_eq!(v["schemaVersion"], 1);
        assert_eq!(v["message"], "12.5%");
        assert_eq!(v["color"], "red");
    }
}

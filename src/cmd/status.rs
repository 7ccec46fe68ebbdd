//! `tracker status`: the report on the terminal, or as JSON.

use super::{Common, Failure};
use crate::report::{self, Report, Section};
use crate::sessions::duration::describe;
use crate::study::Study;
use anstyle::{AnsiColor, Style};
use std::io::Write;

/// Options of `tracker status`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Print the report as JSON (the schema of progress.json) and nothing else.
    #[arg(long)]
    pub json: bool,
}

/// Runs `tracker status`.
pub fn run(common: &Common, args: &Args) -> Result<(), Failure> {
    let today = common.today()?;
    let study = Study::open(&common.root)?;
    let report = study.report(today);
    if args.json {
        let mut out = std::io::stdout().lock();
        out.write_all(report::to_json(&report).as_bytes())?;
        out.flush()?;
    } else {
        let mut out = anstream::stdout().lock();
        out.write_all(summary(&report).as_bytes())?;
        out.flush()?;
    }
    Ok(())
}

const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();
const GREEN: Style = AnsiColor::Green.on_default();
const YELLOW: Style = AnsiColor::Yellow.on_default();
const RED: Style = AnsiColor::Red.on_default();
const CYAN: Style = AnsiColor::Cyan.on_default();

/// The terminal summary, with ANSI styles (stripped by anstream when not on a terminal).
pub fn summary(r: &Report) -> String {
    let mut s = String::new();
    let mut line = |text: String| {
        s.push_str(&text);
        s.push('\n');
    };
    line(format!("{BOLD}{}{BOLD:#}", r.title));
    line(format!("{DIM}as of {}{DIM:#}", r.as_of));
    line(String::new());

    let all = flatten(&r.sections);
    let width = all
        .iter()
        .filter(|(_, n)| {
            matches!(
                n.kind,
                "phase" | "module" | "checkpoint" | "assessment" | "optional"
            )
        })
        .map(|(_, n)| n.title.chars().count() + 4)
        .max()
        .unwrap_or(0)
        .clamp(16, 52);

    line(format!(
        "{BOLD}{:<width$}{BOLD:#}  {}",
        "Overall",
        counts(
            r.progress.done,
            r.progress.total,
            r.progress.percent,
            crate::tracker::count::state(r.progress.done, r.progress.total)
        )
    ));

    let phases: Vec<_> = all.iter().filter(|(_, n)| n.kind == "phase").collect();
    if !phases.is_empty() {
        line(String::new());
        line(format!("{BOLD}Phases{BOLD:#}"));
        for (_, phase) in &phases {
            let days = match phase.days {
                Some([a, b]) if a == b => format!("  {DIM}day {a}{DIM:#}"),
                Some([a, b]) => format!("  {DIM}days {a}-{b}{DIM:#}"),
                None => String::new(),
            };
            line(format!(
                "  {:<w$}  {}{days}{}",
                clip(&phase.title, width - 2),
                counts(phase.done, phase.total, phase.percent, phase.state),
                disagreement(phase),
                w = width - 2
            ));
            for module in phase.children.iter().filter(|c| c.kind == "module") {
                line(format!(
                    "    {DIM}{:<w$}{DIM:#}  {}",
                    clip(&module.title, width - 4),
                    counts(module.done, module.total, module.percent, module.state),
                    w = width - 4
                ));
            }
        }
    }

    let group = |kind: &str| -> Vec<&Section> {
        all.iter()
            .filter(|(_, n)| n.kind == kind)
            .map(|(_, n)| *n)
            .collect()
    };
    let checkpoints = group("checkpoint");
    if !checkpoints.is_empty() {
        line(String::new());
        line(format!("{BOLD}Checkpoints{BOLD:#}"));
        for c in checkpoints {
            let review = match c
                .fields
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("Review Date"))
            {
                Some((_, v)) if !v.is_empty() => format!("  review {}", v.items().join(", ")),
                _ => format!("  {DIM}no review date{DIM:#}"),
            };
            line(format!(
                "  {:<w$}  {}{review}",
                clip(&c.title, width - 2),
                counts(c.done, c.total, c.percent, c.state),
                w = width - 2
            ));
        }
    }
    let assessments = group("assessment");
    if !assessments.is_empty() {
        line(String::new());
        line(format!("{BOLD}Assessment{BOLD:#}"));
        for a in assessments {
            line(format!(
                "  {:<w$}  {}{}",
                clip(&a.title, width - 2),
                counts(a.done, a.total, a.percent, a.state),
                disagreement(a),
                w = width - 2
            ));
        }
    }
    let optional: Vec<&Section> = all
        .iter()
        .filter(|(_, n)| n.kind == "optional")
        .map(|(_, n)| *n)
        .collect();
    if !optional.is_empty() {
        line(String::new());
        line(format!(
            "{BOLD}Optional{BOLD:#} {DIM}(not in the total: {} of {} done){DIM:#}",
            r.optional.done, r.optional.total
        ));
        for o in optional {
            line(format!(
                "  {:<w$}  {}",
                clip(&o.title, width - 2),
                counts(o.done, o.total, o.percent, o.state),
                w = width - 2
            ));
        }
    }

    line(String::new());
    line(format!("{BOLD}Plan{BOLD:#}"));
    let p = &r.plan;
    match (p.day, p.planned_days, p.start) {
        (Some(day), Some(of), Some(start)) => line(format!(
            "  day {day} of {of} {DIM}(day 1 was {start}){DIM:#}"
        )),
        (Some(day), None, Some(start)) => line(format!(
            "  day {day} {DIM}(day 1 was {start}; no planned days in the summary){DIM:#}"
        )),
        (_, Some(of), _) => line(format!(
            "  {of} days planned {DIM}(no start yet: set start_date or log a session){DIM:#}"
        )),
        _ => line(format!("  {DIM}no start date and no planned days{DIM:#}")),
    }
    if p.behind.is_empty() {
        if p.day.is_some() {
            line(format!("  {GREEN}on schedule{GREEN:#}"));
        }
    } else {
        line(format!("  {RED}behind:{RED:#} {}", p.behind.join(", ")));
    }
    match p.projected_finish {
        Some(d) => line(format!("  projected finish {d}")),
        None => line(format!(
            "  {DIM}projected finish: not yet known (nothing done){DIM:#}"
        )),
    }

    let st = &r.stats;
    line(String::new());
    line(format!("{BOLD}Sessions{BOLD:#}"));
    line(format!(
        "  {} session{}, {} studied, {} day{} studied; streak {} (longest {})",
        st.sessions,
        plural(st.sessions),
        describe(st.minutes),
        st.days_studied,
        plural(st.days_studied),
        st.current_streak,
        st.longest_streak
    ));
    if let Some(last) = r
        .sessions
        .iter()
        .rev()
        .find(|s| !s.planned && s.date.is_some())
    {
        let when = last.date.map(|d| d.to_string()).unwrap_or_default();
        let how_long = match (last.minutes, last.in_progress) {
            (_, true) => "in progress".to_string(),
            (Some(m), _) => describe(u64::from(m)),
            (None, _) => "duration unknown".to_string(),
        };
        line(format!(
            "  last: {} {DIM}({when}, {how_long}){DIM:#}",
            last.title
        ));
    }

    if !r.warnings.is_empty() {
        line(String::new());
        line(format!(
            "{YELLOW}{BOLD}Warnings ({}){BOLD:#}{YELLOW:#}",
            r.warnings.len()
        ));
        for w in &r.warnings {
            line(format!(
                "  {YELLOW}{}:{}:{YELLOW:#} {}",
                w.file, w.line, w.message
            ));
        }
    }
    s
}

/// Every section with its depth, in document order.
fn flatten(sections: &[Section]) -> Vec<(usize, &Section)> {
    let mut out = Vec::new();
    let mut stack: Vec<(usize, &Section)> = sections.iter().rev().map(|s| (0, s)).collect();
    while let Some((depth, s)) = stack.pop() {
        out.push((depth, s));
        stack.extend(s.children.iter().rev().map(|c| (depth + 1, c)));
    }
    out
}

/// `██████░░░░  6/15  40.0%  in progress`
fn counts(done: usize, total: usize, percent: Option<f64>, state: &str) -> String {
    const WIDTH: usize = 20;
    let filled = match percent {
        Some(p) => ((p / 100.0 * WIDTH as f64).round() as usize).min(WIDTH),
        None => 0,
    };
    let colour = match state {
        "done" => GREEN,
        "in progress" => CYAN,
        _ => DIM,
    };
    let pct = percent.map_or("    –".to_string(), |p| format!("{p:5.1}%"));
    format!(
        "{colour}{}{colour:#}{DIM}{}{DIM:#} {:>4}/{:<4} {pct}  {colour}{state}{colour:#}",
        "█".repeat(filled),
        "░".repeat(WIDTH - filled),
        done,
        total
    )
}

/// A note where the summary's declaration and the count disagree.
fn disagreement(s: &Section) -> String {
    let complete = s.total > 0 && s.done == s.total;
    match s.declared_done {
        Some(true) if !complete => {
            format!("  {YELLOW}ticked in the summary but not complete{YELLOW:#}")
        }
        Some(false) if complete => {
            format!("  {YELLOW}complete but not ticked in the summary{YELLOW:#}")
        }
        _ => String::new(),
    }
}

fn clip(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else {
        let mut t: String = text.chars().take(width.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

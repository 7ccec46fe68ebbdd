//! `tracker status`: the report on the terminal, or as JSON.

use super::{Common, Failure};
use crate::diagnostics::Diagnostic;
use crate::report::plan::Plan;
use crate::report::{self, OptionalProgress, Report, Section};
use crate::sessions::duration::describe;
use crate::study::Study;
use crate::tracker::count::State;
use crate::tracker::model::Kind;
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
    let all = flatten(&r.sections);
    let mut out = Printer {
        text: String::new(),
        width: name_width(&all),
    };
    out.line(format!("{BOLD}{}{BOLD:#}", r.title));
    out.line(format!("{DIM}as of {}{DIM:#}", r.as_of));
    out.line("");
    out.overall(r);
    out.phases(&all);
    out.checkpoints(&of_kind(&all, Kind::Checkpoint));
    out.assessments(&of_kind(&all, Kind::Assessment));
    out.optional(&r.optional, &of_kind(&all, Kind::Optional));
    out.plan(&r.plan);
    out.sessions(r);
    out.warnings(&r.warnings);
    out.text
}

/// The summary being written, a line at a time, with the width its names are padded to.
struct Printer {
    text: String,
    width: usize,
}

impl Printer {
    fn line(&mut self, text: impl AsRef<str>) {
        self.text.push_str(text.as_ref());
        self.text.push('\n');
    }

    /// A blank line, then a section's bold heading.
    fn heading(&mut self, text: impl AsRef<str>) {
        self.line("");
        self.line(format!("{BOLD}{}{BOLD:#}", text.as_ref()));
    }

    /// A line of a section: its name, padded, then the bar and what follows it.
    fn row(&mut self, s: &Section, after: &str) {
        let w = self.width - 2;
        self.line(format!(
            "  {:<w$}  {}{after}",
            clip(&s.title, w),
            counts(s.done, s.total, s.percent, s.state),
        ));
    }

    fn overall(&mut self, r: &Report) {
        let p = &r.progress;
        self.line(format!(
            "{BOLD}{:<width$}{BOLD:#}  {}",
            "Overall",
            counts(
                p.done,
                p.total,
                p.percent,
                crate::tracker::count::state(p.done, p.total)
            ),
            width = self.width
        ));
    }

    fn phases(&mut self, all: &[(usize, &Section)]) {
        let phases = of_kind(all, Kind::Phase);
        if phases.is_empty() {
            return;
        }
        self.heading("Phases");
        for phase in phases {
            let days = match phase.days {
                Some([a, b]) if a == b => format!("  {DIM}day {a}{DIM:#}"),
                Some([a, b]) => format!("  {DIM}days {a}-{b}{DIM:#}"),
                None => String::new(),
            };
            self.row(phase, &format!("{days}{}", disagreement(phase)));
            let w = self.width - 4;
            for module in phase.children.iter().filter(|c| c.kind == Kind::Module) {
                self.line(format!(
                    "    {DIM}{:<w$}{DIM:#}  {}",
                    clip(&module.title, w),
                    counts(module.done, module.total, module.percent, module.state),
                ));
            }
        }
    }

    fn checkpoints(&mut self, checkpoints: &[&Section]) {
        if checkpoints.is_empty() {
            return;
        }
        self.heading("Checkpoints");
        for c in checkpoints {
            let review = match c
                .fields
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("Review Date"))
            {
                Some((_, v)) if !v.is_empty() => format!("  review {}", v.items().join(", ")),
                _ => format!("  {DIM}no review date{DIM:#}"),
            };
            self.row(c, &review);
        }
    }

    fn assessments(&mut self, assessments: &[&Section]) {
        if assessments.is_empty() {
            return;
        }
        self.heading("Assessment");
        for a in assessments {
            self.row(a, &disagreement(a));
        }
    }

    fn optional(&mut self, progress: &OptionalProgress, optional: &[&Section]) {
        if optional.is_empty() {
            return;
        }
        self.line("");
        self.line(format!(
            "{BOLD}Optional{BOLD:#} {DIM}(not in the total: {} of {} done){DIM:#}",
            progress.done, progress.total
        ));
        for o in optional {
            self.row(o, "");
        }
    }

    fn plan(&mut self, p: &Plan) {
        self.heading("Plan");
        self.line(match (p.day, p.planned_days, p.start) {
            (Some(day), Some(of), Some(start)) => {
                format!("  day {day} of {of} {DIM}(day 1 was {start}){DIM:#}")
            }
            (Some(day), None, Some(start)) => format!(
                "  day {day} {DIM}(day 1 was {start}; no planned days in the summary){DIM:#}"
            ),
            (_, Some(of), _) => format!(
                "  {of} days planned {DIM}(no start yet: set start_date or log a session){DIM:#}"
            ),
            _ => format!("  {DIM}no start date and no planned days{DIM:#}"),
        });
        if p.behind.is_empty() {
            if p.day.is_some() {
                self.line(format!("  {GREEN}on schedule{GREEN:#}"));
            }
        } else {
            self.line(format!("  {RED}behind:{RED:#} {}", p.behind.join(", ")));
        }
        self.line(match p.projected_finish {
            Some(d) => format!("  projected finish {d}"),
            None => format!("  {DIM}projected finish: not yet known (nothing done){DIM:#}"),
        });
    }

    fn sessions(&mut self, r: &Report) {
        let st = &r.stats;
        self.heading("Sessions");
        self.line(format!(
            "  {} session{}, {} studied, {} day{} studied; streak {} (longest {})",
            st.sessions,
            plural(st.sessions),
            describe(st.minutes),
            st.days_studied,
            plural(st.days_studied),
            st.current_streak,
            st.longest_streak
        ));
        let Some(last) = r
            .sessions
            .iter()
            .rev()
            .find(|s| !s.planned && s.date.is_some())
        else {
            return;
        };
        let when = last.date.map(|d| d.to_string()).unwrap_or_default();
        let how_long = match (last.minutes, last.in_progress) {
            (_, true) => "in progress".to_string(),
            (Some(m), _) => describe(u64::from(m)),
            (None, _) => "duration unknown".to_string(),
        };
        self.line(format!(
            "  last: {} {DIM}({when}, {how_long}){DIM:#}",
            last.title
        ));
    }

    /// The warnings, under a heading that says what they are, so each line is only its place
    /// and its message.
    fn warnings(&mut self, warnings: &[Diagnostic]) {
        if warnings.is_empty() {
            return;
        }
        self.line("");
        self.line(format!(
            "{YELLOW}{BOLD}Warnings ({}){BOLD:#}{YELLOW:#}",
            warnings.len()
        ));
        for w in warnings {
            self.line(format!(
                "  {YELLOW}{}:{}:{YELLOW:#} {}",
                w.file, w.line, w.message
            ));
        }
    }
}

/// The width names are padded to: the longest name of a phase, module, checkpoint,
/// assessment or optional section, with room for its indent, within 16 to 52.
fn name_width(all: &[(usize, &Section)]) -> usize {
    all.iter()
        .filter(|(_, n)| {
            matches!(
                n.kind,
                Kind::Phase | Kind::Module | Kind::Checkpoint | Kind::Assessment | Kind::Optional
            )
        })
        .map(|(_, n)| n.title.chars().count() + 4)
        .max()
        .unwrap_or(0)
        .clamp(16, 52)
}

/// The sections of one kind, in document order.
fn of_kind<'a>(all: &[(usize, &'a Section)], kind: Kind) -> Vec<&'a Section> {
    all.iter()
        .filter(|(_, n)| n.kind == kind)
        .map(|(_, n)| *n)
        .collect()
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
fn counts(done: usize, total: usize, percent: Option<f64>, state: State) -> String {
    const WIDTH: usize = 20;
    let filled = match percent {
        Some(p) => ((p / 100.0 * WIDTH as f64).round() as usize).min(WIDTH),
        None => 0,
    };
    let colour = match state {
        State::Done => GREEN,
        State::InProgress => CYAN,
        _ => DIM,
    };
    let pct = percent.map_or("    –".to_string(), |p| format!("{p:5.1}%"));
    format!(
        "{colour}{}{colour:#}{DIM}{}{DIM:#} {:>4}/{:<4} {pct}  {colour}{}{colour:#}",
        "█".repeat(filled),
        "░".repeat(WIDTH - filled),
        done,
        total,
        state.name()
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

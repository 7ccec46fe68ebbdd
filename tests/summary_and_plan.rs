//! TRACKER-FORMAT §4: the summary's declarations, their warnings, and the plan.

mod common;

use common::*;

// ---------------------------------------------------------------------------------------------
// Which section a declaration names
// ---------------------------------------------------------------------------------------------

#[test]
fn a_declaration_names_a_section_by_its_exact_title() {
    let doc = &open("summary_names").document;
    assert_eq!(node(doc, "Phase 1: Foundations").declared_done, Some(true));
}

#[test]
fn a_trailing_parenthesis_is_removed_and_case_is_ignored() {
    let doc = &open("summary_names").document;
    // `- [ ] phase 2: MESSAGING (Days 4-6)`
    let phase = node(doc, "Phase 2: Messaging");
    assert_eq!(phase.declared_done, Some(false));
    assert_eq!(phase.days, Some((4, 6)));
}

#[test]
fn practical_projects_optional_matches_whole() {
    let doc = &open("summary_names").document;
    let optional = doc
        .sections()
        .map(|(_, n)| n)
        .find(|n| n.title == "Practical Projects (Optional)")
        .unwrap();
    assert_eq!(optional.line, 30);
    assert_eq!(optional.declared_done, Some(true));
    // `- [x] Practical Projects` names the other one, on line 27.
    let plain = node(doc, "Practical Projects");
    assert_eq!((plain.line, plain.declared_done), (27, Some(true)));
}

#[test]
fn the_first_section_with_the_title_is_meant() {
    let doc = &open("summary_names").document;
    let notes: Vec<(usize, Option<bool>)> = doc
        .sections()
        .map(|(_, n)| n)
        .filter(|n| n.title == "Notes")
        .map(|n| (n.line, n.declared_done))
        .collect();
    assert_eq!(notes, [(16, Some(false)), (21, None)]);
}

#[test]
fn a_name_that_is_only_a_prefix_names_no_section_and_a_repeat_is_ignored() {
    let study = open("summary_names");
    let w = &study.warnings;
    assert_eq!(lines(w), [9, 10], "{w:#?}");
    assert!(w.iter().all(|d| d.file == TRACKER));
    // Line 9, `Phase 3`, names no section (the section is `Phase 3: Databases`).
    assert!(warning_at(w, 9).message.contains("Phase 3"));
    assert_eq!(
        node(&study.document, "Phase 3: Databases").declared_done,
        None
    );
    // Line 10 declares Phase 1 a second time, unticked: the first declaration stands.
    assert!(
        warning_at(w, 10).message.contains("Phase 1: Foundations"),
        "{}",
        warning_at(w, 10).message
    );
    assert_eq!(
        node(&study.document, "Phase 1: Foundations").declared_done,
        Some(true)
    );
}

// ---------------------------------------------------------------------------------------------
// Planned days
// ---------------------------------------------------------------------------------------------

#[test]
fn planned_days_in_every_spelling() {
    let study = open("day_ranges");
    let doc = &study.document;
    let days: Vec<(&str, Option<(u32, u32)>)> = doc
        .sections()
        .filter(|(_, n)| n.title.starts_with("Phase"))
        .map(|(_, n)| (n.title.as_str(), n.days))
        .collect();
    assert_eq!(
        days,
        [
            ("Phase 1", Some((1, 3))),    // Days 1-3
            ("Phase 2", Some((4, 4))),    // Day 4
            ("Phase 3", Some((5, 7))),    // days 5 – 7
            ("Phase 4", Some((8, 9))),    // DAYS 8—9
            ("Phase 5", Some((10, 12))),  // Days 10 to 12
            ("Phase 6", Some((13, 15))),  // Days 13 - 15
            ("Phase 7", Some((16, 16))),  // day 16
            ("Phase 8", Some((17, 18))),  // Days 17 TO 18
            ("Phase 9", None),            // Week 3
            ("Phase 10", Some((19, 20))), // Days 19–20
            ("Phase 11", None),           // no declaration
        ]
    );
    assert!(study.warnings.is_empty(), "{:#?}", study.warnings);
    let report = study.report(date(2026, 1, 21));
    assert_eq!(report.sections[1].days, Some([1, 3]));
    assert_eq!(report.sections[11].days, None);
}

// ---------------------------------------------------------------------------------------------
// Declarations against counts
// ---------------------------------------------------------------------------------------------

#[test]
fn the_checkbox_is_the_sections_declared_done() {
    let doc = &open("declared_not_done").document;
    let declared: Vec<(&str, Option<bool>)> = doc
        .sections()
        .filter(|(_, n)| n.title.starts_with("Phase"))
        .map(|(_, n)| (n.title.as_str(), n.declared_done))
        .collect();
    assert_eq!(
        declared,
        [
            ("Phase 1: Half", Some(true)),
            ("Phase 2: Complete", Some(false)),
            ("Phase 3: Empty", Some(true)),
            ("Phase 4: Consistent", Some(true)),
            ("Phase 5: Open", Some(false)),
            ("Phase 6: Undeclared and complete", None),
            ("Phase 7: Undeclared and open", None),
        ]
    );
}

#[test]
fn declarations_that_disagree_with_the_count_warn_on_their_line() {
    let study = open("declared_not_done");
    let w = &study.warnings;
    // Consistent declarations (lines 8, 9) and undeclared sections draw none.
    assert_eq!(lines(w), [5, 6, 7], "{w:#?}");
    assert!(w.iter().all(|d| d.file == TRACKER));
    let message = |line| warning_at(w, line).message.as_str();
    // Declared done with 1 of 2 done.
    assert!(message(5).contains("Phase 1: Half"), "{}", message(5));
    // Complete but declared not done.
    assert!(message(6).contains("Phase 2: Complete"), "{}", message(6));
    // Declared done with no tasks at all.
    assert!(message(7).contains("Phase 3: Empty"), "{}", message(7));
    let report = study.report(date(2026, 1, 21));
    assert_eq!(lines(&report.warnings), [5, 6, 7]);
}

#[test]
fn sections_without_a_declaration_draw_no_warning() {
    let text = "# T\n\n## Overall Progress\n\n- [ ] A\n\n## A\n- [ ] a\n\n## B\n- [x] b\n\n## C\n";
    let (doc, warnings) = read(text);
    assert!(warnings.is_empty(), "{warnings:#?}");
    assert_eq!(node(&doc, "B").declared_done, None);
    assert_eq!(node(&doc, "C").declared_done, None);
}

// ---------------------------------------------------------------------------------------------
// The plan
// ---------------------------------------------------------------------------------------------

#[test]
fn the_plan_starts_at_the_earliest_session() {
    let report = open("plan_from_sessions").report(date(2026, 1, 19));
    // Session 2 (`**DATE**: 2026-01-19`) is earlier than Session 1 (2026-01-21).
    assert_eq!(report.plan.start, Some(date(2026, 1, 19)));
    assert_eq!(report.plan.day, Some(1));
    // The largest end day, though the summary's last declaration ends on day 6.
    assert_eq!(report.plan.planned_days, Some(14));
    assert!(report.plan.behind.is_empty());
    // 3 of 8 done on day 1: today + ⌈5 ÷ 3⌉ = today + 2.
    assert_eq!((report.progress.done, report.progress.total), (3, 8));
    assert_eq!(report.plan.projected_finish, Some(date(2026, 1, 21)));
}

#[test]
fn behind_lists_overdue_incomplete_sections_in_document_order() {
    let report = open("plan_from_sessions").report(date(2026, 1, 28));
    assert_eq!(report.plan.day, Some(10));
    // Phase 2 (days 4-6) is complete; the summary lists Phase 3 before Phase 1.
    assert_eq!(report.plan.behind, ["Phase 1: First", "Phase 3: Third"]);
    // today + ⌈5 ÷ (3 ÷ 10)⌉ = today + ⌈16.67⌉ = today + 17.
    assert_eq!(report.plan.projected_finish, Some(date(2026, 2, 14)));
}

#[test]
fn a_section_is_behind_only_after_its_last_day() {
    let report = open("plan_from_sessions").report(date(2026, 1, 27));
    assert_eq!(report.plan.day, Some(9));
    // Phase 3 ends on day 9, which is today: not behind yet.
    assert_eq!(report.plan.behind, ["Phase 1: First"]);
    // today + ⌈5 × 9 ÷ 3⌉ = today + 15, exactly.
    assert_eq!(report.plan.projected_finish, Some(date(2026, 2, 11)));
}

#[test]
fn before_the_start_the_day_is_zero_or_less_and_nothing_is_projected() {
    let report = open("plan_from_sessions").report(date(2026, 1, 18));
    assert_eq!(report.plan.start, Some(date(2026, 1, 19)));
    assert_eq!(report.plan.day, Some(0));
    assert!(report.plan.behind.is_empty());
    assert_eq!(report.plan.projected_finish, None);
    let report = open("plan_from_sessions").report(date(2026, 1, 10));
    assert_eq!(report.plan.day, Some(-8));
    assert_eq!(report.plan.projected_finish, None);
}

#[test]
fn the_config_start_date_wins_over_sessions() {
    let report = open("plan_start_from_config").report(date(2026, 1, 21));
    assert_eq!(report.plan.start, Some(date(2026, 1, 15)));
    assert_eq!(report.plan.day, Some(7));
    assert_eq!(report.plan.planned_days, Some(2));
    assert_eq!(report.plan.behind, ["Phase 1: Only"]);
    // 1 of 4 done on day 7: today + ⌈3 × 7 ÷ 1⌉ = today + 21.
    assert_eq!(report.plan.projected_finish, Some(date(2026, 2, 11)));
    let before = open("plan_start_from_config").report(date(2026, 1, 10));
    assert_eq!(before.plan.day, Some(-4));
    assert!(before.plan.behind.is_empty());
    assert_eq!(before.plan.projected_finish, None);
}

const ALL_DONE: &str = "# T\n\n## Overall Progress\n\n- [x] Phase 1 (Days 1-2)\n\n\
                        ## Phase 1\n- [x] a\n- [x] b\n";

#[test]
fn all_done_projects_today() {
    let today = date(2026, 1, 5);
    let report = report_of(ALL_DONE, Some(date(2026, 1, 1)), today);
    assert_eq!(report.plan.day, Some(5));
    assert!(
        report.plan.behind.is_empty(),
        "complete sections are not behind"
    );
    assert_eq!(report.plan.projected_finish, Some(today));
    assert!(report.warnings.is_empty(), "{:#?}", report.warnings);
}

#[test]
fn all_done_projects_today_even_without_a_start() {
    let today = date(2026, 1, 5);
    let report = report_of(ALL_DONE, None, today);
    assert_eq!((report.plan.start, report.plan.day), (None, None));
    assert_eq!(report.plan.projected_finish, Some(today));
}

#[test]
fn without_a_start_there_is_no_day_and_no_projection() {
    let text = "# T\n\n## Overall Progress\n\n- [ ] Phase 1 (Days 1-2)\n\n\
                ## Phase 1\n- [x] a\n- [ ] b\n";
    let report = report_of(text, None, date(2026, 3, 1));
    assert_eq!(report.plan.start, None);
    assert_eq!(report.plan.day, None);
    assert_eq!(report.plan.planned_days, Some(2));
    assert!(report.plan.behind.is_empty());
    assert_eq!(report.plan.projected_finish, None);
}

#[test]
fn nothing_done_projects_nothing() {
    let text = "# T\n\n## Overall Progress\n\n- [ ] Phase 1 (Days 1-2)\n\n\
                ## Phase 1\n- [ ] a\n";
    let report = report_of(text, Some(date(2026, 1, 1)), date(2026, 1, 3));
    assert_eq!(report.plan.day, Some(3));
    assert_eq!(report.plan.behind, ["Phase 1"]);
    assert_eq!(report.plan.projected_finish, None);
}

#[test]
fn a_section_declared_done_but_incomplete_is_still_behind() {
    let text = "# T\n\n## Overall Progress\n\n- [x] Phase 1 (Days 1-2)\n\n\
                ## Phase 1\n- [x] a\n- [ ] b\n";
    let report = report_of(text, Some(date(2026, 1, 1)), date(2026, 1, 4));
    assert_eq!(report.plan.day, Some(4));
    assert_eq!(report.plan.behind, ["Phase 1"]);
    // 1 of 2 done on day 4: today + ⌈1 × 4 ÷ 1⌉.
    assert_eq!(report.plan.projected_finish, Some(date(2026, 1, 8)));
    assert_eq!(lines(&report.warnings), [5]);
}

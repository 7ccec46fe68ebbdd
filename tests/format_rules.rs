//! TRACKER-FORMAT §1, Parsing: what a task is, the heading tree, the placeholder trap, line
//! numbers and fields. Each test reads one fixture site (`tests/fixtures/<case>/`) that holds
//! one idea, or a few lines of markdown written inline.

mod common;

use common::*;
use tracker::study::Study;
use tracker::tracker::model::{FieldValue, Kind};

// ---------------------------------------------------------------------------------------------
// What a task is
// ---------------------------------------------------------------------------------------------

#[test]
fn every_list_marker_makes_a_task() {
    let study = open("task_markers");
    let doc = &study.document;
    let expect = [
        ("Dash", [("dash open", false, 4), ("dash done", true, 5)]),
        ("Star", [("star open", false, 8), ("star done", true, 9)]),
        ("Plus", [("plus open", false, 12), ("plus done", true, 13)]),
        (
            "Ordered dot",
            [("dot open", false, 16), ("dot done", true, 17)],
        ),
        (
            "Ordered paren",
            [("paren open", false, 20), ("paren done", true, 21)],
        ),
    ];
    for (title, tasks) in expect {
        let n = node(doc, title);
        assert_eq!(task_tuples(&n.tasks), tasks, "{title}");
        assert_eq!((n.done, n.total), (1, 2), "{title}");
    }
    assert!(study.warnings.is_empty(), "{:#?}", study.warnings);
}

#[test]
fn lower_and_upper_case_x_both_tick_the_box() {
    let doc = &open("task_markers").document;
    assert!(node(doc, "Star").tasks[1].done, "`* [X]` is done");
    assert!(node(doc, "Ordered paren").tasks[1].done, "`2) [X]` is done");
    assert!(node(doc, "Dash").tasks[1].done, "`- [x]` is done");
}

#[test]
fn a_tab_after_the_box_is_white_space() {
    let doc = &open("task_markers").document;
    assert_eq!(
        task_tuples(&node(doc, "Box then tab").tasks),
        [
            ("tab after the box", false, 24),
            ("tab after a ticked box", true, 25)
        ]
    );
}

#[test]
fn a_box_at_the_end_of_the_line_is_a_task_with_a_warning() {
    let study = open("box_at_end_of_line");
    let ends = node(&study.document, "Ends");
    assert_eq!(
        task_tuples(&ends.tasks),
        [("", true, 4), ("an open task", false, 5)]
    );
    assert_eq!((ends.done, ends.total), (1, 2));
    assert_eq!(lines(&study.warnings), [4]);
    assert_eq!(study.warnings[0].file, TRACKER);
}

#[test]
fn nested_tasks_each_count_once() {
    let study = open("nested_tasks");
    let work = node(&study.document, "Work");
    assert_eq!(
        task_tuples(&work.tasks),
        [
            ("parent", true, 4),
            ("child one", false, 5),
            ("child two", true, 6),
            ("grandchild", false, 7),
            ("inside a plain item", false, 9),
            ("ordered parent", false, 10),
            ("under ordered", true, 11),
        ]
    );
    assert_eq!((work.done, work.total), (3, 7));
    let report = study.report(date(2026, 1, 21));
    assert_eq!((report.progress.done, report.progress.total), (3, 7));
    assert!(study.warnings.is_empty(), "{:#?}", study.warnings);
}

#[test]
fn tasks_in_code_blocks_are_not_tasks() {
    let study = open("code_blocks");
    let doc = &study.document;
    assert_eq!(
        titles(doc),
        ["Real"],
        "a `##` line in a fence is no heading"
    );
    let real = node(doc, "Real");
    assert_eq!(
        task_tuples(&real.tasks),
        [("real task", false, 4), ("real done", true, 25)]
    );
    assert_eq!((real.done, real.total), (1, 2));
    assert!(study.warnings.is_empty(), "{:#?}", study.warnings);
}

#[test]
fn a_box_glued_to_text_or_in_mid_line_is_not_a_task() {
    let study = open("near_miss_markers");
    let misses = node(&study.document, "Misses");
    // Lines 5 `[]`, 6 `[x]foo`, 7 `[-]`, 9 mid-line `[x]` and 11 `[x]` in a paragraph are
    // not tasks; line 8, an empty `- [ ]`, is one.
    assert_eq!(
        task_tuples(&misses.tasks),
        [("a real task", false, 4), ("", false, 8)]
    );
    assert_eq!((misses.done, misses.total), (0, 2));
}

#[test]
fn near_miss_markers_warn_on_their_lines() {
    let study = open("near_miss_markers");
    let w = &study.warnings;
    assert_eq!(lines(w), [5, 6, 7, 8], "{w:#?}");
    assert!(w.iter().all(|d| d.file == TRACKER), "{w:#?}");
    let message = |line| warning_at(w, line).message.as_str();
    assert!(message(5).contains("[]"), "{}", message(5));
    assert!(message(6).contains("[x]"), "{}", message(6));
    assert!(message(7).contains("[-]"), "{}", message(7));
    let empty = message(8);
    assert!(
        empty.contains("[ ]") || empty.to_lowercase().contains("empty"),
        "{empty}"
    );
}

#[test]
fn an_empty_box_is_a_task_with_a_warning_inline() {
    let (doc, warnings) = read("# T\n\n## A\n- [ ] real\n- [ ]\n");
    assert_eq!(
        task_tuples(&node(&doc, "A").tasks),
        [("real", false, 4), ("", false, 5)]
    );
    assert_eq!(lines(&warnings), [5]);
}

#[test]
fn invalid_utf8_is_an_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    std::fs::write(
        dir.path().join("content/tracker.md"),
        b"# T\n\n- [ ] fine\n- [ ] bad \xff byte\n",
    )
    .unwrap();
    let errors = Study::open(dir.path()).unwrap_err().0;
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].file, TRACKER);
    assert_eq!(errors[0].line, 4);
    assert!(errors[0].message.contains("UTF-8"), "{}", errors[0].message);
}

// ---------------------------------------------------------------------------------------------
// A UTF-8 BOM and CRLF line endings
// ---------------------------------------------------------------------------------------------

#[test]
fn the_crlf_bom_fixture_is_stored_as_written() {
    let bytes = std::fs::read(fixture("crlf_bom").join("content/tracker.md")).unwrap();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF#"),
        "the BOM was lost; check .gitattributes"
    );
    let lf = bytes.iter().filter(|&&b| b == b'\n').count();
    let crlf = bytes.windows(2).filter(|w| w == b"\r\n").count();
    assert!(lf > 20);
    assert_eq!(
        crlf, lf,
        "every line must end in CRLF; check .gitattributes"
    );
}

#[test]
fn a_bom_and_crlf_endings_read_like_plain_lf() {
    let study = open("crlf_bom");
    let doc = &study.document;
    assert_eq!(doc.title.as_deref(), Some("CRLF and BOM"));
    assert_eq!(
        titles(doc),
        [
            "Overall Progress",
            "Phase 1: Start",
            "Module 1.1: First",
            "Setext section",
            "Study Log",
            "Session 1"
        ]
    );
    let module = node(doc, "Module 1.1: First");
    assert_eq!(module.line, 9);
    assert_eq!(
        task_tuples(&module.tasks),
        [("one", true, 10), ("two", true, 11)]
    );
    assert_eq!(module.field("Notes"), Some(&list(&[])));
    assert_eq!(module.field("Questions"), Some(&text("why not")));
    let setext = node(doc, "Setext section");
    assert_eq!((setext.level, setext.line), (2, 18));
    assert_eq!(task_tuples(&setext.tasks), [("three", true, 20)]);
    let phase = node(doc, "Phase 1: Start");
    assert_eq!(phase.days, Some((1, 2)));
    assert_eq!(phase.declared_done, Some(true));
    assert!(study.warnings.is_empty(), "{:#?}", study.warnings);

    let report = study.report(date(2026, 1, 21));
    assert_eq!(report.title, "CRLF and BOM");
    assert_eq!(report.sessions.len(), 1);
    let s = &report.sessions[0];
    assert_eq!(s.date, Some(date(2026, 1, 21)));
    assert_eq!(s.minutes, Some(45));
    assert_eq!(s.topics, ["line endings"]);
    assert_eq!(s.source, "content/tracker.md:24");
}

// ---------------------------------------------------------------------------------------------
// Structure: the heading tree
// ---------------------------------------------------------------------------------------------

#[test]
fn the_first_h1_is_the_title_not_a_section() {
    let doc = &open("heading_tree").document;
    assert_eq!(doc.title.as_deref(), Some("The Title"));
    assert!(!titles(doc).contains(&"The Title"));
}

#[test]
fn the_tree_follows_the_nearest_shallower_heading() {
    let doc = &open("heading_tree").document;
    let shape: Vec<(&str, u8, usize, &str)> = doc
        .sections()
        .map(|(_, n)| (n.title.as_str(), n.level, n.line, parent(doc, n)))
        .collect();
    assert_eq!(
        shape,
        [
            ("Alpha", 2, 9, ""),
            ("Alpha deep", 4, 12, "Alpha"),
            // `###` after a `####`: the `####` is deeper, so Alpha is the parent.
            ("Alpha child", 3, 15, "Alpha"),
            ("Arrays", 4, 18, "Alpha child"),
            // A later `#` counts as level 2: a top-level section beside Alpha.
            ("Later top", 2, 22, ""),
            ("Later child", 3, 25, "Later top"),
        ]
    );
    assert_eq!(children(doc, doc.root()), ["Alpha", "Later top"]);
}

#[test]
fn a_heading_inside_a_list_item_is_structure() {
    let doc = &open("heading_tree").document;
    let arrays = node(doc, "Arrays");
    assert_eq!(
        task_tuples(&arrays.tasks),
        [
            ("inside the arrays item", false, 19),
            ("after arrays", true, 20)
        ]
    );
    assert_eq!(
        task_tuples(&node(doc, "Alpha child").tasks),
        [("child task", false, 16)]
    );
}

#[test]
fn tasks_before_the_first_section_belong_to_the_root() {
    let study = open("heading_tree");
    let doc = &study.document;
    assert_eq!(
        task_tuples(&doc.root().tasks),
        [
            ("root task before the title", true, 3),
            ("root task after the title", false, 7)
        ]
    );
    let report = study.report(date(2026, 1, 21));
    assert_eq!(task_tuples(&report.tasks), task_tuples(&doc.root().tasks));
    // 2 root tasks + Alpha's 5 + Later top's 2.
    assert_eq!((report.progress.done, report.progress.total), (2, 9));
    assert_eq!(
        [node(doc, "Alpha").total, node(doc, "Later top").total],
        [5, 2]
    );
}

#[test]
fn an_h1_that_is_not_first_is_a_level_2_section_inline() {
    let (doc, _) = read("# Title\n\n## A\n### A1\n# B\n## B1\n");
    let shape: Vec<(&str, u8, &str)> = doc
        .sections()
        .map(|(_, n)| (n.title.as_str(), n.level, parent(&doc, n)))
        .collect();
    assert_eq!(
        shape,
        [("A", 2, ""), ("A1", 3, "A"), ("B", 2, ""), ("B1", 2, "")]
    );
}

// ---------------------------------------------------------------------------------------------
// The placeholder trap and setext headings
// ---------------------------------------------------------------------------------------------

#[test]
fn a_lone_dash_under_a_label_is_an_empty_item_not_a_heading() {
    let study = open("placeholder_trap");
    let doc = &study.document;
    assert_eq!(
        titles(doc),
        [
            "Phase 1: Foundations",
            "Module 1.1: Dash",
            "Module 1.2: Star and plus",
            "Module 1.3: Spaces around",
            "Study Log",
            "Session 1",
            "Session 2",
            "Session 3",
        ],
        "no label may become a heading"
    );
    let module = node(doc, "Module 1.1: Dash");
    assert_eq!(
        task_tuples(&module.tasks),
        [("a", false, 6), ("b", false, 13)]
    );
    assert_eq!(module.field("Notes"), Some(&list(&[])));
    assert!(study.warnings.is_empty(), "{:#?}", study.warnings);
}

#[test]
fn a_lone_star_or_plus_under_a_label_is_an_empty_item() {
    let doc = &open("placeholder_trap").document;
    let module = node(doc, "Module 1.2: Star and plus");
    assert_eq!(
        task_tuples(&module.tasks),
        [("c", false, 16), ("d", false, 26)]
    );
    assert_eq!(module.field("Notes"), Some(&list(&[])));
    assert_eq!(module.field("Questions"), Some(&list(&[])));
}

#[test]
fn a_lone_bullet_with_spaces_around_is_an_empty_item() {
    let doc = &open("placeholder_trap").document;
    let module = node(doc, "Module 1.3: Spaces around");
    assert_eq!(
        task_tuples(&module.tasks),
        [("e", false, 29), ("f", false, 39)]
    );
    assert_eq!(module.field("Notes"), Some(&list(&[])), "`-   `");
    assert_eq!(module.field("Questions"), Some(&list(&[])), "`  - `");
    let phase = node(doc, "Phase 1: Foundations");
    assert_eq!(
        children(doc, phase),
        [
            "Module 1.1: Dash",
            "Module 1.2: Star and plus",
            "Module 1.3: Spaces around"
        ]
    );
    assert_eq!(phase.total, 6);
}

#[test]
fn a_lone_bullet_under_several_label_lines_is_an_empty_item() {
    let study = open("placeholder_trap");
    let doc = &study.document;
    let log = node(doc, "Study Log");
    assert_eq!(children(doc, log), ["Session 1", "Session 2", "Session 3"]);
    let one = node(doc, "Session 1");
    assert_eq!(one.kind, Kind::Session);
    assert_eq!(
        one.fields.keys().collect::<Vec<_>>(),
        ["Date", "Duration", "Topics covered", "Key insights"]
    );
    assert_eq!(one.field("Date"), Some(&text("2026-01-21")));
    assert_eq!(one.field("Duration"), Some(&text("30m")));
    assert_eq!(one.field("Topics covered"), Some(&list(&[])));
    assert_eq!(one.field("Key insights"), Some(&list(&[])));
    let three = node(doc, "Session 3");
    assert_eq!(three.field("Topics covered"), Some(&list(&[])), "`*`");
    assert_eq!(task_tuples(&three.tasks), [("after session 3", false, 66)]);
    // Session 2 is an empty template slot, so not a session.
    let report = study.report(date(2026, 1, 22));
    let sessions: Vec<&str> = report.sessions.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(sessions, ["Session 1", "Session 3"]);
}

#[test]
fn the_trap_holds_inline_under_one_label() {
    let text = "# T\n\n## A\n- [ ] one\n\n**Notes**:\n-\n\n- [ ] two\n";
    let (doc, warnings) = read(text);
    assert_eq!(titles(&doc), ["A"]);
    assert_eq!(
        task_tuples(&node(&doc, "A").tasks),
        [("one", false, 4), ("two", false, 9)]
    );
    assert!(warnings.is_empty(), "{warnings:#?}");
}

#[test]
fn setext_underlines_of_three_or_more_are_headings() {
    let doc = &open("setext_headings").document;
    let shape: Vec<(&str, u8, usize)> = doc
        .sections()
        .map(|(_, n)| (n.title.as_str(), n.level, n.line))
        .collect();
    // `Part A` with `===` is an h1 after the title, so level 2.
    assert_eq!(shape, [("Part A", 2, 3), ("Part B", 2, 7)]);
    assert_eq!(task_tuples(&node(doc, "Part A").tasks), [("a1", false, 5)]);
}

#[test]
fn setext_underlines_of_one_or_two_are_paragraph_text() {
    let study = open("setext_headings");
    let part_b = node(&study.document, "Part B");
    assert_eq!(
        task_tuples(&part_b.tasks),
        [
            ("b1", false, 9),
            ("b2", false, 13),
            ("b3", false, 17),
            ("b4", false, 21)
        ]
    );
    assert!(study.warnings.is_empty(), "{:#?}", study.warnings);
}

// ---------------------------------------------------------------------------------------------
// Fields
// ---------------------------------------------------------------------------------------------

#[test]
fn both_label_forms_are_fields_and_one_paragraph_holds_several() {
    let doc = &open("fields").document;
    let phase = node(doc, "Phase 1: Fields");
    assert_eq!(
        phase.fields.keys().collect::<Vec<_>>(),
        [
            "Review Date",
            "Status",
            "Topics covered",
            "Blank",
            "Underscores",
            "Dash",
            "Empty items"
        ]
    );
    assert_eq!(phase.fields["Review Date"], text("2026-02-01"));
}

#[test]
fn values_are_markdown_source_trimmed_and_folded() {
    let doc = &open("fields").document;
    assert_eq!(
        node(doc, "Phase 1: Fields").fields["Status"],
        text("in progress with *emphasis* and [a link](https://example.com)")
    );
}

#[test]
fn a_label_ending_its_paragraph_takes_the_next_list_across_blank_lines() {
    let doc = &open("fields").document;
    assert_eq!(
        node(doc, "Phase 1: Fields").fields["Topics covered"],
        list(&["first topic", "second topic with `code`"])
    );
}

#[test]
fn empty_values_keep_their_key() {
    let doc = &open("fields").document;
    let phase = node(doc, "Phase 1: Fields");
    assert_eq!(phase.fields["Blank"], text(""), "nothing after the label");
    assert_eq!(phase.fields["Underscores"], text(""), "a run of `_`");
    assert_eq!(phase.fields["Dash"], text(""), "a lone `-`");
    assert_eq!(phase.fields["Empty items"], list(&[]), "empty items");
}

#[test]
fn labels_match_case_insensitively_and_a_repeat_keeps_the_first() {
    let study = open("fields");
    let phase = node(&study.document, "Phase 1: Fields");
    assert_eq!(phase.field("REVIEW DATE"), Some(&text("2026-02-01")));
    assert_eq!(
        phase.field("topics COVERED").map(FieldValue::is_empty),
        Some(false)
    );
    assert!(
        !phase.fields.contains_key("review date"),
        "the key is as first written"
    );
    let repeat = warning_at(&study.warnings, 24);
    assert_eq!(repeat.file, TRACKER);
    assert!(repeat.message.contains("review date"), "{}", repeat.message);
}

#[test]
fn labels_in_quotes_and_list_items_are_not_fields() {
    let doc = &open("fields").document;
    let phase = node(doc, "Phase 1: Fields");
    assert!(phase.field("Quoted").is_none());
    assert!(phase.field("Inside item").is_none());
    assert!(phase.field("Notes").is_none());
}

#[test]
fn a_label_right_under_a_list_item_stays_item_text_and_warns() {
    let study = open("fields");
    let phase = node(&study.document, "Phase 1: Fields");
    assert_eq!(phase.tasks.len(), 1);
    assert_eq!(phase.tasks[0].line, 28);
    assert!(
        phase.tasks[0].text.starts_with("a task")
            && phase.tasks[0].text.contains("joined to the item"),
        "{:?}",
        phase.tasks[0].text
    );
    let missing = warning_at(&study.warnings, 29);
    assert!(
        missing.message.contains("blank line"),
        "{}",
        missing.message
    );
    // Only the repeat (24) and the missing blank line (29) warn.
    assert_eq!(lines(&study.warnings), [24, 29]);
}

#[test]
fn a_field_belongs_to_the_innermost_heading() {
    let doc = &open("fields").document;
    assert_eq!(
        node(doc, "Module 1.1: Child")
            .fields
            .iter()
            .collect::<Vec<_>>(),
        [(&"Notes".to_string(), &text("child note"))]
    );
}

#[test]
fn labels_match_case_insensitively_for_session_fields() {
    let text = "# T\n\n## Study Log\n\n### Session 1\n**DATE**: 2026-01-21\n**duration**: 1h 30m\n";
    let report = report_of(text, None, date(2026, 1, 22));
    assert_eq!(report.sessions.len(), 1);
    assert_eq!(report.sessions[0].date, Some(date(2026, 1, 21)));
    assert_eq!(report.sessions[0].minutes, Some(90));
}

//! Roll-up arithmetic (TRACKER-FORMAT §3) on random heading trees written as markdown.

use proptest::prelude::*;
use tracker::source::SourceFile;
use tracker::tracker::count::totals;
use tracker::tracker::kinds::KindRules;
use tracker::tracker::model::{Document, Kind};

/// One generated line (or heading) of a tracker.
#[derive(Debug, Clone)]
enum Block {
    /// A heading; `in_item` writes it inside a list item, as in `- ### Arrays`.
    Heading {
        level: u8,
        optional: bool,
        in_item: bool,
    },
    /// `## Overall Progress`.
    Summary,
    /// A task item at a nesting depth (clamped to one deeper than the previous task).
    Task {
        done: bool,
        upper: bool,
        marker: usize,
        depth: usize,
    },
}

const MARKERS: [&str; 5] = ["-", "*", "+", "1.", "1)"];

fn block() -> impl Strategy<Value = Block> {
    prop_oneof![
        3 => (1u8..=6, prop::bool::weighted(0.2), prop::bool::weighted(0.15)).prop_map(
            |(level, optional, in_item)| Block::Heading { level, optional, in_item }
        ),
        1 => Just(Block::Summary),
        8 => (any::<bool>(), any::<bool>(), 0..MARKERS.len(), 0usize..3).prop_map(
            |(done, upper, marker, depth)| Block::Task { done, upper, marker, depth }
        ),
    ]
}

/// A node of the expected tree, built alongside the markdown.
#[derive(Debug)]
struct Expected {
    level: u8,
    parent: Option<usize>,
    optional: bool,
    summary: bool,
    own_done: usize,
    own_total: usize,
}

/// Writes the blocks as markdown and builds the tree the format says they make.
fn render(
    has_title: bool,
    root_tasks: &[bool],
    blocks: &[Block],
    crlf: bool,
) -> (String, Vec<Expected>, usize) {
    let mut lines: Vec<String> = Vec::new();
    let mut nodes = vec![Expected {
        level: 1,
        parent: None,
        optional: false,
        summary: false,
        own_done: 0,
        own_total: 0,
    }];
    let mut open = vec![0usize];
    let mut task_lines = 0;
    // Depth of the previous task line; `None` right after a heading or at the start.
    let mut prev_depth: Option<usize> = None;
    if has_title {
        lines.push("# A Study Plan".into());
        lines.push(String::new());
    }
    let mut add_task = |lines: &mut Vec<String>,
                        nodes: &mut Vec<Expected>,
                        open: &[usize],
                        prev: &mut Option<usize>,
                        done: bool,
                        upper: bool,
                        marker: usize,
                        depth: usize| {
        let depth = match *prev {
            Some(p) => depth.min(p + 1),
            None => 0,
        };
        *prev = Some(depth);
        let mark = if !done {
            " "
        } else if upper {
            "X"
        } else {
            "x"
        };
        task_lines += 1;
        lines.push(format!(
            "{}{} [{mark}] task {task_lines}",
            "    ".repeat(depth),
            MARKERS[marker]
        ));
        let node = &mut nodes[*open.last().unwrap_or(&0)];
        node.own_total += 1;
        node.own_done += usize::from(done);
    };
    for (i, done) in root_tasks.iter().enumerate() {
        add_task(
            &mut lines,
            &mut nodes,
            &open,
            &mut prev_depth,
            *done,
            i % 2 == 0,
            i % MARKERS.len(),
            0,
        );
    }
    for (i, b) in blocks.iter().enumerate() {
        match b {
            Block::Heading { .. } | Block::Summary => {
                let (level, title, in_item) = match b {
                    Block::Heading {
                        level,
                        optional,
                        in_item,
                    } => {
                        // Without a title line, a `#` would become the title: write `##`.
                        let level = if *level == 1 && !has_title { 2 } else { *level };
                        let title = if *optional {
                            format!("Node {i} (Optional)")
                        } else {
                            format!("Node {i}")
                        };
                        (level, title, *in_item)
                    }
                    _ => (2, "Overall Progress".to_string(), false),
                };
                lines.push(String::new());
                let hashes = "#".repeat(usize::from(level));
                if in_item {
                    lines.push(format!("- {hashes} {title}"));
                } else {
                    lines.push(format!("{hashes} {title}"));
                    lines.push(String::new());
                }
                prev_depth = if in_item { Some(0) } else { None };
                let level = level.max(2);
                while open.len() > 1 && nodes[*open.last().unwrap_or(&0)].level >= level {
                    open.pop();
                }
                let parent = *open.last().unwrap_or(&0);
                let optional = nodes[parent].optional || title.contains("(Optional)");
                let summary = level == 2 && title == "Overall Progress";
                nodes.push(Expected {
                    level,
                    parent: Some(parent),
                    optional,
                    summary,
                    own_done: 0,
                    own_total: 0,
                });
                open.push(nodes.len() - 1);
            }
            Block::Task {
                done,
                upper,
                marker,
                depth,
            } => add_task(
                &mut lines,
                &mut nodes,
                &open,
                &mut prev_depth,
                *done,
                *upper,
                *marker,
                *depth,
            ),
        }
    }
    let newline = if crlf { "\r\n" } else { "\n" };
    let mut text = lines.join(newline);
    text.push_str(newline);
    (text, nodes, task_lines)
}

/// Whether a child's count goes into its parent's (§3).
fn counts_in(
    child_optional: bool,
    child_summary: bool,
    parent_optional: bool,
    parent_root: bool,
) -> bool {
    (!child_optional || parent_optional) && !(child_summary && parent_root)
}

/// The expected `(done, total)` of every node, rolled up.
fn expected_counts(nodes: &[Expected]) -> Vec<(usize, usize)> {
    let mut counts: Vec<(usize, usize)> = nodes.iter().map(|n| (n.own_done, n.own_total)).collect();
    for i in (1..nodes.len()).rev() {
        let Some(p) = nodes[i].parent else { continue };
        if counts_in(
            nodes[i].optional,
            nodes[i].summary,
            nodes[p].optional,
            p == 0,
        ) {
            counts[p].0 += counts[i].0;
            counts[p].1 += counts[i].1;
        }
    }
    counts
}

fn parse(text: &str) -> Document {
    let (doc, _warnings) = tracker::tracker::read(
        &SourceFile::from_text("content/tracker.md", text),
        &KindRules::default(),
    );
    doc
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn counts_roll_up_as_the_format_says(
        has_title in any::<bool>(),
        root_tasks in prop::collection::vec(any::<bool>(), 0..4),
        blocks in prop::collection::vec(block(), 0..60),
        crlf in prop::bool::weighted(0.2),
    ) {
        let (text, expected, task_lines) = render(has_title, &root_tasks, &blocks, crlf);
        let doc = parse(&text);

        // The tree has the generated shape.
        let shape: Vec<(u8, Option<usize>, bool, bool)> = doc
            .nodes
            .iter()
            .map(|n| (n.level, n.parent.map(|p| p.0), n.optional, n.kind == Kind::Summary))
            .collect();
        let wanted: Vec<(u8, Option<usize>, bool, bool)> = expected
            .iter()
            .map(|n| (n.level, n.parent, n.optional, n.summary))
            .collect();
        prop_assert_eq!(shape, wanted, "markdown:\n{}", text);
        let own: Vec<(usize, usize)> = doc
            .nodes
            .iter()
            .map(|n| (n.tasks.iter().filter(|t| t.done).count(), n.tasks.len()))
            .collect();
        let own_wanted: Vec<(usize, usize)> =
            expected.iter().map(|n| (n.own_done, n.own_total)).collect();
        prop_assert_eq!(own, own_wanted, "markdown:\n{}", text);

        // Every node: own tasks plus the children that count in it.
        for (i, node) in doc.nodes.iter().enumerate() {
            let mut done = node.tasks.iter().filter(|t| t.done).count();
            let mut total = node.tasks.len();
            for c in &node.children {
                let child = doc.node(*c);
                if counts_in(child.optional, child.kind == Kind::Summary, node.optional, i == 0) {
                    done += child.done;
                    total += child.total;
                }
            }
            prop_assert_eq!((node.done, node.total), (done, total), "node {} {:?}:\n{}", i, node.title, text);
            prop_assert!(node.done <= node.total);
        }
        let rolled: Vec<(usize, usize)> = doc.nodes.iter().map(|n| (n.done, n.total)).collect();
        prop_assert_eq!(rolled, expected_counts(&expected), "markdown:\n{}", text);

        // Every task line is counted once: as work, optional, or a declaration.
        let t = totals(&doc);
        prop_assert_eq!(t.progress.total + t.optional.total + t.summary.total, task_lines);
        prop_assert_eq!((t.progress.done, t.progress.total), (doc.root().done, doc.root().total));
        prop_assert!(t.progress.done <= t.progress.total);
        prop_assert!(t.optional.done <= t.optional.total);
        prop_assert!(t.summary.done <= t.summary.total);
        let ticked = expected.iter().map(|n| n.own_done).sum::<usize>();
        prop_assert_eq!(t.progress.done + t.optional.done + t.summary.done, ticked);
    }
}

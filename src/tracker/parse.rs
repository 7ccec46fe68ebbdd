//! Reads a tracker's markdown into the heading tree, with pulldown-cmark (TRACKER-FORMAT §1).
//!
//! Block structure, tasks and headings come from pulldown-cmark's events. Two things are read
//! from the source text of blocks pulldown-cmark has already delimited: the bold labels of
//! fields (their values are kept as markdown source) and the placeholder trap, where a line
//! holding only `-`, `*` or `+` under a label is an empty list item rather than a setext
//! underline or paragraph text.

use super::fields::{clean_value, fold, is_lone_bullet, split_label};
use super::kinds::KindRules;
use super::model::{Document, FieldValue, Kind, Node, NodeId, Task};
use crate::diagnostics::Diagnostic;
use crate::source::SourceFile;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// The pulldown-cmark options that read a tracker as GitHub does.
pub fn markdown_options() -> Options {
    Options::ENABLE_TASKLISTS
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_GFM
}

/// Parses a tracker into its heading tree; counts are not rolled up yet.
pub fn parse(source: &SourceFile, rules: &KindRules) -> (Document, Vec<Diagnostic>) {
    let mut builder = Builder::new(source, rules);
    for (event, range) in Parser::new_ext(&source.text, markdown_options()).into_offset_iter() {
        builder.event(event, range);
    }
    builder.finish()
}

/// An open container block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Container {
    List,
    Item,
    Quote,
}

/// A heading whose text is being gathered.
struct OpenHeading {
    level: HeadingLevel,
    range: Range<usize>,
    text: String,
}

/// A task whose text is being gathered.
struct OpenTask {
    node: NodeId,
    index: usize,
    text: String,
}

/// A field whose label ended its paragraph with no value: the next list, if the next block
/// is one, gives its value.
struct PendingField {
    node: NodeId,
    label: String,
}

/// The items of a list being gathered as a field's value.
struct FieldList {
    field: PendingField,
    depth: usize,
    items: Vec<String>,
    open: Vec<OpenItem>,
}

/// An item of a field's list: where its own text starts and, once a nested list opens,
/// where it ends.
struct OpenItem {
    slot: usize,
    start: usize,
    end: Option<usize>,
}

/// Tracks the list item whose first paragraph is being read, to spot labels written
/// directly under it.
struct ItemStart {
    depth: usize,
    first_event: bool,
    after_break: bool,
}

/// A top-level list of free content (not tasks, not a field's value) being gathered.
struct BodyList {
    items: Vec<String>,
    item: Option<(usize, bool)>,
}

struct Builder<'a> {
    src: &'a SourceFile,
    body_list: Option<BodyList>,
    body_block: Option<usize>,
    rules: &'a KindRules,
    nodes: Vec<Node>,
    open_nodes: Vec<NodeId>,
    title: Option<String>,
    warnings: Vec<Diagnostic>,
    containers: Vec<Container>,
    heading: Option<OpenHeading>,
    task: Option<OpenTask>,
    pending: Option<PendingField>,
    field_list: Option<FieldList>,
    item: Option<ItemStart>,
}

impl<'a> Builder<'a> {
    fn new(src: &'a SourceFile, rules: &'a KindRules) -> Self {
        Builder {
            src,
            body_list: None,
            body_block: None,
            rules,
            nodes: vec![Node::new(String::new(), Kind::Root, 1, 0, None)],
            open_nodes: vec![NodeId(0)],
            title: None,
            warnings: Vec::new(),
            containers: Vec::new(),
            heading: None,
            task: None,
            pending: None,
            field_list: None,
            item: None,
        }
    }

    fn current(&self) -> NodeId {
        *self.open_nodes.last().unwrap_or(&NodeId(0))
    }

    fn warn(&mut self, offset: usize, message: String) {
        let line = self.src.line_of(offset);
        self.warnings
            .push(Diagnostic::new(self.src.name.clone(), line, message));
    }

    fn in_container(&self) -> bool {
        !self.containers.is_empty()
    }

    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag, range),
            Event::Text(text) | Event::Code(text) => self.text(&text),
            Event::InlineMath(text) | Event::DisplayMath(text) => self.text(&text),
            Event::SoftBreak | Event::HardBreak => {
                self.text(" ");
                if let Some(item) = &mut self.item {
                    item.after_break = true;
                }
            }
            Event::TaskListMarker(done) => self.task_marker(done, range),
            Event::Rule | Event::Html(_) => self.block_boundary(),
            Event::InlineHtml(_) | Event::FootnoteReference(_) => {}
        }
    }

    /// Any block that starts ends the text of an open task and any field waiting for a list.
    fn block_boundary(&mut self) {
        self.close_task();
        self.item = None;
        if self.field_list.is_none() {
            self.pending = None;
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        if is_inline(&tag) {
            if matches!(tag, Tag::Strong) {
                self.check_label_in_item(&range);
            }
            self.first_item_event_seen();
            return;
        }
        // A heading may turn out to be a task's text caught by the placeholder trap, so the
        // task stays open until the heading is read.
        if !matches!(tag, Tag::Heading { .. }) {
            self.close_task();
        }
        match tag {
            Tag::List(_) => {
                self.item = None;
                if self.field_list.is_none() {
                    if let Some(field) = self.pending.take() {
                        self.field_list = Some(FieldList {
                            field,
                            depth: self.containers.len(),
                            items: Vec::new(),
                            open: Vec::new(),
                        });
                    }
                } else if let Some(list) = &mut self.field_list
                    && let Some(item) = list.open.last_mut()
                    && item.end.is_none()
                {
                    item.end = Some(range.start);
                }
                if self.field_list.is_none() && self.containers.is_empty() {
                    self.body_list = Some(BodyList {
                        items: Vec::new(),
                        item: None,
                    });
                }
                self.containers.push(Container::List);
            }
            Tag::Item => {
                self.containers.push(Container::Item);
                if self.containers.len() == 2
                    && let Some(body) = &mut self.body_list
                {
                    body.item = Some((range.start, false));
                }
                let content = item_content_start(&self.src.text, range.clone());
                if let Some(list) = &mut self.field_list {
                    list.items.push(String::new());
                    list.open.push(OpenItem {
                        slot: list.items.len() - 1,
                        start: content,
                        end: None,
                    });
                }
                self.check_near_miss(content, range.end);
                self.item = Some(ItemStart {
                    depth: self.containers.len(),
                    first_event: true,
                    after_break: false,
                });
            }
            Tag::BlockQuote(_) => {
                self.block_boundary();
                if self.containers.is_empty() {
                    self.body_block = Some(range.start);
                }
                self.containers.push(Container::Quote);
            }
            Tag::Paragraph => {
                // A loose item's first paragraph is still the item's first text.
                let keep_item = self
                    .item
                    .as_ref()
                    .is_some_and(|i| i.first_event && i.depth == self.containers.len());
                if !keep_item {
                    self.item = None;
                }
                if self.field_list.is_none() {
                    self.pending = None;
                }
                if !self.in_container() {
                    self.text_block(range.start, range.end);
                }
            }
            Tag::Heading { level, .. } => {
                self.item = None;
                if self.field_list.is_none() {
                    self.pending = None;
                }
                self.heading = Some(OpenHeading {
                    level,
                    range,
                    text: String::new(),
                });
            }
            Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::Table(_) => {
                self.block_boundary();
                if self.containers.is_empty() {
                    self.body_block = Some(range.start);
                }
            }
            _ => self.block_boundary(),
        }
    }

    fn end(&mut self, tag: TagEnd, range: Range<usize>) {
        match tag {
            TagEnd::Heading(_) => {
                if let Some(h) = self.heading.take() {
                    self.finish_heading(h);
                }
            }
            TagEnd::Paragraph => {
                self.close_task();
                self.item = None;
            }
            TagEnd::Item => {
                self.close_task();
                self.item = None;
                if self.containers.len() == 2
                    && let Some(body) = &mut self.body_list
                    && let Some((start, task)) = body.item.take()
                {
                    let content = item_content_start(&self.src.text, start..range.end);
                    let text = self.src.text[start..range.end].trim_end();
                    if !task && !clean_value(&self.src.text[content..range.end]).is_empty() {
                        body.items.push(text.to_string());
                    }
                }
                self.containers.pop();
                if let Some(list) = &mut self.field_list
                    && let Some(item) = list.open.pop()
                {
                    let end = item.end.unwrap_or(range.end).max(item.start);
                    list.items[item.slot] = clean_value(&self.src.text[item.start..end]);
                }
            }
            TagEnd::List(_) => {
                self.close_task();
                self.item = None;
                self.containers.pop();
                if self.containers.is_empty()
                    && let Some(body) = self.body_list.take()
                    && !body.items.is_empty()
                {
                    self.add_body(&body.items.join("\n"));
                }
                if self
                    .field_list
                    .as_ref()
                    .is_some_and(|l| l.depth == self.containers.len())
                    && let Some(list) = self.field_list.take()
                {
                    let items: Vec<String> =
                        list.items.into_iter().filter(|i| !i.is_empty()).collect();
                    let field = list.field;
                    let node = &mut self.nodes[field.node.0];
                    if let Some(FieldValue::List(existing)) = node.fields.get_mut(&field.label) {
                        existing.extend(items);
                    } else {
                        node.fields.insert(field.label, FieldValue::List(items));
                    }
                }
            }
            TagEnd::BlockQuote(_) => {
                self.close_task();
                self.containers.pop();
                self.end_body_block(range.end);
            }
            TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::Table => {
                self.end_body_block(range.end);
            }
            _ => {}
        }
    }

    /// Adds markdown source to the free content of the current node.
    fn add_body(&mut self, markdown: &str) {
        let current = self.current();
        let node = &mut self.nodes[current.0];
        if !node.body.is_empty() {
            node.body.push_str("\n\n");
        }
        node.body.push_str(markdown.trim_end());
    }

    fn end_body_block(&mut self, end: usize) {
        if self.containers.is_empty()
            && let Some(start) = self.body_block.take()
        {
            let text = self.src.text[start..end].to_string();
            self.add_body(&text);
        }
    }

    fn text(&mut self, text: &str) {
        if let Some(h) = &mut self.heading {
            h.text.push_str(text);
        } else if let Some(t) = &mut self.task {
            t.text.push_str(text);
        }
        if text != " " {
            self.first_item_event_seen();
        }
    }

    fn first_item_event_seen(&mut self) {
        if let Some(item) = &mut self.item {
            item.first_event = false;
        }
    }

    fn task_marker(&mut self, done: bool, range: Range<usize>) {
        self.first_item_event_seen();
        if self.containers.len() == 2
            && let Some(BodyList {
                item: Some((_, task)),
                ..
            }) = &mut self.body_list
        {
            *task = true;
        }
        let node = self.current();
        let line = self.src.line_of(range.start);
        let tasks = &mut self.nodes[node.0].tasks;
        tasks.push(Task {
            text: String::new(),
            done,
            line,
            done_on: None,
        });
        self.task = Some(OpenTask {
            node,
            index: tasks.len() - 1,
            text: String::new(),
        });
    }

    fn close_task(&mut self) {
        if let Some(t) = self.task.take() {
            let text = fold(&t.text);
            let task = &mut self.nodes[t.node.0].tasks[t.index];
            if text.is_empty() {
                let line = task.line;
                self.warnings.push(Diagnostic::new(
                    self.src.name.clone(),
                    line,
                    "empty task: GitHub shows no checkbox for a `[ ]` with nothing after it; \
                     write what the task is after the box",
                ));
            }
            task.text = text;
        }
    }

    /// Warns about a bold label that starts a later line of a list item's first paragraph:
    /// CommonMark makes it part of the item's text, which is rarely what was meant.
    fn check_label_in_item(&mut self, range: &Range<usize>) {
        let Some(item) = &self.item else { return };
        if !item.after_break || item.depth != self.containers.len() {
            return;
        }
        let line_start = self.src.text[..range.start]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        let line_end = self.src.text[range.start..]
            .find('\n')
            .map_or(self.src.text.len(), |i| range.start + i);
        let line = &self.src.text[line_start..line_end];
        let before = &self.src.text[line_start..range.start];
        if before.trim_start_matches([' ', '\t', '>']).is_empty()
            && let Some((label, _)) = split_label(line)
        {
            let message = format!(
                "`**{label}**:` is read as part of the list item above it (CommonMark joins \
                 the lines); add a blank line before it to make it a field"
            );
            self.warn(range.start, message);
        }
    }

    /// Warns about bold labels on the later lines of a list item's text (`range`).
    fn warn_labels_in_item(&mut self, range: Range<usize>) {
        let text = &self.src.text[range.clone()];
        let mut offset = range.start;
        let mut found = Vec::new();
        for (i, line) in text.split_inclusive('\n').enumerate() {
            let stripped = line.trim_start_matches(['>', ' ', '\t']);
            if i > 0
                && let Some((label, _)) = split_label(stripped)
            {
                found.push((offset, label.to_string()));
            }
            offset += line.len();
        }
        for (at, label) in found {
            self.warn(
                at,
                format!(
                    "`**{label}**:` is read as part of the list item above it (CommonMark joins \
                     the lines); add a blank line before it to make it a field"
                ),
            );
        }
    }

    /// Warns about list items that look like tasks but are not, as GitHub would show them.
    fn check_near_miss(&mut self, content: usize, end: usize) {
        let text = &self.src.text[content..end];
        let Some(rest) = text.strip_prefix('[') else {
            return;
        };
        let Some(close) = rest.find(']') else { return };
        let inner = &rest[..close];
        let after = &rest[close + 1..];
        if inner.chars().count() > 3 || inner.contains('\n') {
            return;
        }
        let markerish = |c: char| " xX-~/*.✓✔✗✘vVoO+".contains(c);
        if !inner.chars().all(markerish) {
            return;
        }
        let is_box = matches!(inner, " " | "x" | "X");
        let followed_by_space = after.is_empty() || after.starts_with([' ', '\t', '\r', '\n']);
        let shown = format!("[{inner}]");
        let message = if is_box && !followed_by_space {
            format!(
                "`{shown}` is not a task here: it needs a space after it \
                 (GitHub shows `{shown}{}` as text); write `- {shown} text`",
                after
                    .chars()
                    .take_while(|c| !c.is_whitespace())
                    .collect::<String>()
            )
        } else if is_box {
            return;
        } else if inner.is_empty() {
            "`[]` is not a task (GitHub shows the brackets as text); write `[ ]` with a space \
             for an open task"
                .to_string()
        } else {
            format!(
                "`{shown}` is not a task (GitHub shows it as text); write `[ ]` for an open \
                 task or `[x]` for a done one"
            )
        };
        self.warn(content, message);
    }

    fn finish_heading(&mut self, h: OpenHeading) {
        let raw = &self.src.text[h.range.clone()];
        let setext = !raw.trim_start().starts_with('#');
        if setext {
            let body = raw.trim_end_matches(['\n', '\r']);
            // The underline without the quote markers and indentation of its containers.
            let underline = body
                .rsplit('\n')
                .next()
                .unwrap_or("")
                .trim_start_matches(['>', ' ', '\t'])
                .trim();
            if underline.chars().count() < 3 {
                // The placeholder trap: not a heading but text, and maybe an empty item.
                if !self.in_container() {
                    self.text_block(h.range.start, h.range.end);
                } else if let Some(task) = &mut self.task {
                    // A task item whose text the trap had made a heading.
                    task.text.push_str(&h.text);
                    self.warn_labels_in_item(h.range.clone());
                }
                return;
            }
        }
        self.close_task();
        let title = fold(&h.text);
        let level = heading_level(h.level);
        if level == 1 && self.title.is_none() {
            self.title = Some(title);
            return;
        }
        let level = level.max(2);
        while self.open_nodes.len() > 1 && self.nodes[self.current().0].level >= level {
            self.open_nodes.pop();
        }
        let parent = self.current();
        let parent_node = &self.nodes[parent.0];
        let kind = self.rules.classify(&title, level, parent_node.kind);
        let optional = parent_node.optional || kind == Kind::Optional;
        let line = self.src.line_of(h.range.start);
        let id = NodeId(self.nodes.len());
        let mut node = Node::new(title, kind, level, line, Some(parent));
        node.optional = optional;
        self.nodes.push(node);
        self.nodes[parent.0].children.push(id);
        self.open_nodes.push(id);
    }

    /// Reads the lines of a paragraph outside lists and quotes: fields, and lone bullets
    /// that stand for empty list items.
    fn text_block(&mut self, start: usize, end: usize) {
        let mut segment: Vec<(usize, &str)> = Vec::new();
        let text = &self.src.text[start..end];
        let mut offset = start;
        let mut lines = Vec::new();
        for line in text.split_inclusive('\n') {
            lines.push((offset, line.trim_end_matches(['\n', '\r'])));
            offset += line.len();
        }
        for (line_offset, line) in lines {
            if is_lone_bullet(line) {
                self.fields_of(&segment);
                segment.clear();
                self.empty_item();
            } else {
                if segment.is_empty() {
                    // A new paragraph: any field still waiting for a list gets none.
                    self.pending = None;
                }
                segment.push((line_offset, line));
            }
        }
        self.fields_of(&segment);
    }

    /// An empty list item standing where a field's list would be.
    fn empty_item(&mut self) {
        if let Some(field) = &self.pending {
            let node = &mut self.nodes[field.node.0];
            if let Some(value) = node.fields.get_mut(&field.label)
                && matches!(value, FieldValue::Text(s) if s.is_empty())
            {
                *value = FieldValue::List(Vec::new());
            }
        }
    }

    fn fields_of(&mut self, lines: &[(usize, &str)]) {
        if !lines.is_empty() && lines.iter().all(|(_, l)| split_label(l).is_none()) {
            let text: Vec<&str> = lines.iter().map(|(_, l)| *l).collect();
            let text = text.join("\n");
            // A paragraph of underscores is a blank to fill, not content.
            if !clean_value(&text).is_empty() {
                self.add_body(&text);
            }
            return;
        }
        let node = self.current();
        let mut last_field: Option<String> = None;
        for (i, (offset, line)) in lines.iter().enumerate() {
            let is_last = i + 1 == lines.len();
            match split_label(line) {
                Some((label, value)) => {
                    let value = clean_value(value);
                    let existing = self.nodes[node.0]
                        .fields
                        .keys()
                        .find(|k| k.eq_ignore_ascii_case(label))
                        .cloned();
                    if let Some(first) = existing {
                        let message = format!(
                            "field `{label}` is given twice in this section; the first \
                             (`{first}`) is kept, so remove or rename this one"
                        );
                        self.warn(*offset, message);
                        last_field = None;
                        continue;
                    }
                    let awaiting = is_last && value.is_empty();
                    self.nodes[node.0]
                        .fields
                        .insert(label.to_string(), FieldValue::Text(value));
                    if awaiting {
                        self.pending = Some(PendingField {
                            node,
                            label: label.to_string(),
                        });
                    }
                    last_field = Some(label.to_string());
                }
                None => {
                    // A line that continues the previous field's inline value.
                    if let Some(label) = &last_field
                        && let Some(FieldValue::Text(value)) =
                            self.nodes[node.0].fields.get_mut(label)
                    {
                        let more = clean_value(line);
                        if !more.is_empty() {
                            if !value.is_empty() {
                                value.push(' ');
                            }
                            value.push_str(&more);
                        }
                    }
                }
            }
        }
    }

    fn finish(mut self) -> (Document, Vec<Diagnostic>) {
        self.close_task();
        (
            Document {
                title: self.title,
                nodes: self.nodes,
            },
            self.warnings,
        )
    }
}

fn is_inline(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Link { .. }
            | Tag::Image { .. }
            | Tag::Superscript
            | Tag::Subscript
    )
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Where a list item's content starts: after its marker (`-`, `*`, `+`, `1.`, `1)`) and the
/// white space that follows it.
pub(crate) fn item_content_start(text: &str, range: Range<usize>) -> usize {
    let item = &text[range.clone()];
    let bytes = item.as_bytes();
    let mut i = 0;
    while i < bytes.len() && bytes[i].is_ascii_digit() {
        i += 1;
    }
    if i < bytes.len() && matches!(bytes[i], b'-' | b'*' | b'+' | b'.' | b')') {
        i += 1;
    }
    while i < bytes.len() && matches!(bytes[i], b' ' | b'\t') {
        i += 1;
    }
    range.start + i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> (Document, Vec<Diagnostic>) {
        parse(&SourceFile::from_text("t.md", text), &KindRules::default())
    }

    #[test]
    fn the_trap_inside_a_task_item_keeps_the_task_and_its_text() {
        let (doc, warnings) =
            parse_text("# T\n## A\n- [ ] task one\n  **Notes**:\n  -\n- [x] two\n");
        let tasks = &doc.nodes[1].tasks;
        assert_eq!(tasks.len(), 2);
        assert_eq!(tasks[0].text, "task one Notes:");
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(warnings[0].line, 4);
        assert!(warnings[0].message.contains("blank line"));
    }

    #[test]
    fn the_trap_inside_a_quote_is_no_heading() {
        let (doc, _) = parse_text("# T\n## A\n> **Q**:\n> -\n> - [ ] quoted\n");
        assert_eq!(doc.nodes.len(), 2, "no node for the quoted label");
        assert_eq!(doc.nodes[1].tasks[0].text, "quoted");
        assert_eq!(doc.nodes[1].tasks[0].line, 5);
    }
}

#[cfg(test)]
mod body_tests {
    use super::*;

    fn bodies(text: &str) -> Vec<(String, String)> {
        let (doc, _) = parse(&SourceFile::from_text("t.md", text), &KindRules::default());
        doc.nodes
            .iter()
            .map(|n| (n.title.clone(), n.body.clone()))
            .filter(|(_, b)| !b.is_empty())
            .collect()
    }

    #[test]
    fn free_content_is_kept_as_markdown() {
        let b = bodies(
            "# T\nIntro *text*.\n\n## Key Takeaways\n1. The log is the backbone\n2.\n3.\n\n\
             ## M\n- [ ] a task\n\n**Notes**:\n- a note\n\nA closing thought.\n\n> quoted\n\n\
             ```\ncode\n```\n\n---\n",
        );
        assert_eq!(
            b,
            [
                ("".to_string(), "Intro *text*.".to_string()),
                (
                    "Key Takeaways".to_string(),
                    "1. The log is the backbone".to_string()
                ),
                (
                    "M".to_string(),
                    "A closing thought.\n\n> quoted\n\n```\ncode\n```".to_string()
                ),
            ]
        );
    }

    #[test]
    fn the_seed_has_no_free_content_but_its_intro() {
        let text = include_str!("../../content/tracker.md");
        let b = bodies(text);
        assert_eq!(b.len(), 1, "{b:?}");
        assert_eq!(
            b[0].1,
            "Track your progress through the stream processing learning plan."
        );
    }
}

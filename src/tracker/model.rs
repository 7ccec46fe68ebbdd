//! The learner's plan as a tree of headings with their tasks and fields.

use indexmap::IndexMap;
use serde::Serialize;

/// What a heading is in the plan, read from its title (TRACKER-FORMAT §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// The document itself, above every heading.
    Root,
    /// `Overall Progress`: its tasks declare sections done, they are not work.
    Summary,
    /// Work outside the total, such as `Practical Projects (Optional)`.
    Optional,
    /// `Phase N`: a stretch of the plan with planned days.
    Phase,
    /// `Module N.M`: a unit of study with notes and questions.
    Module,
    /// `Checkpoint`: a review at the end of a phase.
    Checkpoint,
    /// The final `Assessment`.
    Assessment,
    /// The `Study Log`, whose children are sessions.
    Log,
    /// One session in the study log.
    Session,
    /// Any other heading.
    Section,
}

impl Kind {
    /// The kind's name as it appears in JSON and in the config's `kinds` map.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Root => "root",
            Kind::Summary => "summary",
            Kind::Optional => "optional",
            Kind::Phase => "phase",
            Kind::Module => "module",
            Kind::Checkpoint => "checkpoint",
            Kind::Assessment => "assessment",
            Kind::Log => "log",
            Kind::Session => "session",
            Kind::Section => "section",
        }
    }
}

/// One GFM task-list item.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Task {
    /// The task's text, markup stripped and white space folded.
    pub text: String,
    /// Whether the box is ticked (`[x]` or `[X]`).
    pub done: bool,
    /// The line of the task's marker in the tracker file.
    pub line: usize,
    /// The date of the revision since which it has been done (TRACKER-FORMAT §9); filled in by
    /// the report from the tracker's history, `None` when it is not done or there is none.
    pub done_on: Option<chrono::NaiveDate>,
}

/// A field's value: one line of markdown, or the items of the list under the label.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(untagged)]
pub enum FieldValue {
    /// An inline value, as markdown source.
    Text(String),
    /// A list value: each item's markdown source, empty items left out.
    List(Vec<String>),
}

impl FieldValue {
    /// True for `""` and `[]`.
    pub fn is_empty(&self) -> bool {
        match self {
            FieldValue::Text(s) => s.is_empty(),
            FieldValue::List(items) => items.is_empty(),
        }
    }

    /// The value as a list: a text value is one item, or none when empty.
    pub fn items(&self) -> Vec<String> {
        match self {
            FieldValue::Text(s) if s.is_empty() => Vec::new(),
            FieldValue::Text(s) => vec![s.clone()],
            FieldValue::List(items) => items.clone(),
        }
    }
}

/// Identifies a node within a [`Document`]; the root is `NodeId(0)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub usize);

/// A heading of the plan (or the document root) with what stands under it.
#[derive(Debug, Clone)]
pub struct Node {
    /// The heading's plain text.
    pub title: String,
    /// What the heading is, by its title.
    pub kind: Kind,
    /// The heading level, 2 to 6 (a later `#` counts as 2); 1 for the root.
    pub level: u8,
    /// The heading's line; 0 for the root.
    pub line: usize,
    /// Whether this node or an ancestor is optional.
    pub optional: bool,
    /// The parent node; `None` for the root.
    pub parent: Option<NodeId>,
    /// Child nodes in document order.
    pub children: Vec<NodeId>,
    /// Tasks whose innermost heading is this one.
    pub tasks: Vec<Task>,
    /// Fields by label as first written.
    pub fields: IndexMap<String, FieldValue>,
    /// Ticked tasks here and below (optional children left out unless this is optional).
    pub done: usize,
    /// All tasks here and below, counted like `done`.
    pub total: usize,
    /// Planned days `[first, last]`, from the summary.
    pub days: Option<(u32, u32)>,
    /// The summary's checkbox for this section, when it declares one.
    pub declared_done: Option<bool>,
    /// Free content under the heading, as markdown source: paragraphs, lists of plain items,
    /// quotes, code; not tasks, fields, or empty placeholders.
    pub body: String,
}

impl Node {
    /// A fresh node with no tasks, fields or children.
    pub fn new(title: String, kind: Kind, level: u8, line: usize, parent: Option<NodeId>) -> Self {
        Node {
            title,
            kind,
            level,
            line,
            optional: false,
            parent,
            children: Vec::new(),
            tasks: Vec::new(),
            fields: IndexMap::new(),
            done: 0,
            total: 0,
            days: None,
            declared_done: None,
            body: String::new(),
        }
    }

    /// The field with this label, matched case-insensitively.
    pub fn field(&self, label: &str) -> Option<&FieldValue> {
        self.fields
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(label))
            .map(|(_, v)| v)
    }

    /// True when every counted task is ticked and there is at least one.
    pub fn is_complete(&self) -> bool {
        self.total > 0 && self.done == self.total
    }
}

/// A parsed tracker: its title and the heading tree, nodes in document order.
#[derive(Debug, Clone)]
pub struct Document {
    /// The first `#` heading's text, if there is one.
    pub title: Option<String>,
    /// All nodes, the root first, then in document order (a parent before its children).
    pub nodes: Vec<Node>,
}

impl Document {
    /// The root node, holding tasks before the first section.
    pub fn root(&self) -> &Node {
        &self.nodes[0]
    }

    /// The node with this id.
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.0]
    }

    /// Every node but the root, with its id, in document order.
    pub fn sections(&self) -> impl Iterator<Item = (NodeId, &Node)> {
        self.nodes
            .iter()
            .enumerate()
            .skip(1)
            .map(|(i, n)| (NodeId(i), n))
    }

    /// The nearest ancestor of `id` (itself included) of the given kind.
    pub fn ancestor_of_kind(&self, id: NodeId, kind: Kind) -> Option<NodeId> {
        let mut cur = Some(id);
        while let Some(c) = cur {
            if self.node(c).kind == kind {
                return Some(c);
            }
            cur = self.node(c).parent;
        }
        None
    }
}

//! Finding the module a session names: by number (`1.2`), by full title, or by the title
//! after its colon, in any case.

use crate::tracker::fields::fold;
use crate::tracker::kinds::module_number;
use crate::tracker::model::{Document, Kind, NodeId};

/// Every module of a document, ready to be looked up.
#[derive(Debug, Clone)]
pub struct ModuleIndex {
    entries: Vec<(NodeId, Option<String>, String, Option<String>)>,
}

impl ModuleIndex {
    /// Indexes the modules of `doc`.
    pub fn new(doc: &Document) -> Self {
        let entries = doc
            .sections()
            .filter(|(_, n)| n.kind == Kind::Module)
            .map(|(id, n)| {
                let full = fold(&n.title).to_lowercase();
                let after_colon = full.split_once(':').map(|(_, t)| t.trim().to_string());
                (id, module_number(&n.title), full, after_colon)
            })
            .collect();
        ModuleIndex { entries }
    }

    /// The module a reference names, the first in document order.
    pub fn resolve(&self, reference: &str) -> Option<NodeId> {
        let r = fold(reference).to_lowercase();
        if r.is_empty() {
            return None;
        }
        self.entries
            .iter()
            .find(|(_, number, full, after)| {
                number.as_deref() == Some(r.as_str())
                    || *full == r
                    || after.as_deref() == Some(r.as_str())
            })
            .map(|(id, ..)| *id)
    }
}

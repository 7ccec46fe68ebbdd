//! Finding the module a session names: by number (`1.2`), by full title, or by the title
//! after its colon, in any case.

use crate::tracker::fields::fold;
use crate::tracker::kinds::module_number;
use crate::tracker::model::{Document, Kind, NodeId};
use std::collections::HashMap;

/// Every module of a document, ready to be looked up by any of its names.
#[derive(Debug, Clone, Default)]
pub struct ModuleIndex {
    /// Lower-cased name → the first module in document order that has it.
    names: HashMap<String, NodeId>,
}

impl ModuleIndex {
    /// Indexes the modules of `doc`.
    pub fn new(doc: &Document) -> Self {
        let mut names = HashMap::new();
        for (id, n) in doc.sections().filter(|(_, n)| n.kind == Kind::Module) {
            let full = fold(&n.title).to_lowercase();
            let after = full.split_once(':').map(|(_, t)| t.trim().to_string());
            let number = module_number(&n.title);
            // Modules come in document order, so the first to claim a name keeps it.
            for name in [number, Some(full), after].into_iter().flatten() {
                names.entry(name).or_insert(id);
            }
        }
        ModuleIndex { names }
    }

    /// The module a reference names, the first in document order.
    pub fn resolve(&self, reference: &str) -> Option<NodeId> {
        self.names.get(&fold(reference).to_lowercase()).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;
    use crate::tracker::kinds::KindRules;

    #[test]
    fn by_number_full_title_or_title_after_the_colon() {
        let src = SourceFile::from_text(
            "t.md",
            "# T\n## Phase 1\n### Module 1.2: Kafka Basics\n### Module 1.10: Streams\n",
        );
        let (doc, _) = crate::tracker::read(&src, KindRules::builtin());
        let index = ModuleIndex::new(&doc);
        let m12 = index.resolve("1.2");
        assert!(m12.is_some());
        assert_eq!(index.resolve("module 1.2: kafka  basics"), m12);
        assert_eq!(index.resolve("KAFKA BASICS"), m12);
        assert_ne!(index.resolve("1.10"), m12);
        assert!(index.resolve("1.1").is_none());
        assert!(index.resolve("").is_none());
    }
}

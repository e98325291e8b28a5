//! RAG counts per theme, in plan order.

use serde::Serialize;

use crate::model::Rag;
use crate::store::Milestone;

/// How many milestones of a theme are red, amber and green.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ThemeRagCounts {
    /// The plan.
    pub plan: String,
    /// The theme.
    pub theme: String,
    /// Red.
    #[serde(rename = "R")]
    pub red: usize,
    /// Amber.
    #[serde(rename = "A")]
    pub amber: usize,
    /// Green.
    #[serde(rename = "G")]
    pub green: usize,
    /// All milestones of the theme.
    pub total: usize,
}

impl ThemeRagCounts {
    fn add(&mut self, rag: Rag) {
        match rag {
            Rag::Red => self.red += 1,
            Rag::Amber => self.amber += 1,
            Rag::Green => self.green += 1,
        }
        self.total += 1;
    }
}

/// Counts per theme in the order themes first appear (milestones come in plan order).
pub fn rag_counts(milestones: &[Milestone]) -> Vec<ThemeRagCounts> {
    let mut counts: Vec<ThemeRagCounts> = Vec::new();
    for m in milestones {
        let same = counts
            .last()
            .is_some_and(|c| c.plan == m.plan && c.theme == m.theme);
        if !same {
            counts.push(ThemeRagCounts {
                plan: m.plan.clone(),
                theme: m.theme.clone(),
                red: 0,
                amber: 0,
                green: 0,
                total: 0,
            });
        }
        if let Some(last) = counts.last_mut() {
            last.add(m.rag);
        }
    }
    counts
}

/// The sum of several rows, for a table's total line.
pub fn total(counts: &[ThemeRagCounts]) -> (usize, usize, usize, usize) {
    counts.iter().fold((0, 0, 0, 0), |(r, a, g, t), c| {
        (r + c.red, a + c.amber, g + c.green, t + c.total)
    })
}

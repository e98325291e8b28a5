//! RAG counts per theme, in plan order.
//!
//! Only red, amber and green are counted as R, A and G. Blue (finished),
//! not rated (a plan with no RAG column) and closed milestones (withdrawn,
//! superseded, merged: whatever their last RAG) each have their own count.

use serde::Serialize;

use crate::model::Milestone;
use crate::model::{Rag, Status};

fn is_zero(count: &usize) -> bool {
    *count == 0
}

/// How many milestones of a theme are red, amber and green (and blue, not
/// rated or closed, which are never counted as R, A or G).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
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
    /// Blue (BRAG: finished); left out of JSON when 0.
    #[serde(rename = "B", skip_serializing_if = "is_zero")]
    pub blue: usize,
    /// Not rated; left out of JSON when 0.
    #[serde(skip_serializing_if = "is_zero")]
    pub not_rated: usize,
    /// Closed (withdrawn, superseded, merged); left out of JSON when 0.
    #[serde(skip_serializing_if = "is_zero")]
    pub closed: usize,
    /// All milestones of the theme.
    pub total: usize,
}

impl ThemeRagCounts {
    fn add(&mut self, rag: Rag, status: Status) {
        if status == Status::Closed {
            self.closed += 1;
        } else {
            match rag {
                Rag::Red => self.red += 1,
                Rag::Amber => self.amber += 1,
                Rag::Green => self.green += 1,
                Rag::Blue => self.blue += 1,
                Rag::NotRated => self.not_rated += 1,
            }
        }
        self.total += 1;
    }

    fn add_counts(&mut self, other: &ThemeRagCounts) {
        self.red += other.red;
        self.amber += other.amber;
        self.green += other.green;
        self.blue += other.blue;
        self.not_rated += other.not_rated;
        self.closed += other.closed;
        self.total += other.total;
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
                ..Default::default()
            });
        }
        if let Some(last) = counts.last_mut() {
            last.add(m.rag, m.status);
        }
    }
    counts
}

/// The sum of several rows, for a table's total line (plan and theme empty).
pub fn total(counts: &[ThemeRagCounts]) -> ThemeRagCounts {
    let mut sum = ThemeRagCounts::default();
    for c in counts {
        sum.add_counts(c);
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blue_not_rated_and_closed_are_never_counted_as_red_amber_or_green() {
        let milestones = [
            Milestone {
                rag: Rag::Red,
                ..Milestone::sample(1, "Sep 19")
            },
            Milestone {
                rag: Rag::Blue,
                status: Status::Complete,
                ..Milestone::sample(2, "Sep 19")
            },
            Milestone {
                rag: Rag::NotRated,
                ..Milestone::sample(3, "Sep 19")
            },
            Milestone {
                rag: Rag::Red,
                status: Status::Closed,
                ..Milestone::sample(4, "Sep 19")
            },
        ];
        let counts = rag_counts(&milestones);
        assert_eq!(counts.len(), 1);
        let c = &counts[0];
        assert_eq!(
            (
                c.red,
                c.amber,
                c.green,
                c.blue,
                c.not_rated,
                c.closed,
                c.total
            ),
            (1, 0, 0, 1, 1, 1, 4)
        );
        assert_eq!(total(&counts).total, 4);
    }
}

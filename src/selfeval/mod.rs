//! The MSG self-evaluation: partnerships rate themselves on the Ministerial
//! Strategic Group's 25 proposals (March 2019), record evidence and
//! improvement actions, repeat it to show progress, and compare themselves
//! with other partnerships.

pub mod import;
pub mod proposals;
pub mod rating;
pub mod reports;

pub use import::{Entry, SelfEvaluationDraft, parse_self_evaluation, self_evaluation_columns};
pub use proposals::{Proposal, find_proposal, msg_proposals};
pub use rating::Rating;

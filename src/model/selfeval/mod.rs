//! The MSG self-evaluation: partnerships rate themselves on the Ministerial
//! Strategic Group's 25 proposals (March 2019), record evidence and
//! improvement actions, repeat it to show progress, and compare themselves
//! with other partnerships.

pub mod entry;
pub mod proposals;
pub mod rating;

pub use entry::{Entry, NewSelfEvaluation, SelfEvaluationDraft};
pub use proposals::{Proposal, find_proposal, msg_proposals};
pub use rating::Rating;

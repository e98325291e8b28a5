//! Domain types: the words a partnership uses for a plan, with their rules.

pub mod closest;
pub mod draft;
pub mod entry;
pub mod lead;
pub mod milestone;
pub mod rag;
pub mod returns;
pub mod selfeval;
pub mod status;
pub mod target;
pub mod text_rules;
pub mod timeline;
pub mod update;
pub mod words;

pub use entry::{EditField, EntryKind};
pub use milestone::{Milestone, MilestoneStatusFacts};
pub use rag::Rag;
pub use returns::{ReturnReceipt, ReturnUpdate, SentReturn};
pub use status::Status;
pub use target::{NoDate, Target};
pub use timeline::{Precision, Timeline, TimelineError};
pub use update::{MilestoneState, NewUpdate, Update};
pub use words::{count_words, long_date};

//! Domain types: the words a partnership uses for a plan, with their rules.

pub mod draft;
pub mod entry;
pub mod lead;
pub mod rag;
pub mod status;
pub mod target;
pub mod timeline;
pub mod words;

pub use entry::{EditField, EntryKind};
pub use rag::Rag;
pub use status::Status;
pub use target::{NoDate, Target};
pub use timeline::{Precision, Timeline, TimelineError};
pub use words::{count_words, lateness_in_words, long_date};

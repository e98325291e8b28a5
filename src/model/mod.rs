//! Domain types: the words a partnership uses for a plan, with their rules.

pub mod draft;
pub mod lateness;
pub mod rag;
pub mod status;
pub mod timeline;

pub use lateness::lateness_in_words;
pub use rag::Rag;
pub use status::Status;
pub use timeline::{Precision, Timeline, TimelineError};

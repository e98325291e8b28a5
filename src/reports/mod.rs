//! Reports: pure functions from milestones (and an as-of date) to typed rows.
//! Rendering them as a table, CSV or JSON is the binary's job and never recomputes.

pub mod calendar;
pub mod check;
pub mod ics;
pub mod milestones;
pub mod movement;
pub mod overdue;
pub mod pack;
pub mod plan_order;
pub mod rag;
pub mod returns_status;
pub mod selfeval;
pub mod slipped;
pub mod weekly;

pub use calendar::{CalendarEvent, CalendarEvents, CalendarHeader, calendar_events, calendar_ics};
pub use check::{Flag, Rule, check};
pub use milestones::MilestoneRecord;
pub use movement::{
    MilestoneMovement, RagChange, ThemeMovementCounts, movement, movement_by_theme,
    with_current_names,
};
pub use overdue::{OverdueMilestone, overdue};
pub use pack::{CycleName, Pack, PackMovement, PackSource, ThemeSummary, pack};
pub use rag::{ThemeRagCounts, rag_counts};
pub use slipped::{Revisions, SlippedMilestone, largest_slip_first, slipped};
pub use weekly::{LeadReport, WeeklyOptions, WeeklySummary, lead_file_stems, summarise, weekly};

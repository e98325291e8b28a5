//! The plan as a calendar: one all-day event per open milestone on the day
//! it falls due, for leads and the planning team to import into Outlook or
//! Google Calendar. Written as iCalendar (RFC 5545) by `ics.rs`.
//!
//! Importing the file again updates the events rather than adding copies:
//! each milestone's UID never changes, and its SEQUENCE counts how many times
//! its due date has moved, so a calendar program takes the moved date as the
//! newer version of the event.

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::model::{Milestone, Update};
use crate::model::{Status, long_date};
use crate::reports::Revisions;
use crate::reports::ics::{IcsWriter, date_value, utc_date_time_value, writable_date};

/// One all-day event: a milestone on its due date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CalendarEvent {
    /// The milestone's id.
    pub id: i64,
    /// The event's UID: the same for this milestone in every export.
    pub uid: String,
    /// The due date: the event's day.
    pub due: NaiveDate,
    /// How many times the due date has moved (the event's SEQUENCE).
    pub sequence: usize,
    /// The title: the milestone detail on one line.
    pub summary: String,
    /// The body: theme, action, leads, timeline, RAG, latest comment, id.
    pub description: String,
}

/// The events of a calendar and the milestones left out of it.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct CalendarEvents {
    /// The events, in plan order.
    pub events: Vec<CalendarEvent>,
    /// Milestones left out because they are complete.
    pub complete: usize,
    /// Milestones left out because they are closed (withdrawn, superseded, merged).
    pub closed: usize,
    /// Open milestones left out because they have no due date ("Ongoing", "TBC").
    pub no_due_date: usize,
}

impl CalendarEvents {
    /// What was written and left out, in words: "25 events; left out 13
    /// complete and 2 with no due date".
    pub fn summary(&self) -> String {
        CalendarCounts {
            events: self.events.len(),
            complete: self.complete,
            closed: self.closed,
            no_due_date: self.no_due_date,
        }
        .summary()
    }
}

/// How many events a calendar written event by event has, and how many
/// milestones it left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CalendarCounts {
    /// Events written.
    pub events: usize,
    /// Left out: complete.
    pub complete: usize,
    /// Left out: closed.
    pub closed: usize,
    /// Left out: open with no due date.
    pub no_due_date: usize,
}

impl CalendarCounts {
    /// Counts one more entry.
    pub fn add(&mut self, entry: &CalendarEntry) {
        match entry {
            CalendarEntry::Event(_) => self.events += 1,
            CalendarEntry::Complete => self.complete += 1,
            CalendarEntry::Closed => self.closed += 1,
            CalendarEntry::NoDueDate => self.no_due_date += 1,
        }
    }

    /// What was written and left out, in words: "25 events; left out 13
    /// complete and 2 with no due date".
    pub fn summary(&self) -> String {
        let events = match self.events {
            1 => "1 event".to_string(),
            count => format!("{count} events"),
        };
        let mut left_out = Vec::new();
        if self.complete > 0 {
            left_out.push(format!("{} complete", self.complete));
        }
        if self.closed > 0 {
            left_out.push(format!("{} closed", self.closed));
        }
        if self.no_due_date > 0 {
            left_out.push(format!("{} with no due date", self.no_due_date));
        }
        match left_out.split_last() {
            None => events,
            Some((last, [])) => format!("{events}; left out {last}"),
            Some((last, rest)) => format!("{events}; left out {} and {last}", rest.join(", ")),
        }
    }
}

/// The events for `milestones` (their state on the as-of date, in plan
/// order): each open milestone with a due date, its SEQUENCE counted from
/// `updates` (which must hold only updates dated on or before the as-of
/// date, oldest first). A revision that repeats the due date in force is not
/// a move, as in `slipped`.
pub fn calendar_events(milestones: &[Milestone], updates: &[Update]) -> CalendarEvents {
    let revisions = Revisions::new(updates);
    let mut calendar = CalendarEvents::default();
    for milestone in milestones {
        match calendar_entry(milestone, revisions.moves(milestone)) {
            CalendarEntry::Event(event) => calendar.events.push(event),
            CalendarEntry::Complete => calendar.complete += 1,
            CalendarEntry::Closed => calendar.closed += 1,
            CalendarEntry::NoDueDate => calendar.no_due_date += 1,
        }
    }
    calendar
}

/// What the calendar does with one milestone.
#[derive(Debug, Clone, PartialEq)]
pub enum CalendarEntry {
    /// An open milestone with a due date: an event on that day.
    Event(CalendarEvent),
    /// Left out: complete.
    Complete,
    /// Left out: closed (withdrawn, superseded, merged).
    Closed,
    /// Left out: open, with no due date ("Ongoing", "TBC").
    NoDueDate,
}

/// The calendar's entry for one milestone (in its state on the as-of date)
/// whose due date has moved `moves` times (the event's SEQUENCE).
pub fn calendar_entry(milestone: &Milestone, moves: usize) -> CalendarEntry {
    if !milestone.status.is_open() {
        return if milestone.status == Status::Complete {
            CalendarEntry::Complete
        } else {
            CalendarEntry::Closed
        };
    }
    let Some(due) = milestone.due().filter(|due| writable_date(*due)) else {
        return CalendarEntry::NoDueDate;
    };
    CalendarEntry::Event(CalendarEvent {
        id: milestone.id,
        uid: uid(milestone),
        due,
        sequence: moves,
        summary: summary(milestone),
        description: description(milestone),
    })
}

/// A milestone's UID: `milestone-ID-PLAN@actionplan`. The id never changes
/// and is unique in the database; the plan's name (as a slug) keeps two
/// databases' milestone 12 apart when one calendar holds both.
pub fn uid(milestone: &Milestone) -> String {
    format!(
        "milestone-{}-{}@actionplan",
        milestone.id,
        slug(&milestone.plan)
    )
}

/// A name as lower-case ASCII letters and digits joined by single hyphens
/// ("Integration review 2019" -> "integration-review-2019"); "plan" when
/// nothing is left.
fn slug(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "plan".to_string()
    } else {
        slug.to_string()
    }
}

/// The title: the milestone detail with its lines joined by "; " (a title
/// shows one line); the action when the detail is blank.
fn summary(milestone: &Milestone) -> String {
    let one_line = |text: &str| {
        text.lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .collect::<Vec<_>>()
            .join("; ")
    };
    let detail = one_line(&milestone.detail);
    if detail.is_empty() {
        one_line(&milestone.action)
    } else {
        detail
    }
}

/// The body: where the milestone sits in the plan, who leads it, where it
/// stands and its latest comment, one field a line, then its id for
/// `actionplan show` and `update`.
fn description(milestone: &Milestone) -> String {
    let leads = if milestone.leads.is_empty() {
        "none named".to_string()
    } else {
        milestone.leads.join("; ")
    };
    let comment = if milestone.comment.trim().is_empty() {
        "none"
    } else {
        milestone.comment.trim()
    };
    let mut lines = vec![
        format!("Theme: {}", milestone.theme),
        format!("Action: {}", milestone.action),
        format!("Leads: {leads}"),
        format!(
            "Timeline: {} ({})",
            milestone.timeline,
            milestone.status_shown()
        ),
        format!("RAG: {}", milestone.rag.word()),
    ];
    match milestone.last_update_on {
        Some(on) => lines.push(format!(
            "Latest comment (updated {}): {comment}",
            long_date(on)
        )),
        None => lines.push(format!("Latest comment: {comment}")),
    }
    lines.push(format!(
        "Plan: {}; milestone ID {}",
        milestone.plan, milestone.id
    ));
    lines.join("\n")
}

/// What heads a calendar file.
#[derive(Debug, Clone, PartialEq)]
pub struct CalendarHeader {
    /// The calendar's name (X-WR-CALNAME): the plan, and the lead when filtered.
    pub name: String,
    /// When the file was made (DTSTAMP of every event), in UTC.
    pub stamp: NaiveDateTime,
}

/// The product identifier every calendar this tool writes carries.
pub const PRODID: &str = "-//actionplan//actionplan calendar//EN";

/// The calendar as an iCalendar stream: VCALENDAR with VERSION 2.0, PRODID,
/// CALSCALE, METHOD:PUBLISH and X-WR-CALNAME, then one VEVENT per event;
/// CRLF line ends, lines folded at 75 octets, text escaped.
pub fn calendar_ics(header: &CalendarHeader, events: &[CalendarEvent]) -> String {
    let mut ics = calendar_ics_start(header);
    for event in events {
        ics.push_str(&calendar_ics_event(header, event));
    }
    ics.push_str(&calendar_ics_end());
    ics
}

/// The start of [`calendar_ics`]: VCALENDAR and its properties.
pub fn calendar_ics_start(header: &CalendarHeader) -> String {
    let mut ics = IcsWriter::new();
    ics.raw("BEGIN", "VCALENDAR")
        .raw("VERSION", "2.0")
        .raw("PRODID", PRODID)
        .raw("CALSCALE", "GREGORIAN")
        .raw("METHOD", "PUBLISH")
        .text("X-WR-CALNAME", &header.name);
    ics.finish()
}

/// One VEVENT of [`calendar_ics`], for a calendar written event by event.
pub fn calendar_ics_event(header: &CalendarHeader, event: &CalendarEvent) -> String {
    let mut ics = IcsWriter::new();
    ics.raw("BEGIN", "VEVENT")
        .text("UID", &event.uid)
        .raw("DTSTAMP", &utc_date_time_value(header.stamp))
        .raw("DTSTART;VALUE=DATE", &date_value(event.due));
    if let Some(next_day) = event.due.succ_opt().filter(|day| writable_date(*day)) {
        ics.raw("DTEND;VALUE=DATE", &date_value(next_day));
    }
    ics.raw("SEQUENCE", &event.sequence.to_string())
        .text("SUMMARY", &event.summary)
        .text("DESCRIPTION", &event.description)
        .raw("TRANSP", "TRANSPARENT")
        .raw("END", "VEVENT");
    ics.finish()
}

/// The end of [`calendar_ics`].
pub fn calendar_ics_end() -> String {
    let mut ics = IcsWriter::new();
    ics.raw("END", "VCALENDAR");
    ics.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Rag, Target, Timeline};

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn revision(update_id: i64, milestone_id: i64, on: &str, to: &str) -> Update {
        Update {
            update_id,
            milestone_id,
            on: date(on),
            recorded_at: String::new(),
            by: None,
            rag: None,
            status: None,
            comment: None,
            timeline: Some(Timeline::parse(to).unwrap()),
            reason: Some("moved".into()),
            ..Default::default()
        }
    }

    #[test]
    fn open_milestones_with_a_date_become_events_and_the_rest_are_counted() {
        let milestones = [
            Milestone::sample(1, "Sep 19"),
            Milestone {
                status: Status::Complete,
                ..Milestone::sample(2, "Sep 19")
            },
            Milestone {
                status: Status::Closed,
                ..Milestone::sample(3, "Sep 19")
            },
            Milestone {
                timeline: Target::parse("TBC").unwrap(),
                ..Milestone::sample(4, "Sep 19")
            },
            Milestone::sample(5, "Q1 2020/21"),
        ];
        let calendar = calendar_events(&milestones, &[]);
        let days: Vec<(i64, NaiveDate)> = calendar.events.iter().map(|e| (e.id, e.due)).collect();
        assert_eq!(days, [(1, date("2019-09-30")), (5, date("2020-06-30"))]);
        assert_eq!(
            (calendar.complete, calendar.closed, calendar.no_due_date),
            (1, 1, 1)
        );
        assert_eq!(
            calendar.summary(),
            "2 events; left out 1 complete, 1 closed and 1 with no due date"
        );
        assert_eq!(CalendarEvents::default().summary(), "0 events");
    }

    #[test]
    fn the_sequence_counts_moves_of_the_due_date_only() {
        let milestones = [Milestone {
            imported_timeline: Target::parse("Jan 20").unwrap(),
            ..Milestone::sample(1, "Mar 20")
        }];
        let updates = [
            revision(1, 1, "2020-01-10", "Feb 20"),
            revision(2, 1, "2020-01-20", "29/02/2020"),
            revision(3, 1, "2020-02-10", "Mar 20"),
        ];
        let calendar = calendar_events(&milestones, &updates);
        assert_eq!(calendar.events[0].sequence, 2);
        assert_eq!(calendar_events(&milestones, &[]).events[0].sequence, 0);
    }

    #[test]
    fn uids_name_the_milestone_and_a_slug_of_the_plan() {
        let milestone = |plan: &str| Milestone {
            plan: plan.into(),
            ..Milestone::sample(12, "Sep 19")
        };
        assert_eq!(
            uid(&milestone("Integration review 2019")),
            "milestone-12-integration-review-2019@actionplan"
        );
        assert_eq!(
            uid(&milestone("  Plan: A/B  ")),
            "milestone-12-plan-a-b@actionplan"
        );
        assert_eq!(uid(&milestone("Écosse")), "milestone-12-cosse@actionplan");
        assert_eq!(uid(&milestone("–")), "milestone-12-plan@actionplan");
    }

    #[test]
    fn the_title_is_one_line_and_the_body_says_where_it_stands() {
        let milestone = Milestone {
            detail: "Group in place\n\nTU group set up ".into(),
            leads: vec!["Ann Lead".into(), "Bob Co".into()],
            rag: Rag::Red,
            comment: "Late; see note".into(),
            last_update_on: Some(date("2020-02-01")),
            ..Milestone::sample(7, "Sep 19")
        };
        let event = &calendar_events(&[milestone], &[]).events[0];
        assert_eq!(event.summary, "Group in place; TU group set up");
        assert_eq!(
            event.description,
            "Theme: t\nAction: a\nLeads: Ann Lead; Bob Co\nTimeline: Sep 19 (in progress)\nRAG: Red\n\
             Latest comment (updated 1 Feb 2020): Late; see note\nPlan: p; milestone ID 7"
        );
        let blank = Milestone {
            detail: " \n".into(),
            leads: Vec::new(),
            ..Milestone::sample(8, "Sep 19")
        };
        let event = &calendar_events(&[blank], &[]).events[0];
        assert_eq!(event.summary, "a");
        assert!(event.description.contains("Leads: none named\n"));
        assert!(event.description.contains("Latest comment: none\n"));
    }

    #[test]
    fn a_calendar_has_its_header_and_one_vevent_per_event() {
        let header = CalendarHeader {
            name: "NL".into(),
            stamp: date("2020-02-18").and_hms_opt(0, 0, 0).unwrap(),
        };
        let events = calendar_events(&[Milestone::sample(1, "Sep 19")], &[]).events;
        let ics = calendar_ics(&header, &events);
        let expected = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//actionplan//actionplan calendar//EN\r\n\
            CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nX-WR-CALNAME:NL\r\n\
            BEGIN:VEVENT\r\nUID:milestone-1-p@actionplan\r\nDTSTAMP:20200218T000000Z\r\n\
            DTSTART;VALUE=DATE:20190930\r\nDTEND;VALUE=DATE:20191001\r\nSEQUENCE:0\r\nSUMMARY:m1\r\n\
            DESCRIPTION:Theme: t\\nAction: a\\nLeads: Ann Lead\\nTimeline: Sep 19 (in prog\r\n \
            ress)\\nRAG: Amber\\nLatest comment: none\\nPlan: p\\; milestone ID 1\r\n\
            TRANSP:TRANSPARENT\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        assert_eq!(ics, expected);
    }
}

//! The weekly report per lead: what is overdue, newly overdue, due soon and stale.
//!
//! No milestone is listed twice for one lead: a milestone that became overdue
//! in the last seven days is listed under "newly overdue" only, and "overdue"
//! holds the ones that have been late for longer. A milestone is stale when it
//! is open and has had no update for the stale period (or never). An overdue,
//! newly overdue or due-soon item says whether it is stale (`OverdueItem::stale`,
//! `DueSoonItem::stale`), and the "stale" section holds only the stale
//! milestones that are in none of the other three sections (due after the
//! due-soon window).

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, HashSet};

use chrono::{Days, NaiveDate};
use serde::Serialize;

use crate::model::Milestone;
use crate::model::{Rag, Status, Target};

/// A milestone that fell due this many days before the as-of date (or fewer) is "newly overdue".
pub const NEWLY_OVERDUE_DAYS: u64 = 7;

/// The lead a milestone with no named lead is reported under.
pub const NO_LEAD: &str = "(no lead)";

/// The longest file stem `lead_file_stems` makes, before any "-2" suffix.
const MAX_FILE_STEM_CHARS: usize = 100;

/// Names Windows reserves for devices, whatever the extension.
const RESERVED_FILE_STEMS: [&str; 22] = [
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// The windows the weekly report looks through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct WeeklyOptions {
    /// An open milestone with no update for this many weeks (or never) is stale.
    pub stale_weeks: u32,
    /// An open milestone due within this many days of the as-of date (inclusive) is due soon.
    pub due_soon_days: u32,
}

impl Default for WeeklyOptions {
    fn default() -> Self {
        WeeklyOptions {
            stale_weeks: 8,
            due_soon_days: 14,
        }
    }
}

/// The facts about a milestone that every section shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeeklyMilestone {
    /// Stable id.
    pub id: i64,
    /// Plan name.
    pub plan: String,
    /// Milestone detail.
    pub milestone: String,
    /// Current timeline as displayed ("Jan 20").
    pub timeline: Target,
    /// Due date; None when there is no target date.
    pub due: Option<NaiveDate>,
    /// Status.
    pub status: Status,
    /// RAG.
    pub rag: Rag,
    /// Comment.
    pub comment: String,
}

impl From<&Milestone> for WeeklyMilestone {
    fn from(m: &Milestone) -> Self {
        WeeklyMilestone {
            id: m.id,
            plan: m.plan.clone(),
            milestone: m.detail.clone(),
            timeline: m.timeline,
            due: m.due(),
            status: m.status,
            rag: m.rag,
            comment: m.comment.clone(),
        }
    }
}

/// An overdue (or newly overdue) milestone and how late it is.
#[derive(Debug, Clone, PartialEq)]
pub struct OverdueItem {
    /// The milestone.
    pub milestone: WeeklyMilestone,
    /// Whole days from the due date to the as-of date (at least 1); the
    /// renderer words it ("overdue by 3 weeks").
    pub days_overdue: i64,
    /// Date of the latest update; `None` if never updated.
    pub last_update_on: Option<NaiveDate>,
    /// Whole weeks from the latest update to the as-of date; `None` if never updated.
    pub weeks_since_update: Option<i64>,
    /// True when it has had no update for the stale period, or never.
    pub stale: bool,
}

/// A milestone falling due soon.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DueSoonItem {
    /// The milestone.
    #[serde(flatten)]
    pub milestone: WeeklyMilestone,
    /// Whole days from the as-of date to the due date (0 when due that day).
    pub days_until_due: i64,
    /// Date of the latest update; `None` if never updated.
    pub last_update_on: Option<NaiveDate>,
    /// Whole weeks from the latest update to the as-of date; `None` if never updated.
    pub weeks_since_update: Option<i64>,
    /// True when it has had no update for the stale period, or never.
    pub stale: bool,
}

/// An open milestone, neither overdue nor due soon, that nobody has updated for a while.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StaleItem {
    /// The milestone.
    #[serde(flatten)]
    pub milestone: WeeklyMilestone,
    /// Date of the latest update; `None` if never updated.
    pub last_update_on: Option<NaiveDate>,
    /// Whole weeks from the latest update to the as-of date; `None` if never updated.
    pub weeks_since_update: Option<i64>,
}

/// One lead's part of the weekly report.
#[derive(Debug, Clone, PartialEq)]
pub struct LeadReport {
    /// The lead's name as stored.
    pub lead: String,
    /// Overdue for more than a week, most overdue first.
    pub overdue: Vec<OverdueItem>,
    /// Open and due from the as-of date to the end of the due-soon window, soonest first.
    pub due_soon: Vec<DueSoonItem>,
    /// Fell due in the seven days before the as-of date, most overdue first.
    pub newly_overdue: Vec<OverdueItem>,
    /// Open, not overdue, newly overdue or due soon (so due after the
    /// due-soon window), with no update for the stale period; never-updated
    /// first, then oldest update first.
    pub stale: Vec<StaleItem>,
}

impl LeadReport {
    /// An empty report for `lead`, to [`add`](LeadReport::add) items to.
    pub fn new(lead: &str) -> LeadReport {
        LeadReport {
            lead: lead.to_string(),
            overdue: Vec::new(),
            due_soon: Vec::new(),
            newly_overdue: Vec::new(),
            stale: Vec::new(),
        }
    }

    /// True when no section has anything in it.
    pub fn is_empty(&self) -> bool {
        self.overdue.is_empty()
            && self.due_soon.is_empty()
            && self.newly_overdue.is_empty()
            && self.stale.is_empty()
    }

    /// Adds a milestone's item to the end of its section; add them in plan
    /// order, then [`sort_sections`](LeadReport::sort_sections).
    pub fn add(&mut self, item: WeeklyItem) {
        match item {
            WeeklyItem::NewlyOverdue(item) => self.newly_overdue.push(item),
            WeeklyItem::Overdue(item) => self.overdue.push(item),
            WeeklyItem::DueSoon(item) => self.due_soon.push(item),
            WeeklyItem::Stale(item) => self.stale.push(item),
        }
    }

    /// Puts each section in its report order: most overdue first, soonest
    /// due first, never-updated then oldest update first. The sort is
    /// stable, so milestones that tie stay in the order they were added.
    pub fn sort_sections(&mut self) {
        self.overdue.sort_by_key(|item| Reverse(item.days_overdue));
        self.newly_overdue
            .sort_by_key(|item| Reverse(item.days_overdue));
        self.due_soon.sort_by_key(|item| item.days_until_due);
        self.stale.sort_by_key(|item| item.last_update_on);
    }

    /// Every item in the report, section by section, as [`WeeklyItem`]s.
    pub fn items(&self) -> Vec<WeeklyItem> {
        let newly = self
            .newly_overdue
            .iter()
            .cloned()
            .map(WeeklyItem::NewlyOverdue);
        let overdue = self.overdue.iter().cloned().map(WeeklyItem::Overdue);
        let due_soon = self.due_soon.iter().cloned().map(WeeklyItem::DueSoon);
        let stale = self.stale.iter().cloned().map(WeeklyItem::Stale);
        newly.chain(overdue).chain(due_soon).chain(stale).collect()
    }
}

/// Distinct milestones in each section across all leads, for the summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct WeeklySummary {
    /// Overdue milestones, newly overdue included.
    pub overdue: usize,
    /// Of those, the newly overdue.
    pub newly_overdue: usize,
    /// Due soon.
    pub due_soon: usize,
    /// Stale (no update for the stale period, or never), whatever the section.
    pub stale: usize,
    /// Leads with something to report.
    pub leads: usize,
}

impl WeeklySummary {
    /// Counts one milestone's item; count each milestone once, however
    /// many leads it has. A stale milestone counts as stale whichever
    /// section lists it.
    pub fn count(&mut self, item: &WeeklyItem) {
        match item {
            WeeklyItem::NewlyOverdue(_) => {
                self.overdue += 1;
                self.newly_overdue += 1;
            }
            WeeklyItem::Overdue(_) => self.overdue += 1,
            WeeklyItem::DueSoon(_) => self.due_soon += 1,
            WeeklyItem::Stale(_) => {}
        }
        if item.is_stale() {
            self.stale += 1;
        }
    }
}

/// The dates the weekly report judges a milestone by, worked out once from
/// the as-of date and the options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeeklyDates {
    /// The date the report is for.
    as_of: NaiveDate,
    /// A milestone due on or after this day (and before `as_of`) is newly overdue.
    newly_overdue_from: NaiveDate,
    /// A milestone due from `as_of` to this day (inclusive) is due soon.
    due_soon_until: NaiveDate,
    /// A milestone last touched before this day (or never) is stale.
    stale_before: NaiveDate,
}

impl WeeklyDates {
    /// The dates of a report as of `as_of` with `options`.
    pub fn new(as_of: NaiveDate, options: &WeeklyOptions) -> WeeklyDates {
        WeeklyDates {
            as_of,
            newly_overdue_from: as_of
                .checked_sub_days(Days::new(NEWLY_OVERDUE_DAYS))
                .unwrap_or(NaiveDate::MIN),
            due_soon_until: as_of
                .checked_add_days(Days::new(u64::from(options.due_soon_days)))
                .unwrap_or(NaiveDate::MAX),
            stale_before: as_of
                .checked_sub_days(Days::new(7 * u64::from(options.stale_weeks)))
                .unwrap_or(NaiveDate::MIN),
        }
    }
}

/// A milestone's entry in the weekly report: the one section it is listed
/// in (under each of its leads), with what that section shows.
#[derive(Debug, Clone, PartialEq)]
pub enum WeeklyItem {
    /// Fell due in the seven days before the as-of date.
    NewlyOverdue(OverdueItem),
    /// Overdue for longer.
    Overdue(OverdueItem),
    /// Due within the due-soon window.
    DueSoon(DueSoonItem),
    /// Due after the window, and stale.
    Stale(StaleItem),
}

impl WeeklyItem {
    /// The milestone's id.
    pub fn id(&self) -> i64 {
        match self {
            WeeklyItem::NewlyOverdue(item) | WeeklyItem::Overdue(item) => item.milestone.id,
            WeeklyItem::DueSoon(item) => item.milestone.id,
            WeeklyItem::Stale(item) => item.milestone.id,
        }
    }

    /// Whether the milestone is stale, whichever section lists it.
    pub fn is_stale(&self) -> bool {
        match self {
            WeeklyItem::NewlyOverdue(item) | WeeklyItem::Overdue(item) => item.stale,
            WeeklyItem::DueSoon(item) => item.stale,
            WeeklyItem::Stale(_) => true,
        }
    }
}

/// The rule of the weekly report: where milestone `m` is listed, or None
/// when it is in no section (not open, or due after the due-soon window and
/// updated within the stale period). Which section does not depend on the
/// lead: a milestone with several leads is listed in the same one under each.
pub fn weekly_item(m: &Milestone, dates: &WeeklyDates) -> Option<WeeklyItem> {
    if !m.status.is_open() {
        return None;
    }
    let as_of = dates.as_of;
    // A milestone with no target date is never overdue or due soon; it
    // can still be stale.
    let due = m.due().unwrap_or(NaiveDate::MAX);
    let is_stale = m
        .last_touched_on()
        .is_none_or(|last| last < dates.stale_before);
    let weeks_since_update = m.last_update_on.map(|last| (as_of - last).num_days() / 7);
    if due < as_of {
        let days = (as_of - due).num_days();
        let item = OverdueItem {
            milestone: WeeklyMilestone::from(m),
            days_overdue: days,
            last_update_on: m.last_update_on,
            weeks_since_update,
            stale: is_stale,
        };
        return Some(if due >= dates.newly_overdue_from {
            WeeklyItem::NewlyOverdue(item)
        } else {
            WeeklyItem::Overdue(item)
        });
    }
    if due <= dates.due_soon_until {
        return Some(WeeklyItem::DueSoon(DueSoonItem {
            milestone: WeeklyMilestone::from(m),
            days_until_due: (due - as_of).num_days(),
            last_update_on: m.last_update_on,
            weeks_since_update,
            stale: is_stale,
        }));
    }
    // An overdue or due-soon milestone carries its staleness itself, so
    // only a milestone in neither section is listed as stale.
    is_stale.then(|| {
        WeeklyItem::Stale(StaleItem {
            milestone: WeeklyMilestone::from(m),
            last_update_on: m.last_update_on,
            weeks_since_update,
        })
    })
}

/// The leads a milestone is reported under: its leads as stored, or
/// [`NO_LEAD`] when it has none.
pub fn reported_leads(m: &Milestone) -> impl Iterator<Item = &str> {
    let no_lead = m.leads.is_empty().then_some(NO_LEAD);
    m.leads.iter().map(String::as_str).chain(no_lead)
}

/// The key the report orders leads by: alphabetical ignoring case, then as
/// written (so names differing only in case are two leads, in a fixed order).
pub fn lead_order(lead: &str) -> (String, String) {
    (lead.to_lowercase(), lead.to_string())
}

/// The weekly report as of a date: one entry per lead with something to
/// report, leads in alphabetical order (ignoring case). A milestone with
/// several leads appears under each of them.
pub fn weekly(
    milestones: &[Milestone],
    as_of: NaiveDate,
    options: &WeeklyOptions,
) -> Vec<LeadReport> {
    let dates = WeeklyDates::new(as_of, options);
    let mut by_lead: BTreeMap<(String, String), LeadReport> = BTreeMap::new();
    for m in milestones {
        let Some(item) = weekly_item(m, &dates) else {
            continue;
        };
        for lead in reported_leads(m) {
            by_lead
                .entry(lead_order(lead))
                .or_insert_with(|| LeadReport::new(lead))
                .add(item.clone());
        }
    }
    let mut reports: Vec<LeadReport> = by_lead.into_values().collect();
    for report in &mut reports {
        report.sort_sections();
    }
    reports
}

/// Counts distinct milestones per section across the leads (a milestone with
/// three leads counts once); `stale` counts every stale milestone, whichever
/// section it is listed in.
pub fn summarise(reports: &[LeadReport]) -> WeeklySummary {
    let mut summary = WeeklySummary {
        leads: reports.len(),
        ..WeeklySummary::default()
    };
    let mut counted = HashSet::new();
    for report in reports {
        for item in report.items() {
            if counted.insert(item.id()) {
                summary.count(&item);
            }
        }
    }
    summary
}

/// A file name stem for each lead, in the order given, safe on any system:
/// only ASCII letters, digits, '-' and '_' (spaces become '-', everything
/// else is dropped), never empty ("lead-N" for the Nth lead, counting from 1),
/// never a Windows device name, at most 100 characters, and distinct even on
/// a case-insensitive file system (later clashes get "-2", "-3", ...).
pub fn lead_file_stems<S: AsRef<str>>(leads: &[S]) -> Vec<String> {
    let mut used: BTreeSet<String> = BTreeSet::new();
    let mut stems = Vec::with_capacity(leads.len());
    for (index, lead) in leads.iter().enumerate() {
        let base = safe_file_stem(lead.as_ref(), index + 1);
        let mut candidate = base.clone();
        let mut suffix = 2;
        while used.contains(&candidate.to_lowercase()) {
            candidate = format!("{base}-{suffix}");
            suffix += 1;
        }
        used.insert(candidate.to_lowercase());
        stems.push(candidate);
    }
    stems
}

/// One lead's file name stem, before clashes with other leads are resolved.
fn safe_file_stem(lead: &str, position: usize) -> String {
    let mut stem: String = lead
        .trim()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_ascii_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .take(MAX_FILE_STEM_CHARS)
        .collect();
    if stem.is_empty() {
        stem = format!("lead-{position}");
    }
    if RESERVED_FILE_STEMS.contains(&stem.to_lowercase().as_str()) {
        stem.push('_');
    }
    stem
}

#[cfg(test)]
mod tests {
    use super::*;

    fn milestone(id: i64, timeline: &str, leads: &[&str]) -> Milestone {
        Milestone {
            leads: leads.iter().map(|l| l.to_string()).collect(),
            comment: "c".into(),
            ..Milestone::sample(id, timeline)
        }
    }

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn ids<T>(items: &[T], id: impl Fn(&T) -> i64) -> Vec<i64> {
        items.iter().map(id).collect()
    }

    #[test]
    fn newly_overdue_is_the_seven_days_before_as_of_and_not_repeated_under_overdue() {
        let plan = [
            milestone(1, "31/01/2020", &["Ann"]),
            milestone(2, "27/01/2020", &["Ann"]),
            milestone(3, "26/01/2020", &["Ann"]),
            milestone(4, "03/02/2020", &["Ann"]),
        ];
        let reports = weekly(&plan, date("2020-02-03"), &WeeklyOptions::default());
        assert_eq!(reports.len(), 1);
        let ann = &reports[0];
        assert_eq!(ids(&ann.newly_overdue, |i| i.milestone.id), vec![2, 1]);
        assert_eq!(ids(&ann.overdue, |i| i.milestone.id), vec![3]);
        assert_eq!(ann.overdue[0].days_overdue, 8);
        assert_eq!(ids(&ann.due_soon, |i| i.milestone.id), vec![4]);
        assert_eq!(ann.due_soon[0].days_until_due, 0);
        assert!(ann.due_soon[0].stale);
        // All four were never updated, and each says so in its own section.
        assert!(ann.stale.is_empty());
        assert_eq!(
            summarise(&reports),
            WeeklySummary {
                overdue: 3,
                newly_overdue: 2,
                due_soon: 1,
                stale: 4,
                leads: 1
            }
        );
    }

    #[test]
    fn an_overdue_stale_milestone_says_so_and_is_not_listed_again_under_stale() {
        let mut updated_long_ago = milestone(1, "Nov 19", &["Ann", "Bob"]);
        updated_long_ago.last_update_on = Some(date("2019-12-03"));
        let mut updated_recently = milestone(2, "Dec 19", &["Ann"]);
        updated_recently.last_update_on = Some(date("2020-02-20"));
        let never_updated_newly_overdue = milestone(3, "29/02/2020", &["Ann"]);
        let never_updated_not_due = milestone(4, "Dec 20", &["Ann"]);
        let plan = [
            updated_long_ago,
            updated_recently,
            never_updated_newly_overdue,
            never_updated_not_due,
        ];
        // 8 weeks before 3 Mar 2020 is 7 Jan 2020.
        let reports = weekly(&plan, date("2020-03-03"), &WeeklyOptions::default());
        let ann = &reports[0];
        assert_eq!(ids(&ann.overdue, |i| i.milestone.id), vec![1, 2]);
        assert!(ann.overdue[0].stale);
        assert_eq!(ann.overdue[0].last_update_on, Some(date("2019-12-03")));
        // 3 Dec 2019 to 3 Mar 2020 is 91 days.
        assert_eq!(ann.overdue[0].weeks_since_update, Some(13));
        assert!(!ann.overdue[1].stale);
        assert_eq!(ann.overdue[1].weeks_since_update, Some(1));
        assert_eq!(ids(&ann.newly_overdue, |i| i.milestone.id), vec![3]);
        assert!(ann.newly_overdue[0].stale);
        assert_eq!(ann.newly_overdue[0].last_update_on, None);
        assert_eq!(ann.newly_overdue[0].weeks_since_update, None);
        assert_eq!(ids(&ann.stale, |i| i.milestone.id), vec![4]);
        let bob = &reports[1];
        assert_eq!(ids(&bob.overdue, |i| i.milestone.id), vec![1]);
        assert!(bob.stale.is_empty());
        let summary = summarise(&reports);
        assert_eq!((summary.overdue, summary.newly_overdue), (3, 1));
        // 1, 3 and 4: every stale milestone once, overdue or not.
        assert_eq!(summary.stale, 3);
    }

    #[test]
    fn a_due_soon_stale_milestone_says_so_and_is_not_listed_again_under_stale() {
        let mut updated_long_ago = milestone(1, "10/03/2020", &["Ann"]);
        updated_long_ago.last_update_on = Some(date("2019-12-03"));
        let mut updated_recently = milestone(2, "17/03/2020", &["Ann"]);
        updated_recently.last_update_on = Some(date("2020-02-20"));
        let never_updated_due_soon = milestone(3, "03/03/2020", &["Ann"]);
        let never_updated_due_later = milestone(4, "18/03/2020", &["Ann"]);
        let plan = [
            updated_long_ago,
            updated_recently,
            never_updated_due_soon,
            never_updated_due_later,
        ];
        // 8 weeks before 3 Mar 2020 is 7 Jan 2020; the window ends on 17 Mar.
        let reports = weekly(&plan, date("2020-03-03"), &WeeklyOptions::default());
        let ann = &reports[0];
        assert_eq!(ids(&ann.due_soon, |i| i.milestone.id), vec![3, 1, 2]);
        let [due_today, long_ago, recently] =
            [&ann.due_soon[0], &ann.due_soon[1], &ann.due_soon[2]];
        assert!(due_today.stale);
        assert_eq!(due_today.last_update_on, None);
        assert_eq!(due_today.weeks_since_update, None);
        assert!(long_ago.stale);
        assert_eq!(long_ago.last_update_on, Some(date("2019-12-03")));
        assert_eq!(long_ago.weeks_since_update, Some(13));
        assert!(!recently.stale);
        assert_eq!(recently.weeks_since_update, Some(1));
        assert_eq!(ids(&ann.stale, |i| i.milestone.id), vec![4]);
        let summary = summarise(&reports);
        assert_eq!(summary.due_soon, 3);
        // 1, 3 and 4: every stale milestone once, due soon or not.
        assert_eq!(summary.stale, 3);
    }

    #[test]
    fn due_soon_window_includes_its_last_day_only() {
        let plan = [
            milestone(1, "17/03/2020", &["Ann"]),
            milestone(2, "18/03/2020", &["Ann"]),
        ];
        let reports = weekly(&plan, date("2020-03-03"), &WeeklyOptions::default());
        assert_eq!(ids(&reports[0].due_soon, |i| i.milestone.id), vec![1]);
        assert_eq!(reports[0].due_soon[0].days_until_due, 14);
    }

    #[test]
    fn stale_means_open_and_no_update_since_the_cut_off_or_never() {
        let mut updated_recently = milestone(1, "Dec 20", &["Ann"]);
        updated_recently.last_update_on = Some(date("2020-01-01"));
        let mut updated_long_ago = milestone(2, "Dec 20", &["Ann"]);
        updated_long_ago.last_update_on = Some(date("2019-12-31"));
        let never_updated = milestone(3, "Dec 20", &["Ann"]);
        let mut complete = milestone(4, "Dec 20", &["Ann"]);
        complete.status = Status::Complete;
        let plan = [updated_recently, updated_long_ago, never_updated, complete];
        // 8 weeks before 26 Feb 2020 is 1 Jan 2020.
        let reports = weekly(&plan, date("2020-02-26"), &WeeklyOptions::default());
        let stale = &reports[0].stale;
        assert_eq!(ids(stale, |i| i.milestone.id), vec![3, 2]);
        assert_eq!(stale[0].weeks_since_update, None);
        assert_eq!(stale[1].weeks_since_update, Some(8));
    }

    #[test]
    fn each_lead_gets_the_milestone_and_leads_are_alphabetical_ignoring_case() {
        let mut not_due_and_updated = milestone(2, "Dec 25", &["Carl"]);
        not_due_and_updated.last_update_on = Some(date("2020-02-20"));
        let plan = [
            milestone(1, "Jan 20", &["zoe", "Bob", "alice"]),
            not_due_and_updated,
        ];
        let reports = weekly(&plan, date("2020-03-01"), &WeeklyOptions::default());
        let leads: Vec<&str> = reports.iter().map(|r| r.lead.as_str()).collect();
        assert_eq!(leads, vec!["alice", "Bob", "zoe"]);
        assert!(reports.iter().all(|r| r.overdue[0].milestone.id == 1));
        assert_eq!(summarise(&reports).overdue, 1);
    }

    #[test]
    fn a_milestone_without_a_lead_is_reported_under_no_lead() {
        let reports = weekly(
            &[milestone(1, "Jan 20", &[])],
            date("2020-03-01"),
            &WeeklyOptions::default(),
        );
        assert_eq!(reports[0].lead, NO_LEAD);
    }

    #[test]
    fn file_stems_keep_safe_characters_and_turn_spaces_into_dashes() {
        assert_eq!(
            lead_file_stems(&["Ross McGuffie", "Anne-Marie O'Neil_2"]),
            vec!["Ross-McGuffie", "Anne-Marie-ONeil_2"]
        );
    }

    #[test]
    fn file_stems_never_escape_the_directory_or_come_out_empty() {
        let stems = lead_file_stems(&["../../etc/passwd", "..", ".", "", "Zoë ✓", "C:\\x"]);
        assert_eq!(
            stems,
            vec!["etcpasswd", "lead-2", "lead-3", "lead-4", "Zo-", "Cx"]
        );
        for stem in stems {
            assert!(
                stem.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            );
        }
    }

    #[test]
    fn clashing_file_stems_get_numbered_even_across_case() {
        assert_eq!(
            lead_file_stems(&[
                "Ann Lee",
                "Ann  Lee",
                "ann lee",
                "Ann/Lee",
                "Ann Lee 2",
                "A-B"
            ]),
            vec![
                "Ann-Lee",
                "Ann--Lee",
                "ann-lee-2",
                "AnnLee",
                "Ann-Lee-2-2",
                "A-B"
            ]
        );
    }

    #[test]
    fn device_names_and_long_names_are_made_safe() {
        let long = "x".repeat(300);
        let stems = lead_file_stems(&["Con", "nul", long.as_str()]);
        assert_eq!(stems[0], "Con_");
        assert_eq!(stems[1], "nul_");
        assert_eq!(stems[2].len(), 100);
    }
}

//! The generated plan and its history: a deterministic committee appendix of
//! any size, and the updates that stand in for years of use. The same seed
//! gives the same plan and the same updates on every run.
//!
//! Self-contained (it names nothing else of this example), so that
//! `benches/hot_paths.rs` includes this very file for its 10,000-milestone
//! plan instead of a copy.

use std::io::Write;

use chrono::{Datelike, Duration as Days, NaiveDate};

use actionplan::model::NewUpdate;
use actionplan::model::{Rag, Status, Timeline};

/// Every fallible step here (the same type as the example's `BenchResult`).
pub type GenerateResult<T> = Result<T, Box<dyn std::error::Error>>;

/// A small deterministic random number generator (xorshift64*), so every run
/// generates the same plan and the same updates.
pub struct Rng(pub u64);

impl Rng {
    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True `chance` times in 100.
    pub fn percent(&mut self, chance: usize) -> bool {
        self.below(100) < chance
    }

    /// One of `words`.
    pub fn pick<'a>(&mut self, words: &[&'a str]) -> &'a str {
        words[self.below(words.len())]
    }
}

/// The plan's themes ("Report Recommendation"), as a council writes them.
pub const THEMES: [&str; 20] = [
    "Leadership",
    "Operational Structure",
    "Finance",
    "Strategic Planning",
    "Governance",
    "Information sharing",
    "Workforce",
    "Primary care",
    "Mental health",
    "Unscheduled care",
    "Carers",
    "Housing and adaptations",
    "Community capacity",
    "Digital and technology",
    "Commissioning",
    "Quality assurance",
    "Performance reporting",
    "Locality planning",
    "Participation and engagement",
    "Children's services interface",
];

/// First words of actions and milestones.
const VERBS: [&str; 12] = [
    "Review",
    "Develop",
    "Agree",
    "Implement",
    "Roll out",
    "Update",
    "Establish",
    "Embed",
    "Evaluate",
    "Redesign",
    "Publish",
    "Strengthen",
];

/// What an action or milestone is about.
const OBJECTS: [&str; 16] = [
    "the locality and area wide operational structures",
    "the joint workforce plan",
    "the terms of reference for the clinical governance group",
    "the data sharing agreement between the partners",
    "the carers support pathway",
    "the medium term financial plan",
    "the participation and engagement strategy",
    "the delayed discharge improvement programme",
    "the OD programme for integrated managers",
    "the set aside budget arrangements",
    "the Tier 3 manager posts",
    "the use of directions through the Strategic Commissioning Plan",
    "the performance dashboards for home support and care homes",
    "the joint HR and workforce planning forum",
    "the locality profiles",
    "the Annual Performance Report",
];

/// Optional endings of actions and milestones.
const PURPOSES: [&str; 10] = [
    "so that responsibilities are clear to all staff",
    "in line with the revised national guidance",
    "to support the Strategic Commissioning Plan 2020-23",
    "across health and social care teams",
    "with the three partner organisations",
    "ahead of the next IJB meeting",
    "taking account of learning from other partnership areas",
    "with service users, carers and communities",
    "within the agreed financial envelope",
    "through the Senior Leadership Team",
];

/// How an open milestone's comment starts.
pub const OPEN_OPENINGS: [&str; 5] = [
    "Ongoing.",
    "In progress.",
    "Delayed.",
    "On track.",
    "Ongoing development.",
];

/// Sentences that make up comments and reasons.
pub const REMARKS: [&str; 10] = [
    "Workshop session held and follow up session planned.",
    "Target date extended while HR processes are completed.",
    "Discussed through Chief Officer and Chief Finance Officer groups.",
    "Draft circulated to the Senior Leadership Team for comment.",
    "Consultation closes at the end of the month.",
    "Recruitment under way; post going back out to advert.",
    "Awaiting the revised national guidance before finalising.",
    "Staff briefing sessions have been held in each locality.",
    "Presented to the IJB Performance, Finance and Audit Committee.",
    "Further work needed with both partner organisations.",
];

/// Leads' first names (with `SURNAMES`, a pool of 300 people).
const FIRST_NAMES: [&str; 20] = [
    "Ross", "Morag", "Marie", "Sharon", "Fiona", "John", "Alison", "Margaret", "Maggs", "Graeme",
    "Anne", "David", "Karen", "Iain", "Lorraine", "Stephen", "Elaine", "Gordon", "Pauline",
    "Andrew",
];

/// Leads' surnames.
const SURNAMES: [&str; 15] = [
    "McGuffie",
    "Dendy",
    "Moy",
    "Simpson",
    "Whittaker",
    "White",
    "Gordon",
    "French",
    "Thomson",
    "Cowan",
    "Armstrong",
    "Campbell",
    "Fraser",
    "Robertson",
    "Muir",
];

/// Month names as timelines write them ("Sep 19").
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Milestones per improvement action in the generated plan.
const MILESTONES_PER_ACTION: usize = 10;

/// One generated milestone.
pub struct PlanRow {
    /// Index into `THEMES`.
    pub theme: usize,
    /// The improvement action it belongs to.
    pub action: String,
    /// True on the action's first milestone (the action cell is filled).
    pub first_of_action: bool,
    /// The milestone text.
    pub detail: String,
    /// Its leads, in order.
    pub leads: Vec<String>,
    /// The timeline's year.
    pub year: i32,
    /// The timeline's month (1-12).
    pub month: u32,
    /// Whether it is complete.
    pub complete: bool,
    /// "R", "A" or "G".
    pub rag: &'static str,
    /// The comment cell.
    pub comment: String,
}

impl PlanRow {
    /// The timeline cell, e.g. "Sep 19".
    pub fn timeline_text(&self) -> String {
        format!(
            "{} {:02}",
            MONTHS[self.month as usize - 1],
            self.year - 2000
        )
    }

    /// The last day of the timeline's month.
    pub fn due(&self) -> GenerateResult<NaiveDate> {
        Ok(Timeline::month(self.year, self.month)
            .ok_or("generated a bad month")?
            .due())
    }
}

/// The pool of ~300 people who lead milestones.
pub fn people() -> Vec<String> {
    FIRST_NAMES
        .iter()
        .flat_map(|first| SURNAMES.iter().map(move |last| format!("{first} {last}")))
        .collect()
}

/// A plan of `milestones` rows: 20 themes, each of `milestones / 200` actions
/// of 10 milestones, with timelines spread over 2019-2022.
pub fn generate_plan(milestones: usize, seed: u64) -> Vec<PlanRow> {
    let mut rng = Rng(seed);
    let people = people();
    let actions_per_theme = milestones / (THEMES.len() * MILESTONES_PER_ACTION);
    let mut rows = Vec::with_capacity(milestones);
    for theme in 0..THEMES.len() {
        for _ in 0..actions_per_theme {
            let action = format!(
                "{} {} {}",
                rng.pick(&VERBS),
                rng.pick(&OBJECTS),
                rng.pick(&PURPOSES)
            );
            for position in 0..MILESTONES_PER_ACTION {
                let lead_count = match rng.below(10) {
                    0..=5 => 1,
                    6..=8 => 2,
                    _ => 3,
                };
                let mut leads: Vec<String> = Vec::new();
                while leads.len() < lead_count {
                    let person = &people[rng.below(people.len())];
                    if !leads.contains(person) {
                        leads.push(person.clone());
                    }
                }
                let month_index = rng.below(48);
                let complete = rng.percent(30);
                let rag = if complete {
                    if rng.percent(95) { "G" } else { "A" }
                } else {
                    match rng.below(10) {
                        0..=1 => "R",
                        2..=5 => "A",
                        _ => "G",
                    }
                };
                let opening = if complete {
                    "Complete."
                } else {
                    rng.pick(&OPEN_OPENINGS)
                };
                let mut comment = opening.to_string();
                for _ in 0..=rng.below(3) {
                    comment.push(' ');
                    comment.push_str(rng.pick(&REMARKS));
                }
                let mut detail = format!("{} {}", rng.pick(&VERBS), rng.pick(&OBJECTS));
                if rng.percent(50) {
                    detail.push(' ');
                    detail.push_str(rng.pick(&PURPOSES));
                }
                // Milestones of one action must differ: number the stages.
                detail.push_str(&format!(" (stage {})", position + 1));
                rows.push(PlanRow {
                    theme,
                    action: action.clone(),
                    first_of_action: position == 0,
                    detail,
                    leads,
                    year: 2019 + (month_index / 12) as i32,
                    month: (month_index % 12) as u32 + 1,
                    complete,
                    rag,
                    comment,
                });
            }
        }
    }
    rows
}

/// Writes the plan as a committee appendix CSV table, theme and action cells
/// left blank on continuation rows as councils write them, leads one per line.
pub fn write_appendix_csv(rows: &[PlanRow], out: impl Write) -> GenerateResult<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record([
        "Report Recommendation",
        "Improvement Action",
        "Milestone detail",
        "Lead",
        "Timeline",
        "Comment/RAG",
        "RAG",
    ])?;
    let mut previous_theme = None;
    for row in rows {
        let theme = if previous_theme == Some(row.theme) {
            ""
        } else {
            THEMES[row.theme]
        };
        previous_theme = Some(row.theme);
        let action = if row.first_of_action {
            row.action.as_str()
        } else {
            ""
        };
        writer.write_record([
            theme,
            action,
            &row.detail,
            &row.leads.join("\n"),
            &row.timeline_text(),
            &row.comment,
            row.rag,
        ])?;
    }
    writer.flush()?;
    Ok(())
}

/// `count` updates spread over the plan's `milestones` and dated over
/// 2019-2022 (70% change the RAG, 90% the comment, 10% the status, 4% move
/// the timeline with a reason), for the library's bulk loader,
/// `Store::load_history`.
pub fn updates(milestones: usize, count: usize) -> impl Iterator<Item = NewUpdate> {
    let mut rng = Rng(1_000_003);
    let people = people();
    let first_day = NaiveDate::from_ymd_opt(2019, 1, 1).expect("a valid date");
    (0..count).map(move |_| {
        let on = first_day + Days::days(rng.below(4 * 365 + 1) as i64);
        let mut update = NewUpdate {
            milestone_id: rng.below(milestones) as i64 + 1,
            on,
            by: Some(people[rng.below(people.len())].clone()),
            ..NewUpdate::default()
        };
        if rng.percent(70) {
            update.rag = Some([Rag::Red, Rag::Amber, Rag::Green][rng.below(3)]);
        }
        if rng.percent(10) {
            update.status = Some(if rng.percent(40) {
                Status::Complete
            } else {
                Status::InProgress
            });
        }
        if rng.percent(4) {
            let months_later = rng.below(6) as u32 + 1;
            let month0 = on.month0() + months_later;
            update.timeline = Timeline::month(on.year() + (month0 / 12) as i32, month0 % 12 + 1);
            update.reason = Some(rng.pick(&REMARKS).to_string());
        }
        let nothing_else =
            update.rag.is_none() && update.status.is_none() && update.timeline.is_none();
        if rng.percent(90) || nothing_else {
            update.comment = Some(format!(
                "{} {}",
                rng.pick(&OPEN_OPENINGS),
                rng.pick(&REMARKS)
            ));
        }
        update
    })
}

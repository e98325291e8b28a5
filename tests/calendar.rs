//! `actionplan calendar`: the open milestones as an iCalendar (RFC 5545)
//! file, read back with the `icalendar` crate's parser.

use std::fs;

use chrono::NaiveDate;
use icalendar::{Calendar, Component, DatePerhapsTime, Event};

mod common;

use common::Workdir;

/// The seed plan's calendar as it stood at the February 2020 committee.
fn seed_calendar(work: &Workdir, extra: &[&str]) -> String {
    let mut args = vec!["calendar", "--plan", "NL", "--as-of", "2020-02-18"];
    args.extend_from_slice(extra);
    work.ok(&args)
}

/// The calendar parsed by the `icalendar` crate, which must accept it.
fn parse(ics: &str) -> Calendar {
    ics.parse::<Calendar>()
        .unwrap_or_else(|error| panic!("the icalendar crate refused the file: {error}\n{ics}"))
}

/// The parsed events, in file order.
fn events(ics: &str) -> Vec<Event> {
    parse(ics).events().cloned().collect()
}

/// The event whose UID is the seed plan's milestone `id`.
fn event(ics: &str, id: i64) -> Event {
    let uid = format!("milestone-{id}-nl@actionplan");
    events(ics)
        .into_iter()
        .find(|event| event.get_uid() == Some(uid.as_str()))
        .unwrap_or_else(|| panic!("no event {uid}"))
}

/// The day an event starts on (an all-day event).
fn start_day(event: &Event) -> NaiveDate {
    match event.get_start() {
        Some(DatePerhapsTime::Date(day)) => day,
        other => panic!("not an all-day start: {other:?}"),
    }
}

/// One whole VEVENT of the file, as written (folded), found by its UID.
fn vevent_text(ics: &str, id: i64) -> &str {
    let uid = format!("UID:milestone-{id}-nl@actionplan\r\n");
    let at = ics.find(&uid).expect("the event is in the file");
    let begin = ics[..at].rfind("BEGIN:VEVENT\r\n").unwrap();
    let end = at + ics[at..].find("END:VEVENT\r\n").unwrap() + "END:VEVENT\r\n".len();
    &ics[begin..end]
}

/// The strict rules of RFC 5545 section 3.1 the parser does not check:
/// every line ends with CRLF (no bare CR or LF anywhere), no line is longer
/// than 75 octets, each line is whole UTF-8 (no character split by a fold),
/// a continuation line starts with one space, every other line is
/// NAME[;PARAM=VALUE]:VALUE with an upper-case name, and BEGIN and END pair up.
fn assert_well_formed(ics: &str) {
    let bytes = ics.as_bytes();
    assert!(ics.ends_with("\r\n"), "the file ends with CRLF");
    for (index, byte) in bytes.iter().enumerate() {
        match byte {
            b'\r' => assert_eq!(bytes.get(index + 1), Some(&b'\n'), "bare CR at {index}"),
            b'\n' => assert_eq!(bytes[index - 1], b'\r', "bare LF at {index}"),
            _ => {}
        }
    }
    let mut open: Vec<&str> = Vec::new();
    for line in bytes[..bytes.len() - 2].split(|b| *b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        assert!(
            line.len() <= 75,
            "{} octets: {:?}",
            line.len(),
            String::from_utf8_lossy(line)
        );
        let line = std::str::from_utf8(line)
            .unwrap_or_else(|_| panic!("a fold split a character: {line:?}"));
        if let Some(rest) = line.strip_prefix(' ') {
            assert!(!rest.is_empty(), "an empty continuation line");
            continue;
        }
        let (name, _) = line
            .split_once(':')
            .unwrap_or_else(|| panic!("no colon: {line:?}"));
        let property = name.split(';').next().unwrap();
        assert!(
            !property.is_empty()
                && property
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-'),
            "bad property name: {line:?}"
        );
        if let Some(component) = line.strip_prefix("BEGIN:") {
            open.push(component);
        } else if let Some(component) = line.strip_prefix("END:") {
            assert_eq!(open.pop(), Some(component), "END without its BEGIN");
        }
    }
    assert!(open.is_empty(), "unclosed {open:?}");
}

#[test]
fn the_seed_plan_gives_an_event_for_each_of_its_25_open_milestones() {
    let work = Workdir::with_seed_plan();
    let output = work.run(&["calendar", "--plan", "NL", "--as-of", "2020-02-18"]);
    assert_eq!(output.status.code(), Some(0));
    let ics = String::from_utf8(output.stdout).unwrap();
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        "wrote 25 events; left out 13 complete\n"
    );
    assert_well_formed(&ics);
    let calendar = parse(&ics);
    assert_eq!(calendar.get_name(), Some("NL"));
    let events = events(&ics);
    assert_eq!(events.len(), 25);
    assert_eq!(ics.matches("BEGIN:VEVENT\r\n").count(), 25);
    // Plan order; each on its due date, one day long, stamped with the as-of day.
    assert_eq!(events[0].get_uid(), Some("milestone-4-nl@actionplan"));
    assert_eq!(events[0].get_summary(), Some("Agree meeting structures"));
    assert_eq!(
        start_day(&events[0]),
        NaiveDate::from_ymd_opt(2019, 9, 30).unwrap()
    );
    assert_eq!(
        events[0].get_end(),
        Some(DatePerhapsTime::Date(
            NaiveDate::from_ymd_opt(2019, 10, 1).unwrap()
        ))
    );
    assert_eq!(
        events[0].get_timestamp().unwrap().to_rfc3339(),
        "2020-02-18T00:00:00+00:00"
    );
    for header in [
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//actionplan//actionplan calendar//EN\r\n",
        "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nX-WR-CALNAME:NL\r\nBEGIN:VEVENT\r\n",
    ] {
        assert!(ics.contains(header), "{header:?}");
    }
    // A milestone of two lines is titled on one, its text read back unescaped.
    assert_eq!(
        event(&ics, 24).get_summary(),
        Some(
            "All partnership strategic groups are reviewed; Clarity and consistency in decision \
             making is achieved; Engagement of staff, service users, carers and communities is as \
             joined up as possible to ensure local empowerment"
        )
    );
}

/// The golden event: milestone 15, whose comment holds an en dash and commas.
#[test]
fn one_event_is_written_exactly_so() {
    let work = Workdir::with_seed_plan();
    let ics = seed_calendar(&work, &[]);
    let expected = "BEGIN:VEVENT\r
UID:milestone-15-nl@actionplan\r
DTSTAMP:20200218T000000Z\r
DTSTART;VALUE=DATE:20200331\r
DTEND;VALUE=DATE:20200401\r
SEQUENCE:0\r
SUMMARY:Develop the use of directions through the SCP for 2020-23\r
DESCRIPTION:Theme: Finance\\nAction: Continue to develop the financial monit\r
 oring of the IJB to support the implementation of the SCP and directions\\n\r
 Leads: Morag Dendy\\nTimeline: Mar 20 (in progress)\\nRAG: Green\\nLatest com\r
 ment: In progress – this will form a section within the new SCP\\, with I\r
 JB paper template also updated to identify the directions required from ea\r
 ch paper.\\nPlan: NL\\; milestone ID 15\r
TRANSP:TRANSPARENT\r
END:VEVENT\r
";
    assert_eq!(vevent_text(&ics, 15), expected);
    assert_eq!(
        event(&ics, 15).get_description(),
        Some(
            "Theme: Finance\nAction: Continue to develop the financial monitoring of the IJB to \
             support the implementation of the SCP and directions\nLeads: Morag Dendy\n\
             Timeline: Mar 20 (in progress)\nRAG: Green\nLatest comment: In progress – this will \
             form a section within the new SCP, with IJB paper template also updated to identify \
             the directions required from each paper.\nPlan: NL; milestone ID 15"
        )
    );
}

#[test]
fn the_same_date_gives_the_same_bytes_and_a_file_holds_what_stdout_would() {
    let work = Workdir::with_seed_plan();
    let first = seed_calendar(&work, &[]);
    assert_eq!(seed_calendar(&work, &[]), first);
    let output = work.run(&[
        "calendar",
        "--plan",
        "NL",
        "--as-of",
        "2020-02-18",
        "-o",
        "plan.ics",
    ]);
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stdout.is_empty(), "data went to the file only");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.ends_with("plan.ics: 25 events; left out 13 complete\n"),
        "{stderr}"
    );
    assert_eq!(fs::read_to_string(work.file("plan.ics")).unwrap(), first);
    // Without --as-of the stamp is the time now, still a UTC date-time.
    let today = work.ok(&["calendar"]);
    assert_well_formed(&today);
    let stamp = events(&today)[0].get_timestamp().unwrap();
    assert!(
        (chrono::Utc::now() - stamp).num_minutes().abs() < 10,
        "{stamp}"
    );
}

#[test]
fn long_text_with_accents_and_dashes_folds_and_unfolds_back_equal() {
    let work = Workdir::with_seed_plan();
    let comment = "Réunion reportée – le comité d'intégration (Glasgow, Édimbourg; Dundee) \
                   attend la décision ✓ du conseil \\ «NHS Lanarkshire» — suite en mars\n\
                   Deuxième ligne: éàüøœ–—…😀 répétée éàüøœ–—…😀 répétée éàüøœ–—…😀";
    work.ok(&["update", "15", "--comment", comment, "--on", "2020-02-10"]);
    let ics = seed_calendar(&work, &[]);
    assert_well_formed(&ics);
    let description = event(&ics, 15).get_description().unwrap().to_string();
    let expected = format!("Latest comment (updated 10 Feb 2020): {comment}\nPlan: NL;");
    assert!(description.contains(&expected), "{description}");
    // Folded: the event's description spans several lines, each starting with one space.
    let written = vevent_text(&ics, 15);
    assert!(written.matches("\r\n ").count() >= 5, "{written}");
    assert_eq!(
        written
            .replace("\r\n ", "")
            .lines()
            .filter(|l| l.starts_with("DESCRIPTION:"))
            .count(),
        1
    );
}

#[test]
fn a_moved_due_date_bumps_the_sequence_and_keeps_the_uid() {
    let work = Workdir::with_seed_plan();
    let before = event(&seed_calendar(&work, &[]), 13);
    assert_eq!(before.get_sequence(), Some(0));
    assert_eq!(
        start_day(&before),
        NaiveDate::from_ymd_opt(2020, 1, 31).unwrap()
    );
    work.ok(&[
        "update",
        "13",
        "--due",
        "Mar 20",
        "--reason",
        "X",
        "--on",
        "2020-02-01",
    ]);
    let after = event(&seed_calendar(&work, &[]), 13);
    assert_eq!(after.get_uid(), before.get_uid());
    assert_eq!(after.get_sequence(), Some(1));
    assert_eq!(
        start_day(&after),
        NaiveDate::from_ymd_opt(2020, 3, 31).unwrap()
    );
    // A revision repeating the date in force, and an update of the RAG, are not moves.
    work.ok(&[
        "update",
        "13",
        "--due",
        "31/03/2020",
        "--reason",
        "Same",
        "--on",
        "2020-02-05",
    ]);
    work.ok(&["update", "13", "--rag", "R", "--on", "2020-02-06"]);
    assert_eq!(
        event(&seed_calendar(&work, &[]), 13).get_sequence(),
        Some(1)
    );
    work.ok(&[
        "update",
        "13",
        "--due",
        "Jun 20",
        "--reason",
        "Again",
        "--on",
        "2020-02-07",
    ]);
    assert_eq!(
        event(&seed_calendar(&work, &[]), 13).get_sequence(),
        Some(2)
    );
    // As the plan stood before the move: the old date and sequence 0.
    let then = work.ok(&["calendar", "--plan", "NL", "--as-of", "2020-01-31"]);
    assert_eq!(event(&then, 13).get_sequence(), Some(0));
    assert_eq!(
        start_day(&event(&then, 13)),
        NaiveDate::from_ymd_opt(2020, 1, 31).unwrap()
    );
    // Other events are untouched.
    assert_eq!(
        vevent_text(&seed_calendar(&work, &[]), 15),
        vevent_text(&then, 15).replace("DTSTAMP:20200131", "DTSTAMP:20200218")
    );
}

#[test]
fn complete_and_undated_milestones_are_left_out_and_counted() {
    let work = Workdir::with_seed_plan();
    work.ok(&["complete", "4", "--on", "2020-02-03"]);
    let output = work.run(&["calendar", "--plan", "NL", "--as-of", "2020-02-18"]);
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        "wrote 24 events; left out 14 complete\n"
    );
    assert!(
        !String::from_utf8(output.stdout)
            .unwrap()
            .contains("milestone-4-nl@")
    );
    work.ok(&[
        "import",
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/plans/timeline_ongoing.csv"
        ),
        "--plan",
        "Ongoing plan",
    ]);
    let output = work.run(&["calendar", "--plan", "Ongoing plan"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        "wrote 0 events; left out 1 with no due date\n"
    );
    let ics = String::from_utf8(output.stdout).unwrap();
    assert_well_formed(&ics);
    assert!(events(&ics).is_empty());
    assert_eq!(parse(&ics).get_name(), Some("Ongoing plan"));
    // Every plan at once: both names, UIDs kept apart by the plan's slug.
    let both = work.ok(&["calendar", "--as-of", "2020-02-18"]);
    assert_eq!(parse(&both).get_name(), Some("NL, Ongoing plan"));
    assert_eq!(events(&both).len(), 24);
}

#[test]
fn lead_keeps_that_persons_milestones_and_an_unknown_lead_is_refused() {
    let work = Workdir::with_seed_plan();
    let ics = seed_calendar(&work, &["--lead", "marie moy"]);
    let ids: Vec<String> = events(&ics)
        .iter()
        .map(|event| event.get_uid().unwrap().to_string())
        .collect();
    let expected: Vec<String> = [14, 18, 19, 20, 21, 22]
        .iter()
        .map(|id| format!("milestone-{id}-nl@actionplan"))
        .collect();
    assert_eq!(ids, expected);
    assert_eq!(parse(&ics).get_name(), Some("NL (marie moy)"));
    // Her events are the same events as in the whole plan's calendar.
    let all = seed_calendar(&work, &[]);
    assert_eq!(vevent_text(&ics, 18), vevent_text(&all, 18));
    let stderr = work.fails(&["calendar", "--lead", "Marie Mo"]);
    assert!(stderr.contains("did you mean \"Marie Moy\""), "{stderr}");
    let stderr = work.fails(&["calendar", "--plan", "NK"]);
    assert!(stderr.contains("NL"), "{stderr}");
}

#[test]
fn the_calendar_is_never_written_onto_the_database() {
    let work = Workdir::with_seed_plan();
    let before = fs::read(work.db()).unwrap();
    let db = work.db().display().to_string();
    for target in [
        db.clone(),
        "actionplan.db".to_string(),
        format!("{db}-wal"),
        format!("{db}-shm"),
        format!("{db}-journal"),
    ] {
        let stderr = work.fails(&["calendar", "-o", &target]);
        assert!(
            stderr.contains("choose another file to write"),
            "{target}: {stderr}"
        );
        assert_eq!(fs::read(work.db()).unwrap(), before, "{target}");
    }
    assert_eq!(work.ok(&["check-db"]), "ok\n");
}

//! Tests of the timeline parser: every accepted form, every refusal, round trips.
use super::*;

fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("test date is valid")
}

fn parse_ok(text: &str) -> Timeline {
    match Timeline::parse(text) {
        Ok(timeline) => timeline,
        Err(error) => panic!("{text:?} should parse: {error}"),
    }
}

/// Checks the precision and due date, and that the display parses back to an equal timeline.
fn check(text: &str, precision: Precision, due: NaiveDate) {
    let timeline = parse_ok(text);
    assert_eq!(timeline.precision(), precision, "precision of {text:?}");
    assert_eq!(timeline.due(), due, "due date of {text:?}");
    assert_round_trip(timeline);
}

fn assert_round_trip(timeline: Timeline) {
    let shown = timeline.to_string();
    assert_eq!(
        Timeline::parse(&shown),
        Ok(timeline),
        "display {shown:?} should parse back"
    );
}

fn assert_rejected(text: &str) {
    assert_eq!(
        Timeline::parse(text),
        Err(TimelineError {
            value: text.to_string()
        }),
        "{text:?} should be rejected"
    );
}

#[test]
fn month_with_abbreviated_name_and_two_digit_year() {
    check("Sep 19", Precision::Month, date(2019, 9, 30));
    check("Dec19", Precision::Month, date(2019, 12, 31));
    check("Feb 20", Precision::Month, date(2020, 2, 29));
    check("Feb 19", Precision::Month, date(2019, 2, 28));
    check("Jan 00", Precision::Month, date(2000, 1, 31));
    check("Nov 99", Precision::Month, date(2099, 11, 30));
}

#[test]
fn month_with_every_abbreviation() {
    let names = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    for (index, name) in names.iter().enumerate() {
        let month = index as u32 + 1;
        let timeline = parse_ok(&format!("{name} 21"));
        assert_eq!(Timeline::month(2021, month), Some(timeline));
        assert_round_trip(timeline);
    }
}

#[test]
fn month_with_full_name_or_sept() {
    check("Sept 2019", Precision::Month, date(2019, 9, 30));
    check("March 20", Precision::Month, date(2020, 3, 31));
    check("september 2019", Precision::Month, date(2019, 9, 30));
    check("January 2021", Precision::Month, date(2021, 1, 31));
    check("June 21", Precision::Month, date(2021, 6, 30));
    check("july 21", Precision::Month, date(2021, 7, 31));
}

#[test]
fn month_ignores_case_and_surrounding_and_inner_whitespace() {
    check("  SEP 19  ", Precision::Month, date(2019, 9, 30));
    check("sEpT\t2019", Precision::Month, date(2019, 9, 30));
    check("dec   19", Precision::Month, date(2019, 12, 31));
    check("\nDEC19\n", Precision::Month, date(2019, 12, 31));
}

#[test]
fn month_in_numeric_forms() {
    check("2019-09", Precision::Month, date(2019, 9, 30));
    check("09/2019", Precision::Month, date(2019, 9, 30));
    check("9/2019", Precision::Month, date(2019, 9, 30));
    check("02/2020", Precision::Month, date(2020, 2, 29));
    check("12/2019", Precision::Month, date(2019, 12, 31));
    check("2019 - 09", Precision::Month, date(2019, 9, 30));
}

#[test]
fn month_with_four_digit_year_outside_this_century() {
    check("Sep 2101", Precision::Month, date(2101, 9, 30));
    check("Dec 1999", Precision::Month, date(1999, 12, 31));
    check("Jan 1900", Precision::Month, date(1900, 1, 31));
    check("Dec 2999", Precision::Month, date(2999, 12, 31));
}

#[test]
fn day_in_uk_and_iso_forms() {
    check("30/09/2019", Precision::Day, date(2019, 9, 30));
    check("30/9/2019", Precision::Day, date(2019, 9, 30));
    check("1/4/2020", Precision::Day, date(2020, 4, 1));
    check("2019-09-30", Precision::Day, date(2019, 9, 30));
    check("29/02/2020", Precision::Day, date(2020, 2, 29));
    check(" 30 / 09 / 2019 ", Precision::Day, date(2019, 9, 30));
}

#[test]
fn quarter_forms() {
    check("Q1 2020/21", Precision::Quarter, date(2020, 6, 30));
    check("Q2 2020/21", Precision::Quarter, date(2020, 9, 30));
    check("Q3 2020/21", Precision::Quarter, date(2020, 12, 31));
    check("Q4 2020/21", Precision::Quarter, date(2021, 3, 31));
    check("Q1 20/21", Precision::Quarter, date(2020, 6, 30));
    check("Q1 2020-21", Precision::Quarter, date(2020, 6, 30));
    check("q2 2020/2021", Precision::Quarter, date(2020, 9, 30));
    check("Q3 20-21", Precision::Quarter, date(2020, 12, 31));
    check("Q12020/21", Precision::Quarter, date(2020, 6, 30));
    check("Q 4 2019/20", Precision::Quarter, date(2020, 3, 31));
    check("Q4 2099/00", Precision::Quarter, date(2100, 3, 31));
}

#[test]
fn financial_year_forms() {
    check("2019/20", Precision::FinancialYear, date(2020, 3, 31));
    check("2019-20", Precision::FinancialYear, date(2020, 3, 31));
    check("2019/2020", Precision::FinancialYear, date(2020, 3, 31));
    check("2019 / 20", Precision::FinancialYear, date(2020, 3, 31));
    check("1999/00", Precision::FinancialYear, date(2000, 3, 31));
    check("2099/2100", Precision::FinancialYear, date(2100, 3, 31));
    check("2998/99", Precision::FinancialYear, date(2999, 3, 31));
}

#[test]
fn dash_between_consecutive_years_means_financial_year() {
    check("2010-11", Precision::FinancialYear, date(2011, 3, 31));
    check("2010-10", Precision::Month, date(2010, 10, 31));
}

/// The forms seen in other councils' published plans and in CSVs saved from
/// Excel (issue 9): each reads to the period it names.
#[test]
fn month_as_excel_shows_a_month_formatted_cell() {
    check("Mar-21", Precision::Month, date(2021, 3, 31));
    check("Sep-19", Precision::Month, date(2019, 9, 30));
    check("March-2021", Precision::Month, date(2021, 3, 31));
    check("March 2021", Precision::Month, date(2021, 3, 31));
}

#[test]
fn day_with_dashes_dots_or_a_two_digit_year() {
    check("31-03-2016", Precision::Day, date(2016, 3, 31));
    check("31.03.2021", Precision::Day, date(2021, 3, 31));
    check("1.6.2002", Precision::Day, date(2002, 6, 1));
    check("30/09/19", Precision::Day, date(2019, 9, 30));
    check("31.03.21", Precision::Day, date(2021, 3, 31));
    assert_rejected("31.02.2021");
    assert_rejected("31-13-2016");
}

#[test]
fn day_with_the_month_named() {
    check("31 March 2002", Precision::Day, date(2002, 3, 31));
    check("1 June 2002", Precision::Day, date(2002, 6, 1));
    check("31st March 2021", Precision::Day, date(2021, 3, 31));
    check("2nd Feb 2021", Precision::Day, date(2021, 2, 2));
    check("23rd Sept 21", Precision::Day, date(2021, 9, 23));
    check("4th July 2021", Precision::Day, date(2021, 7, 4));
    check("31-Mar-21", Precision::Day, date(2021, 3, 31));
    check("1 June, 2002", Precision::Day, date(2002, 6, 1));
    assert_rejected("31st Smarch 2021");
    assert_rejected("30 February 2021");
    assert_rejected("31st March");
}

#[test]
fn quarter_written_out_or_after_its_year() {
    check("Quarter 3 2020/21", Precision::Quarter, date(2020, 12, 31));
    check("Qtr 4 2020/21", Precision::Quarter, date(2021, 3, 31));
    check("2020/21 Q3", Precision::Quarter, date(2020, 12, 31));
    check("2020-21 Quarter 1", Precision::Quarter, date(2020, 6, 30));
    check("Q3 20/21", Precision::Quarter, date(2020, 12, 31));
    check("Quarter 3, 2020/21", Precision::Quarter, date(2020, 12, 31));
}

#[test]
fn end_of_and_by_add_nothing() {
    check("End of June 2021", Precision::Month, date(2021, 6, 30));
    check("end June 2021", Precision::Month, date(2021, 6, 30));
    check("By March 2021", Precision::Month, date(2021, 3, 31));
    check(
        "by the end of Q3 2020/21",
        Precision::Quarter,
        date(2020, 12, 31),
    );
    check(
        "By end of 2020/21",
        Precision::FinancialYear,
        date(2021, 3, 31),
    );
    check("by 31st March 2021", Precision::Day, date(2021, 3, 31));
    assert_rejected("End of");
    assert_rejected("By");
    assert_rejected("End of of June 2021");
}

#[test]
fn a_season_is_refused_with_its_own_reason() {
    for text in ["Summer 2021", "Spring 21", "autumn 2020", "Winter 2020/21"] {
        assert_rejected(text);
        let message = Timeline::parse(text).unwrap_err().to_string();
        assert!(
            message.contains("names a season, not a month"),
            "{text:?}: {message}"
        );
    }
}

#[test]
fn rejects_listed_bad_forms() {
    for text in ["Smarch 19", "", "TBC", "13/2019", "Sep", "2019"] {
        assert_rejected(text);
    }
}

#[test]
fn rejects_impossible_dates() {
    for text in [
        "31/02/2020",
        "29/02/2019",
        "31/09/2019",
        "0/09/2019",
        "30/00/2019",
        "30/13/2019",
        "2019-02-30",
        "2019-13-01",
    ] {
        assert_rejected(text);
    }
}

#[test]
fn rejects_bad_quarters() {
    for text in [
        "Q5 2020/21",
        "Q0 2020/21",
        "Q1 2020/22",
        "Q1 2020/20",
        "Q1 2020",
        "Q1",
        "Q 2020/21",
        "Q12 2020/21",
        "Q1 2020/21/22",
        "QQ1 2020/21",
        "Quarter 5 2020/21",
        "2020/21 Q5",
        "2020/22 Q1",
        "2020/21 Q",
        "Q1 202/21",
        "Q1 2020/021",
    ] {
        assert_rejected(text);
    }
}

#[test]
fn rejects_bad_financial_years() {
    for text in [
        "2020/22",
        "2020/2022",
        "2020/19",
        "2020-22",
        "2020/2",
        "19/20",
        "2019/20/21",
        "2019//20",
    ] {
        assert_rejected(text);
    }
}

#[test]
fn rejects_years_outside_1900_to_2999() {
    for text in [
        "Sep 1899",
        "Jan 3000",
        "09/1899",
        "1899-09",
        "31/12/1899",
        "01/01/3000",
        "3000-01-01",
        "1899/00",
        "1899/1900",
        "2999/00",
        "2999/3000",
        "Q1 1899/00",
        "Q4 2999/00",
    ] {
        assert_rejected(text);
    }
    assert_eq!(Timeline::month(1899, 12), None);
    assert_eq!(Timeline::month(3000, 1), None);
}

#[test]
fn rejects_other_near_misses() {
    for text in [
        "   ",
        "Sep 1",
        "Sep 019",
        "Sep 20190",
        "Sep/19",
        "19 Sep",
        "Sep 19 20",
        "Sepember 19",
        "S 19",
        "2019/09",
        "09-2019",
        "009/2019",
        "30/09/2019/1",
        "30.09-2019",
        "2019/09/30",
        "30/09-2019",
        "2019.09",
        "2019-9",
        "2020-2",
        "2019-9-30",
        "2019-09-1",
        "Sep. 19",
        "Sep 19!",
        "-2019-20",
        "2019-20-",
        "1 2 3",
        "9999999999999999999999/2019",
        "Sep 99999999999999999999999",
    ] {
        assert_rejected(text);
    }
}

#[test]
fn rejects_non_ascii_lookalikes() {
    for text in [
        "Sép 19",
        "Ｑ1 2020/21",
        "Q１ 2020/21",
        "Sep １9",
        "2019–20",
        "ß 19",
        "Seρ 19",
        "🗓 Sep 19",
        "Sep 19\u{301}",
    ] {
        assert_rejected(text);
    }
}

#[test]
fn month_constructor() {
    assert_eq!(Timeline::month(2019, 9), Some(parse_ok("Sep 19")));
    assert_eq!(
        Timeline::month(2020, 2).map(|t| t.due()),
        Some(date(2020, 2, 29))
    );
    assert_eq!(Timeline::month(2019, 0), None);
    assert_eq!(Timeline::month(2019, 13), None);
    assert_eq!(Timeline::month(2019, u32::MAX), None);
    assert_eq!(Timeline::month(i32::MAX, 12), None);
    assert_eq!(Timeline::month(i32::MIN, 1), None);
}

#[test]
fn day_constructor() {
    let timeline = Timeline::day(date(2019, 9, 30));
    assert_eq!(timeline.precision(), Precision::Day);
    assert_eq!(timeline.due(), date(2019, 9, 30));
    assert_eq!(timeline, parse_ok("30/09/2019"));
}

#[test]
fn same_due_date_with_different_precision_is_not_equal() {
    let month = parse_ok("Sep 19");
    let day = parse_ok("30/09/2019");
    let quarter = parse_ok("Q2 2019/20");
    assert_eq!(month.due(), day.due());
    assert_eq!(month.due(), quarter.due());
    assert_ne!(month, day);
    assert_ne!(month, quarter);
}

#[test]
fn display_of_each_precision() {
    assert_eq!(parse_ok("september 2019").to_string(), "Sep 19");
    assert_eq!(parse_ok("2020-01").to_string(), "Jan 20");
    assert_eq!(parse_ok("Jan 2000").to_string(), "Jan 00");
    assert_eq!(parse_ok("Sep 2101").to_string(), "Sep 2101");
    assert_eq!(parse_ok("Dec 1999").to_string(), "Dec 1999");
    assert_eq!(parse_ok("2019-09-30").to_string(), "30/09/2019");
    assert_eq!(parse_ok("1/4/2020").to_string(), "01/04/2020");
    assert_eq!(parse_ok("q1 20-21").to_string(), "Q1 2020/21");
    assert_eq!(parse_ok("Q4 2020/2021").to_string(), "Q4 2020/21");
    assert_eq!(parse_ok("Q4 2099/00").to_string(), "Q4 2099/00");
    assert_eq!(parse_ok("2019-2020").to_string(), "2019/20");
    assert_eq!(parse_ok("1999-00").to_string(), "1999/00");
}

#[test]
fn display_round_trips_for_every_month_and_quarter() {
    for year in [1900, 1999, 2000, 2019, 2099, 2100, 2101, 2500, 2999] {
        for month in 1..=12 {
            let timeline = Timeline::month(year, month).expect("valid month");
            assert_round_trip(timeline);
        }
    }
    for first_year in [1900, 1999, 2019, 2020, 2099, 2100, 2998] {
        for quarter in 1..=4 {
            let timeline = parse_ok(&format!("Q{quarter} {first_year}/{}", first_year + 1));
            assert_round_trip(timeline);
        }
        assert_round_trip(parse_ok(&format!("{first_year}/{}", first_year + 1)));
    }
    assert_round_trip(Timeline::day(date(1900, 1, 1)));
    assert_round_trip(Timeline::day(date(2999, 12, 31)));
}

#[test]
fn error_message_quotes_the_value() {
    let error = Timeline::parse("Smarch 19").unwrap_err();
    assert_eq!(error.value, "Smarch 19");
    assert_eq!(
        error.to_string(),
        "\"Smarch 19\" is not a timeline: expected a month such as \"Sep 19\" or \"March 2021\", \
         a date such as \"30/09/2019\" or \"31 March 2021\", \
         a quarter such as \"Q1 2020/21\" or \"Quarter 1 2020/21\" \
         or a financial year such as \"2019/20\""
    );
    let boxed: Box<dyn std::error::Error> = Box::new(error);
    assert!(boxed.to_string().starts_with("\"Smarch 19\""));
}

#[test]
fn from_str_matches_parse() {
    let parsed: Timeline = "Q1 2020/21".parse().expect("parses");
    assert_eq!(parsed, parse_ok("Q1 2020/21"));
    assert!("TBC".parse::<Timeline>().is_err());
}

#[test]
fn months_after() {
    let nov_19 = parse_ok("Nov 19");
    let mar_20 = parse_ok("Mar 20");
    assert_eq!(mar_20.months_after(&nov_19), 4);
    assert_eq!(nov_19.months_after(&mar_20), -4);
    assert_eq!(mar_20.months_after(&mar_20), 0);
    assert_eq!(parse_ok("2019/20").months_after(&nov_19), 4);
    assert_eq!(parse_ok("15/03/2020").months_after(&nov_19), 4);
    assert_eq!(
        parse_ok("Q4 2020/21").months_after(&parse_ok("Q1 2020/21")),
        9
    );
    assert_eq!(parse_ok("Jan 21").months_after(&parse_ok("Dec 20")), 1);
    assert_eq!(
        parse_ok("Dec 2999").months_after(&parse_ok("Jan 1900")),
        1099 * 12 + 11
    );
}

#[test]
fn serializes_as_display_string() {
    let timeline = parse_ok("q1 20-21");
    assert_eq!(serde_json::to_string(&timeline).unwrap(), "\"Q1 2020/21\"");
    assert_eq!(
        serde_json::to_string(&Precision::FinancialYear).unwrap(),
        "\"financial_year\""
    );
    assert_eq!(serde_json::to_string(&Precision::Day).unwrap(), "\"day\"");
}

#[test]
fn sql_round_trip() {
    let connection = rusqlite::Connection::open_in_memory().unwrap();
    connection
        .execute("CREATE TABLE milestone (id INTEGER, timeline TEXT)", [])
        .unwrap();
    let timelines = [
        parse_ok("Sep 19"),
        parse_ok("Sep 2101"),
        parse_ok("30/09/2019"),
        parse_ok("Q4 2020/21"),
        parse_ok("2019/20"),
    ];
    for (id, timeline) in timelines.iter().enumerate() {
        connection
            .execute(
                "INSERT INTO milestone (id, timeline) VALUES (?1, ?2)",
                rusqlite::params![id as i64, timeline],
            )
            .unwrap();
    }
    for (id, timeline) in timelines.iter().enumerate() {
        let stored: String = connection
            .query_row(
                "SELECT timeline FROM milestone WHERE id = ?1",
                [id as i64],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(stored, timeline.to_string());
        let read: Timeline = connection
            .query_row(
                "SELECT timeline FROM milestone WHERE id = ?1",
                [id as i64],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(read, *timeline);
    }
}

#[test]
fn sql_rejects_bad_stored_values() {
    let connection = rusqlite::Connection::open_in_memory().unwrap();
    let bad_text = connection.query_row("SELECT 'Smarch 19'", [], |row| row.get::<_, Timeline>(0));
    match bad_text {
        Err(rusqlite::Error::FromSqlConversionFailure(_, _, error)) => {
            assert!(
                error
                    .to_string()
                    .starts_with("\"Smarch 19\" is not a timeline")
            );
        }
        other => panic!("expected a conversion failure, got {other:?}"),
    }
    let not_text = connection.query_row("SELECT 42", [], |row| row.get::<_, Timeline>(0));
    assert!(matches!(
        not_text,
        Err(rusqlite::Error::InvalidColumnType(..))
    ));
}

/// A small deterministic pseudo-random sequence, so the test needs no extra crate.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as usize
    }
}

#[test]
fn never_panics_on_generated_input() {
    let pieces = [
        "0", "1", "4", "9", "12", "19", "20", "21", "29", "31", "2019", "2020", "2021", "1899",
        "3000", "99999", "/", "-", " ", "\t", "Q", "q", "Sep", "sept", "March", "december",
        "Smarch", "é", "Ｑ", "１", "🗓", "\u{301}", "ß", "İ", "\0", ".", "–", "日本",
    ];
    let mut generated: Vec<String> = Vec::new();
    for first in pieces {
        for second in pieces {
            generated.push(format!("{first}{second}"));
        }
    }
    let mut random = Lcg(2019);
    for _ in 0..400 {
        let length = random.next() % 7 + 1;
        let mut text = String::new();
        for _ in 0..length {
            text.push_str(pieces[random.next() % pieces.len()]);
        }
        generated.push(text);
    }
    generated.push("9".repeat(10_000));
    generated.push(format!("Q{}", "1".repeat(5_000)));
    generated.push(format!("Sep {}", "é".repeat(5_000)));
    generated.push("/".repeat(5_000));
    generated.push("Sep 19 ".repeat(2_000));

    let mut accepted = 0;
    for text in &generated {
        if let Ok(timeline) = Timeline::parse(text) {
            accepted += 1;
            assert_round_trip(timeline);
        }
    }
    assert!(generated.len() > 1_000);
    assert!(accepted > 0, "some generated strings should parse");
}

//! Fuzzes the timeline parser: it never panics, and what it reads displays as
//! text that reads back as the same timeline.

#![no_main]

use actionplan::model::Timeline;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(timeline) = Timeline::parse(text) {
        let shown = timeline.to_string();
        assert_eq!(
            Timeline::parse(&shown),
            Ok(timeline),
            "{text:?} shown as {shown:?}"
        );
    }
});

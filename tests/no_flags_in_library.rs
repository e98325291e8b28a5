//! The rule of docs/ARCHITECTURE.md that the library's errors name no flag of
//! the command line, checked on the source tree: outside `src/cli` no string
//! literal holds `--` followed by a letter. The library says what is wrong
//! with typed errors; the command line (`src/cli/mod.rs`, `error_message`)
//! words the way out with its own flags.
//!
//! Comments and doc comments may name flags (they explain the code, nobody
//! is shown them), and so may test modules (`#[cfg(test)]` items and files
//! named `tests.rs`), which check what a caller sees.

mod common;

use common::source::{rust_files, source_dir};

use std::fs;
use std::path::Path;

/// Library literals that still name a flag, as (file under `src/`, the
/// literal's start). Each must still be there (so the list only shrinks)
/// and is the next to move to the CLI.
const NOT_YET_MOVED: &[(&str, &str)] = &[
    // NoDatabase's library text, which tests/nothing_created.rs
    // (`regression_library_errors_name_no_flags`) asserts word for word;
    // the CLI words it itself already.
    ("error.rs", "no database at {}: import a plan first"),
];

/// A string literal in the source: where it starts and what it holds (as
/// written, escapes and all).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Literal {
    /// The line it starts on, counting from 1.
    line: usize,
    /// Its text between the quotes.
    text: String,
}

/// Every string literal in `source` outside comments and outside test items
/// (an item after `#[cfg(test)]`, to its closing brace or semicolon).
fn literals_outside_tests(source: &str) -> Vec<Literal> {
    let chars: Vec<char> = source.chars().collect();
    let mut found = Vec::new();
    let mut line = 1;
    let mut at = 0;
    // Brace depth, and while inside a test item the depth it started at.
    let mut depth = 0usize;
    let mut test_item_from: Option<usize> = None;
    let mut test_item_pending = false;
    while at < chars.len() {
        let c = chars[at];
        let next = chars.get(at + 1).copied();
        let starts_identifier = at == 0 || !is_identifier_char(chars[at - 1]);
        if c == '\n' {
            line += 1;
            at += 1;
        } else if c == '/' && next == Some('/') {
            while at < chars.len() && chars[at] != '\n' {
                at += 1;
            }
        } else if c == '/' && next == Some('*') {
            at = skip_block_comment(&chars, at, &mut line);
        } else if c == '#' && starts_with(&chars, at, "#[cfg(test)]") {
            test_item_pending = true;
            at += "#[cfg(test)]".len();
        } else if c == '"' {
            let (text, end) = quoted(&chars, at + 1, &mut line);
            let start_line = line - text.matches('\n').count();
            if test_item_from.is_none() && !test_item_pending {
                found.push(Literal {
                    line: start_line,
                    text,
                });
            }
            at = end;
        } else if starts_identifier && let Some((text, end)) = raw_string(&chars, at) {
            let start_line = line;
            line += text.matches('\n').count();
            if test_item_from.is_none() && !test_item_pending {
                found.push(Literal {
                    line: start_line,
                    text,
                });
            }
            at = end;
        } else if c == '\'' {
            at = skip_char_literal_or_lifetime(&chars, at);
        } else if c == '{' {
            if test_item_pending && test_item_from.is_none() {
                test_item_from = Some(depth);
                test_item_pending = false;
            }
            depth += 1;
            at += 1;
        } else if c == '}' {
            depth = depth.saturating_sub(1);
            if test_item_from == Some(depth) {
                test_item_from = None;
            }
            at += 1;
        } else if c == ';' && test_item_pending && test_item_from.is_none() {
            // `#[cfg(test)] mod tests;`: the module is its own file.
            test_item_pending = false;
            at += 1;
        } else {
            at += 1;
        }
    }
    found
}

fn is_identifier_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn starts_with(chars: &[char], at: usize, text: &str) -> bool {
    text.chars()
        .enumerate()
        .all(|(offset, c)| chars.get(at + offset) == Some(&c))
}

/// The index after a `/* */` comment (which may nest) starting at `at`.
fn skip_block_comment(chars: &[char], mut at: usize, line: &mut usize) -> usize {
    let mut open = 0;
    while at < chars.len() {
        if starts_with(chars, at, "/*") {
            open += 1;
            at += 2;
        } else if starts_with(chars, at, "*/") {
            open -= 1;
            at += 2;
            if open == 0 {
                return at;
            }
        } else {
            if chars[at] == '\n' {
                *line += 1;
            }
            at += 1;
        }
    }
    at
}

/// The text of a `"..."` literal whose first character is at `at`, and the
/// index after its closing quote.
fn quoted(chars: &[char], mut at: usize, line: &mut usize) -> (String, usize) {
    let mut text = String::new();
    while at < chars.len() {
        match chars[at] {
            '"' => return (text, at + 1),
            '\\' => {
                text.push('\\');
                if let Some(&escaped) = chars.get(at + 1) {
                    text.push(escaped);
                    if escaped == '\n' {
                        *line += 1;
                    }
                }
                at += 2;
            }
            c => {
                if c == '\n' {
                    *line += 1;
                }
                text.push(c);
                at += 1;
            }
        }
    }
    (text, at)
}

/// A raw string (`r"..."`, `r#"..."#`, `br#"..."#`) starting at `at`: its
/// text and the index after it. None when `at` starts no raw string.
fn raw_string(chars: &[char], at: usize) -> Option<(String, usize)> {
    let mut start = at;
    if chars[start] == 'b' {
        start += 1;
    }
    if chars.get(start) != Some(&'r') {
        return None;
    }
    let mut hashes = 0;
    let mut quote = start + 1;
    while chars.get(quote) == Some(&'#') {
        hashes += 1;
        quote += 1;
    }
    if chars.get(quote) != Some(&'"') {
        return None;
    }
    let closing: String = std::iter::once('"')
        .chain(std::iter::repeat_n('#', hashes))
        .collect();
    let mut end = quote + 1;
    while end < chars.len() && !starts_with(chars, end, &closing) {
        end += 1;
    }
    let text = chars[quote + 1..end.min(chars.len())].iter().collect();
    Some((text, end + closing.chars().count()))
}

/// The index after a char literal (`'x'`, `'\n'`, `'"'`) or a lifetime's
/// quote starting at `at`.
fn skip_char_literal_or_lifetime(chars: &[char], at: usize) -> usize {
    if chars.get(at + 1) == Some(&'\\') {
        // The escaped character may itself be a quote: `'\''`.
        let mut end = at + 3;
        while end < chars.len() && chars[end] != '\'' {
            end += 1;
        }
        return end + 1;
    }
    if chars.get(at + 2) == Some(&'\'') {
        return at + 3;
    }
    at + 1
}

/// Whether text names a flag: `--` followed by a letter ("--plan"), not
/// preceded by another `-` (a rule of dashes).
fn names_a_flag(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    (0..chars.len().saturating_sub(2)).any(|at| {
        chars[at] == '-'
            && chars[at + 1] == '-'
            && chars[at + 2].is_ascii_alphabetic()
            && (at == 0 || chars[at - 1] != '-')
    })
}

/// Every literal naming a flag in the library under `src` (not `src/cli`,
/// not `src/main.rs`, not a `tests.rs`), as (file relative to `src` with `/`,
/// line, text).
fn flags_in_library(src: &Path) -> Vec<(String, usize, String)> {
    let files = rust_files(src);
    let mut found = Vec::new();
    for file in &files {
        let relative = file
            .strip_prefix(src)
            .expect("a file under src")
            .components()
            .map(|part| part.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        let is_cli = relative.starts_with("cli/") || relative == "main.rs";
        let is_test_file = file.file_stem().is_some_and(|stem| stem == "tests");
        if is_cli || is_test_file {
            continue;
        }
        let source = fs::read_to_string(file).expect("a readable source file");
        for literal in literals_outside_tests(&source) {
            if names_a_flag(&literal.text) {
                found.push((relative.clone(), literal.line, literal.text));
            }
        }
    }
    found
}

fn is_not_yet_moved(file: &str, text: &str) -> bool {
    NOT_YET_MOVED
        .iter()
        .any(|(known_file, start)| *known_file == file && text.starts_with(start))
}

#[test]
fn no_library_message_names_a_flag() {
    let offenders: Vec<String> = flags_in_library(&source_dir())
        .into_iter()
        .filter(|(file, _, text)| !is_not_yet_moved(file, text))
        .map(|(file, line, text)| format!("src/{file}:{line}: \"{text}\""))
        .collect();
    assert!(
        offenders.is_empty(),
        "library string literals that name a flag (word the flag in src/cli, \
         with a typed error in src/error.rs; see docs/ARCHITECTURE.md):\n{}",
        offenders.join("\n")
    );
}

#[test]
fn every_literal_not_yet_moved_is_still_there() {
    let found = flags_in_library(&source_dir());
    let gone: Vec<String> = NOT_YET_MOVED
        .iter()
        .filter(|(file, start)| {
            !found
                .iter()
                .any(|(found_file, _, text)| found_file == file && text.starts_with(start))
        })
        .map(|(file, start)| format!("src/{file}: \"{start}\""))
        .collect();
    assert!(
        gone.is_empty(),
        "moved to the CLI already: take these out of NOT_YET_MOVED:\n{}",
        gone.join("\n")
    );
}

/// The checker itself: a flag in a message is found wherever the literal
/// is (an attribute, a raw string, a second line); one in a comment, a test
/// module, a char literal's neighbour or the CLI is not.
#[test]
fn the_check_finds_a_flag_in_a_message_and_ignores_comments_and_tests() {
    let work = common::Workdir::new();
    let src = work.file("src");
    fs::create_dir_all(src.join("store")).unwrap();
    fs::create_dir_all(src.join("cli")).unwrap();
    fs::write(
        src.join("store/x.rs"),
        concat!(
            "//! Give --plan: a comment is fine.\n",
            "/* --by in a block comment */\n",
            "#[error(\"choose one with --plan\")]\n",
            "fn f<'a>(x: &'a str) -> char { let _ = '\"'; let _ = ['\\'', '\\n']; let _ = \"a -- b\"; 'x' }\n",
            "const RULE: &str = \"----------\";\n",
            "fn g() { format!(\"first line \\\n   then --reason TEXT\"); }\n",
            "fn h() { let _ = r#\"raw --force\"#; }\n",
            "#[cfg(test)]\n",
            "mod tests {\n",
            "    fn t() { assert_eq!(x, \"--by must not be blank\"); }\n",
            "}\n",
        ),
    )
    .unwrap();
    fs::write(src.join("store/tests.rs"), "const T: &str = \"--on\";\n").unwrap();
    fs::write(src.join("cli/y.rs"), "const C: &str = \"--plan\";\n").unwrap();
    let found: Vec<(usize, String)> = flags_in_library(&src)
        .into_iter()
        .map(|(file, line, text)| {
            assert_eq!(file, "store/x.rs");
            (line, text)
        })
        .collect();
    assert_eq!(
        found,
        [
            (3, "choose one with --plan".to_string()),
            (6, "first line \\\n   then --reason TEXT".to_string()),
            (8, "raw --force".to_string()),
        ]
    );
}

/// What the library no longer words, the command line still does, word for
/// word as before: each case is a command and all it prints on stderr.
#[test]
fn the_command_line_still_names_the_flags_the_library_no_longer_does() {
    let work = common::Workdir::with_seed_plan();
    let seed = common::SEED_PLAN;
    work.write("kept.db", "backup here already");
    work.write("empty.db", "");
    let cases: Vec<(Vec<&str>, String)> = vec![
        (
            vec!["update", "18", "--by", "Marie Moy"],
            "an update must change something: give --rag, --status, --comment or --due"
                .to_string(),
        ),
        (
            vec![
                "lead",
                "reassign",
                "13",
                "--from",
                "Margaret French",
                "--to",
                "A Smith; B Jones",
                "--by",
                "Ann Lead",
            ],
            "--to \"A Smith; B Jones\" reads as 2 people in a plan's Lead cell (\"A Smith\", \"B Jones\"): give each lead on its own".to_string(),
        ),
        (
            vec!["milestone", "edit", "12", "--lead", "Ann\u{1b}", "--by", "Ann Lead"],
            "--lead \"Ann\\u{1b}\" holds the control character U+001B: names must be plain text"
                .to_string(),
        ),
        (
            vec!["update", "18", "--rag", "G", "--by", "A\nB"],
            "--by \"A\\nB\" holds a line break: a name is one line".to_string(),
        ),
        (
            vec!["milestone", "move", "17", "--after", "17", "--by", "Ann Lead"],
            "--after 17: a milestone cannot be placed after itself".to_string(),
        ),
        (
            vec!["backup", "kept.db"],
            "kept.db exists already: give --force to replace it, or choose another name"
                .to_string(),
        ),
        (
            vec!["import", seed, "--plan", "X", "--sheet", "Plan"],
            format!(
                "{seed} was not imported (1 problem; nothing was stored):\n  \
                 {seed}: --sheet chooses a sheet of a workbook, but this is a CSV file"
            ),
        ),
        (
            vec![
                "import",
                seed,
                "--plan",
                "X",
                "--map",
                "Nope=theme",
                "--map",
                "Lead=boss",
            ],
            format!(
                "{seed} was not imported (2 problems; nothing was stored):\n  \
                 {seed}: --map names the header \"Nope\", which the file does not have; its headers are \"Report Recommendation\", \"Improvement Action\", \"Milestone detail\", \"Lead\", \"Timeline\", \"Comment/RAG\", \"RAG\"\n  \
                 {seed}: --map \"Lead=boss\": \"boss\" is not a field; fields are reference, theme, action, milestone, leads, timeline, comment, rag, status, proposals"
            ),
        ),
    ];
    for (args, expected) in cases {
        let stderr = work.fails(&args);
        assert_eq!(stderr, format!("actionplan: {expected}\n"), "{args:?}");
    }
    let empty = common::actionplan(Path::new("empty.db"))
        .current_dir(work.path())
        .arg("list")
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&empty.stderr),
        "actionplan: empty.db is empty (0 bytes): it holds no plan yet; import one with actionplan import FILE --plan NAME\n"
    );
}

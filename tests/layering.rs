//! The layering rule of docs/ARCHITECTURE.md, checked on the source tree:
//! every module imports only from its own layer or the layers below it.
//!
//! ```text
//! cli      (the binary: parse, call app, render, exit code)
//! render   (table, CSV, JSON, Markdown, HTML, Word)
//! app      (one function per use case; owns every rule)
//! store    (SQLite only)
//! reports  (pure: milestones in, typed rows out)
//! io       (the files plans come in and go out as)
//! model    (domain types and their rules; error)
//! ```
//!
//! A reference is any `crate::<module>` path outside comments and strings
//! (every item of a `crate::{...}` group, nested or over several lines), or
//! a `super::` path that climbs to the crate root and names a module there.
//! Test modules count too: a test that reaches upward ties the layers
//! together as surely as the code does.

mod common;

use common::source::{rust_files, source_dir};

use std::fs;
use std::path::Path;

/// The layers, lowest first; a module may use its own layer and those before it.
const LAYERS: &[(&str, &[&str])] = &[
    ("model", &["model", "error"]),
    ("io", &["io"]),
    ("reports", &["reports"]),
    ("store", &["store"]),
    ("app", &["app"]),
    ("render", &["render"]),
    ("cli", &["cli", "main"]),
];

/// The layer a top-level module belongs to, by its position in [`LAYERS`].
fn layer_of(module: &str) -> Option<usize> {
    LAYERS
        .iter()
        .position(|(_, modules)| modules.contains(&module))
}

/// The top-level module a source file belongs to: `src/io/csvio/read.rs` is
/// in `io`, `src/error.rs` in `error`. None for `src/lib.rs`.
fn top_module(src: &Path, file: &Path) -> Option<String> {
    let relative = file.strip_prefix(src).ok()?;
    let first = relative.components().next()?.as_os_str().to_str()?;
    let module = first.strip_suffix(".rs").unwrap_or(first);
    (module != "lib").then(|| module.to_string())
}

/// A source file with its comments, string literals and character literals
/// blanked to spaces (newlines kept), so that only code is searched and an
/// offset still falls on the same line.
fn code_only(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(chars[i]));
                    i += 1;
                }
            }
        } else if c == 'r' && (next == Some('"') || next == Some('#')) && !ident_before(&chars, i) {
            // A raw string: r"..." or r#"..."#.
            let mut hashes = 0;
            let mut j = i + 1;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            let closes_at =
                |k: usize| chars[k] == '"' && (1..=hashes).all(|h| chars.get(k + h) == Some(&'#'));
            let mut k = j + 1;
            while k < chars.len() && !closes_at(k) {
                k += 1;
            }
            let end = (k + 1 + hashes).min(chars.len());
            out.extend(chars[i..end].iter().map(|&c| blank(c)));
            i = end;
        } else if c == '"' {
            out.push(' ');
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                if i < chars.len() {
                    out.push(blank(chars[i]));
                    i += 1;
                }
            }
            out.push(' ');
            i += 1;
        } else if c == '\'' && (chars.get(i + 2) == Some(&'\'') || next == Some('\\')) {
            // A character literal ('x' or '\n'); a lifetime has no closing quote.
            out.push(' ');
            i += 1;
            while i < chars.len() && chars[i] != '\'' {
                if chars[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                out.push(' ');
                i += 1;
            }
            out.push(' ');
            i += 1;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// Whether the character before `at` continues an identifier (so an `r`
/// there is part of a name, not a raw string's prefix).
fn ident_before(chars: &[char], at: usize) -> bool {
    at > 0 && (chars[at - 1].is_alphanumeric() || chars[at - 1] == '_')
}

/// The first segment of every path a `use` tree or path names, starting at
/// `at` (just after `crate::` or the root-reaching `super::`s): `store` for
/// `store::Store`, `model` and `store` for `{model::{Rag, Status}, store}`.
fn tree_heads(code: &[char], mut at: usize) -> Vec<String> {
    while code.get(at).is_some_and(|c| c.is_whitespace()) {
        at += 1;
    }
    if code.get(at) != Some(&'{') {
        let name: String = code[at..]
            .iter()
            .take_while(|c| c.is_alphanumeric() || **c == '_')
            .collect();
        return if name.is_empty() { vec![] } else { vec![name] };
    }
    // A group: each item at this depth starts after the brace or a comma.
    let mut heads = Vec::new();
    let mut depth = 0;
    let mut item_start = at + 1;
    let mut i = at;
    while i < code.len() {
        match code[i] {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    heads.extend(tree_heads(code, item_start));
                    break;
                }
            }
            ',' if depth == 1 => {
                heads.extend(tree_heads(code, item_start));
                item_start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    heads
}

/// Where a path goes on after `word ::` (spaces allowed) when that starts
/// at `at`, after any spaces; None when it does not.
fn after_word(code: &[char], mut at: usize, word: &str) -> Option<usize> {
    while code.get(at).is_some_and(|c| c.is_whitespace()) {
        at += 1;
    }
    let word: Vec<char> = word.chars().collect();
    if code.get(at..at + word.len()) != Some(&word[..]) {
        return None;
    }
    let mut next = at + word.len();
    if code
        .get(next)
        .is_some_and(|c| c.is_alphanumeric() || *c == '_')
    {
        return None; // a longer name: `supervisor`
    }
    while code.get(next).is_some_and(|c| c.is_whitespace()) {
        next += 1;
    }
    (code.get(next) == Some(&':') && code.get(next + 1) == Some(&':')).then_some(next + 2)
}

/// Every place a path starts with `word ::` in `code` (not inside a longer
/// name or path), with where the path goes on after the `::`.
fn path_starts(code: &[char], word: &str) -> Vec<(usize, usize)> {
    let first = word.chars().next();
    let preceded_by_path = |i: usize| i >= 2 && code[i - 2] == ':' && code[i - 1] == ':';
    (0..code.len())
        .filter(|&i| Some(code[i]) == first)
        .filter(|&i| !ident_before(code, i) && !preceded_by_path(i))
        .filter_map(|i| after_word(code, i, word).map(|after| (i, after)))
        .collect()
}

/// The top-level modules a file names: by `crate::` paths, and by `super::`
/// paths that climb exactly to the crate root from a file `depth` modules
/// down (`super::super::store` in `src/reports/check.rs`), each with the
/// line it is on. (From inside an inline module one more `super` reaches the
/// root; such a path, rare and never written here, is not followed.)
fn referenced_modules(text: &str, depth: usize) -> Vec<(usize, String)> {
    let code: Vec<char> = code_only(text).chars().collect();
    let line_of = |at: usize| code[..at].iter().filter(|c| **c == '\n').count() + 1;
    let mut found = Vec::new();
    for (start, after) in path_starts(&code, "crate") {
        for head in tree_heads(&code, after) {
            found.push((line_of(start), head));
        }
    }
    for (start, mut after) in path_starts(&code, "super") {
        let mut climbed = 1;
        while let Some(next) = after_word(&code, after, "super") {
            after = next;
            climbed += 1;
        }
        if climbed == depth {
            for head in tree_heads(&code, after) {
                found.push((line_of(start), head));
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

/// How deep a file's module sits below the crate root: `src/reports/check.rs`
/// is `reports::check` (2), `src/io/mod.rs` is `io` (1).
fn module_depth(src: &Path, file: &Path) -> usize {
    let relative = file.strip_prefix(src).expect("a file under src");
    let components = relative.components().count();
    if file.ends_with("mod.rs") {
        components - 1
    } else {
        components
    }
}

/// Every upward reference in the tree, as "file:line: `from` uses `to`".
fn upward_references(src: &Path) -> Vec<String> {
    let files = rust_files(src);
    let mut found = Vec::new();
    for file in &files {
        let Some(module) = top_module(src, file) else {
            continue;
        };
        let own = layer_of(&module).unwrap_or_else(|| {
            panic!(
                "{} is in no layer: add `{module}` to LAYERS",
                file.display()
            )
        });
        let text = fs::read_to_string(file).expect("a readable source file");
        // The binary reaches the library as `actionplan::`; inside the
        // binary `crate::` means the cli itself.
        for (line, target) in referenced_modules(&text, module_depth(src, file)) {
            let Some(theirs) = layer_of(&target) else {
                continue; // a macro or item at the crate root
            };
            if theirs > own {
                found.push(format!(
                    "{}:{line}: {module} ({}) uses crate::{target} ({})",
                    file.display(),
                    LAYERS[own].0,
                    LAYERS[theirs].0
                ));
            }
        }
    }
    found
}

#[test]
fn no_module_imports_from_a_layer_above_it() {
    let upward = upward_references(&source_dir());
    assert!(
        upward.is_empty(),
        "upward imports (see docs/ARCHITECTURE.md):\n{}",
        upward.join("\n")
    );
}

#[test]
fn every_top_level_module_belongs_to_a_layer() {
    let mut unplaced = Vec::new();
    for entry in fs::read_dir(source_dir()).unwrap() {
        let path = entry.unwrap().path();
        if let Some(module) = top_module(&source_dir(), &path)
            && layer_of(&module).is_none()
        {
            unplaced.push(module);
        }
    }
    assert!(unplaced.is_empty(), "modules in no layer: {unplaced:?}");
}

#[test]
fn only_the_store_and_the_model_types_name_sqlite() {
    // The store owns SQLite; a model type may say how it is stored as one
    // column value (ToSql/FromSql), and the error type wraps SQLite's. No
    // other layer of the library names rusqlite: io, reports, app and render
    // reach the database only through the store's own types.
    let src = source_dir();
    let files = rust_files(&src);
    let mut naming = Vec::new();
    for file in &files {
        let module = top_module(&src, file).unwrap_or_default();
        if !["io", "reports", "app", "render"].contains(&module.as_str()) {
            continue;
        }
        let code = code_only(&fs::read_to_string(file).unwrap());
        for (number, line) in code.lines().enumerate() {
            if line.contains("rusqlite") {
                naming.push(format!("{}:{}", file.display(), number + 1));
            }
        }
    }
    assert!(
        naming.is_empty(),
        "rusqlite named outside the store:\n{}",
        naming.join("\n")
    );
}

/// The checker itself: upward references planted in a scratch tree are found,
/// by `crate::` and by climbing with `super::`, in one line or a group over
/// several, nested or spaced as written; one in a comment or a string is not.
#[test]
fn the_check_finds_an_upward_import_and_ignores_comments() {
    let work = common::Workdir::new();
    let src = work.file("src");
    fs::create_dir_all(src.join("reports")).unwrap();
    fs::write(
        src.join("reports/x.rs"),
        "// crate::app in a comment is fine\nuse crate::{model::Rag, store::Store};\n\
         const S: &str = \"crate::app in a string is fine\";\n\
         use crate::{\n    model::{Rag, Status},\n    app::import,\n};\n",
    )
    .unwrap();
    fs::create_dir_all(src.join("model")).unwrap();
    fs::write(
        src.join("model/y.rs"),
        "use crate::error::Result;\nuse super::super::io::Grid;\nuse super::super::model::Rag;\n\
         use super :: super :: {model::Status, render::words};\n",
    )
    .unwrap();
    let found = upward_references(&src);
    let expected = [
        "y.rs:2: model (model) uses crate::io (io)",
        "y.rs:4: model (model) uses crate::render (render)",
        "x.rs:2: reports (reports) uses crate::store (store)",
        "x.rs:4: reports (reports) uses crate::app (app)",
    ];
    assert_eq!(found.len(), expected.len(), "{found:?}");
    for (found, expected) in found.iter().zip(expected) {
        assert!(
            found.ends_with(expected),
            "{found} should end with {expected}"
        );
    }
}

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
//! A reference is any `crate::<module>` path outside a comment, or a
//! `super::` path that climbs to the crate root and names a module there.
//! Test modules count too: a test that reaches upward ties the layers
//! together as surely as the code does.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

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

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("a readable source directory") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

/// The text of a line with any `//` comment removed (a `//` inside a string
/// literal is rare enough in this tree that a string is not parsed).
fn code_of(line: &str) -> &str {
    match line.find("//") {
        Some(at) => &line[..at],
        None => line,
    }
}

/// The top-level modules a line of code names as `crate::<module>`,
/// including each of a `crate::{a, b::c}` group.
fn crate_references(code: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue; // `actioncrate::`: not this crate
        }
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                found.push(first_segment(item.trim()));
            }
        } else {
            found.push(first_segment(rest));
        }
    }
    found.retain(|module| !module.is_empty());
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

/// The top-level modules a line names by climbing with `super::` to the
/// crate root from a file `depth` modules down: `super::super::store` in
/// `src/reports/check.rs`. (Inside an inline module one more `super` is
/// needed to reach the root; that path names `super`, not a module, here.)
fn root_references_by_super(code: &str, depth: usize) -> Vec<String> {
    let climb = "super::".repeat(depth);
    let mut found = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find(&climb) {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + climb.len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue; // part of a longer path
        }
        found.push(first_segment(rest));
    }
    found.retain(|module| !module.is_empty());
    found
}

fn first_segment(path: &str) -> String {
    path.chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// Every upward reference in the tree, as "file:line: `from` uses `to`".
fn upward_references(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
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
        for (number, line) in text.lines().enumerate() {
            let code = code_of(line);
            // The binary reaches the library as `actionplan::`; inside the
            // binary `crate::` means the cli itself.
            let climbed = root_references_by_super(code, module_depth(src, file));
            for target in crate_references(code).into_iter().chain(climbed) {
                let Some(theirs) = layer_of(&target) else {
                    continue; // a macro or item at the crate root
                };
                if theirs > own {
                    found.push(format!(
                        "{}:{}: {} ({}) uses crate::{target} ({})",
                        file.display(),
                        number + 1,
                        module,
                        LAYERS[own].0,
                        LAYERS[theirs].0
                    ));
                }
            }
        }
    }
    found
}

fn source_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
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
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut naming = Vec::new();
    for file in &files {
        let module = top_module(&src, file).unwrap_or_default();
        if !["io", "reports", "app", "render"].contains(&module.as_str()) {
            continue;
        }
        let text = fs::read_to_string(file).unwrap();
        for (number, line) in text.lines().enumerate() {
            if code_of(line).contains("rusqlite") {
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
/// by `crate::` and by climbing with `super::`; one in a comment is not.
#[test]
fn the_check_finds_an_upward_import_and_ignores_comments() {
    let work = common::Workdir::new();
    let src = work.file("src");
    fs::create_dir_all(src.join("reports")).unwrap();
    fs::write(
        src.join("reports/x.rs"),
        "// crate::app in a comment is fine\nuse crate::{model::Rag, store::Store};\n",
    )
    .unwrap();
    fs::create_dir_all(src.join("model")).unwrap();
    fs::write(
        src.join("model/y.rs"),
        "use crate::error::Result;\nuse super::super::io::Grid;\nuse super::super::model::Rag;\n",
    )
    .unwrap();
    let found = upward_references(&src);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0].ends_with("y.rs:2: model (model) uses crate::io (io)"));
    assert!(found[1].ends_with("x.rs:2: reports (reports) uses crate::store (store)"));
}

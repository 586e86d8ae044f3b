//! The core's modules form layers: no module imports, through `crate::…`, one that
//! imports it back (in the spirit of rust-analyzer's `tidy`). A cycle is printed with
//! its edges, so that whoever adds one sees which import closed it. The same holds file
//! by file (`crate::…`, `super::…` and a parent's own children named), and no file
//! re-exports another module's items (`pub use crate::…`), which would make false edges.

use std::collections::{BTreeMap, BTreeSet};

/// Top-level module → the top-level modules it names (tests left out).
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let src = crate::support::repo_root().join("src");
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let relative = path.strip_prefix(&src).unwrap().to_string_lossy().into_owned();
            let module = relative.split('/').next().unwrap().trim_end_matches(".rs").to_string();
            if module == "lib" || module == "main" {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap();
            // Comments count too: a path named in a doc link is one a reader follows.
            for line in code.lines() {
                for (at, _) in line.match_indices("crate::") {
                    let name: String =
                        line[at + 7..].chars().take_while(|c| c.is_ascii_lowercase() || *c == '_').collect();
                    if !name.is_empty() && name != module {
                        edges.entry(module.clone()).or_default().insert(name);
                    }
                }
            }
        }
    }
    edges
}

fn reaches(edges: &BTreeMap<String, BTreeSet<String>>, from: &str, to: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut todo = vec![from.to_string()];
    while let Some(next) = todo.pop() {
        if next == to {
            return true;
        }
        if seen.insert(next.clone()) {
            todo.extend(edges.get(&next).into_iter().flatten().cloned());
        }
    }
    false
}

/// The edges that close a cycle: `from` imports `to`, and `to` reaches `from` back.
fn closing(edges: &BTreeMap<String, BTreeSet<String>>) -> impl Iterator<Item = (&String, &String)> {
    edges
        .iter()
        .flat_map(|(from, targets)| targets.iter().map(move |to| (from, to)))
        .filter(|(from, to)| reaches(edges, to, from))
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let edges = imports();
    assert!(edges.len() > 20, "the modules were read ({})", edges.len());
    let cycles: Vec<String> = closing(&edges).map(|(from, to)| format!("{from} -> {to}")).collect();
    assert!(cycles.is_empty(), "imports that close a cycle: {cycles:#?}");
}

/// The layers, lowest first (ARCHITECTURE.md): a module may import its own layer (the
/// cycle test keeps that acyclic) and the layers below, never one above. A new module
/// must be placed here.
const LAYERS: &[(&str, &[&str])] = &[
    // What every module may use: errors, text folding, time, the shared vocabulary of
    // roles, clearances and document types, storage, the event bus,
    // the permission table and the one secrecy rule, search and spreadsheet helpers.
    (
        "base",
        &[
            "clock",
            "doctype",
            "fold",
            "logging",
            "error",
            "vocabulary",
            "db",
            "events",
            "permission",
            "search",
            "throttle",
            "xlsx",
            "secrecy",
        ],
    ),
    // What records are made of: the audit writer, the working calendar and its
    // administrator's decisions, files, sessions, people and agencies, registers, the
    // Office's settings and first start, the PDF engine.
    (
        "records",
        &[
            "audit",
            "calendar",
            "attachments",
            "auth",
            "autosave",
            "ballot",
            "org",
            "register",
            "rooms",
            "settings",
            "setup",
            "pdf",
            "signature",
        ],
    ),
    // The areas, each printing its own pages; the refilling of the search indexes the
    // migrations rebuild (over incoming and outgoing), the app (which finishes a small
    // refill at open) and backups stand with them.
    (
        "areas",
        &[
            "incoming",
            "outgoing",
            "directions",
            "alerts",
            "meetings",
            "schedule",
            "gazette",
            "exchange",
            "reindex",
            "backup",
            "app",
        ],
    ),
    // The one command layer. The transports and tools above it are crates of their own
    // (`server/`, `tools/`, `src-tauri/`): the core does not depend on them, so it cannot
    // import them.
    ("commands", &["commands"]),
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|(_, modules)| modules.contains(&module))
}

#[test]
fn no_module_imports_a_higher_layer() {
    let edges = imports();
    let mut wrong = Vec::new();
    for (from, targets) in &edges {
        let Some(own) = layer_of(from) else {
            wrong.push(format!("{from} is in no layer: place it in LAYERS"));
            continue;
        };
        for to in targets {
            match layer_of(to) {
                Some(other) if other > own => {
                    wrong.push(format!("{from} ({}) imports {to} ({})", LAYERS[own].0, LAYERS[other].0))
                }
                None => wrong.push(format!("{to} is in no layer: place it in LAYERS")),
                _ => {}
            }
        }
    }
    assert!(wrong.is_empty(), "imports against the layers: {wrong:#?}");
}

/// Every file of the core as a module path (`meetings::agenda`; a `mod.rs` is its
/// directory's module), with the code before its tests (its comments included: a path
/// named in a doc link is one a reader follows).
fn files() -> BTreeMap<String, String> {
    let src = crate::support::repo_root().join("src");
    let mut out = BTreeMap::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let relative = path.strip_prefix(&src).unwrap().with_extension("");
                let mut parts: Vec<String> =
                    relative.iter().map(|p| p.to_string_lossy().into_owned()).collect();
                if parts.last().is_some_and(|p| p == "mod") {
                    parts.pop();
                }
                if parts == ["lib"] {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                let code = text.split("#[cfg(test)]").next().unwrap();
                out.insert(parts.join("::"), code.to_string());
            }
        }
    }
    out
}

/// The paths written after `at` in `code`: `a::b::{c, d::e}` gives `a::b::c` and
/// `a::b::d::e`.
fn paths_from(code: &str, at: usize) -> Vec<String> {
    fn read(chars: &[char], mut i: usize, prefix: &str, out: &mut Vec<String>) -> usize {
        let mut path = prefix.to_string();
        loop {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            path.extend(&chars[start..i]);
            if i + 1 < chars.len() && chars[i] == ':' && chars[i + 1] == ':' {
                path.push_str("::");
                i += 2;
                if i < chars.len() && chars[i] == '{' {
                    i += 1;
                    loop {
                        while i < chars.len() && chars[i].is_whitespace() {
                            i += 1;
                        }
                        if i >= chars.len() || chars[i] == '}' {
                            return i + 1;
                        }
                        i = read(chars, i, &path, out);
                        while i < chars.len() && chars[i] != ',' && chars[i] != '}' {
                            i += 1;
                        }
                        if i < chars.len() && chars[i] == ',' {
                            i += 1;
                        }
                    }
                }
            } else {
                out.push(path);
                return i;
            }
        }
    }
    let chars: Vec<char> = code[at..].chars().take(2000).collect();
    let mut out = Vec::new();
    read(&chars, 0, "", &mut out);
    out
}

/// File → the files it names: through `crate::…` and `super::…` paths, and a module's
/// file naming its own children.
fn file_imports() -> BTreeMap<String, BTreeSet<String>> {
    let files = files();
    let resolve = |path: &str| -> Option<String> {
        let segments: Vec<&str> = path.split("::").collect();
        (1..=segments.len()).rev().map(|n| segments[..n].join("::")).find(|m| files.contains_key(m))
    };
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, code) in &files {
        let parent = module.rsplit_once("::").map(|(p, _)| p.to_string());
        let mut named = Vec::new();
        for (at, _) in code.match_indices("crate::") {
            named.extend(paths_from(code, at + 7));
        }
        for (at, _) in code.match_indices("super::") {
            if code[..at].ends_with("::") {
                continue;
            }
            let Some(parent) = &parent else { continue };
            named.extend(paths_from(code, at + 7).into_iter().map(|p| format!("{parent}::{p}")));
        }
        for child in files.keys().filter_map(|m| m.strip_prefix(&format!("{module}::"))) {
            let child = child.split("::").next().unwrap();
            let bare = code.match_indices(&format!("{child}::")).any(|(at, _)| {
                !code[..at].ends_with("::")
                    && !code[..at].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
            });
            if bare {
                named.push(format!("{module}::{child}"));
            }
        }
        for target in named.iter().filter_map(|p| resolve(p)) {
            if &target != module {
                edges.entry(module.clone()).or_default().insert(target);
            }
        }
    }
    edges
}

/// No file imports one that imports it back, counting what a file names of its
/// siblings, its parent, its own children and any other module: each area's model
/// (`model.rs`) and views (`views.rs`) stand apart from its steps.
#[test]
fn no_file_imports_one_that_imports_it_back() {
    let edges = file_imports();
    assert!(edges.len() > 60, "the files were read ({})", edges.len());
    assert!(
        edges.get("meetings::opinions").is_some_and(|t| t.contains("meetings")),
        "super:: is read: {:?}",
        edges.get("meetings::opinions")
    );
    assert!(
        edges.get("incoming").is_some_and(|t| t.contains("incoming::flow")),
        "a parent naming its own child is read: {:?}",
        edges.get("incoming")
    );
    let cycles: Vec<String> = closing(&edges).map(|(from, to)| format!("{from} -> {to}")).collect();
    assert!(cycles.is_empty(), "imports that close a cycle between files: {cycles:#?}");
}

#[test]
fn no_file_re_exports_another_modules_items() {
    let wrong: Vec<String> = files()
        .iter()
        .flat_map(|(module, code)| {
            code.lines()
                .filter(|l| {
                    let l = l.trim_start();
                    l.starts_with("pub use crate::") || l.starts_with("pub(crate) use crate::")
                })
                .map(move |l| format!("{module}: {}", l.trim()))
        })
        .collect();
    assert!(wrong.is_empty(), "use the item where it is declared: {wrong:#?}");
}

/// The command layer states no rule of storage and records nothing itself: its SQL and
/// the log's entries (what a step touched, in its words) live in the areas' steps.
#[test]
fn the_command_layer_writes_no_sql_and_no_log_entry() {
    let files = files();
    let commands: Vec<(&String, &String)> = files.iter().filter(|(m, _)| m.starts_with("commands")).collect();
    assert!(commands.len() > 10, "the command layer was read ({})", commands.len());
    let sql: Vec<String> = commands
        .iter()
        .flat_map(|(module, code)| {
            code.lines()
                .filter(|l| {
                    ["\"SELECT ", "\"INSERT ", "\"UPDATE ", "\"DELETE ", ".audit("]
                        .iter()
                        .any(|k| l.contains(k))
                })
                .map(move |l| format!("{module}: {}", l.trim()))
        })
        .collect();
    assert!(sql.is_empty(), "move these into their area: {sql:#?}");
}

//! The core's modules form layers: no module imports, through `crate::…`, one that
//! imports it back (in the spirit of rust-analyzer's `tidy`). A cycle is printed with
//! its edges, so that whoever adds one sees which import closed it.

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
            for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
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

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let edges = imports();
    assert!(edges.len() > 20, "the modules were read ({})", edges.len());
    let cycles: Vec<String> = edges
        .iter()
        .flat_map(|(from, targets)| targets.iter().map(move |to| (from, to)))
        .filter(|(from, to)| reaches(&edges, to, from))
        .map(|(from, to)| format!("{from} -> {to}"))
        .collect();
    assert!(cycles.is_empty(), "imports that close a cycle: {cycles:#?}");
}

/// The layers, lowest first (ARCHITECTURE.md): a module may import its own layer (the
/// cycle test keeps that acyclic) and the layers below, never one above. A new module
/// must be placed here.
const LAYERS: &[(&str, &[&str])] = &[
    // What every module may use: errors, text folding, time, the shared vocabulary of
    // roles, clearances, document types and the working calendar, storage, the event bus,
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
            "calendar",
            "db",
            "events",
            "permission",
            "search",
            "throttle",
            "xlsx",
            "secrecy",
        ],
    ),
    // What records are made of: the audit writer, files, sessions, people and agencies,
    // registers, the Office's settings and first start, the PDF engine.
    (
        "records",
        &[
            "audit",
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

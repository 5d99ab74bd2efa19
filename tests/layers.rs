//! The shape of `src/`, read from the source at test time: modules import only their own
//! layer and the layers below it, no files import each other in a cycle, and no file grows
//! past 600 lines before its tests. The layers, lowest first, are [`LAYERS`];
//! docs/architecture.md draws the same stack.
//!
//! An import is any `crate::…`, `super::…` or `self::…` path in a file's code (comments
//! and everything from its first `#[cfg(test)]` on left out), and a `use` of a child
//! module by its bare name. A file importing one of its own ancestors (`use super::*` in a
//! submodule) is not an edge: a module and its parts are one unit from the outside.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Lowest first. A module may import its own layer and the ones before it.
const LAYERS: &[&[&str]] = &[
    &["base"],
    &["domain"],
    &["snapshot"],
    &["config"],
    &["source", "monitor", "http_call"],
    &["history"],
    &["report", "notify"],
    &["poller"],
    &["recovery", "route_apply"],
    &["chatops"],
    &["serve", "connect", "tui"],
    &["app", "cli"],
];

/// Imports that run up the stack for now, at most two, each with the reason it is
/// still there. An entry that no longer occurs fails too, so the list only shrinks.
const BACK_IMPORTS: &[(&str, &str, &str)] = &[];

/// Modules whose files still import each other in a cycle, each with the reason; a cycle
/// is tolerated only when every file in it is inside one of these. An entry with no cycle
/// left fails too, so the list only shrinks.
const KNOWN_CYCLES: &[(&str, &str)] = &[];

/// Lines a file may hold before its `#[cfg(test)]`.
const MAX_LINES: usize = 600;

/// Files that are longer for now, until they are split by responsibility. An entry
/// whose file fits fails too, so the list only shrinks.
const LONG_FILES: &[&str] = &[];

/// One source file: its module path, its code (before the tests, without comments) and
/// how many lines that code has.
struct File {
    module: String,
    code: String,
    lines: usize,
    children: Vec<String>,
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The text before the first `#[cfg(test)]` line.
fn before_tests(text: &str) -> &str {
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if line.trim() == "#[cfg(test)]" {
            return &text[..at];
        }
        at += line.len();
    }
    text
}

/// `text` without `//` and `/* */` comments; string literals are kept as they are (no
/// file spells a module path inside one).
fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut in_str = false;
    while let Some(c) = rest.chars().next() {
        if in_str {
            if rest.starts_with("\\\"") || rest.starts_with("\\\\") {
                out.push_str(&rest[..2]);
                rest = &rest[2..];
                continue;
            }
            in_str = c != '"';
        } else if rest.starts_with("//") {
            rest = rest.find('\n').map_or("", |i| &rest[i..]);
            continue;
        } else if rest.starts_with("/*") {
            rest = rest.find("*/").map_or("", |i| &rest[i + 2..]);
            continue;
        } else if c == '"' && !out.ends_with('\'') {
            in_str = true;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// The modules of the library: every file reached from `lib.rs` through `mod` items
/// outside test code. Test modules in files of their own are left out like inline ones.
fn read_modules() -> BTreeMap<String, File> {
    let mut files = BTreeMap::new();
    let mut todo = vec![(String::new(), src().join("lib.rs"), src())];
    while let Some((module, path, dir)) = todo.pop() {
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
        let code = before_tests(&text);
        let lines = code.matches('\n').count();
        let code = strip_comments(code);
        let children = mod_items(&code);
        for child in &children {
            let name = if module.is_empty() {
                child.clone()
            } else {
                format!("{module}::{child}")
            };
            let flat = dir.join(format!("{child}.rs"));
            let (file, sub) = if flat.exists() {
                (flat, dir.join(child))
            } else {
                (dir.join(child).join("mod.rs"), dir.join(child))
            };
            assert!(
                file.exists(),
                "{name}: neither {child}.rs nor {child}/mod.rs"
            );
            todo.push((name, file, sub));
        }
        if !module.is_empty() {
            files.insert(
                module.clone(),
                File {
                    module,
                    code,
                    lines,
                    children,
                },
            );
        }
    }
    files
}

/// The names of `mod NAME;` items (inline `mod NAME { … }` blocks are part of the file).
fn mod_items(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in code.lines() {
        let t = line.trim();
        let t = t.strip_prefix("pub(crate) ").unwrap_or(t);
        let t = t.strip_prefix("pub ").unwrap_or(t);
        if let Some(name) = t.strip_prefix("mod ").and_then(|r| r.strip_suffix(';')) {
            out.push(name.trim().to_string());
        }
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Every path in `code` that starts at one of `roots` (`crate`, `super`, a child module),
/// as its segments, with each item of a `{…}` group after it as a path of its own.
fn paths(code: &str, roots: &[&str]) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let bytes = code.as_bytes();
    for root in roots {
        let needle = format!("{root}::");
        let mut from = 0;
        while let Some(i) = code[from..].find(&needle).map(|i| i + from) {
            from = i + needle.len();
            let before = code[..i].chars().next_back();
            // `a::crate::` is no root, nor is `xsuper::`; `self::` after `super::` is
            // read with the path it is part of.
            if before.is_some_and(|c| is_ident(c) || c == ':') {
                continue;
            }
            let mut segs = vec![root.to_string()];
            let mut j = from;
            loop {
                let start = j;
                while j < bytes.len() && is_ident(bytes[j] as char) {
                    j += 1;
                }
                if j > start {
                    segs.push(code[start..j].to_string());
                }
                if code[j..].starts_with("::{") {
                    let group = group_at(code, j + 3);
                    for item in split_top(group) {
                        let mut p = segs.clone();
                        p.extend(
                            item.split("::")
                                .map(|s| s.trim().trim_start_matches('{').to_string())
                                .take_while(|s| !s.is_empty() && s.chars().all(is_ident)),
                        );
                        out.push(p);
                    }
                    break;
                }
                if code[j..].starts_with("::") && j > start {
                    j += 2;
                    continue;
                }
                break;
            }
            out.push(segs);
        }
    }
    out
}

/// The text of a `{…}` group starting at `from` (just after its `{`).
fn group_at(code: &str, from: usize) -> &str {
    let mut depth = 1;
    for (k, c) in code[from..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return &code[from..from + k];
                }
            }
            _ => {}
        }
    }
    &code[from..]
}

/// The comma-separated items of a group, nested groups kept whole.
fn split_top(group: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (k, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                out.push(group[start..k].trim());
                start = k + 1;
            }
            _ => {}
        }
    }
    out.push(group[start..].trim());
    out.retain(|s| !s.is_empty() && *s != "self" && *s != "*");
    out
}

/// The module a path names: its longest prefix that is a file of the crate.
fn resolve(files: &BTreeMap<String, File>, here: &File, path: &[String]) -> Option<String> {
    let mut base: Vec<String> = here.module.split("::").map(String::from).collect();
    let mut rest = path;
    match path.first().map(String::as_str) {
        Some("crate") => {
            base.clear();
            rest = &path[1..];
        }
        Some("self") => rest = &path[1..],
        Some("super") => {
            while rest.first().map(String::as_str) == Some("super") {
                base.pop();
                rest = &rest[1..];
            }
        }
        // A child module named bare.
        _ => {}
    }
    let mut full = base;
    full.extend(rest.iter().cloned());
    (1..=full.len())
        .rev()
        .map(|n| full[..n].join("::"))
        .find(|m| files.contains_key(m))
}

/// Every import edge between files: importer → imported.
fn edges(files: &BTreeMap<String, File>) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in files.values() {
        let mut roots = vec!["crate", "super", "self"];
        roots.extend(f.children.iter().map(String::as_str));
        let targets = out.entry(f.module.clone()).or_default();
        for p in paths(&f.code, &roots) {
            let Some(t) = resolve(files, f, &p) else {
                continue;
            };
            let ancestor = f.module.starts_with(&format!("{t}::"));
            if t != f.module && !ancestor {
                targets.insert(t);
            }
        }
    }
    out
}

fn layer(module: &str) -> usize {
    let top = module.split("::").next().unwrap_or(module);
    LAYERS
        .iter()
        .position(|l| l.contains(&top))
        .unwrap_or_else(|| panic!("module {top} is in no layer: add it to LAYERS"))
}

#[test]
fn lower_layers_never_import_higher_ones() {
    assert!(BACK_IMPORTS.len() <= 2, "at most two back-imports");
    let files = read_modules();
    let mut bad = Vec::new();
    let mut allowed_seen = BTreeSet::new();
    for (from, tos) in edges(&files) {
        for to in tos {
            if layer(&to) <= layer(&from) {
                continue;
            }
            match BACK_IMPORTS.iter().find(|(a, b, _)| *a == from && *b == to) {
                Some(allowed) => {
                    allowed_seen.insert(*allowed);
                }
                None => bad.push(format!(
                    "{from} (layer {}) imports {to} (layer {})",
                    layer(&from),
                    layer(&to)
                )),
            }
        }
    }
    for allowed in BACK_IMPORTS {
        if !allowed_seen.contains(allowed) {
            bad.push(format!(
                "{} no longer imports {}: remove it from BACK_IMPORTS",
                allowed.0, allowed.1
            ));
        }
    }
    assert!(bad.is_empty(), "imports up the stack:\n{}", bad.join("\n"));
}

#[test]
fn no_files_import_each_other_in_a_cycle() {
    let files = read_modules();
    let edges = edges(&files);
    let inside = |m: &str, prefix: &str| m == prefix || m.starts_with(&format!("{prefix}::"));
    let mut bad = Vec::new();
    let mut known_seen = BTreeSet::new();
    for c in strongly_connected(&edges) {
        let known = KNOWN_CYCLES
            .iter()
            .find(|(prefix, _)| c.iter().all(|m| inside(m, prefix)));
        if let Some((prefix, _)) = known {
            known_seen.insert(*prefix);
            continue;
        }
        let shown: Vec<String> = c
            .iter()
            .flat_map(|a| {
                edges[a]
                    .iter()
                    .filter(|b| c.contains(*b))
                    .map(move |b| format!("  {a} -> {b}"))
            })
            .collect();
        bad.push(format!(
            "a cycle of {} files:\n{}",
            c.len(),
            shown.join("\n")
        ));
    }
    for (prefix, _) in KNOWN_CYCLES {
        if !known_seen.contains(prefix) {
            bad.push(format!(
                "no cycle is left in {prefix}: remove it from KNOWN_CYCLES"
            ));
        }
    }
    assert!(
        bad.is_empty(),
        "files importing each other:\n{}",
        bad.join("\n")
    );
}

#[test]
fn no_file_is_longer_than_600_lines_before_its_tests() {
    let files = read_modules();
    let mut bad = Vec::new();
    for f in files.values() {
        let listed = LONG_FILES.contains(&f.module.as_str());
        if f.lines > MAX_LINES && !listed {
            bad.push(format!("{}: {} lines before its tests", f.module, f.lines));
        }
        if f.lines <= MAX_LINES && listed {
            bad.push(format!(
                "{} fits now ({} lines): remove it from LONG_FILES",
                f.module, f.lines
            ));
        }
    }
    for m in LONG_FILES {
        if !files.contains_key(*m) {
            bad.push(format!("{m} is gone: remove it from LONG_FILES"));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// Tarjan's strongly connected components with more than one file.
fn strongly_connected(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<BTreeSet<String>> {
    struct State<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on: BTreeSet<&'a str>,
        out: Vec<BTreeSet<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a str) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on.insert(v);
        let next = s.edges.get(v).into_iter().flatten();
        for w in next {
            let w = w.as_str();
            if !s.index.contains_key(w) {
                visit(s, w);
                let lw = s.low[w];
                let lv = s.low.get_mut(v).expect("visited");
                *lv = (*lv).min(lw);
            } else if s.on.contains(w) {
                let iw = s.index[w];
                let lv = s.low.get_mut(v).expect("visited");
                *lv = (*lv).min(iw);
            }
        }
        if s.low[v] == s.index[v] {
            let mut comp = BTreeSet::new();
            while let Some(w) = s.stack.pop() {
                s.on.remove(w);
                comp.insert(w.to_string());
                if w == v {
                    break;
                }
            }
            if comp.len() > 1 {
                s.out.push(comp);
            }
        }
    }
    let mut s = State {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in edges.keys() {
        if !s.index.contains_key(v.as_str()) {
            visit(&mut s, v);
        }
    }
    s.out
}

#[test]
fn imports_are_read_from_paths_groups_and_relative_forms() {
    let code = "use crate::a::{b, c::{d, e}, self};\nuse super::f::G;\nlet x = crate::h::i(1);";
    let got = paths(code, &["crate", "super"]);
    let want: Vec<Vec<&str>> = vec![
        vec!["crate", "a", "b"],
        vec!["crate", "a", "c"],
        vec!["crate", "a"],
        vec!["crate", "h", "i"],
        vec!["super", "f", "G"],
    ];
    let mut got: Vec<Vec<&str>> = got
        .iter()
        .map(|p| p.iter().map(String::as_str).collect())
        .collect();
    got.sort();
    let mut want = want;
    want.sort();
    assert_eq!(got, want);
    assert_eq!(
        strip_comments("a // crate::x\nb /* crate::y */ \"//\" c"),
        "a \nb  \"//\" c"
    );
}

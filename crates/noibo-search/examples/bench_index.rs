//! Measures `build_index` on a generated corpus and reports the index size.
//! With `--each`, measures `build_index_each` instead, each file counted (and
//! written to OUT_DIR when given) then dropped as it comes, as a site build
//! does: its peak memory (`/usr/bin/time -f '%e s %M KiB'`, with
//! NOIBO_BENCH_RUNS=1) is then that of building, not of holding the index.
//!
//! python3 /work/shared/bench/gen_corpus.py --directives 10000 --out /tmp/corpus --only noibo
//! cargo run --release -p noibo-search --example bench_index -- [--each] /tmp/corpus/noibo/content [OUT_DIR]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use noibo_search::{IndexFile, Share, build_index, build_index_each};

mod common;

fn main() {
    let mut args: Vec<String> = std::env::args().collect();
    let each = args.iter().any(|a| a == "--each");
    args.retain(|a| a != "--each");
    let out = args.get(2).map(PathBuf::from);
    let content = PathBuf::from(
        args.get(1)
            .map(String::as_str)
            .unwrap_or("/tmp/corpus/noibo/content"),
    );
    let t = Instant::now();
    let mut docs = Vec::new();
    common::walk(&content, &content, &mut docs);
    if let Some(n) = std::env::var("NOIBO_BENCH_DOCS")
        .ok()
        .and_then(|n| n.parse().ok())
    {
        docs.truncate(n);
    }
    let runs: usize = std::env::var("NOIBO_BENCH_RUNS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(3);
    let text: usize = docs.iter().map(|d| d.body.len() + d.title.len()).sum();
    println!(
        "read {} documents, {:.1} MB of text, in {:?}",
        docs.len(),
        text as f64 / 1e6,
        t.elapsed()
    );

    if let Some(out) = &out {
        let _ = std::fs::remove_dir_all(out.join("search/idx"));
    }
    let (mut times, mut cpu, stats) = measure(&docs, runs, each, out.as_deref());
    times.sort();
    cpu.sort_by(f64::total_cmp);
    println!(
        "{}: wall best {:?}, median {:?}; CPU best {:.2} s ({runs} runs{})",
        if each {
            "build_index_each"
        } else {
            "build_index"
        },
        times[0],
        times[times.len() / 2],
        cpu[0],
        if out.is_some() {
            ", the last one writing the files"
        } else {
            ""
        }
    );
    stats.print();
    if let Some(out) = out {
        println!("wrote {}", out.display());
    }
}

/// Builds the index `runs` times; the wall and CPU time of each run, and
/// the sizes of the files of the last one (written to `out` if given).
fn measure(
    docs: &[noibo_search::SearchDoc],
    runs: usize,
    each: bool,
    out: Option<&Path>,
) -> (Vec<std::time::Duration>, Vec<f64>, Stats) {
    let mut times = Vec::new();
    let mut cpu = Vec::new();
    let mut stats = Stats::default();
    for run in 0..runs {
        // the files of the last run only are written
        let out = out.filter(|_| run + 1 == runs);
        stats = Stats::default();
        let (t, c) = (Instant::now(), cpu_time());
        if each {
            build_index_each(docs, Share::Alone, &mut |f| stats.add(&f, out));
        } else {
            let files = build_index(docs);
            for f in &files {
                stats.add(f, out);
            }
        }
        times.push(t.elapsed());
        cpu.push(cpu_time() - c);
    }
    (times, cpu, stats)
}

/// Sizes of the index files, by kind.
#[derive(Default)]
struct Stats {
    files: usize,
    total: usize,
    /// on disk: each file takes whole 4 KiB blocks
    disk: usize,
    /// kind -> (files, bytes, largest)
    by_kind: BTreeMap<String, (usize, usize, usize)>,
}

impl Stats {
    fn print(&self) {
        println!(
            "index: {} files, {:.2} MB, {:.2} MB on disk (4 KiB blocks)",
            self.files,
            self.total as f64 / 1e6,
            self.disk as f64 / 1e6
        );
        for (k, (n, bytes, max)) in &self.by_kind {
            println!("  {k:>5}: {n:>6} files, {:>9} bytes, largest {max}", bytes);
        }
    }

    /// Counts `f` and writes it under `out` when given.
    fn add(&mut self, f: &IndexFile, out: Option<&Path>) {
        let name = f.path.rsplit('/').next().unwrap();
        let kind = name.split('-').next().unwrap().trim_end_matches(".js");
        let e = self.by_kind.entry(kind.to_string()).or_default();
        e.0 += 1;
        e.1 += f.bytes.len();
        e.2 = e.2.max(f.bytes.len());
        self.files += 1;
        self.total += f.bytes.len();
        self.disk += f.bytes.len().div_ceil(4096) * 4096;
        if let Some(out) = out {
            let p = out.join(&f.path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, &f.bytes).unwrap();
        }
    }
}

/// CPU time of this process, all threads, in seconds (Linux), so that other load on the
/// machine does not count.
fn cpu_time() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks: f64 = f.get(11).and_then(|u| u.parse().ok()).unwrap_or(0.0)
        + f.get(12).and_then(|s| s.parse().ok()).unwrap_or(0.0);
    ticks / 100.0
}

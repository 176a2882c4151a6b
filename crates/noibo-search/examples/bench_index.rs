//! Measures `build_index` on a generated corpus and reports the index size.
//!
//! python3 /work/shared/bench/gen_corpus.py --directives 10000 --out /tmp/corpus --only noibo
//! cargo run --release -p noibo-search --example bench_index -- /tmp/corpus/noibo/content [OUT_DIR]

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

use noibo_search::build_index;

mod common;

fn main() {
    let args: Vec<String> = std::env::args().collect();
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

    let mut times = Vec::new();
    let mut cpu = Vec::new();
    let mut files = Vec::new();
    for _ in 0..runs {
        let (t, c) = (Instant::now(), cpu_time());
        files = build_index(&docs);
        times.push(t.elapsed());
        cpu.push(cpu_time() - c);
    }
    times.sort();
    cpu.sort_by(f64::total_cmp);
    println!(
        "build_index: wall best {:?}, median {:?}; CPU best {:.2} s ({runs} runs)",
        times[0],
        times[times.len() / 2],
        cpu[0]
    );

    let mut by_kind: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
    for f in &files {
        let name = f.path.rsplit('/').next().unwrap();
        let kind = name.split('-').next().unwrap().trim_end_matches(".js");
        let e = by_kind.entry(kind).or_default();
        e.0 += 1;
        e.1 += f.bytes.len();
        e.2 = e.2.max(f.bytes.len());
    }
    let total: usize = files.iter().map(|f| f.bytes.len()).sum();
    // on disk: each file takes whole 4 KiB blocks
    let disk: usize = files
        .iter()
        .map(|f| f.bytes.len().div_ceil(4096) * 4096)
        .sum();
    println!(
        "index: {} files, {:.2} MB, {:.2} MB on disk (4 KiB blocks)",
        files.len(),
        total as f64 / 1e6,
        disk as f64 / 1e6
    );
    for (k, (n, bytes, max)) in &by_kind {
        println!("  {k:>5}: {n:>6} files, {:>9} bytes, largest {max}", bytes);
    }
    if let Some(out) = args.get(2) {
        let out = PathBuf::from(out);
        let _ = std::fs::remove_dir_all(out.join("search/idx"));
        for f in &files {
            let p = out.join(&f.path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, &f.bytes).unwrap();
        }
        println!("wrote {}", out.display());
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

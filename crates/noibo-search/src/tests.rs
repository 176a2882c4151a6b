use super::*;
use crate::text::Sep;
use std::path::{Path, PathBuf};
use unicode_normalization::UnicodeNormalization;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Something a test needs (node, the shared seed files) is missing: under
/// CI (`CI` set) the test fails; elsewhere it is skipped with a notice.
fn missing(what: &str) {
    if std::env::var_os("CI").is_some_and(|v| !v.is_empty()) {
        panic!("{what} (required under CI)");
    }
    eprintln!("SKIPPED: {what}");
}

fn doc(
    url: &str,
    kind: &str,
    title: &str,
    number: Option<&str>,
    date: &str,
    body: &str,
) -> SearchDoc {
    SearchDoc {
        url: url.into(),
        kind: kind.into(),
        title: title.into(),
        number: number.map(Into::into),
        doc_type: number.map(|_| "Công văn".into()),
        issuer: Some("Ban Thường vụ Thành ủy Cần Thơ".into()),
        signer: Some("Trần Văn Huyền".into()),
        date: date.into(),
        tags: vec!["Xây dựng Đảng".into()],
        body: body.into(),
    }
}

fn sample() -> Vec<SearchDoc> {
    let nfd: String = "Tập trung tuyên truyền về công tác xây dựng Đảng, hoà nhập, uỷ ban"
        .nfd()
        .collect();
    vec![
        doc(
            "van-ban/2026/58-cv-tccs/",
            "directives",
            "Về xuất bản Chuyên trang Xây dựng Đảng điện tử",
            Some("58-CV/TCCS"),
            "2026-03-25",
            "Tạp chí Cộng sản đề nghị các cơ quan, đơn vị phối hợp.\nCác cơ quan đang thực hiện.",
        ),
        doc(
            "van-ban/2026/thanh-uy-can-tho/",
            "directives",
            "Về triển khai thực hiện Chuyên trang Xây dựng Đảng điện tử",
            Some("123-CV/TU"),
            "2026-04-02",
            "Thực hiện Công văn số 58-CV/TCCS ngày 25/3/2026 của Tạp chí Cộng sản; Kết luận số 21-KL/TW.",
        ),
        doc(
            "tai-lieu/nfd/",
            "materials",
            "Tham luận",
            None,
            "2025-01-01",
            &nfd,
        ),
    ]
}

/// Reads the value of `key` from the built files: its own file when the meta
/// file lists its fingerprint and that file holds it, else its bucket.
fn lookup(files: &[IndexFile], key: &str) -> Option<serde_json::Value> {
    let meta = part_json(files, "meta");
    let fp = write::fingerprint(key);
    let mut at: i64 = -1;
    let big = enc::decode_nums(meta["big"].as_str().unwrap())
        .into_iter()
        .any(|g| {
            at += i64::from(g) + 1;
            at == i64::from(fp)
        });
    if big && let Some(v) = part_json(files, &format!("q-{fp:05x}")).get(key) {
        return Some(v.clone());
    }
    let buckets = meta["buckets"].as_u64().unwrap() as u32;
    let b = part_json(files, &format!("b-{}", enc::fnv1a32(key) & (buckets - 1)));
    b.get(key).cloned()
}

fn part_json(files: &[IndexFile], name: &str) -> serde_json::Value {
    let path = format!("{INDEX_DIR}{name}.js");
    let f = files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("no {path}"));
    let s = std::str::from_utf8(&f.bytes).unwrap();
    let s = s.strip_prefix('\u{feff}').unwrap();
    let head = format!("__noiboSearchPart(\"{name}\",");
    let s = s.strip_prefix(&head).unwrap().strip_suffix(");\n").unwrap();
    serde_json::from_str(s).unwrap()
}

/// Documents holding a term (any variant) with their quantised scores (0 for
/// filters), decoded.
fn scores_of(files: &[IndexFile], key: &str) -> Vec<(u32, u32)> {
    let Some(v) = lookup(files, key) else {
        return vec![];
    };
    let list = match &v {
        serde_json::Value::String(s) => s.as_str(),
        serde_json::Value::Array(a) => a[0].as_str().unwrap(),
        _ => panic!("{v}"),
    };
    if key.starts_with('~') {
        return lists::decode_docs(list)
            .into_iter()
            .map(|d| (d, 0))
            .collect();
    }
    let out = lists::decode_scored(list);
    assert!(out.iter().all(|&(_, q)| (1..=QMAX).contains(&q)));
    out
}

/// The variants of a folded word written with marks, with their documents.
fn variants_of(files: &[IndexFile], key: &str) -> Vec<(String, Vec<u32>)> {
    let v = lookup(files, key).unwrap();
    let Some(a) = v.as_array() else {
        return vec![];
    };
    let all: Vec<u32> = scores_of(files, key).into_iter().map(|(d, _)| d).collect();
    a[1..]
        .chunks(2)
        .map(|c| {
            let docs = c[1].as_str().unwrap();
            let docs = if docs.is_empty() {
                all.clone()
            } else {
                lists::decode_docs(docs)
            };
            (c[0].as_str().unwrap().to_string(), docs)
        })
        .collect()
}

fn docs_of(files: &[IndexFile], key: &str) -> Vec<u32> {
    let mut d: Vec<u32> = scores_of(files, key).into_iter().map(|(d, _)| d).collect();
    d.dedup();
    d
}

#[test]
fn finds_terms_numbers_pairs_and_filters() {
    let files = build_index(&sample());
    // newest first: 0 = thanh-uy (2026-04-02), 1 = 58-cv-tccs, 2 = nfd
    assert_eq!(docs_of(&files, "dang"), [0, 1, 2]);
    assert_eq!(docs_of(&files, "58-cv-tccs"), [0, 1]);
    assert_eq!(docs_of(&files, "58-cv"), [0, 1]);
    assert_eq!(docs_of(&files, "21-kl-tw"), [0]);
    assert_eq!(docs_of(&files, "21-kl"), [0]);
    assert_eq!(docs_of(&files, "tuyen truyen"), [2]);
    assert_eq!(docs_of(&files, "xay dung"), [0, 1, 2]);
    assert_eq!(docs_of(&files, "co quan"), [1]);
    assert_eq!(docs_of(&files, "~k=directives"), [0, 1]);
    assert_eq!(docs_of(&files, "~t=cong van"), [0, 1]);
    assert_eq!(docs_of(&files, "~y=2025"), [2]);
    assert_eq!(
        docs_of(&files, "~i=ban thuong vu thanh uy can tho"),
        [0, 1, 2]
    );
    // dates are indexed day/month/year
    assert_eq!(docs_of(&files, "25 3"), [0, 1]);
    // exact variants, tone placement normalised, NFD text read as NFC
    let dang = variants_of(&files, "dang");
    let names: Vec<&str> = dang.iter().map(|v| v.0.as_str()).collect();
    assert_eq!(names, ["đang", "đang_3"]);
    assert_eq!(dang[0].1, [1], "đang in one document");
    assert_eq!(dang[1].1, [0, 1, 2], "Đảng in every document");
    assert_eq!(variants_of(&files, "hoa"), [("hoa_2".to_string(), vec![2])]);
    let uy = variants_of(&files, "uy");
    let names: Vec<&str> = uy.iter().map(|v| v.0.as_str()).collect();
    assert_eq!(names, ["uy_3"], "uỷ and ủy are one exact key");
    assert!(variants_of(&files, "cac").iter().all(|v| v.0 != "cac"));
    // dictionary shard for prefixes
    let d = part_json(&files, "d-tu");
    assert!(d.get("tuyen").is_some() && d.get("truyen").is_none());
    let d = part_json(&files, "d-58");
    assert_eq!(d["58-cv-tccs"], 2);
    let d = part_json(&files, "d-da");
    assert_eq!(d["dang"], 3);
    // no comma-separated neighbours
    assert!(docs_of(&files, "quan don").is_empty());
}

#[test]
fn number_field_in_every_spelling_gives_one_token() {
    for spelling in [
        "58-CV/TCCS",
        "58-cv/tccs",
        "58 CV TCCS",
        "58–CV/TCCS",
        "58 - CV / TCCS",
    ] {
        let d = doc("x/", "directives", "T", Some(spelling), "2026-01-01", "");
        let files = build_index(&[d]);
        assert_eq!(docs_of(&files, "58-cv-tccs"), [0], "{spelling}");
        assert_eq!(docs_of(&files, "58-cv"), [0], "{spelling}");
    }
}

#[test]
fn field_weights_rank_number_and_title_above_body() {
    let files = build_index(&sample());
    // doc 0 cites it in the body, doc 1 has it as its number
    let s = scores_of(&files, "58-cv-tccs");
    assert_eq!(s.len(), 2);
    assert!(s[1].1 > s[0].1, "number field above body: {s:?}");
    // "chuyen trang" is in both titles, "co quan" in one body only
    let t = scores_of(&files, "chuyen");
    let b = scores_of(&files, "quan");
    assert!(t.iter().all(|&(_, q)| q > b[0].1), "{t:?} {b:?}");
}

#[test]
fn build_is_deterministic() {
    let docs = seed_docs();
    let a = build_index(&docs);
    let mut reversed = docs.clone();
    reversed.reverse();
    let b = build_index(&reversed);
    assert_eq!(a, b);
    assert_eq!(a, build_index(&docs));
}

#[test]
fn threads_do_not_change_the_output() {
    let mut docs = Vec::new();
    for round in 0..7 {
        for (i, mut d) in seed_docs().into_iter().enumerate() {
            d.url = format!("r{round}/{i}/");
            d.date = format!("202{}-0{}-1{}", round % 3, i % 9 + 1, round);
            docs.push(d);
        }
    }
    let one = build_with_threads(&docs, 1);
    for threads in [2, 3, 4, 50] {
        assert!(
            one == build_with_threads(&docs, threads),
            "{threads} threads"
        );
    }
}

/// The files `build_each_with_threads` hands over, in order, checking that
/// each path comes once and `meta.js` last.
fn emitted(docs: &[SearchDoc], threads: usize) -> Vec<IndexFile> {
    let mut calls = Vec::new();
    build_each_with_threads(docs, threads, &mut |f| calls.push(f));
    let mut paths: Vec<&str> = calls.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths.pop(), Some("search/idx/meta.js"), "meta comes last");
    paths.sort_unstable();
    let n = paths.len();
    paths.dedup();
    assert_eq!(paths.len(), n, "emit called once per file");
    calls
}

#[test]
fn each_file_is_emitted_once_as_build_index_makes_it() {
    let mut docs = Vec::new();
    for round in 0..7 {
        for (i, mut d) in seed_docs().into_iter().enumerate() {
            d.url = format!("r{round}/{i}/");
            docs.push(d);
        }
    }
    for docs in [&seed_docs()[..], &sample()[..], &docs[..], &[]] {
        let all = build_index(docs);
        let mut calls = 0;
        let mut each = Vec::new();
        build_index_each(docs, Share::Alone, &mut |f| {
            calls += 1;
            each.push(f);
        });
        assert_eq!(calls, all.len());
        each.sort_by(|a, b| a.path.cmp(&b.path));
        assert!(each == all, "build_index_each differs from build_index");
        for threads in [1, 2, 3] {
            let mut each = emitted(docs, threads);
            assert_eq!(each.len(), all.len(), "{threads} threads");
            each.sort_by(|a, b| a.path.cmp(&b.path));
            assert!(each == all, "{threads} threads");
        }
    }
}

#[test]
fn empty_site_builds() {
    let files = build_index(&[]);
    let meta = part_json(&files, "meta");
    assert_eq!(meta["n"], 0);
    assert!(
        files
            .iter()
            .all(|f| f.path.starts_with(INDEX_DIR) && f.path.ends_with(".js"))
    );
}

#[test]
fn part_sizes_are_sane() {
    let mut docs = Vec::new();
    for round in 0..40 {
        for (i, d) in seed_docs().into_iter().enumerate() {
            let mut d = d;
            d.url = format!("r{round}/{i}/");
            d.number = Some(format!("{}-CV/TU", round * 10 + i + 1));
            docs.push(d);
        }
    }
    let files = build_index(&docs);
    let total: usize = files.iter().map(|f| f.bytes.len()).sum();
    for f in &files {
        let name = f.path.trim_start_matches(INDEX_DIR);
        let limit = match &name[..2] {
            "b-" => 64 * 1024,
            "d-" => 32 * 1024,
            "c-" => CHUNK_TARGET + 3 * SNIPPET_TEXT_MAX * 3,
            "q-" => 64 * 1024,
            _ => 16 * 1024,
        };
        assert!(
            f.bytes.len() < limit,
            "{} is {} bytes",
            f.path,
            f.bytes.len()
        );
        assert!(f.bytes.starts_with("\u{feff}__noiboSearchPart(".as_bytes()));
    }
    assert!(
        total < 40 * docs.iter().map(|d| d.body.len()).sum::<usize>() / 10,
        "index {total} bytes"
    );
}

fn seed_docs() -> Vec<SearchDoc> {
    let dir = std::env::var_os("NOIBO_SEEDS")
        .map_or_else(|| repo().join("../shared/seeds"), PathBuf::from);
    let mut out = Vec::new();
    let mut paths: Vec<_> = match std::fs::read_dir(&dir) {
        Ok(r) => r.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(_) => {
            missing(&format!(
                "no seeds at {}: the sample documents stand in",
                dir.display()
            ));
            return sample();
        }
    };
    paths.sort();
    for (i, p) in paths.iter().enumerate() {
        let body = std::fs::read_to_string(p).unwrap();
        let title: String = body
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("")
            .trim()
            .to_string();
        out.push(doc(
            &format!("seed/{i}/"),
            "directives",
            &title,
            None,
            &format!("2026-01-0{}", i % 9 + 1),
            &body,
        ));
    }
    out
}

// ---- agreement with the JavaScript client

/// The shared cases of the text rules, `crates/noibo-refs/tests/cases/text.json`.
fn shared_cases_path() -> PathBuf {
    repo().join("crates/noibo-refs/tests/cases/text.json")
}

fn shared_cases() -> serde_json::Value {
    let text = std::fs::read_to_string(shared_cases_path()).expect("the shared text cases");
    serde_json::from_str(&text).expect("valid JSON")
}

/// The folding section of the shared cases, as this crate computes it from
/// their inputs.
fn cases() -> serde_json::Value {
    let inputs: Vec<String> = shared_cases()["folding"]
        .as_array()
        .expect("folding cases")
        .iter()
        .map(|c| c["input"].as_str().expect("input").to_string())
        .collect();
    let mut list = Vec::new();
    for input in inputs {
        let t = noibo_text::nfc(&input);
        let mut words = Vec::new();
        text::scan(&t, &mut words);
        let (mut f, mut x) = (String::new(), String::new());
        let mut toks = Vec::new();
        for w in &words {
            let raw = &t[w.start..w.end];
            text::folded_key(raw, &mut f);
            text::exact_key(raw, &mut x);
            let sep = match w.sep {
                Sep::Start => "start",
                Sep::Space => "space",
                Sep::Joiner => "joiner",
                Sep::Break => "break",
            };
            toks.push(serde_json::json!([f.clone(), x.clone(), sep]));
        }
        let mut nums = Vec::new();
        text::find_numbers(&t, &words, &mut nums);
        let nums: Vec<_> = nums
            .iter()
            .map(|n| serde_json::json!([n.full, n.short]))
            .collect();
        list.push(serde_json::json!({
            "input": input,
            "fold": noibo_text::fold(&t),
            "tokens": toks,
            "numbers": nums,
            "filter": filter_value(&input),
            "shard": shard_key(&noibo_text::fold(&t)),
            "hash": enc::fnv1a32(&noibo_text::fold(&t)),
        }));
    }
    serde_json::Value::Array(list)
}

/// The shared cases hold what Rust makes of tricky strings; the node tests
/// check the search scripts against them. Regenerate with
/// `NOIBO_BLESS=1 cargo test -p noibo-search`.
#[test]
fn fold_cases_file_is_current() {
    let mut all = shared_cases();
    let want = cases();
    if std::env::var_os("NOIBO_BLESS").is_some() {
        all["folding"] = want.clone();
        let out = serde_json::to_string_pretty(&all).unwrap() + "\n";
        std::fs::write(shared_cases_path(), out).unwrap();
    }
    assert!(
        all["folding"] == want,
        "{} is stale: run NOIBO_BLESS=1 cargo test -p noibo-search",
        shared_cases_path().display()
    );
    let inputs: Vec<&str> = want
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["input"].as_str().unwrap())
        .collect();
    for s in ["Đảng ủy", "uỷ ban", "ủy ban", "hoà bình", "hòa bình"] {
        assert!(inputs.contains(&s), "{s} is a case");
        let nfd: String = s.nfd().collect();
        assert!(inputs.contains(&nfd.as_str()), "{s} in NFD is a case");
    }
}

/// Runs `search.js` in node (when node is installed) on the tricky strings and
/// checks it folds, tokenises and hashes exactly as this crate does.
#[test]
fn javascript_client_agrees_when_node_is_present() {
    let script = repo().join("tests/browser/js-keys.js");
    let input = serde_json::to_string(&cases()).unwrap();
    let child = std::process::Command::new("node")
        .arg(&script)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn();
    let Ok(mut child) = child else {
        missing("node not found: the JavaScript agreement check needs it");
        return;
    };
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "node failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let want = cases();
    for (g, w) in got.as_array().unwrap().iter().zip(want.as_array().unwrap()) {
        assert_eq!(g, w, "JavaScript disagrees on {:?}", w["input"]);
    }
    assert_eq!(
        got.as_array().unwrap().len(),
        want.as_array().unwrap().len()
    );
}

#[test]
fn quantiser_matches_quantise() {
    let q = Quantiser::new();
    let mut s = 0.0;
    while s < SCORE_MAX + 2.0 {
        assert_eq!(q.q(s), quantise(s), "{s}");
        s += 0.001;
    }
}

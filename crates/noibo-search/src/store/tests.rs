use proptest::prelude::*;

use crate::{DocKey, IndexFile, SearchDoc};

const WORDS: &[&str] = &[
    "Đảng",
    "đang",
    "xây",
    "dựng",
    "chuyển",
    "đổi",
    "số",
    "Thành",
    "ủy",
    "cán",
    "bộ",
    "đảng",
    "viên",
    "58-CV/TCCS",
    "12/2026",
    "kiểm",
    "tra",
    "giám",
    "sát",
    "e\u{301}",
];

fn key(d: &SearchDoc) -> DocKey {
    let text = format!("{d:?}");
    let mut a = crate::enc::FNV64_INIT;
    let mut b = 0x9e37_79b9_7f4a_7c15;
    crate::enc::fnv1a64(&mut a, text.as_bytes());
    crate::enc::mix64(&mut b, text.as_bytes());
    let mut k = [0u8; 16];
    k[..8].copy_from_slice(&a.to_le_bytes());
    k[8..].copy_from_slice(&b.to_le_bytes());
    k
}

fn words(picks: &[usize]) -> String {
    let w: Vec<&str> = picks.iter().map(|&i| WORDS[i % WORDS.len()]).collect();
    w.join(" ")
}

/// A document from a few numbers: which url, which date, which words.
fn doc(url: usize, date: usize, title: &[usize], body: &[usize]) -> SearchDoc {
    SearchDoc {
        url: format!("van-ban/{url}/"),
        kind: ["directives", "models"][url % 2].into(),
        title: words(title),
        number: url.is_multiple_of(3).then(|| format!("{url}-CV/TCCS")),
        doc_type: Some(["Công văn", "Kết luận"][date % 2].into()),
        issuer: Some("Ban Tổ chức".into()),
        signer: None,
        date: format!("2026-0{}-1{}", 1 + date % 9, date % 10),
        tags: vec![words(&title[..title.len().min(2)])],
        body: words(body).into(),
    }
}

fn arb_doc() -> impl Strategy<Value = SearchDoc> {
    (
        0usize..40,
        0usize..30,
        prop::collection::vec(0usize..40, 1..5),
        prop::collection::vec(0usize..40, 0..30),
    )
        .prop_map(|(u, d, t, b)| doc(u, d, &t, &b))
}

#[derive(Debug, Clone)]
enum Edit {
    Add(SearchDoc),
    Remove(usize),
    Replace(usize, SearchDoc),
    Redate(usize, usize),
    /// The store cut short at some byte.
    Cut(usize),
    /// Every how many files of the output one is lost (or changed by
    /// hand), so that the output no longer holds it.
    Lose(usize),
}

fn arb_edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        arb_doc().prop_map(Edit::Add),
        (0usize..100).prop_map(Edit::Remove),
        (0usize..100, arb_doc()).prop_map(|(i, d)| Edit::Replace(i, d)),
        (0usize..100, 0usize..30).prop_map(|(i, d)| Edit::Redate(i, d)),
        (0usize..10_000).prop_map(Edit::Cut),
        (1usize..5).prop_map(Edit::Lose),
    ]
}

fn clean(docs: &[SearchDoc]) -> Vec<IndexFile> {
    crate::build_with_threads(docs, 1)
}

/// The files of the index of `docs` made with the store `previous`
/// and the output `before` left by the build of index id `index` (each
/// file kept is taken from it), sorted by path; the next store; what
/// was done; and how many files were kept.
fn reusing(
    docs: &[SearchDoc],
    previous: Option<&[u8]>,
    before: &[IndexFile],
    index: u64,
    threads: usize,
) -> (Vec<IndexFile>, Vec<u8>, crate::Reused, Vec<String>) {
    let (made, next, r, kept, _) = reusing_left_out(docs, previous, before, index, threads, 0);
    (made, next, r, kept)
}

/// [`reusing`] with the body of every `every`-th document left out (none
/// if 0), given through [`crate::Later`]; also the documents whose bodies
/// were asked for.
fn reusing_left_out(
    docs: &[SearchDoc],
    previous: Option<&[u8]>,
    before: &[IndexFile],
    index: u64,
    threads: usize,
    every: usize,
) -> (
    Vec<IndexFile>,
    Vec<u8>,
    crate::Reused,
    Vec<String>,
    Vec<usize>,
) {
    let keys: Vec<DocKey> = docs.iter().map(key).collect();
    let left_out: Vec<bool> = (0..docs.len())
        .map(|i| every > 0 && i % every == 0)
        .collect();
    let given: Vec<SearchDoc> = docs
        .iter()
        .zip(&left_out)
        .map(|(d, &out)| SearchDoc {
            body: if out { "".into() } else { d.body.clone() },
            ..d.clone()
        })
        .collect();
    let asked = std::sync::Mutex::new(Vec::new());
    let body = |i: usize| {
        assert!(
            left_out[i],
            "the body of document {i} was given, yet asked for"
        );
        asked.lock().unwrap().push(i);
        docs[i].body.clone()
    };
    let later = crate::Later {
        left_out: &left_out,
        body: &body,
    };
    let held: std::collections::HashMap<&str, &IndexFile> =
        before.iter().map(|f| (f.path.as_str(), f)).collect();
    let holds = |p: &str| held.contains_key(p);
    let left = crate::Left {
        index,
        holds: &holds,
    };
    let mut files = Vec::new();
    let mut kept = Vec::new();
    let mut next = Vec::new();
    let at = crate::Reuse {
        previous: previous.and_then(crate::Store::read),
        left: Some(left),
        later: (every > 0).then_some(later),
    };
    let r = crate::reusing_with_threads(&given, &keys, at, threads, &mut next, &mut |p| match p {
        crate::Part::File(f) => files.push(f),
        crate::Part::Kept(path) => {
            files.push(held[path.as_str()].clone());
            kept.push(path);
        }
    })
    .expect("writing into memory");
    files.sort_by(|a, b| a.path.cmp(&b.path));
    assert_eq!(kept.len(), r.kept);
    let mut asked = asked.into_inner().unwrap();
    asked.sort_unstable();
    asked.dedup();
    (files, next, r, kept, asked)
}

fn dedup(docs: &mut Vec<SearchDoc>) {
    let mut seen = std::collections::HashSet::new();
    docs.retain(|d| seen.insert(d.url.clone()));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// After every edit, the index made with the last build's store
    /// (and the files that build left, but those lost) is byte for
    /// byte the index made from nothing, and only the documents the
    /// store did not have were read again. A build may not end (it
    /// leaves its store but not its files): the next is still right.
    /// Bodies may be left out (every `every`-th), to be asked for only
    /// where a file needs them: the index is the same.
    #[test]
    fn a_rebuild_from_the_store_is_a_clean_build(
        start in prop::collection::vec(arb_doc(), 0..40),
        edits in prop::collection::vec((arb_edit(), prop::bool::weighted(0.2)), 1..8),
        threads in 1usize..4,
        every in 0usize..4,
    ) {
        let mut docs = start;
        dedup(&mut docs);
        let (mut files, mut store, r, _) = reusing(&docs, None, &[], 0, threads);
        let mut index = r.index;
        prop_assert!(!r.store_used);
        prop_assert_eq!(&files, &clean(&docs));
        for (e, unfinished) in edits {
            let mut damaged = false;
            match e {
                Edit::Add(d) => docs.push(d),
                Edit::Remove(i) if !docs.is_empty() => { docs.remove(i % docs.len()); }
                Edit::Replace(i, mut d) if !docs.is_empty() => {
                    let i = i % docs.len();
                    d.url = docs[i].url.clone();
                    docs[i] = d;
                }
                Edit::Redate(i, date) if !docs.is_empty() => {
                    let i = i % docs.len();
                    docs[i].date = format!("2025-1{}-0{}", date % 3, 1 + date % 9);
                }
                Edit::Cut(at) => {
                    store.truncate(at % store.len());
                    damaged = true;
                }
                Edit::Lose(every) => {
                    let mut k = 0;
                    files.retain(|_| { k += 1; k % every != 0 });
                }
                _ => {}
            }
            dedup(&mut docs);
            let old_keys: std::collections::HashSet<DocKey> =
                crate::store::read(&store).map(|s| s.keys.into_iter().collect()).unwrap_or_default();
            let (made, next, r, _, _) =
                reusing_left_out(&docs, Some(&store), &files, index, threads, every);
            prop_assert_eq!(&made, &clean(&docs));
            if !unfinished {
                files = made;
                index = r.index;
            }
            if r.store_used {
                let new = docs.iter().filter(|d| !old_keys.contains(&key(d))).count();
                prop_assert_eq!(r.indexed, new);
            } else {
                prop_assert!(damaged, "an undamaged store was not used");
            }
            store = next;
        }
    }
}

#[test]
fn a_store_cut_short_or_with_bytes_after_it_is_not_used() {
    let docs: Vec<SearchDoc> = (0..5).map(|i| doc(i, i, &[i, 1], &[2, 3, i])).collect();
    let (files, store, made, _) = reusing(&docs, None, &[], 0, 1);
    let index = made.index;
    for bad in [
        &store[..store.len() - 1],
        &store[..store.len() / 2],
        &[][..],
    ] {
        let (again, _, r, kept) = reusing(&docs, Some(bad), &files, index, 1);
        assert!(!r.store_used);
        assert!(kept.is_empty());
        assert_eq!(again, files);
    }
    let mut longer = store.clone();
    longer.push(0);
    assert!(!reusing(&docs, Some(&longer), &files, index, 1).2.store_used);
    let (again, _, r, _) = reusing(&docs, Some(&store), &files, index, 1);
    assert!(r.store_used);
    assert_eq!(r.indexed, 0);
    assert_eq!(again, files);
}

/// 120 documents over 30 dates, enough for several chunks of texts.
fn many_docs() -> Vec<SearchDoc> {
    let mut docs: Vec<SearchDoc> = (0..120)
        .map(|i| doc(i, i % 30, &[i, 1], &[2, 3, i, 13, i + 5]))
        .collect();
    dedup(&mut docs);
    docs
}

/// With every body left out, an edit asks for the bodies of the one
/// chunk made again only, and the index is still that of a clean build.
#[test]
fn an_edit_asks_only_for_the_bodies_of_the_chunk_made_again() {
    let docs = many_docs();
    let (files, store, made, _) = reusing(&docs, None, &[], 0, 2);
    let mut edited = docs.clone();
    edited[7].body = format!("{} chuyển đổi số", edited[7].body).into();
    let (again, _, r, _, asked) = reusing_left_out(&edited, Some(&store), &files, made.index, 2, 1);
    assert_eq!(again, clean(&edited));
    assert_eq!(r.indexed, 1);
    assert!(
        asked.contains(&7),
        "the edited body was not asked for: {asked:?}"
    );
    assert!(
        asked.len() < docs.len() / 4,
        "{} bodies asked for",
        asked.len()
    );
    // A store that cannot be used: every body is asked for.
    let (whole, _, r, _, asked) = reusing_left_out(&edited, Some(&[]), &files, made.index, 2, 1);
    assert!(!r.store_used);
    assert_eq!(whole, again);
    assert_eq!(asked.len(), docs.len());
}

/// Editing one document of many makes again only the chunk that holds
/// it (with the lists and the other small files); every other chunk is
/// kept, and the index is still that of a clean build.
#[test]
fn an_edit_keeps_the_chunks_of_the_other_documents() {
    let docs = many_docs();
    for threads in [1, 2] {
        let (files, store, made, _) = reusing(&docs, None, &[], 0, threads);
        let chunks = files.iter().filter(|f| f.path.contains("/c-")).count();
        assert!(chunks > 5, "{chunks} chunks");
        let mut edited = docs.clone();
        edited[7].body = format!("{} chuyển đổi số", edited[7].body).into();
        let (again, _, r, kept) = reusing(&edited, Some(&store), &files, made.index, threads);
        assert_eq!(r.indexed, 1);
        assert_eq!(again, clean(&edited));
        assert_eq!(
            kept.len(),
            chunks - 1,
            "every chunk but the edited one kept"
        );
        // with none of the files left, nothing is kept
        let (again, _, _, kept) = reusing(&edited, Some(&store), &[], made.index, threads);
        assert!(kept.is_empty());
        assert_eq!(again, clean(&edited));
        // nor with the files of another build than the store's
        let other = made.index ^ 1;
        let (again, _, r, kept) = reusing(&edited, Some(&store), &files, other, threads);
        assert!(r.store_used);
        assert!(kept.is_empty());
        assert_eq!(again, clean(&edited));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Whatever bytes a store holds, reading it and building from it
    /// does not panic.
    #[test]
    fn any_damage_to_a_store_is_survived(
        flips in prop::collection::vec((0usize..100_000, 1u8..=255), 1..6),
    ) {
        let docs: Vec<SearchDoc> = (0..6).map(|i| doc(i, i, &[i, 1], &[2, 3, i, 13])).collect();
        let (before, mut store, made, _) = reusing(&docs, None, &[], 0, 1);
        for (at, x) in flips {
            let at = at % store.len();
            store[at] ^= x;
        }
        let (files, _, _, _) = reusing(&docs, Some(&store), &before, made.index, 1);
        prop_assert!(!files.is_empty());
    }
}

/// 5,000 documents: even ones have words 2 and 3, odd ones 13 and 14, so
/// four big lists, and big pairs.
fn big_list_docs() -> Vec<SearchDoc> {
    (0..5000)
        .map(|i| {
            let body: &[usize] = if i % 2 == 0 {
                &[2, 3, 2, 3]
            } else {
                &[13, 14, 13, 14]
            };
            doc(i, i % 30, &[i % 7 + 15], body)
        })
        .collect()
}

/// Big lists (files `q-` of their own) that an edit does not touch are not
/// encoded again: their files are kept. Adding a document (a new count of
/// documents, so new scores) keeps none.
#[test]
fn an_edit_keeps_the_files_of_the_big_lists_it_does_not_touch() {
    let docs = big_list_docs();
    let big = |files: &[IndexFile]| files.iter().filter(|f| f.path.contains("/q-")).count();
    for threads in [1, 2] {
        let (files, store, made, _) = reusing(&docs, None, &[], 0, threads);
        assert!(big(&files) >= 4, "{} big lists", big(&files));
        let mut edited = docs.clone();
        edited[700].body = format!("{} xây dựng", edited[700].body).into();
        let (again, next, r, kept) = reusing(&edited, Some(&store), &files, made.index, threads);
        assert_eq!(again, clean(&edited));
        let kept_big = kept.iter().filter(|p| p.contains("/q-")).count();
        assert!(
            kept_big >= 2,
            "{kept_big} of {} big lists kept",
            big(&files)
        );
        assert!(
            kept_big < big(&again),
            "the lists of the edited document made again"
        );
        // again from the store the edit left: still a clean build's
        let (twice, _, _, _) = reusing(&edited, Some(&next), &again, r.index, threads);
        assert_eq!(twice, clean(&edited));
        // one document more, last in order (the oldest), so that every
        // other keeps its number and the lists of 3 and 14 their
        // postings: but the count of documents is not the same, so no big
        // list is kept
        let mut more = edited.clone();
        more.push(doc(9999, 0, &[1], &[2, 13]));
        let (grown, _, _, kept) = reusing(&more, Some(&next), &again, r.index, threads);
        assert_eq!(grown, clean(&more));
        assert!(!kept.iter().any(|p| p.contains("/q-")), "{kept:?}");
    }
}

/// Two words of letters whose keys share the fingerprint that names a big
/// list's file, in key order.
fn colliding_words() -> (String, String) {
    let mut seen = std::collections::HashMap::new();
    for n in 0..26u32.pow(3) {
        let w: String = [n / 676, n / 26 % 26, n % 26]
            .iter()
            .map(|&c| char::from(b'a' + c as u8))
            .collect();
        let w = format!("q{w}");
        if let Some(other) = seen.insert(crate::write::fingerprint(&w), w.clone()) {
            return if other < w { (other, w) } else { (w, other) };
        }
    }
    panic!("no two words share a fingerprint");
}

/// A big list whose postings are as they were is not kept when a word
/// before it in key order now has a big list with the same fingerprint:
/// that word takes the file, and the list goes into a bucket, as in a clean
/// build.
#[test]
fn a_kept_big_list_gives_way_to_an_earlier_word_of_its_fingerprint() {
    let (a, b) = colliding_words();
    // even documents have `b` (a big list); odd ones "qqqq qqqz", then
    // "qqqq a": the same length, so the same average length
    let site = |odd: &str| -> Vec<SearchDoc> {
        (0..5000)
            .map(|i| {
                let mut d = doc(i, i % 30, &[i % 7 + 15], &[]);
                d.body = if i % 2 == 0 {
                    b.clone()
                } else {
                    odd.to_string()
                }
                .into();
                d
            })
            .collect()
    };
    let docs = site("qqqq qqqz");
    let edited = site(&format!("qqqq {a}"));
    let fp = crate::write::fingerprint(&b);
    let path = format!("{}q-{fp:05x}.js", crate::INDEX_DIR);
    let (files, store, made, _) = reusing(&docs, None, &[], 0, 2);
    let holds = |files: &[IndexFile], word: &str| {
        files
            .iter()
            .any(|f| f.path == path && String::from_utf8_lossy(&f.bytes).contains(word))
    };
    assert!(holds(&files, &b), "{b} has its own file first");
    let (again, _, r, kept) = reusing(&edited, Some(&store), &files, made.index, 2);
    assert!(r.store_used);
    assert!(holds(&again, &a), "{a} takes the file");
    assert!(!kept.contains(&path), "{path} kept");
    assert_eq!(again, clean(&edited));
}

/// An edit that leaves a document's scores in a big list as they were
/// (here its words reordered: the same counts, the same length) keeps
/// that list's file, though the document was indexed again; and the
/// index is still that of a clean build.
#[test]
fn an_edit_that_keeps_a_documents_scores_keeps_its_big_lists() {
    let docs = big_list_docs();
    let file_of = |files: &[IndexFile], key: &str| {
        let start = format!("{{\"{key}\":");
        let f = files
            .iter()
            .find(|f| f.path.contains("/q-") && String::from_utf8_lossy(&f.bytes).contains(&start));
        f.map(|f| f.path.clone())
    };
    for threads in [1, 2] {
        let (files, store, made, _) = reusing(&docs, None, &[], 0, threads);
        let mut edited = docs.clone();
        edited[700].body = words(&[3, 2, 3, 2]).into();
        let (again, next, r, kept) = reusing(&edited, Some(&store), &files, made.index, threads);
        assert_eq!(again, clean(&edited));
        assert_eq!(r.indexed, 1, "the edited document indexed again");
        for key in ["xay", "dung"] {
            let path = file_of(&files, key).unwrap_or_else(|| panic!("no big list of {key}"));
            assert!(kept.contains(&path), "{path} ({key}) made again");
        }
        // a score that changes makes the list again
        let mut longer = edited.clone();
        longer[700].body = words(&[3, 2, 3, 2, 2, 2, 2, 2]).into();
        let (grown, _, _, kept) = reusing(&longer, Some(&next), &again, r.index, threads);
        assert_eq!(grown, clean(&longer));
        let xay = file_of(&again, "xay").unwrap();
        assert!(!kept.contains(&xay), "the list of the edited word kept");
    }
}

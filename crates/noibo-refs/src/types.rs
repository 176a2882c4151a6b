//! The table of document type codes, kept as data in `data/types.tsv`.

use std::sync::OnceLock;

use crate::NumberForm;

const TYPES_TSV: &str = include_str!("../data/types.tsv");

/// One line of `data/types.tsv`.
#[derive(Debug)]
pub(crate) struct TypeEntry {
    /// The code as written ("CTr"); `None` for a names-only line.
    pub code: Option<&'static str>,
    pub party: bool,
    pub state: bool,
    pub names: Vec<&'static str>,
    /// The code numbers with this code are compared under ("QĐ" for "QĐi").
    pub key_code: Option<&'static str>,
}

impl TypeEntry {
    fn has_form(&self, form: NumberForm) -> bool {
        match form {
            NumberForm::Party => self.party,
            NumberForm::State => self.state,
        }
    }
}

pub(crate) struct Table {
    pub entries: Vec<TypeEntry>,
    /// Every type name once, with its folded words; longest (most words) first.
    pub names: Vec<(&'static str, Vec<String>)>,
    /// Lines of the data file that could not be read (none: checked by a
    /// test, and by debug builds as the table is made).
    pub bad_lines: usize,
}

fn parse_table() -> Table {
    let mut entries = Vec::new();
    let mut bad_lines = 0;
    for line in TYPES_TSV.lines() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&'static str> = line.split('\t').collect();
        if cols.len() < 3 || cols.len() > 4 {
            bad_lines += 1;
            continue;
        }
        let code = match cols[0].trim() {
            "" => {
                bad_lines += 1;
                continue;
            }
            "-" => None,
            c => Some(c),
        };
        let mut party = false;
        let mut state = false;
        for f in cols[1].split_whitespace() {
            match f {
                "party" => party = true,
                "state" => state = true,
                _ => bad_lines += 1,
            }
        }
        let names: Vec<&'static str> = cols[2]
            .split(',')
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .collect();
        if names.is_empty() || !(party || state) {
            bad_lines += 1;
            continue;
        }
        let key_code = cols.get(3).map(|c| c.trim()).filter(|c| !c.is_empty());
        entries.push(TypeEntry {
            code,
            party,
            state,
            names,
            key_code,
        });
    }
    let mut names: Vec<(&'static str, Vec<String>)> = Vec::new();
    for e in &entries {
        for &n in &e.names {
            if !names.iter().any(|(m, _)| *m == n) {
                let folded = noibo_text::fold(n);
                let words = noibo_text::words(&folded).map(str::to_owned).collect();
                names.push((n, words));
            }
        }
    }
    names.sort_by_key(|n| std::cmp::Reverse(n.1.len()));
    let table = Table {
        entries,
        names,
        bad_lines,
    };
    debug_assert_eq!(table.bad_lines, 0, "unreadable lines in the types table");
    table
}

pub(crate) fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(parse_table)
}

/// The entry for `code` in `form`: an exact match first, else the only entry
/// whose code matches ignoring case ("ctr" → CTr, "qđi" → QĐi).
pub(crate) fn lookup(code: &str, form: NumberForm) -> Option<&'static TypeEntry> {
    let t = table();
    let with_form = || t.entries.iter().filter(|e| e.has_form(form));
    if let Some(e) = with_form().find(|e| e.code == Some(code)) {
        return Some(e);
    }
    let lower = code.to_lowercase();
    let mut found = with_form().filter(|e| e.code.is_some_and(|c| c.to_lowercase() == lower));
    match (found.next(), found.next()) {
        (Some(e), None) => Some(e),
        _ => None,
    }
}

/// Names for a code: the Party meaning if the code is a Party code, else the
/// State meaning, else none.
pub(crate) fn names_for_code(code: &str) -> &'static [&'static str] {
    lookup(code, NumberForm::Party)
        .or_else(|| lookup(code, NumberForm::State))
        .map_or(&[], |e| e.names.as_slice())
}

/// Names for a code in one form of number.
pub(crate) fn names_for(code: &str, form: NumberForm) -> &'static [&'static str] {
    lookup(code, form).map_or(&[], |e| e.names.as_slice())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_file_reads_cleanly() {
        let t = table();
        assert_eq!(t.bad_lines, 0);
        assert!(t.entries.len() >= 17);
        // names are NFC in the data file
        for (n, _) in &t.names {
            assert_eq!(noibo_text::nfc(n), *n);
        }
    }

    #[test]
    fn lookups() {
        assert_eq!(names_for_code("QĐ"), ["Quyết định", "Quy định"]);
        assert_eq!(names_for_code("QĐi"), ["Quy định"]);
        assert_eq!(names_for_code("CV"), ["Công văn"]);
        assert_eq!(names_for_code("CT"), ["Chỉ thị"]);
        assert_eq!(names_for_code("CTr"), ["Chương trình"]);
        assert_eq!(names_for_code("ĐA"), ["Đề án"]);
        assert_eq!(names_for("DA", NumberForm::Party), [] as [&str; 0]);
        assert_eq!(names_for("TT", NumberForm::Party), ["Thông tri"]);
        assert_eq!(names_for("TT", NumberForm::State), ["Thông tư"]);
        assert_eq!(names_for("QĐ", NumberForm::State), ["Quyết định"]);
        assert_eq!(lookup("ctr", NumberForm::Party).unwrap().code, Some("CTr"));
        assert_eq!(lookup("CTR", NumberForm::Party).unwrap().code, Some("CTr"));
        assert_eq!(lookup("qđi", NumberForm::Party).unwrap().code, Some("QĐi"));
        assert!(names_for_code("XYZ").is_empty());
        assert!(names_for_code("").is_empty());
    }
}

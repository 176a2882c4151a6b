//! Word list numbering: the label ("1.", "a)", "-") each numbered
//! paragraph shows, from `word/numbering.xml` and a counter per list.

use std::collections::HashMap;

use super::xml::El;

/// One level of a list: its number format and label text ("%1.").
#[derive(Clone)]
struct Level {
    format: String,
    text: String,
    start: u32,
}

/// The lists of a document and their counters.
#[derive(Default)]
pub struct Numbering {
    /// numId → levels (by ilvl)
    lists: HashMap<String, Vec<Level>>,
    counters: HashMap<String, Vec<u32>>,
}

impl Numbering {
    pub fn new(root: Option<&El>) -> Numbering {
        let Some(root) = root else {
            return Numbering::default();
        };
        let abstracts: HashMap<&str, Vec<Level>> = root
            .all("w:abstractNum")
            .filter_map(|a| {
                let levels = a
                    .all("w:lvl")
                    .map(|l| Level {
                        format: val(l, "w:numFmt").unwrap_or("decimal").to_string(),
                        text: val(l, "w:lvlText").unwrap_or("%1.").to_string(),
                        start: val(l, "w:start").and_then(|s| s.parse().ok()).unwrap_or(1),
                    })
                    .collect();
                Some((a.attr("w:abstractNumId")?, levels))
            })
            .collect();
        let lists = root
            .all("w:num")
            .filter_map(|n| {
                let id = n.attr("w:numId")?.to_string();
                let levels = abstracts.get(val(n, "w:abstractNumId")?)?.clone();
                Some((id, levels))
            })
            .collect();
        Numbering {
            lists,
            counters: HashMap::new(),
        }
    }

    /// The label of a paragraph with this `w:numPr`, counting it.
    pub fn label(&mut self, num_pr: &El) -> Option<String> {
        let id = val(num_pr, "w:numId")?.to_string();
        let level: usize = val(num_pr, "w:ilvl")
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let levels = self.lists.get(&id)?;
        let lvl = levels.get(level)?;
        let counters = self
            .counters
            .entry(id)
            .or_insert_with(|| levels.iter().map(|l| l.start - 1).collect());
        counters[level] += 1;
        for (deeper, c) in counters.iter_mut().enumerate().skip(level + 1) {
            *c = levels[deeper].start - 1;
        }
        if lvl.format == "bullet" || lvl.format == "none" {
            return Some("-".to_string());
        }
        let mut text = lvl.text.clone();
        for (i, l) in levels.iter().enumerate().take(level + 1) {
            text = text.replace(
                &format!("%{}", i + 1),
                &format_number(counters[i], &l.format),
            );
        }
        Some(text)
    }
}

fn val<'a>(el: &'a El, child: &str) -> Option<&'a str> {
    el.child(child)?.attr("w:val")
}

fn format_number(n: u32, format: &str) -> String {
    match format {
        "lowerLetter" => {
            char::from_u32('a' as u32 + (n.max(1) - 1) % 26).map_or(n.to_string(), String::from)
        }
        "upperLetter" => {
            char::from_u32('A' as u32 + (n.max(1) - 1) % 26).map_or(n.to_string(), String::from)
        }
        "upperRoman" => roman(n),
        "lowerRoman" => roman(n).to_lowercase(),
        _ => n.to_string(),
    }
}

fn roman(mut n: u32) -> String {
    const T: &[(u32, &str)] = &[
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for &(v, r) in T {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

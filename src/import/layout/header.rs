//! The header block: issuer lines, motto, number, place and date, type line
//! and subject; it ends at "Kính gửi" or at the first line of running text.

use regex::Regex;
use std::sync::LazyLock;

use super::case::normal_case;
use super::{Fields, Layout, is_caps, join_lines};
use crate::import::doc::{Line, Start};

/// Document type names a type line may print (in capitals).
const TYPES: &[&str] = &[
    "Công văn",
    "Hướng dẫn",
    "Nghị quyết",
    "Kết luận",
    "Chỉ thị",
    "Quyết định",
    "Quy định",
    "Kế hoạch",
    "Thông báo",
    "Báo cáo",
    "Chương trình",
    "Tờ trình",
    "Quy chế",
    "Đề án",
    "Thông tri",
    "Công điện",
    "Phương án",
    "Nghị định",
    "Thông tư",
    "Lời kêu gọi",
    "Tuyên bố",
    "Điều lệ",
    "Đề cương",
];

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(.+?),\s*)?ngày\s*(\d{1,2})?\s*tháng\s*(\d{1,2})?\s*năm\s*(\d{4})")
        .expect("date pattern")
});

/// What one header line is.
enum Kind {
    Skip,
    Motto(Layout),
    Number,
    Date,
    TypeLine(&'static str),
    Subject,
    Caps,
    Other,
}

fn classify(p: &str) -> Kind {
    let folded = noibo_text::fold(p);
    if p.chars().all(|c| "*-_–—=. ".contains(c)) {
        return Kind::Skip;
    }
    let squeezed = squeeze(p);
    if squeezed.contains("conghoaxahoichunghia") {
        return Kind::Motto(Layout::State);
    }
    if squeezed == "vietnam" {
        // the motto's second half, wrapped in a narrow column
        return Kind::Skip;
    }
    if squeezed.contains("dangcongsanvietnam") && p.chars().count() < 30 {
        return Kind::Motto(Layout::Party);
    }
    if folded.starts_with("doc lap") && folded.contains("hanh phuc") {
        return Kind::Skip;
    }
    if folded.starts_with("so ") || folded.starts_with("so:") || folded == "so" {
        return Kind::Number;
    }
    if DATE.is_match(p) {
        return Kind::Date;
    }
    if is_caps(p)
        && let Some(t) = TYPES.iter().find(|t| noibo_text::fold(t) == folded.trim())
    {
        return Kind::TypeLine(t);
    }
    if folded.starts_with("v/v") || folded.starts_with("ve viec") {
        return Kind::Subject;
    }
    if is_caps(p) { Kind::Caps } else { Kind::Other }
}

/// Folded, without spaces.
fn squeeze(p: &str) -> String {
    noibo_text::fold(p)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// "…, ngày 22 tháng 11" / "năm 2025": `p` is the start of a date that
/// `next` ends.
fn wraps_date(p: &str, next: &str) -> bool {
    noibo_text::fold(p).contains("ngay")
        && !DATE.is_match(p)
        && DATE.is_match(&format!("{p} {next}"))
}

/// "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT" / "NAM": `p` is the start of a motto
/// that `next` ends.
fn wraps_motto(p: &str, next: &str) -> bool {
    let (head, tail) = (squeeze(p), squeeze(next));
    ["conghoaxahoichunghiavietnam", "dangcongsanvietnam"]
        .iter()
        .any(|m| head.len() >= 8 && head.len() < m.len() && format!("{head}{tail}") == *m)
}

/// Words that begin a body's running text rather than a subject line.
pub(super) fn body_starter(p: &str) -> bool {
    let f = noibo_text::fold(p);
    ["thuc hien ", "can cu ", "nham ", "hom nay", "ngay "]
        .iter()
        .any(|s| f.starts_with(s))
        || p.chars().count() > 110
}

/// Reads the header; returns the index of the first line after it.
pub fn read(lines: &[Line], f: &mut Fields) -> usize {
    let mut caps: Vec<(Start, String)> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let mut p = lines[i].plain();
        if noibo_text::fold(&p).starts_with("kinh gui") {
            break;
        }
        // a date or a motto wrapped in a narrow cell: one line again
        if let Some(next) = lines.get(i + 1).map(Line::plain)
            && (wraps_date(&p, &next) || wraps_motto(&p, &next))
        {
            p = format!("{p} {next}");
            i += 1;
        }
        match classify(&p) {
            Kind::Skip => {}
            Kind::Motto(l) => f.layout = Some(l),
            Kind::Number => number(&p, f),
            Kind::Date => date(&p, f),
            Kind::TypeLine(t) => {
                f.doc_type = Some(t.to_string());
                f.type_line = true;
            }
            Kind::Caps if f.type_line && f.title.is_none() => {
                let end = paragraph_end(lines, i);
                f.title = Some(normal_case(&join_plain(&lines[i..end])));
                i = end;
                continue;
            }
            Kind::Caps => caps.push((lines[i].start, p)),
            Kind::Subject => {
                let end = paragraph_end(lines, i);
                f.title = Some(join_plain(&lines[i..end]));
                i = end;
                continue;
            }
            Kind::Other => {
                let header_seen = f.number.is_some() || f.number_blank || f.type_line;
                let nothing_yet = caps.is_empty() && f.layout.is_none();
                if f.title.is_some() || body_starter(&p) || !(header_seen || nothing_yet) {
                    break;
                }
                let end = paragraph_end(lines, i);
                f.title = Some(join_plain(&lines[i..end]));
                i = end;
                continue;
            }
        }
        i += 1;
    }
    caps_lines(caps, f);
    i
}

/// The first line after the paragraph that starts at `i`: an extract
/// without blank lines between paragraphs still ends a subject at "Kính
/// gửi" or at the running text.
fn paragraph_end(lines: &[Line], i: usize) -> usize {
    let mut end = i + 1;
    while end < lines.len() && matches!(lines[end].start, Start::Line | Start::Break) {
        let p = lines[end].plain();
        if noibo_text::fold(&p).starts_with("kinh gui") || body_starter(&p) {
            break;
        }
        end += 1;
    }
    end
}

fn join_plain(lines: &[Line]) -> String {
    let v: Vec<String> = lines.iter().map(Line::plain).collect();
    join_lines(&v)
}

fn number(p: &str, f: &mut Fields) {
    let rest = p.get("Số".len()..).unwrap_or("").trim_start();
    let rest = rest.strip_prefix(':').unwrap_or(rest).trim();
    let token = rest.split_whitespace().next().unwrap_or("");
    if let Some(n) = noibo_refs::parse_number(token) {
        if f.doc_type.is_none() {
            f.doc_type = noibo_refs::infer_type(&n).map(str::to_string);
        }
        f.number = Some(n.raw);
        return;
    }
    f.number_blank = true;
    // "-CV/TU": the type code is still there
    let code = token
        .trim_start_matches(['-', '/'])
        .split(['/', '-'])
        .next()
        .unwrap_or("");
    if f.doc_type.is_none()
        && let [one] = noibo_refs::type_names_for_code(code)
    {
        f.doc_type = Some(one.to_string());
    }
}

fn date(p: &str, f: &mut Fields) {
    let Some(c) = DATE.captures(p) else { return };
    if let Some(place) = c.get(1) {
        let place = place.as_str().trim().trim_matches('*').trim();
        if !place.is_empty() {
            f.place = Some(normal_case(place));
        }
    }
    let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
    let (year, month, day) = (num(4), num(3), num(2));
    let (Some(year), Some(month)) = (year, month) else {
        f.date_blank = true;
        return;
    };
    if day.is_none() {
        f.day_blank = true;
    }
    let d = jiff::civil::Date::new(year as i16, month as i8, day.unwrap_or(1) as i8).ok();
    f.date = d;
}

/// Capital lines: the issuer (Party and State headers), or for a paper
/// without a header (a tham luận) its title and the unit under it.
fn caps_lines(caps: Vec<(Start, String)>, f: &mut Fields) {
    if caps.is_empty() {
        return;
    }
    let headed = f.layout.is_some() || f.number.is_some() || f.number_blank || f.date.is_some();
    if !headed && f.title.is_none() {
        // title lines, then (after a gap) a short line: the unit
        let last_gap = caps
            .iter()
            .rposition(|(s, _)| matches!(s, Start::Gap | Start::Para));
        let mut title: Vec<String> = caps.iter().map(|(_, p)| p.clone()).collect();
        if let Some(g) = last_gap.filter(|&g| g > 0 && caps.len() - g == 1)
            && caps[g].1.split_whitespace().count() <= 6
        {
            f.unit = Some(normal_case(&caps[g].1));
            title.truncate(g);
        }
        f.title = Some(normal_case(&join_lines(&title)));
        return;
    }
    f.issuer = Some(issuer(caps.into_iter().map(|(_, p)| p).collect(), f.layout));
}

/// How the name of a body begins (folded): a header line that begins
/// otherwise continues the line above ("TỈNH THÁI NGUYÊN", "DÂN").
const BODY_HEADS: &[&str] = &[
    "dang uy ",
    "ban ",
    "uy ban ",
    "thanh uy ",
    "tinh uy ",
    "huyen uy ",
    "quan uy ",
    "thi uy ",
    "chi bo ",
    "dang bo ",
    "van phong ",
    "cuc ",
    "so ",
    "bo ",
    "vu ",
    "tap chi ",
    "bao ",
    "trung tam ",
    "hoi ",
    "doan ",
    "truong ",
    "vien ",
    "phong ",
    "cong an ",
    "hoi dong ",
    "ubnd ",
    "hdnd ",
    "bch ",
    "mat tran ",
    "lien doan ",
    "hoc vien ",
    "nha xuat ban ",
];

/// Issuer lines to one name. Lines are grouped into bodies (a line beginning
/// with a place, "TỈNH THÁI NGUYÊN", continues the one above); in a Party
/// header the issuing body (the last) comes first, then the committee above
/// it: "Ban Chỉ đạo 35 Đảng ủy Ủy ban nhân dân tỉnh Thái Nguyên". A State
/// header names the issuing body alone.
fn issuer(lines: Vec<String>, layout: Option<Layout>) -> String {
    let mut bodies: Vec<String> = Vec::new();
    for l in lines {
        let f = format!("{} ", noibo_text::fold(&l));
        let continues = !BODY_HEADS.iter().any(|p| f.starts_with(p))
            || bodies
                .last()
                .is_some_and(|b| super::case::spans_phrase(b, &l))
            || bodies
                .last()
                .is_some_and(|b| b.ends_with([',', '-']) || noibo_text::fold(b).ends_with(" va"));
        match bodies.last_mut() {
            Some(b) if continues => {
                b.push(' ');
                b.push_str(&l);
            }
            _ => bodies.push(l),
        }
    }
    let named: Vec<String> = bodies.iter().map(|b| normal_case(b)).collect();
    match layout {
        Some(Layout::State) => named.last().cloned().unwrap_or_default(),
        _ => named.iter().rev().cloned().collect::<Vec<_>>().join(" "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(text: &str) -> Fields {
        let lines = crate::import::text::parse(text).lines();
        let mut f = Fields::default();
        read(&lines, &mut f);
        f
    }

    #[test]
    fn a_motto_wrapped_in_its_column_is_not_part_of_the_issuer() {
        let f = fields(
            "CỤC THÔNG TIN CƠ SỞ     CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT\n\
             Số 315/TTCS-TTCS                  NAM\n\
             V/v đẩy mạnh thông tin   Độc lập - Tự do - Hạnh phúc\n\
             \n\
             Kính gửi: Các sở.\n",
        );
        assert_eq!(f.issuer.as_deref(), Some("Cục Thông tin cơ sở"));
        assert_eq!(f.layout, Some(Layout::State));
        let f = fields(
            "TỈNH ỦY THÁI NGUYÊN     ĐẢNG CỘNG SẢN VIỆT\n\
             Số 12-CV/TU             NAM\n\
             \n\
             Kính gửi: Các chi bộ.\n",
        );
        assert_eq!(f.issuer.as_deref(), Some("Tỉnh ủy Thái Nguyên"));
        assert_eq!(f.layout, Some(Layout::Party));
    }
}

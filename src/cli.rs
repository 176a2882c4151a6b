//! What each command of the binary does once its arguments are parsed,
//! and how its outcome is printed: the one place that prints warnings and
//! errors of a build.

use std::path::Path;
use std::process::ExitCode;

use crate::build::{self, BuildError, BuildReport};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::scaffold;

pub use crate::build::BuildOptions;
pub use crate::import::ImportOptions;
pub use crate::scaffold::{NewKind, NewOptions};
pub use crate::serve::ServeOptions;

/// `noibo build` (`check: false`) or `noibo check`.
pub fn build(opts: &BuildOptions) -> ExitCode {
    finish(build::build(opts), opts.check_only)
}

/// `noibo serve`, until Ctrl-C or SIGTERM.
pub fn serve(opts: ServeOptions) -> ExitCode {
    crate::serve::serve(opts)
}

/// `noibo new`: prints the path of the file written.
pub fn new_page(opts: &NewOptions) -> ExitCode {
    match scaffold::new_page(opts) {
        Ok(rel) => {
            let shown = if opts.root == Path::new(".") {
                rel
            } else {
                opts.root.join(rel)
            };
            println!("{}", shown.display());
            eprintln!(
                "Created a draft: remove `{}: true` when it is ready to publish.",
                crate::model::field::Field::Draft
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// `noibo import FILE...`: 0 when every file was imported, 1 when any was not.
pub fn import(opts: &ImportOptions) -> ExitCode {
    ExitCode::from(crate::import::run(opts))
}

/// `noibo init DIR`.
pub fn init(dir: &Path) -> ExitCode {
    match scaffold::init::init(dir) {
        Ok(written) => {
            println!(
                "Created a new site in {} ({} files). Next: cd {} && noibo serve",
                dir.display(),
                written.len(),
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// Prints at most `most` warnings, then how many were left out.
pub(crate) fn print_warnings(warnings: &[Diagnostic], most: usize) {
    for w in warnings.iter().take(most) {
        eprintln!("{w}");
    }
    if warnings.len() > most {
        eprintln!(
            "... and {} more warnings (`noibo check` lists them all)",
            warnings.len() - most
        );
    }
}

/// Prints the errors of a failed build; returns them as one text.
pub(crate) fn print_errors(d: &Diagnostics) -> String {
    let text: Vec<String> = d.errors().map(|e| e.to_string()).collect();
    for t in &text {
        eprintln!("{t}");
    }
    text.join("\n\n")
}

/// Most warnings `build` prints; `check` prints them all.
pub(crate) const BUILD_WARNINGS_SHOWN: usize = 20;

fn finish(result: Result<BuildReport, BuildError>, check: bool) -> ExitCode {
    match result {
        Ok(report) => {
            let shown = if check {
                report.warnings.len()
            } else {
                BUILD_WARNINGS_SHOWN
            };
            print_warnings(&report.warnings, shown);
            for n in &report.notes {
                eprintln!("note: {n}");
            }
            let refs = format!(
                "{} references resolved, {} not on the intranet",
                report.refs_resolved, report.refs_unresolved
            );
            print_timings(&report);
            let secs = report.elapsed.as_secs_f64();
            if check {
                println!(
                    "Checked {} pages in {secs:.2} s: no errors, {} warnings; {refs}",
                    report.pages,
                    report.warnings.len()
                );
            } else {
                println!(
                    "Built {} pages ({} files, {} unchanged, {} pages rendered) into {} in {secs:.2} s; {refs}; {} warnings",
                    report.pages,
                    report.files,
                    report.unchanged,
                    report.pages - report.kept,
                    report
                        .output_dir
                        .as_ref()
                        .map(|p| p.display().to_string())
                        .unwrap_or_default(),
                    report.warnings.len()
                );
            }
            ExitCode::SUCCESS
        }
        Err(BuildError::Content(diags)) => {
            let errors = diags.errors().count();
            print_errors(&diags);
            let warnings = diags.warnings().count();
            eprintln!(
                "error: {errors} problem{} in the content; nothing was written{}",
                if errors == 1 { "" } else { "s" },
                if warnings > 0 {
                    format!(" ({warnings} warnings not shown)")
                } else {
                    String::new()
                }
            );
            ExitCode::from(1)
        }
        Err(BuildError::Fatal(e)) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// The `--timings` table, on stderr: each stage, its seconds and share.
fn print_timings(report: &BuildReport) {
    let total: f64 = report.timings.iter().map(|(_, d)| d.as_secs_f64()).sum();
    if report.timings.is_empty() || total <= 0.0 {
        return;
    }
    eprintln!("{:<32} {:>8} {:>6}", "stage", "seconds", "share");
    for (stage, d) in &report.timings {
        let secs = d.as_secs_f64();
        eprintln!("{stage:<32} {secs:>8.3} {:>5.1}%", secs / total * 100.0);
    }
    if let Some((bodies, kept)) = report.bodies {
        eprintln!(
            "page bodies: {} of {bodies} rendered, {kept} kept from the last build",
            bodies - kept
        );
    }
    let (search, kept) = report.search_files;
    if search > 0 {
        eprintln!(
            "search index: {} of {search} files made, {kept} kept from the last build",
            search - kept
        );
    }
}

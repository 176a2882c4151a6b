//! noibo: builds the intranet of a Party committee — directives, exemplary
//! models, study materials — from a folder of Markdown files.

mod build;
mod check;
mod config;
mod diagnostics;
mod graph;
mod images;
mod load;
mod media;
mod model;
mod output;
mod parse;
mod progress;
mod render;
mod scaffold;
mod serve;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::build::{BuildError, BuildOptions, BuildReport};

/// Static-site generator for a Party committee's internal intranet.
#[derive(Parser)]
#[command(name = "noibo", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args, Clone)]
struct SiteArgs {
    /// Site root (the folder holding site.toml)
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Include pages marked `draft: true`
    #[arg(long)]
    drafts: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into output_dir
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Output folder (overrides output_dir in site.toml)
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Public address of the site (overrides base_url in site.toml)
        #[arg(long)]
        base_url: Option<String>,
        /// Print how long each stage of the build took
        #[arg(long)]
        timings: bool,
    },
    /// Run every check of `build` and write nothing
    Check {
        #[command(flatten)]
        site: SiteArgs,
        /// Print how long each stage took
        #[arg(long)]
        timings: bool,
    },
    /// Build the site in memory, serve it and rebuild it as files change
    Serve {
        #[command(flatten)]
        site: SiteArgs,
        /// Address to listen on (loopback unless told otherwise)
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Port to listen on (0: any free port)
        #[arg(long, short, default_value_t = 1111)]
        port: u16,
        /// Address used in feeds and the sitemap (default: the served address)
        #[arg(long)]
        base_url: Option<String>,
        /// Scan for changes instead of waiting for file events (network shares)
        #[arg(long)]
        poll: bool,
    },
    /// Write a new content file with its front matter filled in
    New {
        /// What to make
        #[arg(value_enum)]
        kind: NewKindArg,
        /// Title (trích yếu) of the new page
        #[arg(long)]
        title: Option<String>,
        /// Number and symbol of a directive, e.g. 58-CV/TCCS
        #[arg(long)]
        number: Option<String>,
        /// Site root (the folder holding site.toml)
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Create a new site in DIR (which must not exist or be empty)
    Init {
        /// Folder of the new site
        dir: PathBuf,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum NewKindArg {
    /// A directive (văn bản chỉ đạo), in a year folder of the directives section
    Directive,
    /// An exemplary model (mô hình, gương điển hình)
    Model,
    /// A study material (tài liệu học tập)
    Material,
}

/// Most warnings `build` prints; `check` prints them all.
const BUILD_WARNINGS_SHOWN: usize = 20;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli.command {
        Command::Build {
            site,
            output,
            base_url,
            timings,
        } => {
            let opts = BuildOptions {
                root: site.root,
                output,
                base_url,
                drafts: site.drafts,
                check_only: false,
                timings,
            };
            finish(build::build(&opts), false)
        }
        Command::Check { site, timings } => {
            let opts = BuildOptions {
                root: site.root,
                drafts: site.drafts,
                check_only: true,
                timings,
                ..Default::default()
            };
            finish(build::build(&opts), true)
        }
        Command::Serve {
            site,
            bind,
            port,
            base_url,
            poll,
        } => serve::serve(serve::ServeOptions {
            root: site.root,
            drafts: site.drafts,
            bind,
            port,
            base_url,
            poll,
        }),
        Command::New {
            kind,
            title,
            number,
            root,
        } => {
            let opts = scaffold::NewOptions {
                kind: match kind {
                    NewKindArg::Directive => scaffold::NewKind::Directive,
                    NewKindArg::Model => scaffold::NewKind::Model,
                    NewKindArg::Material => scaffold::NewKind::Material,
                },
                title,
                number,
                root: root.clone(),
            };
            match scaffold::new_page(&opts) {
                Ok(rel) => {
                    let shown = if root == std::path::Path::new(".") {
                        rel
                    } else {
                        root.join(rel)
                    };
                    println!("{}", shown.display());
                    eprintln!("Created a draft: remove `draft: true` when it is ready to publish.");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Init { dir } => match scaffold::init::init(&dir) {
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
        },
    }
}

fn finish(result: Result<BuildReport, BuildError>, check: bool) -> ExitCode {
    match result {
        Ok(report) => {
            let shown = if check {
                report.warnings.len()
            } else {
                BUILD_WARNINGS_SHOWN
            };
            for w in report.warnings.iter().take(shown) {
                eprintln!("{w}");
            }
            if report.warnings.len() > shown {
                eprintln!(
                    "... and {} more warnings (`noibo check` lists them all)",
                    report.warnings.len() - shown
                );
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
                    "Built {} pages ({} files, {} unchanged) into {} in {secs:.2} s; {refs}; {} warnings",
                    report.pages,
                    report.files,
                    report.unchanged,
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
            for d in diags.errors() {
                eprintln!("{d}");
            }
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
}

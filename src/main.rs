//! noibo: builds the intranet of a Party committee — directives, exemplary
//! models, study materials — from a folder of Markdown files.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's options, read when it starts (a C string; the allocator's
/// symbols carry the `_rjem_` prefix). A background thread gives memory
/// that was freed back to the system after a second rather than ten, and
/// without the lazy `MADV_FREE` stage whose pages still count as resident:
/// about 70 MiB off the peak of a 100,000-directive build, at the same
/// speed (bench/README.md). `_RJEM_MALLOC_CONF` in the environment still
/// overrides it.
#[unsafe(export_name = "_rjem_malloc_conf")]
static MALLOC_CONF: &u8 =
    &b"background_thread:true,max_background_threads:1,dirty_decay_ms:1000,muzzy_decay_ms:0\0"[0];

use noibo::cli::{self, BuildOptions, ImportOptions, NewKind, NewOptions, ServeOptions};

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
        /// Build everything, without reading or writing the build cache
        /// (.noibo-cache/)
        #[arg(long)]
        no_cache: bool,
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
    /// Turn received documents (.docx, .pdf, .txt/.md extracts) into pages
    Import {
        /// The documents to import
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// What they are (default: a directive when the layout shows one, else a material)
        #[arg(long, value_enum)]
        kind: Option<NewKindArg>,
        /// Folder to write the page bundles into (default: the section of the kind)
        #[arg(long)]
        into: Option<PathBuf>,
        /// Print the pages and write nothing
        #[arg(long)]
        dry_run: bool,
        /// Replace pages that already exist
        #[arg(long)]
        force: bool,
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

impl NewKindArg {
    fn kind(self) -> NewKind {
        match self {
            NewKindArg::Directive => NewKind::Directive,
            NewKindArg::Model => NewKind::Model,
            NewKindArg::Material => NewKind::Material,
        }
    }
}

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
            no_cache,
        } => cli::build(&BuildOptions {
            root: site.root,
            output,
            base_url,
            drafts: site.drafts,
            check_only: false,
            timings,
            no_cache,
        }),
        Command::Check { site, timings } => cli::build(&BuildOptions {
            root: site.root,
            drafts: site.drafts,
            check_only: true,
            timings,
            ..Default::default()
        }),
        Command::Serve {
            site,
            bind,
            port,
            base_url,
            poll,
        } => cli::serve(ServeOptions {
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
        } => cli::new_page(&NewOptions {
            kind: kind.kind(),
            title,
            number,
            root,
        }),
        Command::Import {
            files,
            kind,
            into,
            dry_run,
            force,
            root,
        } => cli::import(&ImportOptions {
            files,
            kind: kind.map(NewKindArg::kind),
            into,
            dry_run,
            force,
            root,
        }),
        Command::Init { dir } => cli::init(&dir),
    }
}

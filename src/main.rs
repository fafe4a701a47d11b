//! The `mentorlog` binary: parse the command line, run the verb, exit 0, 1 or 2.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // Before any map is made (see `PerThreadSeeds`); it fails only when one was.
    let _ = ahash::random_state::set_random_source(PerThreadSeeds);
    // clap exits with 2 on wrong usage, 0 for --help and --version.
    let args = cli::Cli::parse();
    match args.command {
        cli::Command::Build(b) => cli::build::run(b, &args.global),
        cli::Command::Check(c) => cli::check::run(&c, &args.global),
        cli::Command::Init(a) => cli::init::run(&a, &args.global),
        cli::Command::New(a) => cli::new::run(&a, &args.global),
        cli::Command::Export(a) => cli::export::run(&a, &args.global),
        cli::Command::Schema(a) => cli::schema::run(&a),
        cli::Command::Passphrase(a) => cli::passphrase::run(&a),
        cli::Command::Completions(a) => cli::completions::run(&a),
        cli::Command::Serve(a) => cli::serve::run(&a, &args.global),
        cli::Command::Lsp(a) => cli::lsp::run(&a, &args.global, root_given()),
    }
}

/// Whether `--root` was given: the language server otherwise finds each note's site.
fn root_given() -> bool {
    std::env::args_os().any(|a| a == "--root" || a.to_string_lossy().starts_with("--root="))
}

/// Rendering makes millions of small strings and template values from two threads; with
/// glibc's allocator a fifth of a 10,000-note build went to `malloc` and `free`
/// (docs/performance.md). mimalloc's v2 line keeps the peak lower than its v3 line, and
/// without transparent huge pages it does not fault in (and zero) 2 MiB at a time.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Where aHash's maps get the number that makes each map's keys differ: a counter of the
/// thread's own instead of aHash's one counter for the process, which every map Tera
/// makes (one per function call's arguments, thousands per page) would bump from both
/// threads, a cache line passed between the cores each time (1.6–1.9 % of a build's
/// cycles under `perf`). The keys themselves stay random per process (aHash's
/// `runtime-rng`); nothing written depends on them.
struct PerThreadSeeds;

impl ahash::random_state::RandomSource for PerThreadSeeds {
    fn gen_hasher_seed(&self) -> usize {
        thread_local! {
            static NEXT: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
        }
        NEXT.with(|next| {
            // Started apart per thread by the address of the thread's own counter.
            let start = std::ptr::from_ref(next).addr();
            let n = next.get().wrapping_add(0x9E37_79B9_7F4A_7C15_u64 as usize);
            next.set(n);
            n ^ start
        })
    }
}

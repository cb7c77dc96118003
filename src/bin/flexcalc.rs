//! The flexcalc command line: a thin layer over the library's JSON API v1.
//!
//! Exit codes: 0 success, 2 an input error (the error document is printed on stdout), 1 anything else
//! (unreadable file, invalid rules).

use clap::{Parser, Subcommand};
use flexcalc::api;
use flexcalc::{ApiError, RuleSet};
use std::io::{Read, Write};
use std::process::ExitCode;

/// mimalloc: a dozen small allocations a month of every assessment (Cargo.toml, docs/scale.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "flexcalc",
    version,
    about = "Social insurance for flexibly employed and platform workers in China"
)]
struct Cli {
    /// A rules file of your own (newer figures, another city), loaded over the embedded rules and
    /// validated strictly; may be given more than once. Results name the files used.
    #[arg(long = "rules", global = true, value_name = "FILE")]
    custom_rules: Vec<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Assess a request (JSON API v1) and print the response.
    Assess {
        /// The request file, or - for standard input.
        #[arg(default_value = "-")]
        file: String,
    },
    /// Assess a request under current law and under the labor-facts scenario, with the differences.
    Compare {
        /// The request file, or - for standard input.
        #[arg(default_value = "-")]
        file: String,
    },
    /// Compare base choices (60–300 % of the average wage and actual income) for a request with a
    /// person: the monthly cost today and the projected monthly pension of each.
    Options {
        /// The request file, or - for standard input.
        #[arg(default_value = "-")]
        file: String,
    },
    #[cfg(feature = "decisions")]
    /// Where to insure: the request's `places` (for example the hukou place and the work place) side
    /// by side: the cost now, the pension later, and where the pension would be drawn.
    Where {
        /// The request file, or - for standard input.
        #[arg(default_value = "-")]
        file: String,
    },
    /// List the regions the rules data cover.
    Regions,
    /// Print the parameters in force for a region and month, with their citations; `rules status`:
    /// how fresh the rules data are, place by place.
    #[command(args_conflicts_with_subcommands = true)]
    Rules {
        #[command(subcommand)]
        what: Option<RulesCommand>,
        #[arg(long, required = true)]
        region: Option<String>,
        /// YYYY-MM
        #[arg(long, required = true)]
        month: Option<String>,
    },
    /// Assess a file of workers (CSV or JSONL, layout in docs/batch.md) under current law and the
    /// labor-facts scenario: one output row per worker-month, bad rows to an errors file.
    Batch(BatchArgs),
    /// Write a synthetic population of platform workers (batch input layout) drawn from the survey
    /// figures; the same seed gives the same file.
    Synth {
        #[arg(long)]
        workers: u64,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The output file (`-` or absent for standard output; `.jsonl` for JSONL).
        #[arg(long, default_value = "-")]
        output: std::path::PathBuf,
        /// The first month of the ledger, YYYY-MM.
        #[arg(long, default_value = "2025-01")]
        start: String,
        /// Months in the ledger.
        #[arg(long, default_value_t = 12)]
        months: u32,
        /// Add the person columns (birth, track) for the retirement projection.
        #[arg(long)]
        person: bool,
    },
}

/// Prints a document. A closed pipe (`flexcalc assess x | head`) is not an error worth a panic.
fn emit(doc: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{doc}");
}

fn read_input(file: &str) -> Result<String, String> {
    if file == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        Ok(s)
    } else {
        std::fs::read_to_string(file).map_err(|e| format!("cannot read {file}: {e}"))
    }
}

/// Reads a request, runs `verb` on it and prints the document: exit 0 on a result, 2 on an input error.
fn run_json(file: &str, verb: impl FnOnce(&str) -> Result<String, String>) -> ExitCode {
    let text = match read_input(file) {
        Ok(t) => t,
        Err(msg) => {
            eprintln!("flexcalc: {msg}");
            return ExitCode::from(1);
        }
    };
    match verb(&text) {
        Ok(doc) => {
            emit(&doc);
            ExitCode::SUCCESS
        }
        Err(doc) => {
            emit(&doc);
            ExitCode::from(2)
        }
    }
}

fn print_error(e: &ApiError) -> ExitCode {
    emit(&api::error_json(e));
    if e.code == flexcalc::ErrorCode::InvalidRules {
        ExitCode::from(1)
    } else {
        ExitCode::from(2)
    }
}

/// The embedded rules, or the embedded rules plus the user's files.
fn rules(custom: &[String]) -> Result<std::borrow::Cow<'static, RuleSet>, ApiError> {
    if custom.is_empty() {
        return api::embedded_rules().map(std::borrow::Cow::Borrowed);
    }
    let mut texts = Vec::with_capacity(custom.len());
    for path in custom {
        let text = std::fs::read_to_string(path).map_err(|e| {
            ApiError::new(
                flexcalc::ErrorCode::InvalidRules,
                Some(path.clone()),
                flexcalc::Message::new(
                    format!("无法读取规则文件 {path}：{e}"),
                    format!("cannot read rules file {path}: {e}"),
                ),
            )
        })?;
        texts.push((path.as_str(), text));
    }
    flexcalc::rules::load_embedded_with(texts.iter().map(|(p, t)| (*p, t.as_str())))
        .map(std::borrow::Cow::Owned)
        .map_err(|e| api::rules_error(&e))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let rules = match rules(&cli.custom_rules) {
        Ok(r) => r,
        Err(e) => return print_error(&e),
    };
    let rules: &RuleSet = &rules;
    match cli.command {
        Command::Assess { file } => run_json(&file, |text| api::assess_json(rules, text)),
        Command::Compare { file } => run_json(&file, |text| api::compare_json(rules, text)),
        Command::Options { file } => run_json(&file, |text| api::options_json(rules, text)),
        #[cfg(feature = "decisions")]
        Command::Where { file } => run_json(&file, |text| api::where_json(rules, text)),
        Command::Regions => {
            emit(&flexcalc::json_write::to_string_pretty(&api::regions(rules)).unwrap_or_default());
            ExitCode::SUCCESS
        }
        Command::Rules {
            what: Some(RulesCommand::Status { as_of }),
            ..
        } => {
            let as_of = match as_of.as_deref().map(str::parse).unwrap_or_else(|| Ok(this_month())) {
                Ok(m) => m,
                Err(_) => {
                    return print_error(&flexcalc::ApiError::invalid(
                        "as_of",
                        "月份格式应为 YYYY-MM",
                        "--as-of must be YYYY-MM",
                    ))
                }
            };
            match api::rules_status(rules, as_of) {
                Ok(doc) => {
                    emit(&flexcalc::json_write::to_string_pretty(&doc).unwrap_or_default());
                    ExitCode::SUCCESS
                }
                Err(e) => print_error(&e),
            }
        }
        Command::Rules { region, month, .. } => {
            let (region, month) = (region.unwrap_or_default(), month.unwrap_or_default());
            match api::rules_in_force(rules, &region, &month) {
                Ok(doc) => {
                    emit(&flexcalc::json_write::to_string_pretty(&doc).unwrap_or_default());
                    ExitCode::SUCCESS
                }
                Err(e) => print_error(&e),
            }
        }
        Command::Batch(args) => batch(rules, args),
        Command::Synth {
            workers,
            seed,
            output,
            start,
            months,
            person,
        } => synth(workers, seed, &output, &start, months, person),
    }
}

#[derive(Subcommand)]
enum RulesCommand {
    /// Per province (and city with figures of its own): the last published period of the series an
    /// answer rests on, what is carried forward or estimated, and the grades in force.
    Status {
        /// The month to check, YYYY-MM (default: the current month).
        #[arg(long)]
        as_of: Option<String>,
    },
}

#[derive(clap::Args)]
struct BatchArgs {
    /// The input file (`-` for standard input).
    #[arg(long)]
    input: std::path::PathBuf,
    /// The output file (`-` for standard output).
    #[arg(long)]
    output: std::path::PathBuf,
    /// csv or jsonl (default: from the input's extension, else csv).
    #[arg(long)]
    format: Option<String>,
    /// csv or jsonl (default: from the output's extension, else the input format).
    #[arg(long)]
    output_format: Option<String>,
    /// Where bad rows go (default: beside the output, `NAME.errors.csv`).
    #[arg(long)]
    errors: Option<std::path::PathBuf>,
    /// Write the summary (totals per scenario, party and region) here as JSON.
    #[arg(long)]
    summary: Option<std::path::PathBuf>,
    /// Worker threads (default: one per core).
    #[arg(long)]
    threads: Option<usize>,
    /// Rows per chunk held in memory (about seven chunks at once).
    #[arg(long, default_value_t = 16384)]
    chunk_rows: usize,
    /// No progress bar and no summary on standard error.
    #[arg(long)]
    quiet: bool,
    /// both (default), current_law or labor_facts: the other's columns are left blank.
    #[arg(long, default_value = "both")]
    scenarios: String,
    /// zh or en: a second header row of the columns in plain words, and the errors' messages in
    /// that language with their column (default: English messages, machine names only).
    #[arg(long)]
    lang: Option<String>,
}

fn batch(rules: &RuleSet, a: BatchArgs) -> ExitCode {
    use flexcalc::batch::run::{self, Format, Progress};
    let mut opts = run::Options::new(a.input, a.output);
    let format = |name: Option<String>| match name {
        None => Ok(None),
        Some(n) => Format::from_name(&n)
            .map(Some)
            .ok_or(format!("unknown format \"{n}\": csv or jsonl")),
    };
    match (format(a.format), format(a.output_format)) {
        (Ok(i), Ok(o)) => {
            if let Some(i) = i {
                opts.input_format = i;
                if Format::from_path(&opts.output).is_none() {
                    opts.output_format = i;
                }
            }
            if let Some(o) = o {
                opts.output_format = o;
            }
        }
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("flexcalc: {e}");
            return ExitCode::from(2);
        }
    }
    if let Some(e) = a.errors {
        opts.errors = e;
    }
    opts.summary = a.summary;
    opts.chunk_rows = a.chunk_rows;
    match flexcalc::batch::Scenarios::from_name(&a.scenarios) {
        Some(s) => opts.scenarios = s,
        None => {
            eprintln!(
                "flexcalc: unknown --scenarios \"{}\": both, current_law or labor_facts",
                a.scenarios
            );
            return ExitCode::from(2);
        }
    }
    match a.lang.as_deref().map(|l| (l, flexcalc::batch::Lang::from_name(l))) {
        None => {}
        Some((_, Some(lang))) => opts.lang = Some(lang),
        Some((l, None)) => {
            eprintln!("flexcalc: unknown --lang \"{l}\": zh or en");
            return ExitCode::from(2);
        }
    }
    opts.progress = if a.quiet {
        Progress::Hidden
    } else {
        Progress::OnTerminal
    };
    if let Some(n) = a.threads {
        if let Err(e) = rayon::ThreadPoolBuilder::new().num_threads(n).build_global() {
            eprintln!("flexcalc: {e}");
        }
    }
    match run::run(rules, &opts) {
        Ok(outcome) => {
            if !a.quiet {
                eprintln!("{}", run::describe(rules, &outcome));
                if outcome.errors > 0 {
                    eprintln!("batch: bad rows are listed in {}", opts.errors.display());
                }
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("flexcalc: {e}");
            ExitCode::from(1)
        }
    }
}

fn synth(workers: u64, seed: u64, output: &std::path::Path, start: &str, months: u32, person: bool) -> ExitCode {
    let Ok(start) = start.parse() else {
        eprintln!("flexcalc: --start \"{start}\" is not YYYY-MM");
        return ExitCode::from(2);
    };
    let opts = flexcalc::synth::SynthOptions {
        workers,
        seed,
        start,
        months: months.clamp(1, flexcalc::request::MAX_MONTHS as u32),
        columns: if person {
            flexcalc::synth::Columns::LedgerAndPerson
        } else {
            flexcalc::synth::Columns::Ledger
        },
        format: flexcalc::batch::run::Format::from_path(output).unwrap_or(flexcalc::batch::run::Format::Csv),
    };
    let result = if output.as_os_str() == "-" {
        flexcalc::synth::write(&opts, &mut std::io::BufWriter::new(std::io::stdout().lock()))
    } else {
        std::fs::File::create(output)
            .and_then(|f| flexcalc::synth::write(&opts, &mut std::io::BufWriter::with_capacity(1 << 20, f)))
    };
    match result {
        Ok(stats) => {
            if output.as_os_str() != "-" {
                eprintln!(
                    "synth: {} workers, {} rows → {}",
                    stats.workers,
                    stats.rows,
                    output.display()
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("flexcalc: {e}");
            ExitCode::from(1)
        }
    }
}

/// The current month by the system clock (UTC), for `rules status` without `--as-of`.
fn this_month() -> flexcalc::month::YearMonth {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    // Days since 1970-01-01 to a civil date (Howard Hinnant's days_from_civil, inverted).
    let z = i64::try_from(secs / 86_400).unwrap_or(0) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}")
        .parse()
        .unwrap_or(flexcalc::month::YearMonth::MIN)
}

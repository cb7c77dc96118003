//! The flexcalc command line: a thin layer over the library's JSON API v1.
//!
//! Exit codes: 0 success, 2 an input error (the error document is printed on stdout), 1 anything else
//! (unreadable file, invalid rules).

use clap::{Parser, Subcommand};
use flexcalc::api;
use flexcalc::{ApiError, RuleSet};
use std::io::{Read, Write};
use std::process::ExitCode;

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
    /// List the regions the rules data cover.
    Regions,
    /// Print the parameters in force for a region and month, with their citations.
    Rules {
        #[arg(long)]
        region: String,
        /// YYYY-MM
        #[arg(long)]
        month: String,
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
        Command::Regions => {
            emit(&serde_json::to_string_pretty(&api::regions(rules)).unwrap_or_default());
            ExitCode::SUCCESS
        }
        Command::Rules { region, month } => match api::rules_in_force(rules, &region, &month) {
            Ok(doc) => {
                emit(&serde_json::to_string_pretty(&doc).unwrap_or_default());
                ExitCode::SUCCESS
            }
            Err(e) => print_error(&e),
        },
    }
}

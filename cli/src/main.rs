//! `shenbao`: the command line over `shenbao-core`.
//!
//! Thin by design (after ripgrep): `main` parses arguments, calls [`run`], and reports any
//! error in one place. Exit codes: 0 fine, 1 a checked document has errors (or a pack
//! is invalid), 2 the command itself could not be carried out (bad input, unreadable file).

mod commands;
mod output;
mod schema;

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(name = "shenbao", version, about = "申报通：按城市规则检查项目申报和服务需求方案", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Human-readable (Chinese) text
    Text,
    /// JSON for other tools
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// List the built-in rule packs (列出内置规则包)
    Packs {
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Check submission files against a city's rules (按城市规则检查申报文件)
    Check {
        /// Built-in pack id (luojiang, bazhong, suining, wuhai, xianyang)
        #[arg(long)]
        city: Option<String>,
        /// Use this pack file instead of a built-in pack
        #[arg(long)]
        pack: Option<std::path::PathBuf>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Submission files (shenbao.submission/1 JSON)
        #[arg(required = true)]
        files: Vec<std::path::PathBuf>,
    },
    /// Rule-pack tools (规则包工具)
    Pack {
        #[command(subcommand)]
        command: PackCommand,
    },
    /// Print the JSON Schema of submission files (输出申报文件的 JSON Schema)
    Schema,
}

#[derive(Subcommand)]
enum PackCommand {
    /// Check a pack file and report the first problem precisely (检查规则包文件)
    Lint { file: std::path::PathBuf },
}

/// An error that stops the command; printed once by `main`.
#[derive(Debug)]
pub struct Failure(pub String);

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure(e.to_string())
    }
}

fn run(cli: Cli) -> Result<ExitCode, Failure> {
    match cli.command {
        Command::Packs { format } => commands::packs(format),
        Command::Check { city, pack, format, files } => commands::check(city.as_deref(), pack.as_deref(), format, &files),
        Command::Pack { command: PackCommand::Lint { file } } => commands::lint(&file),
        Command::Schema => commands::schema(),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(Failure(message)) => {
            eprintln!("shenbao: {message}");
            ExitCode::from(2)
        }
    }
}

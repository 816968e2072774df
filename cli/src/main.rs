//! `shenbao`: the command line over `shenbao-core`.
//!
//! Thin by design (after ripgrep): `main` parses arguments, calls [`run`], and reports any
//! error in one place. Exit codes: 0 fine, 1 a checked document has errors (or a pack
//! is invalid), 2 the command itself could not be carried out (bad input, unreadable file).

mod commands;
mod diff;
mod outline;
mod output;
mod schema;
mod signing;
mod word;

use std::process::ExitCode;

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(name = "shenbao", version, about = "申报通：按城市规则检查项目申报和服务需求方案", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Which plan `shenbao outline` splits.
#[derive(Clone, Copy, ValueEnum)]
enum PlanChoice {
    /// 项目申报的需求方案 (ten sections)
    Requirement,
    /// 服务需求方案 (its long texts, tables and figures)
    Service,
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
        #[command(flatten)]
        rules: PackChoice,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Submission files (shenbao.submission/1 JSON)
        #[arg(required = true)]
        files: Vec<std::path::PathBuf>,
    },
    /// What changed between two versions: signed packages or submission files (比较两个版本)
    ///
    /// Exit code 0 when they say the same, 1 when they differ, 2 when a file cannot be read.
    /// Findings come from a package's own report unless a pack is chosen.
    Diff {
        #[command(flatten)]
        rules: PackChoice,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// The earlier version (package or submission JSON)
        older: std::path::PathBuf,
        /// The later version
        newer: std::path::PathBuf,
    },
    /// The documents as a Word file, as the app prints them (生成 Word 文档)
    ///
    /// From a submission file (footer: an unsigned draft; with --city or --pack, closed by that
    /// pack's findings) or a signed package (closed by its report; footer: the package's
    /// digest, the signer and the key's fingerprint).
    Docx {
        /// For a submission file: check it with this pack, and close the papers with the findings
        #[command(flatten)]
        rules: PackChoice,
        /// Submission JSON or signed package
        file: PathBuf,
        /// Where to write (default: FILE with the extension .docx)
        #[arg(long, short)]
        out: Option<PathBuf>,
        #[arg(long)]
        force: bool,
    },
    /// The reviewer's opinion on a package as a Word file (生成审核意见)
    ///
    /// The paper the reviewer's desk writes: the package (id, time of signing, digest), the
    /// decision and note given, what verifying it found (as verify would, with the same
    /// options), every error and warning with the department's 说明, and the listed documents
    /// that came without a file.
    Opinion {
        /// The signed package (decrypt an encrypted one first)
        file: PathBuf,
        /// 处理状态
        #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(["pending", "accepted", "correction", "rejected"]), default_value = "pending")]
        decision: String,
        /// 审核意见 (the reviewer's note)
        #[arg(long, conflicts_with = "note_file")]
        note: Option<String>,
        /// Read the note from this file
        #[arg(long)]
        note_file: Option<PathBuf>,
        /// 审核单位: the unit giving the opinion (left blank to fill in by hand if not given)
        #[arg(long, default_value = "")]
        unit: String,
        /// 审核人: the reviewer (left blank to fill in by hand if not given)
        #[arg(long, default_value = "")]
        reviewer: String,
        /// What the package is verified against, as by verify
        #[command(flatten)]
        against: VerifyAgainst,
        /// Where to write (default: FILE.审核意见.docx beside it)
        #[arg(long, short)]
        out: Option<PathBuf>,
        #[arg(long)]
        force: bool,
    },
    /// A whole 需求方案 from Word split into the form's sections by its headings (按标题拆分需求方案)
    ///
    /// As the app's 「导入整份需求方案」: headings numbered 一、 （一） 1. （1） 第一部分, or alone on
    /// their line; prints where each section's text was found and what was left out, the form's
    /// tables found in it (资金估算明细 and 资金来源; the service plan's 服务内容与范围 and 潜在服务商)
    /// with their rows, and the fields given with their values (「服务期限：3 年」). With --into,
    /// writes what was found into a submission file (the rest is left as it was). Exit 1 when
    /// nothing was found to write.
    Outline {
        /// The plan: a .docx, or its text (UTF-8)
        file: PathBuf,
        /// Which document's sections: the project's 需求方案 or the 服务需求方案
        #[arg(long, value_enum, default_value = "requirement")]
        plan: PlanChoice,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// A submission file to write the sections, tables and figures into (needs --out)
        #[arg(long, requires = "out")]
        into: Option<PathBuf>,
        /// Where to write the submission with what was found
        #[arg(long, short, requires = "into")]
        out: Option<PathBuf>,
        #[arg(long)]
        force: bool,
    },
    /// Rule-pack tools (规则包工具)
    Pack {
        #[command(subcommand)]
        command: PackCommand,
    },
    /// Print the JSON Schema of submission files (输出申报文件的 JSON Schema)
    Schema,
    /// List every field of both documents: path, label, kind, unit, hint (列出全部字段)
    Fields {
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Generate a signing key, protected by a passphrase (生成签名密钥)
    Keygen {
        #[arg(long, value_enum, default_value = "sm2")]
        algorithm: Alg,
        /// Encrypted private key file to write (PKCS#8, PBES2)
        #[arg(long, short)]
        out: PathBuf,
        /// Public key file (default: next to the private key, *.pub.pem)
        #[arg(long = "pub")]
        public: Option<PathBuf>,
        /// Read the passphrase from this file (else $SHENBAO_PASSPHRASE, else standard input)
        #[arg(long)]
        passphrase_file: Option<PathBuf>,
        #[arg(long)]
        force: bool,
    },
    /// Print the public key and fingerprint of a key file (输出公钥和指纹)
    Pubkey {
        key: PathBuf,
        #[arg(long, short)]
        out: Option<PathBuf>,
        #[arg(long)]
        passphrase_file: Option<PathBuf>,
    },
    /// Check a submission and sign it into a package (检查并签名生成申报包)
    Sign {
        #[command(flatten)]
        rules: PackChoice,
        /// Encrypted private key(s): one SM2 and/or one Ed25519
        #[arg(long = "key", required = true)]
        keys: Vec<PathBuf>,
        #[arg(long)]
        passphrase_file: Option<PathBuf>,
        /// 签名单位
        #[arg(long)]
        department: String,
        /// 签名单位统一社会信用代码
        #[arg(long)]
        credit_code: String,
        /// 签名人
        #[arg(long)]
        person: String,
        /// Attachment as KIND=FILE (e.g. feasibility_study=可研.pdf); repeatable
        #[arg(long = "attach")]
        attachments: Vec<String>,
        /// Embed attachment bytes (each up to 5 MiB, 12 MiB in all)
        #[arg(long)]
        embed: bool,
        /// The package this one replaces
        #[arg(long)]
        previous: Option<PathBuf>,
        #[arg(long, short)]
        out: Option<PathBuf>,
        #[arg(long)]
        force: bool,
        submission: PathBuf,
    },
    /// Verify packages (核验申报包); exit 1 if any is not valid
    Verify {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[command(flatten)]
        against: VerifyAgainst,
        /// The bureau's encrypted private key, to decrypt encrypted packages before verifying
        #[arg(long)]
        key: Option<PathBuf>,
        /// Passphrase of --key from this file (else $SHENBAO_PASSPHRASE, else standard input)
        #[arg(long)]
        passphrase_file: Option<PathBuf>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Packages verified at once, on this many threads (default: one per CPU core);
        /// --jobs 1 verifies one after another. The output is the same either way
        #[arg(long, short = 'j', value_parser = clap::value_parser!(u16).range(1..))]
        jobs: Option<u16>,
    },
    /// Encrypt a signed package for the bureau (为审核单位加密申报包: SM2 + SM4-GCM)
    Encrypt {
        /// The signed package
        package: PathBuf,
        /// The bureau's SM2 public key (PEM)
        #[arg(long)]
        to: PathBuf,
        /// Output file (default: next to the package, *.enc.json)
        #[arg(long, short)]
        out: Option<PathBuf>,
        #[arg(long)]
        force: bool,
    },
    /// Decrypt an encrypted package with the bureau's private key (用审核单位私钥解密申报包)
    Decrypt {
        /// The encrypted package (*.enc.json)
        file: PathBuf,
        /// The bureau's encrypted private key (PEM)
        #[arg(long)]
        key: PathBuf,
        #[arg(long)]
        passphrase_file: Option<PathBuf>,
        /// Output file (default: next to the input, *.enc.json → *.json)
        #[arg(long, short)]
        out: Option<PathBuf>,
        #[arg(long)]
        force: bool,
    },
    /// Trust-list tools (信任列表工具)
    Trust {
        #[command(subcommand)]
        command: TrustCommand,
    },
}

#[derive(Subcommand)]
enum TrustCommand {
    /// Register a department's public key (creates the list if needed) (登记部门公钥)
    Add {
        list: PathBuf,
        /// The department's public key (PEM)
        #[arg(long)]
        key: PathBuf,
        #[arg(long)]
        department: String,
        #[arg(long)]
        credit_code: String,
        /// YYYY-MM-DD
        #[arg(long)]
        valid_from: chrono::NaiveDate,
        #[arg(long)]
        valid_until: Option<chrono::NaiveDate>,
        /// The bureau keeping the list (needed when creating it)
        #[arg(long)]
        issuer: Option<String>,
    },
    /// Revoke a registered key (吊销公钥)
    Revoke {
        list: PathBuf,
        /// SM3 fingerprint (hex, spaces allowed)
        #[arg(long)]
        fingerprint: String,
        #[arg(long)]
        date: chrono::NaiveDate,
        #[arg(long)]
        reason: String,
    },
    /// Show a trust list (查看信任列表)
    Show {
        list: PathBuf,
        #[arg(long)]
        bureau_key: Option<PathBuf>,
    },
    /// Sign a trust list with the bureau key (用数据局私钥签名信任列表)
    Sign {
        list: PathBuf,
        #[arg(long)]
        key: PathBuf,
        #[arg(long)]
        passphrase_file: Option<PathBuf>,
        #[arg(long, short)]
        out: PathBuf,
        #[arg(long)]
        force: bool,
    },
}

/// What a package is verified against: the bureau's trust list, the packs, the attachments.
#[derive(clap::Args)]
struct VerifyAgainst {
    /// The bureau's trust list (plain or signed)
    #[arg(long)]
    trust: Option<PathBuf>,
    /// The bureau's public key, to check a signed trust list
    #[arg(long)]
    bureau_key: Option<PathBuf>,
    /// Extra pack files to look pinned packs up in (several versions of one pack: the latest
    /// is in use, the earlier ones re-check packages signed under them)
    #[arg(long = "pack")]
    packs: Vec<PathBuf>,
    /// Folder holding non-embedded attachments (default: the package's folder)
    #[arg(long)]
    attachments: Option<PathBuf>,
}

/// Which rule pack: a built-in one by its city, or a pack file.
#[derive(clap::Args)]
struct PackChoice {
    /// Built-in pack id (luojiang, bazhong, suining, wuhai, xianyang)
    #[arg(long)]
    city: Option<String>,
    /// Use this pack file instead of a built-in pack
    #[arg(long)]
    pack: Option<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Alg {
    Sm2,
    Ed25519,
}

#[derive(Subcommand)]
enum PackCommand {
    /// Check a pack file and report the first problem precisely (检查规则包文件); with the
    /// regulation's text, also that every citation is in the article and clause it names
    Lint {
        file: std::path::PathBuf,
        /// The regulation's plain text: every quotation must be in its article and clause
        #[arg(long)]
        regulation: Option<std::path::PathBuf>,
        /// The pack's coverage file (`shenbao.coverage/1`, needs --regulation): every article
        /// is then either cited by a rule or listed there with why it is not checked
        #[arg(long, requires = "regulation")]
        coverage: Option<std::path::PathBuf>,
    },
    /// The regulation article by article: the rules checking each, or why none does (逐条对照)
    Articles {
        #[command(flatten)]
        rules: PackChoice,
        /// The regulation's plain text (built-in packs: their own)
        #[arg(long)]
        regulation: Option<std::path::PathBuf>,
        /// The pack's coverage file (built-in packs: their own)
        #[arg(long)]
        coverage: Option<std::path::PathBuf>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
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
        Command::Check { rules, format, files } => commands::check(rules.city.as_deref(), rules.pack.as_deref(), format, &files),
        Command::Pack { command: PackCommand::Lint { file, regulation, coverage } } => commands::lint(&file, regulation.as_deref(), coverage.as_deref()),
        Command::Pack { command: PackCommand::Articles { rules, regulation, coverage, format } } => {
            commands::articles(rules.city.as_deref(), rules.pack.as_deref(), regulation.as_deref(), coverage.as_deref(), format)
        }
        Command::Diff { rules, format, older, newer } => diff::diff(&older, &newer, rules.city.as_deref(), rules.pack.as_deref(), format),
        Command::Opinion { file, decision, note, note_file, unit, reviewer, against, out, force } => word::opinion(word::OpinionArgs {
            file: &file,
            trust: against.trust.as_deref(),
            bureau_key: against.bureau_key.as_deref(),
            packs: &against.packs,
            attachments_dir: against.attachments.as_deref(),
            decision: shenbao_core::paper::opinion::Decision::from_id(&decision).unwrap_or_default(),
            note: note.as_deref(),
            note_file: note_file.as_deref(),
            unit: &unit,
            reviewer: &reviewer,
            out: out.as_deref(),
            force,
        }),
        Command::Docx { rules, file, out, force } => word::docx(&file, rules.city.as_deref(), rules.pack.as_deref(), out.as_deref(), force),
        Command::Outline { file, plan, format, into, out, force } => outline::outline(outline::OutlineArgs {
            file: &file,
            group: match plan {
                PlanChoice::Requirement => "project.requirement_plan",
                PlanChoice::Service => "service_plan",
            },
            format,
            into: into.as_deref().zip(out.as_deref()),
            force,
        }),
        Command::Schema => commands::schema(),
        Command::Fields { format } => commands::fields(format),
        Command::Keygen { algorithm, out, public, passphrase_file, force } => {
            let alg = match algorithm {
                Alg::Sm2 => shenbao_core::crypto::Algorithm::Sm2,
                Alg::Ed25519 => shenbao_core::crypto::Algorithm::Ed25519,
            };
            signing::keygen(alg, &out, public.as_deref(), passphrase_file.as_deref(), force)
        }
        Command::Pubkey { key, out, passphrase_file } => signing::pubkey(&key, out.as_deref(), passphrase_file.as_deref()),
        Command::Sign { rules, keys, passphrase_file, department, credit_code, person, attachments, embed, previous, out, force, submission } => {
            signing::sign(signing::SignArgs {
                city: rules.city.as_deref(),
                pack: rules.pack.as_deref(),
                keys: &keys,
                passphrase_file: passphrase_file.as_deref(),
                department: &department,
                credit_code: &credit_code,
                person: &person,
                attachments: &attachments,
                embed,
                previous: previous.as_deref(),
                out: out.as_deref(),
                force,
                submission: &submission,
            })
        }
        Command::Verify { files, against, key, passphrase_file, format, jobs } => signing::verify(signing::VerifyArgs {
            files: &files,
            trust: against.trust.as_deref(),
            bureau_key: against.bureau_key.as_deref(),
            packs: &against.packs,
            attachments_dir: against.attachments.as_deref(),
            decrypt_key: key.as_deref(),
            passphrase_file: passphrase_file.as_deref(),
            format,
            jobs: jobs.map(usize::from),
        }),
        Command::Encrypt { package, to, out, force } => signing::encrypt(&package, &to, out.as_deref(), force),
        Command::Decrypt { file, key, passphrase_file, out, force } => signing::decrypt(&file, &key, passphrase_file.as_deref(), out.as_deref(), force),
        Command::Trust { command: TrustCommand::Sign { list, key, passphrase_file, out, force } } => {
            signing::trust_sign(&list, &key, passphrase_file.as_deref(), &out, force)
        }
        Command::Trust { command: TrustCommand::Add { list, key, department, credit_code, valid_from, valid_until, issuer } } => {
            signing::trust_add(&list, &key, &department, &credit_code, valid_from, valid_until, issuer.as_deref())
        }
        Command::Trust { command: TrustCommand::Revoke { list, fingerprint, date, reason } } => signing::trust_revoke(&list, &fingerprint, date, &reason),
        Command::Trust { command: TrustCommand::Show { list, bureau_key } } => signing::trust_show(&list, bureau_key.as_deref()),
    }
}

/// mimalloc instead of the C library's allocator: `verify` builds and drops the documents,
/// their JSON form and the report of every package, tens of thousands of small allocations
/// per package, which took about a sixth of a package's time in glibc's malloc and free.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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

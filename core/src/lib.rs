//! Shenbao rule core.
//!
//! * [`model`] — the two documents (项目申报 with its 需求方案, 服务需求方案) as typed Rust;
//! * [`fields`] — the registry of every field's path, Chinese label, kind, unit and hint;
//! * [`pack`] — rule packs (one per city) as data, loaded and type-checked;
//! * [`engine`] — the generic evaluator that turns a pack and a submission into a [`Report`];
//! * [`checks`], [`money`], [`date`] — small pure helpers shared by UI and CLI;
//! * [`input`] — strict reading of untrusted JSON (size cap, BOM, duplicate keys, depth);
//! * [`paper`] — a submission laid out as the printed documents, and as a Word file.
//! * [`regulation`] — a regulation's text article by article: citations checked against it.
//!
//! Pure Rust with no web or OS dependency: builds natively and for `wasm32-unknown-unknown`.

pub mod checks;
pub mod compare;
pub mod crypto;
pub mod date;
pub mod engine;
pub mod fields;
pub mod input;
pub mod model;
pub mod money;
pub mod order;
pub mod outline;
pub mod pack;
pub mod package;
pub mod paper;
pub mod paste;
pub mod regulation;
pub mod report;
pub mod typed;

pub use engine::check;
pub use model::{DocKind, ProjectApplication, ServicePlan, Submission};
pub use pack::{PackError, RulePack, Severity, Status};
pub use report::{Finding, Report};

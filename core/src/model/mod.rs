//! The two documents and the submission that carries them.

pub mod choice;
pub mod json;
pub mod live;
pub mod path;
mod shape;
pub use shape::strip_nulls;
pub mod project;
pub mod service;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use json::Json;

pub use choice::*;
pub use project::*;
pub use service::*;

/// Format id written into every submission file.
pub const SUBMISSION_FORMAT: &str = "shenbao.submission/1";

/// What a department files: the 项目申报, the 服务需求方案, or both for one project.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Submission {
    /// Always `shenbao.submission/1`.
    #[serde(default = "default_format")]
    pub format: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<ProjectApplication>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_plan: Option<ServicePlan>,
    /// The written 说明 for warnings, kept with the draft and signed with the package.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub justifications: Vec<Justification>,
}

/// A written justification (说明) for one warning, identified by rule and fields so that it
/// follows the warning it explains (and no other) when the report is re-computed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Justification {
    pub rule: String,
    #[serde(default)]
    pub fields: Vec<String>,
    pub text: String,
}

impl Justification {
    /// Whether this explains `finding` (same rule, same fields) with a non-blank text.
    pub fn explains(&self, finding: &crate::report::Finding) -> bool {
        self.rule == finding.rule && self.fields == finding.fields && !self.text.trim().is_empty()
    }
}

impl Submission {
    /// Warnings in `report` that have no justification yet.
    pub fn unexplained<'r>(&self, report: &'r crate::report::Report) -> Vec<&'r crate::report::Finding> {
        report.of(crate::pack::Severity::Warning).filter(|f| !self.justifications.iter().any(|j| j.explains(f))).collect()
    }
}

fn default_format() -> String {
    SUBMISSION_FORMAT.to_string()
}

/// As the serde attributes above: `format` defaults, the documents and the 说明 are left out
/// when absent or empty.
impl Json for Submission {
    fn read(v: &Value) -> Option<Self> {
        let m = json::object(v, &["format", "project", "service_plan", "justifications"])?;
        Some(Submission {
            format: m.get("format").map_or_else(|| Some(default_format()), String::read)?,
            project: json::field(m, "project")?,
            service_plan: json::field(m, "service_plan")?,
            justifications: json::field(m, "justifications")?,
        })
    }
    fn write(&self) -> Value {
        let mut entries = vec![("format", self.format.write())];
        if let Some(p) = &self.project {
            entries.push(("project", p.write()));
        }
        if let Some(s) = &self.service_plan {
            entries.push(("service_plan", s.write()));
        }
        if !self.justifications.is_empty() {
            entries.push(("justifications", self.justifications.write()));
        }
        json::fields(entries)
    }
}

/// `rule` and `text` required, `fields` defaulting to none.
impl Json for Justification {
    fn read(v: &Value) -> Option<Self> {
        let m = json::object(v, &["rule", "fields", "text"])?;
        Some(Justification { rule: String::read(m.get("rule")?)?, fields: json::field(m, "fields")?, text: String::read(m.get("text")?)? })
    }
    fn write(&self) -> Value {
        json::fields(vec![("rule", self.rule.write()), ("fields", self.fields.write()), ("text", self.text.write())])
    }
}

/// Which document a rule or finding concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocKind {
    Project,
    ServicePlan,
}

impl DocKind {
    pub const ALL: [DocKind; 2] = [DocKind::Project, DocKind::ServicePlan];

    pub fn id(self) -> &'static str {
        match self {
            DocKind::Project => "project",
            DocKind::ServicePlan => "service_plan",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DocKind::Project => "项目申报",
            DocKind::ServicePlan => "服务需求方案",
        }
    }

    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.id() == id)
    }
}

impl Submission {
    pub fn has(&self, doc: DocKind) -> bool {
        match doc {
            DocKind::Project => self.project.is_some(),
            DocKind::ServicePlan => self.service_plan.is_some(),
        }
    }

    /// Reads a submission from JSON that is already parsed (the editor's document), with the
    /// same checks as `from_json` after parsing. Saves the editor printing and re-parsing the
    /// whole document on every keystroke (BENCHMARKS.md, live checks).
    pub fn from_value(mut value: serde_json::Value) -> Result<Self, InputError> {
        shape::check(&value)?;
        shape::strip_nulls(&mut value);
        Self::deserialized(&value)
    }

    /// [`from_value`](Self::from_value) without taking the value: the editor checks its
    /// document on every keystroke, and copying a large project first cost more than reading
    /// it. Only a document holding nulls (cleared fields the model spells as missing keys) is
    /// copied, to drop them.
    pub fn from_value_ref(value: &serde_json::Value) -> Result<Self, InputError> {
        if shape::has_nulls(value) {
            return Self::from_value(value.clone());
        }
        shape::check(value)?;
        Self::deserialized(value)
    }

    /// Reads a shape-checked value (through [`Json`], not serde: see `json.rs`), then the
    /// checks the shape cannot make. The shape check leaves nothing for the reading to refuse
    /// (a test holds it to serde's reading); the error is for a broken invariant.
    fn deserialized(value: &Value) -> Result<Self, InputError> {
        let sub =
            Submission::read(value).ok_or_else(|| InputError { path: String::new(), line: 0, message: "文件内容与申报文件的格式不符".into() })?;
        sub.checked()
    }

    /// The checks after deserializing, shared by every way in.
    fn checked(self) -> Result<Self, InputError> {
        if self.format != SUBMISSION_FORMAT {
            return Err(InputError {
                path: "format".into(), line: 0, message: format!("不支持的文件格式“{}”，应为“{SUBMISSION_FORMAT}”", self.format)
            });
        }
        if self.project.is_none() && self.service_plan.is_none() {
            return Err(InputError {
                path: String::new(), line: 0, message: "文件中既没有项目申报（project）也没有服务需求方案（service_plan）".into()
            });
        }
        Ok(self)
    }

    /// Parses a submission, naming the JSON path of the first problem in the error.
    pub fn from_json(text: &str) -> Result<Self, InputError> {
        // Strict: size cap, BOM dropped, duplicate keys refused (see `crate::input`).
        let mut value = crate::input::parse(text, crate::input::MAX_INPUT_BYTES).map_err(|e| InputError { path: e.path, line: e.line, message: e.message })?;
        shape::check(&value)?;
        shape::strip_nulls(&mut value);
        Self::deserialized(&value)
    }

    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).expect("a submission always serializes")
    }
}

/// Replaces `rows[i]` with the row read from `v` and returns its JSON form (as
/// `serde_json::to_value` of the whole model has it); `None` if there is no row `i` or `v`
/// does not read. For [`live::LiveDoc`]'s row-by-row reading of tables.
pub(crate) fn replace_row<T: Json>(rows: &mut [T], i: usize, v: &Value) -> Option<Value> {
    let slot = rows.get_mut(i)?;
    let row = T::read(v)?;
    let json = row.write();
    *slot = row;
    Some(json)
}

/// A submission file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// JSON path of the offending value (`project.basic.total_investment`), empty for the root.
    pub path: String,
    /// 1-based line in the input, 0 when unknown.
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.path.is_empty(), self.line) {
            (true, 0) => write!(f, "{}", self.message),
            (true, line) => write!(f, "第 {line} 行：{}", self.message),
            (false, 0) => write!(f, "{}：{}", self.path, self.message),
            (false, line) => write!(f, "{}（第 {line} 行）：{}", self.path, self.message),
        }
    }
}

impl std::error::Error for InputError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_errors_name_the_path() {
        let e = Submission::from_json(r#"{"format":"shenbao.submission/1","project":{"basic":{"total_investment":"lots"}}}"#).unwrap_err();
        assert_eq!(e.path, "project.basic.total_investment");
        assert!(e.message.contains("类型不对"), "{}", e.message);

        let e = Submission::from_json(r#"{"format":"shenbao.submission/1","project":{"basic":{"nmae":"x"}}}"#).unwrap_err();
        assert_eq!(e.path, "project.basic.nmae");
        assert!(e.message.contains("未知字段"), "{}", e.message);

        let e = Submission::from_json(r#"{"format":"shenbao.submission/1","project":{"basic":{"filing_date":"2026-13-01"}}}"#).unwrap_err();
        assert_eq!(e.path, "project.basic.filing_date");

        let e = Submission::from_json(r#"{"format":"shenbao.submission/1","project":{"basic":{"category":"robots"}}}"#).unwrap_err();
        assert_eq!(e.path, "project.basic.category");
        assert!(e.message.contains("不是项目类别允许的选项") && e.message.contains("data_system（数据系统）"), "{}", e.message);

        let e =
            Submission::from_json(r#"{"format":"shenbao.submission/1","project":{"cost_estimate":{"items":[{"amount":1},{"amount":"1万"}]}}}"#).unwrap_err();
        assert_eq!(e.path, "project.cost_estimate.items[1].amount");
        assert!(e.message.contains("金额类型不对"), "{}", e.message);

        let e = Submission::from_json(r#"{"format":"shenbao.submission/1","project":{},"extra":1}"#).unwrap_err();
        assert_eq!(e.path, "extra");

        let e = Submission::from_json("{\"format\":").unwrap_err();
        assert!(e.message.contains("意外结束"), "{}", e.message);

        let e = Submission::from_json(r#"{"format":"other/9","project":{}}"#).unwrap_err();
        assert_eq!(e.path, "format");

        let e = Submission::from_json(r#"{"format":"shenbao.submission/1"}"#).unwrap_err();
        assert!(e.message.contains("既没有"));

        let e = Submission::from_json(r#"{"format":"shenbao.submission/1","project":{"basic":{"total_investment":-5}}}"#).unwrap_err();
        assert_eq!(e.path, "project.basic.total_investment");
    }

    #[test]
    fn empty_documents_parse_with_defaults() {
        let s = Submission::from_json(r#"{"format":"shenbao.submission/1","project":{}}"#).unwrap();
        assert_eq!(s.project, Some(ProjectApplication::default()));
        let back = Submission::from_json(&s.to_json_pretty()).unwrap();
        assert_eq!(back, s);
    }

    #[test]
    fn the_live_reader_knows_every_section_and_table() {
        // LiveDoc reads a document section by section and a table row by row; a section
        // missing from these lists would make every read a full one (correct, but slow), and a
        // table missing would be read whole after a cell edit.
        use live::Sections;
        fn sections_of<D: Sections>() -> (Vec<&'static str>, Vec<String>) {
            let mut sections = D::SECTIONS.to_vec();
            sections.sort_unstable();
            let tables = D::TABLES.iter().map(|(s, t)| if t.is_empty() { format!("{}.{s}", D::DOC) } else { format!("{}.{s}.{t}", D::DOC) }).collect();
            (sections, tables)
        }
        let keys = |v: serde_json::Value| v.as_object().unwrap().keys().map(|k| k.as_str().to_owned()).collect::<Vec<_>>();
        let (project, mut tables) = sections_of::<ProjectApplication>();
        assert_eq!(project, keys(serde_json::to_value(ProjectApplication::default()).unwrap()));
        let (plan, plan_tables) = sections_of::<ServicePlan>();
        assert_eq!(plan, keys(serde_json::to_value(ServicePlan::default()).unwrap()));
        tables.extend(plan_tables);
        tables.sort();
        let mut registry: Vec<String> =
            crate::fields::FIELDS.iter().filter(|f| f.kind == crate::fields::FieldKind::Table).map(|f| f.path.to_string()).collect();
        registry.sort();
        assert_eq!(tables, registry);
    }
}

//! A draft: the submission being filled in, with what it was started with.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Format id of exported draft files.
pub const DRAFT_FORMAT: &str = "shenbao.draft/1";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub format: String,
    pub id: String,
    /// Name shown in the drafts list (defaults to the project name).
    pub name: String,
    pub pack_id: String,
    /// The version of the pack the draft was last saved under: a draft opened after its pack
    /// was updated says so (`editor::updated`). Absent in drafts saved before it was kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pack_version: Option<String>,
    /// Increases by one on every save; a save never replaces a higher revision.
    pub revision: u64,
    /// Milliseconds since the epoch of the last save.
    pub saved_at: f64,
    /// The submission JSON (`shenbao.submission/1`), possibly incomplete.
    pub submission: Value,
}

/// What a signed package opened as a draft brings ([`package_contents`]).
pub struct Reopened {
    pub submission: Value,
    pub pack_id: String,
    /// The version of the pack it was checked under, which the draft compares with the one in
    /// use (`editor::updated`).
    pub pack_version: String,
    /// Its attached files, offered to the new draft's signing panel.
    pub attachments: Option<Value>,
    /// What a package signed from the draft records as the version it replaces
    /// (`signing::kept::Kept::replaces`).
    pub replaces: Value,
}

/// The id of the draft being edited, for what is kept beside the draft under its id (the
/// signing panel's attachments, `signing::kept`). It changes when the editor saves a copy and
/// goes on editing the copy.
#[derive(Clone, Copy)]
pub struct EditingId(pub leptos::prelude::RwSignal<String>);

/// Whether what is kept beside the draft (the signing panel's record: files picked, the
/// package signed; the drafts list's mark) is paused: while another tab's newer revision of
/// the draft is unresolved, as autosave is, so that what that tab kept is not overwritten.
/// Loading that revision loads the page again (`editor`), so a panel never outlives it.
#[derive(Clone, Copy)]
pub struct KeptPaused(pub leptos::prelude::RwSignal<bool>);

/// Summary line of a draft in the list (kept in a separate index so listing is cheap).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DraftInfo {
    pub id: String,
    pub name: String,
    pub pack_id: String,
    pub revision: u64,
    pub saved_at: f64,
}

impl Draft {
    pub fn new(id: String, pack_id: &str, project: bool, service_plan: bool) -> Draft {
        let mut submission = serde_json::json!({ "format": shenbao_core::model::SUBMISSION_FORMAT });
        if project {
            submission["project"] = serde_json::json!({});
        }
        if service_plan {
            submission["service_plan"] = serde_json::json!({});
        }
        Draft { format: DRAFT_FORMAT.into(), id, name: String::new(), pack_id: pack_id.into(), pack_version: None, revision: 0, saved_at: 0.0, submission }
    }

    pub fn info(&self) -> DraftInfo {
        DraftInfo { id: self.id.clone(), name: self.display_name(), pack_id: self.pack_id.clone(), revision: self.revision, saved_at: self.saved_at }
    }

    /// The given name, else the project name, else 未命名草稿.
    pub fn display_name(&self) -> String {
        if !self.name.trim().is_empty() {
            return self.name.trim().to_string();
        }
        let project = self.submission.pointer("/project/basic/name").and_then(Value::as_str).unwrap_or("");
        let service = self.submission.pointer("/service_plan/project_name").and_then(Value::as_str).unwrap_or("");
        let n = if project.trim().is_empty() { service } else { project };
        if n.trim().is_empty() { crate::strings::UNNAMED_DRAFT.into() } else { n.trim().to_string() }
    }

    /// Reads an exported draft file, a bare submission file or a signed package, naming the
    /// problem in Chinese. A package is read by code loaded when first needed
    /// (`lazy::package_contents`): its envelope and base64 are no part of the start page.
    pub async fn from_file(text: &str, new_id: String) -> Result<Draft, String> {
        // Strict: duplicate keys, excessive nesting and oversized files are refused.
        let v: Value = shenbao_core::input::parse(text, shenbao_core::input::MAX_PACKAGE_BYTES).map_err(|e| format!("文件不是有效的 JSON：{e}"))?;
        // What a signed package brings the new draft's signing panel: its attachments, and
        // itself as the version a package signed from the draft replaces.
        let mut offered = None;
        let mut d = match v.get("format").and_then(Value::as_str) {
            Some(DRAFT_FORMAT) => {
                // What was kept beside the draft where it was exported (`signing::kept::export_draft`).
                if let Some(kept) = v.get("kept") {
                    let attachments = kept.get("attachments").filter(|a| a.as_array().is_some_and(|a| !a.is_empty())).cloned();
                    let replaces = kept.get("replaces").filter(|r| r.is_object()).cloned();
                    if attachments.is_some() || replaces.is_some() {
                        offered = Some(crate::signing::kept::Offered { attachments, replaces, from_draft_file: true });
                    }
                }
                Draft::deserialize(&v).map_err(|e| format!("草稿文件内容有误：{e}"))?
            }
            Some(f) if f == shenbao_core::model::SUBMISSION_FORMAT => {
                let mut d = Draft::new(new_id.clone(), "", false, false);
                d.submission = v;
                d
            }
            None if v.get("payloadType").is_some() => {
                let read = crate::lazy::package_contents().await.map_err(|_| crate::strings::PACKAGE_READER_LOAD_FAILED.to_string())?;
                let r = read(&v)?;
                let mut d = Draft::new(new_id.clone(), &r.pack_id, false, false);
                d.submission = r.submission;
                d.pack_version = Some(r.pack_version).filter(|v| !v.is_empty());
                offered = Some(crate::signing::kept::Offered { attachments: r.attachments, replaces: Some(r.replaces), from_draft_file: false });
                d
            }
            _ if !v.is_object() => return Err("文件内容的顶层应为对象（{…}），这不是申报通的文件".into()),
            Some(f) => {
                return Err(format!(
                    "不是申报通草稿文件：不支持的文件格式“{f}”（申报通能打开草稿文件 {DRAFT_FORMAT}、申报文件 {} 和签名申报包）",
                    shenbao_core::model::SUBMISSION_FORMAT
                ));
            }
            _ => return Err("不是申报通草稿文件（缺少 format: shenbao.draft/1）".into()),
        };
        // The submission must be readable by the engine; partial documents are fine.
        shenbao_core::Submission::from_value_ref(&d.submission).map_err(|e| format!("草稿中的申报内容有误：{e}"))?;
        if let Some(offered) = offered {
            crate::signing::kept::offer(&new_id, offered);
        }
        d.id = new_id;
        d.revision = 0;
        Ok(d)
    }
}

/// Offers `draft`'s file for download (`<name>-草稿.json`), its text given.
pub fn download(draft: &Draft, text: &str) {
    let _ = crate::dom::download(&format!("{}-草稿.json", draft.display_name()), "application/json", text.as_bytes());
}

/// What a signed package holds for a new draft: its documents (with their 说明), its rule
/// pack's id, its attachments (when there are any) and what a package signed from the draft
/// records of it as the version it replaces. Reopened to revise and resubmit; the package
/// itself is verified in the 审核台. Reached only through `lazy::package_contents`.
pub fn package_contents(v: &Value) -> Result<Reopened, String> {
    let env = shenbao_core::package::dsse::Envelope::deserialize(v).map_err(|e| format!("申报包格式有误：{e}"))?;
    let bytes = env.payload_bytes().ok_or("申报包的 payload 不是有效的 base64")?;
    let payload = std::str::from_utf8(&bytes)
        .map_err(|_| "申报包内容不是有效的 UTF-8 文本".to_string())
        .and_then(|text| shenbao_core::input::parse(text, shenbao_core::input::MAX_PACKAGE_BYTES).map_err(|e| format!("申报包内容有误：{e}")))?;
    let submission = payload.get("submission").cloned().ok_or("申报包中没有申报内容")?;
    let text = |p: &str| payload.pointer(p).and_then(Value::as_str).unwrap_or("").to_string();
    let attachments = payload.get("attachments").filter(|a| a.as_array().is_some_and(|a| !a.is_empty())).cloned();
    let previous = shenbao_core::package::PreviousVersion::of(&text("/id"), &bytes);
    // The package's documents too, for the signing panel to show what the revision changed.
    let replaces = crate::signing::kept::reference(&previous, &text("/created_at"), &submission);
    Ok(Reopened { submission, pack_id: text("/pack/id"), pack_version: text("/pack/version"), attachments, replaces })
}

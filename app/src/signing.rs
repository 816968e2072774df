//! Keys, signing and export: the panel in the editor's side column.
//!
//! * Keys: generate (SM2 default, Ed25519), protected at once with a passphrase; import an
//!   `ENCRYPTED PRIVATE KEY` file; download the encrypted key, the public key and a printable
//!   registration sheet. Only the encrypted key file is ever kept (`keys`); the private key is
//!   unlocked for one signing and dropped (zeroized) right after.
//! * Signer: unit and credit code default from the documents; the person's name.
//! * Attachments: hashed (SHA-256, SM3), embedded under the size caps when asked.
//! * 「签名并导出」: enabled only with no errors, every warning explained, a key and a
//!   complete signer; otherwise the reasons are listed. Downloads the DSSE package — or,
//!   with 「为审核单位加密」 and the bureau's SM2 public key loaded, that package encrypted
//!   for the bureau (`….enc.json`, `shenbao_core::package::encrypt`).
//!
//! An optional [`SignHooks`] context lets tests use a small PBKDF2 work factor and observe
//! downloads.

pub mod bureau;
pub mod kept;
pub mod keys;
pub mod sheet;

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;
use shenbao_core::Submission;
use shenbao_core::crypto::{Algorithm, DEFAULT_ITERATIONS, PrivateKey, PublicKey, strength};
use shenbao_core::model::{AttachmentKind, Choice};
use shenbao_core::pack::RulePack;
use shenbao_core::package::encrypt::{self, EncryptRandomness};
use shenbao_core::package::{self, Attachment, EMBED_LIMIT_PER_FILE, EMBED_LIMIT_TOTAL, SignRequest, SignerIdentity};
use shenbao_core::report::Summary;
use wasm_bindgen::JsCast;

use crate::dom;
use crate::editor::EditorCtx;
use crate::strings::sign as t;
pub use keys::{KEYS_STORAGE, StoredKey};

/// A file offered for download.
#[derive(Clone, Debug, PartialEq)]
pub struct Download {
    pub name: String,
    pub mime: String,
    pub bytes: Vec<u8>,
}

/// Optional context changing how [`SignPanel`] works (used by tests).
#[derive(Clone, Copy)]
pub struct SignHooks {
    /// PBKDF2 iterations for newly generated key files ([`DEFAULT_ITERATIONS`] normally).
    pub kdf_iterations: u32,
    /// When set, receives every file instead of the browser's download.
    pub download: Option<Callback<Download>>,
}

impl Default for SignHooks {
    fn default() -> Self {
        SignHooks { kdf_iterations: DEFAULT_ITERATIONS, download: None }
    }
}

fn offer(hooks: &SignHooks, name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    match hooks.download {
        Some(cb) => {
            cb.run(Download { name: name.to_string(), mime: mime.to_string(), bytes: bytes.to_vec() });
            Ok(())
        }
        None => dom::download(name, mime, bytes),
    }
}

/// What the last signing produced.
#[derive(Clone, Debug, PartialEq)]
pub struct Exported {
    pub file_name: String,
    pub id: String,
    /// Hex SHA-256 of the payload bytes.
    pub sha256: String,
    /// Grouped SM3 fingerprint of the signing key.
    pub fingerprint: String,
    pub created_at: String,
    /// Grouped SM3 fingerprint of the bureau key the file was encrypted for, if it was.
    pub encrypted_for: Option<String>,
    /// The id of the package this one replaces, when signed as a revision.
    pub replaces: Option<String>,
    /// What the package's papers say of it (footer, record), as the desk and the CLI say it.
    pub seal: shenbao_core::paper::Seal,
    /// Signed before the panel was opened (kept with the draft: `kept::signed_record`), not
    /// just now.
    pub earlier: bool,
}

/// The reference to the package a draft was reopened from (`kept::Kept::replaces`).
fn previous_of(v: &Value) -> Option<package::PreviousVersion> {
    let text = |k: &str| v.get(k).and_then(Value::as_str).filter(|t| !t.is_empty()).map(str::to_string);
    Some(package::PreviousVersion { id: text("id")?, sha256: text("sha256")?, sm3: text("sm3")? })
}

/// Lets the browser paint (e.g. a progress message) before a long synchronous step.
pub(crate) async fn pause(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Focuses `id` after the pending render.
fn focus_soon(id: &'static str) {
    set_timeout(
        move || {
            dom::focus(id);
        },
        std::time::Duration::from_millis(0),
    );
}

/// Now as RFC 3339 UTC to the second: `2026-09-15T08:30:00Z`.
pub fn now_rfc3339() -> String {
    let iso: String = js_sys::Date::new_0().to_iso_string().into();
    format!("{}Z", iso.get(..19).unwrap_or(&iso))
}

/// Today's local date `YYYY-MM-DD`.
fn today() -> String {
    let d = js_sys::Date::new_0();
    format!("{}-{:02}-{:02}", d.get_full_year(), d.get_month() + 1, d.get_date())
}

fn text_at(ctx: &EditorCtx, paths: &[&str]) -> String {
    paths.iter().map(|p| ctx.get(p)).find_map(|v| v.as_str().map(str::trim).filter(|s| !s.is_empty()).map(String::from)).unwrap_or_default()
}

/// Why the documents cannot be signed yet (errors, unexplained warnings), from the report's
/// counts and its count of unexplained warnings (`EditorCtx::counts_now`); empty when they can.
/// At most [`DOC_REASONS`].
pub fn doc_blockers((summary, open): (Result<Summary, String>, usize)) -> Vec<String> {
    match summary {
        Err(e) => vec![format!("{}{e}", t::CANNOT_CHECK)],
        Ok(summary) => {
            let mut out = Vec::new();
            if summary.errors > 0 {
                out.push(format!("{}{}{}", t::ERRORS_LEFT_PRE, summary.errors, t::ERRORS_LEFT_POST));
            }
            if open > 0 {
                out.push(format!("{}{}{}", t::ERRORS_LEFT_PRE, open, t::WARNINGS_LEFT_POST));
            }
            out
        }
    }
}

/// How many reasons the documents can give not to be signed yet ([`doc_blockers`]).
const DOC_REASONS: usize = 2;

/// The id of the place of the documents' `i`th reason not to be signed yet.
fn doc_reason_id(i: usize) -> String {
    format!("sign-doc-reason-{i}")
}

/// What signing made: what to show, the file's text, the payload, and how a package signed
/// after it from the same draft records it as the version it replaces.
struct Made {
    exported: Exported,
    text: String,
    payload: package::Payload,
    this: package::PreviousVersion,
}

/// Unlocks the key, signs, and drops the key.
fn sign_now(
    key: &StoredKey,
    passphrase: &str,
    pack: Option<&'static RulePack>,
    doc: &str,
    signer: SignerIdentity,
    attachments: Vec<Attachment>,
    previous: Option<package::PreviousVersion>,
) -> Result<Made, String> {
    let pack = pack.ok_or_else(|| crate::strings::NO_PACK.to_string())?;
    let submission = Submission::from_json(doc).map_err(|e| format!("{}{e}", t::CANNOT_CHECK))?;
    let mut random_id = [0u8; 16];
    getrandom::fill(&mut random_id).map_err(|_| t::NO_RANDOM.to_string())?;
    let created_at = now_rfc3339();
    let private: PrivateKey = key.unlock(passphrase)?;
    let replaces = previous.as_ref().map(|p| p.id.clone());
    let signed =
        package::sign(SignRequest { submission, pack, signer, keys: vec![&private], attachments, previous, created_at: created_at.clone(), random_id });
    drop(private);
    let (envelope, payload) = signed.map_err(|e| e.to_string())?;
    let (sha256, sm3) = package::payload_digest(&envelope).unwrap_or_default();
    let exported = Exported {
        file_name: package::package_file_name(&payload),
        id: payload.id.clone(),
        sha256: sha256.clone(),
        fingerprint: key.grouped(),
        created_at,
        encrypted_for: None,
        replaces,
        seal: shenbao_core::paper::Seal::package(&sha256, true, payload.head()),
        earlier: false,
    };
    let this = package::PreviousVersion { id: payload.id.clone(), sha256, sm3 };
    Ok(Made { exported, text: envelope.to_json_pretty(), payload, this })
}

/// Encrypts a signed package's text for the bureau (SM4-GCM, key wrapped with SM2): the
/// exported file becomes `….enc.json`.
fn seal(exported: &mut Exported, text: &str, recipient: &PublicKey) -> Result<String, String> {
    let mut random = zeroize::Zeroizing::new([0u8; EncryptRandomness::LEN]);
    getrandom::fill(&mut random[..]).map_err(|_| t::NO_RANDOM_ENCRYPT.to_string())?;
    let sealed = encrypt::encrypt(text.as_bytes(), recipient, &EncryptRandomness::from_bytes(&random)).map_err(|e| e.to_string())?;
    exported.file_name = encrypt::encrypted_file_name(&exported.file_name);
    exported.encrypted_for = Some(recipient.fingerprint().grouped());
    Ok(sealed.to_json_pretty())
}

/// `1.2 MB`, `340 KB`, `512 字节`.
fn human_size(n: u64) -> String {
    if n >= 1024 * 1024 {
        shenbao_core::input::megabytes(n)
    } else if n >= 1024 {
        format!("{} KB", n.div_ceil(1024))
    } else {
        format!("{n} {}", t::BYTES)
    }
}

#[derive(Clone, PartialEq)]
struct Row {
    id: u32,
    att: Attachment,
    note: &'static str,
}

#[derive(Clone, PartialEq)]
enum Note {
    Info(String),
    Error(String),
}

/// Shown in the editor under the findings.
#[component]
pub fn SignPanel() -> impl IntoView {
    // Set after signing: the package the papers (print, Word) name while the document is as
    // signed.
    let signed_doc = use_context::<RwSignal<Option<crate::print::Signed>>>().unwrap_or_else(|| RwSignal::new(None));
    let ctx = expect_context::<EditorCtx>();
    // The package last signed here, or kept from an earlier visit (`kept::signed_from`), as
    // shown under the button; its record as kept with the draft (`kept::signed_record`).
    let exported = RwSignal::new(None::<Exported>);
    let last_signed: RwSignal<Option<Value>> = RwSignal::new(None);
    // The draft the package shown was signed from (or kept with): a copy saved from it
    // (「把本页内容另存为副本」 changes the draft's id) keeps no package it did not sign.
    let editing = use_context::<crate::draft::EditingId>();
    let signed_under = StoredValue::new(None::<String>);
    let is_signed_draft = move |id: &str| signed_under.try_with_value(|u| u.as_deref() == Some(id)).unwrap_or(false);
    // What is kept beside the draft — its record here, its mark in the drafts list — is not
    // written while the draft's autosave is paused for another tab's revision
    // (`draft::KeptPaused`).
    let kept_paused = use_context::<crate::draft::KeptPaused>().map(|crate::draft::KeptPaused(p)| p);
    let kept_held = move || kept_paused.is_some_and(|p| p.try_get_untracked() != Some(false));
    // The drafts list's mark beside that draft (`storage::SignedMark`), written only when it
    // changes (`marked`: the mark last written).
    let marked = StoredValue::new(None::<crate::storage::SignedMark>);
    let mark = move |changed: bool| {
        // The cheap tests first: this runs on every keystroke.
        if marked.try_get_value().flatten().is_some_and(|m| m.changed == changed) || signed_under.try_with_value(Option::is_none).unwrap_or(true) {
            return;
        }
        let Some(id) = editing.and_then(|crate::draft::EditingId(id)| id.try_get_untracked()).filter(|id| is_signed_draft(id)) else { return };
        if kept_held() {
            return;
        }
        let Some(at) = exported.try_with_untracked(|e| e.as_ref().map(|e| js_sys::Date::parse(&e.created_at))).flatten().filter(|t| t.is_finite()) else {
            return;
        };
        let mark = crate::storage::SignedMark { at, changed };
        if marked.try_get_value() != Some(Some(mark)) {
            crate::storage::with(|st| st.set_signed_mark(&id, mark));
            marked.try_set_value(Some(mark));
        }
    };
    // Whether the documents changed since they were signed: worked out once typing stops (in
    // the panel's quiet listener, below). The mark says so at the first change, a cheap call
    // (`mark` writes nothing while it stays as it is), so that it is right even when the editor
    // closes before the pause (the pause's timer then does nothing); the pause puts it back if
    // the documents are as signed again.
    let changed_since = RwSignal::new(false);
    let check_changed = move || {
        let Some(changed) = signed_doc.try_with_untracked(|s| s.as_ref().is_some_and(|s| ctx.doc.try_with_untracked(|d| *d != s.doc).unwrap_or(false))) else {
            return;
        };
        if changed_since.try_get_untracked().is_some_and(|was| was != changed) {
            changed_since.set(changed);
        }
        mark(changed);
    };
    ctx.on_change(move || mark(true));
    let hooks = use_context::<SignHooks>().unwrap_or_default();
    // A draft reopened from a signed package: a package signed from it says it replaces that
    // one (the reviewer's desk then shows the two side by side), unless the signer says no.
    // Kept with the draft's files (`kept`).
    let replaces: RwSignal<Option<Value>> = RwSignal::new(None);
    let as_revision = RwSignal::new(true);
    // What the revision changed against that package's documents: worked out when opened, and
    // again once typing stops while it is open (never on a keystroke).
    let changes_open = RwSignal::new(false);
    let changes: RwSignal<String> = RwSignal::new(String::new());
    let work_out_changes = move || {
        if !changes_open.get_untracked() {
            return;
        }
        let html = replaces.with_untracked(|r| {
            let before = Submission::from_value_ref(r.as_ref()?.get("submission")?).ok()?;
            let now = ctx.doc.with_untracked(Submission::from_value_ref).ok()?;
            Some(crate::compared::comparison_html(&shenbao_core::compare::submissions(&before, &now, None)))
        });
        changes.set(html.unwrap_or_default());
    };
    let replaces_note = move || {
        replaces.with(|r| {
            let r = r.as_ref()?;
            let (p, at) = (previous_of(r)?, r.get("created_at").and_then(Value::as_str).unwrap_or("").to_string());
            let has_documents = r.get("submission").is_some();
            Some(view! {
                <div class="sign-replaces">
                    <label class="inline">
                        <input type="checkbox" id="sign-replaces" prop:checked=move || as_revision.get() on:change=move |ev| as_revision.set(event_target_checked(&ev)) />
                        <span>{t::REPLACES_PRE} <span class="fp">{p.id}</span> {t::REPLACES_SIGNED_AT} {shenbao_core::paper::beijing_time(&at)} {t::REPLACES_POST}</span>
                    </label>
                    {has_documents.then(|| view! {
                        <details class="sign-changes changes" on:toggle=move |ev| {
                            let open = event_target::<web_sys::HtmlDetailsElement>(&ev).open();
                            changes_open.set(open);
                            work_out_changes();
                        }>
                            <summary id="sign-changes">{t::REPLACES_CHANGES}</summary>
                            <div class="changes-result" inner_html=move || changes.get()></div>
                        </details>
                    })}
                </div>
            })
        })
    };

    // Status line (polite live region) and the long-running step, if any.
    let note = RwSignal::new(None::<Note>);
    let busy = RwSignal::new(None::<&'static str>);
    let info = move |m: String| note.set(Some(Note::Info(m)));
    let fail = move |m: String| note.set(Some(Note::Error(m)));
    let idle = move || busy.with(Option::is_none);

    // Keys.
    let keys = RwSignal::new(keys::load());
    let selected = RwSignal::new(keys.with_untracked(|k| k.first().map(|k| k.fingerprint.clone())));
    let chosen = Memo::new(move |_| selected.get().and_then(|fp| keys.with(|ks| ks.iter().find(|k| k.fingerprint == fp).cloned())));
    // Remembers the keys; false when the browser refused.
    let persist = move || keys.with_untracked(|k| keys::save(k));
    let add_key = move |k: StoredKey| -> bool {
        let fp = k.fingerprint.clone();
        let known = keys.with_untracked(|ks| ks.iter().any(|x| x.fingerprint == fp));
        if !known {
            keys.update(|ks| ks.insert(0, k));
        }
        selected.set(Some(fp));
        known
    };

    // Signer.
    let unit_edit = RwSignal::new(None::<String>);
    let code_edit = RwSignal::new(None::<String>);
    // The signer's name is remembered for next time (it is no secret; the key stays encrypted).
    let person = RwSignal::new(crate::dom::local_storage().and_then(|s| s.get_item("shenbao.signer.person").ok().flatten()).unwrap_or_default());
    let unit = Memo::new(move |_| unit_edit.get().unwrap_or_else(|| text_at(&ctx, &["project.basic.owner_unit", "service_plan.owner_unit"])));
    let code = Memo::new(move |_| code_edit.get().unwrap_or_else(|| text_at(&ctx, &["project.basic.credit_code", "service_plan.credit_code"])));

    // Generation.
    let gen_alg = RwSignal::new(Algorithm::Sm2);
    let gen_pass = RwSignal::new(String::new());
    let gen_pass2 = RwSignal::new(String::new());
    let gen_remember = RwSignal::new(true);
    let gen_error = RwSignal::new(None::<&'static str>);
    let gen_strength = Memo::new(move |_| gen_pass.with(|p| strength::assess(p)));
    let generate = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !idle() {
            return;
        }
        let pass = gen_pass.get_untracked();
        let verdict = strength::assess(&pass);
        if !verdict.strength.acceptable() {
            gen_error.set(Some(verdict.advice));
            fail(verdict.advice.into());
            dom::focus("gen-pass");
            return;
        }
        if pass != gen_pass2.get_untracked() {
            gen_error.set(Some(t::PASSPHRASE_MISMATCH));
            fail(t::PASSPHRASE_MISMATCH.into());
            dom::focus("gen-pass2");
            return;
        }
        gen_error.set(None);
        let alg = gen_alg.get_untracked();
        let remember = gen_remember.get_untracked();
        let label = {
            let u = unit.get_untracked();
            if u.is_empty() { t::DEFAULT_FILE_BASE.to_string() } else { u }
        };
        busy.set(Some(t::ENCRYPTING));
        note.set(None);
        spawn_local(async move {
            pause(40).await;
            let made = PrivateKey::generate(alg).and_then(|k| Ok((k.public_key(), k.to_encrypted_pem_with_iterations(pass.as_bytes(), hooks.kdf_iterations)?)));
            drop(pass);
            gen_pass.set(String::new());
            gen_pass2.set(String::new());
            busy.set(None);
            match made {
                Ok((public, pem)) => {
                    let mut k = StoredKey::new(label, &public, pem, today());
                    k.session_only = !remember;
                    add_key(k);
                    if remember && !persist() {
                        fail(format!("{}{}", t::GENERATED, t::NOT_REMEMBERED));
                    } else {
                        info(t::GENERATED.into());
                    }
                    focus_soon("key-dl-private");
                }
                Err(e) => fail(e.to_string()),
            }
        });
    };

    // Import: check the file's kind, then its passphrase once to read the public key.
    let pending_import = RwSignal::new(None::<(String, String)>);
    let import_pass = RwSignal::new(String::new());
    let pick_key = move |ev: leptos::ev::Event| {
        let Some(file) = dom::picked_files(&ev).into_iter().next() else { return };
        let name = file.name();
        spawn_local(async move {
            match dom::read_text(file).await {
                Ok(text) => match keys::check_encrypted_pem(&text) {
                    Ok(()) => {
                        pending_import.set(Some((name, text)));
                        info(t::IMPORT_READY.into());
                        focus_soon("import-pass");
                    }
                    Err(e) => {
                        pending_import.set(None);
                        fail(format!("{name}：{e}"));
                    }
                },
                Err(e) => fail(e),
            }
        });
    };
    let confirm_import = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !idle() {
            return;
        }
        let Some((name, text)) = pending_import.get_untracked() else { return };
        let pass = import_pass.get_untracked();
        if pass.is_empty() {
            fail(t::NEED_PASSPHRASE.into());
            dom::focus("import-pass");
            return;
        }
        busy.set(Some(t::IMPORTING));
        note.set(None);
        spawn_local(async move {
            pause(40).await;
            let label = name.rsplit_once('.').map(|(stem, _)| stem.to_string()).unwrap_or(name);
            let result = keys::import(&text, &pass, label, today());
            drop(pass);
            import_pass.set(String::new());
            busy.set(None);
            match result {
                Ok(k) => {
                    pending_import.set(None);
                    let known = add_key(k);
                    if known {
                        info(t::ALREADY_KNOWN.into());
                    } else if !persist() {
                        fail(format!("{}{}", t::IMPORTED, t::NOT_REMEMBERED));
                    } else {
                        info(t::IMPORTED.into());
                    }
                    focus_soon("key-dl-private");
                }
                Err(e) => {
                    fail(e);
                    focus_soon("import-pass");
                }
            }
        });
    };

    let download_key = move |what: u8| {
        let Some(k) = chosen.get_untracked() else { return };
        let base = k.file_base(&unit.get_untracked());
        let result = match what {
            0 => offer(&hooks, &format!("{base}.pem"), "application/x-pem-file", k.encrypted_pem.as_bytes()),
            1 => offer(&hooks, &format!("{base}.pub.pem"), "application/x-pem-file", k.public_key_pem.as_bytes()),
            _ => {
                let html = sheet::registration_sheet(&k, &unit.get_untracked(), &code.get_untracked(), &today());
                offer(&hooks, &format!("{base}-登记表.html"), "text/html;charset=utf-8", html.as_bytes())
            }
        };
        if let Err(e) = result {
            fail(format!("{}{e}", t::DOWNLOAD_FAILED));
        }
    };
    let delete_key = move |_| {
        let Some(k) = chosen.get_untracked() else { return };
        if !dom::confirm(&format!("{}\n\n{} · {}", t::CONFIRM_DELETE_KEY, k.label, k.grouped())) {
            return;
        }
        keys.update(|ks| ks.retain(|x| x.fingerprint != k.fingerprint));
        selected.set(keys.with_untracked(|ks| ks.first().map(|x| x.fingerprint.clone())));
        persist();
        info(t::KEY_DELETED.into());
        focus_soon("key-list");
    };

    // Attachments.
    let att_kind = RwSignal::new("other".to_string());
    let att_embed = RwSignal::new(false);
    let rows = RwSignal::new(Vec::<Row>::new());
    // A draft's papers list the files picked (`print::DraftSeal`), as they change.
    if let Some(crate::print::DraftSeal(draft)) = use_context() {
        Effect::new(move |_| {
            let files: Vec<Attachment> = rows.with(|r| r.iter().map(|r| r.att.described()).collect());
            let seal = shenbao_core::paper::Seal::draft_with(&files);
            if draft.try_with_untracked(|d| *d != seal) == Some(true) {
                draft.set(seal);
            }
        });
    }
    let next_row = StoredValue::new(0u32);
    let new_row = move |att: Attachment, note: &'static str| {
        let id = next_row.get_value();
        next_row.set_value(id + 1);
        Row { id, att, note }
    };
    // What is picked is kept with the draft (`kept`, IndexedDB), so that a reload or a closed
    // tab does not lose it: restored when the panel opens, written after every change once the
    // restore is done (before, a write would replace the kept files with none). `kept_off`:
    // the browser would not keep them (said under the files). Without a draft (tests), nothing
    // is kept.
    let kept_off = RwSignal::new(false);
    if let Some(crate::draft::EditingId(draft_id)) = use_context() {
        kept::ask_to_persist();
        let restored = StoredValue::new(false);
        let first = draft_id.get_untracked();
        // A draft just opened from a signed package: the package's attachments and the package
        // itself as the version it replaces, once.
        let package = kept::take_offered(&first).unwrap_or_default();
        spawn_local(async move {
            let kept = kept::load(&first).await.unwrap_or_default();
            let mut found = kept.rows;
            let from_package = found.is_empty() && package.attachments.is_some();
            if from_package {
                found = package.attachments.as_ref().map(kept::from_package).unwrap_or_default();
            }
            let n = found.len();
            // Gone meanwhile (the editor closed)?
            if restored.try_set_value(true).is_some() {
                return;
            }
            replaces.set(kept.replaces.or(package.replaces));
            // Signed on an earlier visit: said again, and the papers name the package while
            // the documents are as signed — unless a package was signed meanwhile.
            if let Some((earlier, doc)) = kept.signed.as_ref().and_then(kept::signed_from).filter(|_| exported.with_untracked(Option::is_none)) {
                signed_doc.set(Some(crate::print::Signed { doc, seal: earlier.seal.clone() }));
                exported.set(Some(earlier));
                last_signed.set(kept.signed);
                signed_under.set_value(Some(first.clone()));
                check_changed();
            }
            // Restored files come first; files picked meanwhile are then kept with them.
            if n > 0 || rows.with_untracked(|r| !r.is_empty()) {
                rows.update(|r| {
                    let mut out: Vec<Row> = found.into_iter().map(|(att, note)| new_row(att, note)).collect();
                    out.append(r);
                    *r = out;
                });
            }
            if n > 0 {
                let pre = match (from_package, package.from_draft_file) {
                    (true, true) => t::KEPT_FROM_DRAFT_FILE_PRE,
                    (true, false) => t::KEPT_FROM_PACKAGE_PRE,
                    (false, _) => t::KEPT_RESTORED_PRE,
                };
                info(format!("{pre}{n}{}", t::KEPT_RESTORED_POST));
            }
        });
        // Which write is the latest: an older one still waiting for its connection steps
        // aside. Outside the panel's reactive owner, so that a write begun just before the
        // editor closes still lands.
        let writes = std::rc::Rc::new(std::cell::Cell::new(0u32));
        Effect::new(move |_| {
            if kept_paused.is_some_and(|p| p.get()) {
                return;
            }
            let key = draft_id.get();
            let signed_here = is_signed_draft(&key);
            let text = rows.with(|r| {
                replaces.with(|rep| {
                    last_signed.with(|signed| kept::encode(r.iter().map(|r| (&r.att, r.note)), rep.as_ref(), signed.as_ref().filter(|_| signed_here)))
                })
            });
            let has_files = rows.with(|r| !r.is_empty());
            if !restored.get_value() {
                return;
            }
            let n = writes.get() + 1;
            writes.set(n);
            let latest = writes.clone();
            spawn_local(async move {
                let failed = kept::save(&key, text.as_deref(), move || latest.get() == n).await.is_err();
                // Said while there are files that could not be kept, until a write succeeds.
                let off = failed && has_files;
                if kept_off.try_get_untracked().is_some_and(|was| was != off) {
                    kept_off.set(off);
                }
            });
        });
    }
    let pick_attachments = move |ev: leptos::ev::Event| {
        let files = dom::picked_files(&ev);
        if files.is_empty() {
            return;
        }
        let kind = att_kind.get_untracked();
        let embed = att_embed.get_untracked();
        busy.set(Some(t::HASHING));
        note.set(None);
        spawn_local(async move {
            pause(20).await;
            let mut added = 0;
            let mut problems = Vec::new();
            for file in files {
                let name = file.name();
                match dom::read_bytes(file).await {
                    Ok(bytes) => {
                        let size = bytes.len() as u64;
                        let used: u64 = rows.with_untracked(|r| r.iter().filter(|r| r.att.content_base64.is_some()).map(|r| r.att.size).sum());
                        let (embed_it, note) = if !embed {
                            (false, t::DIGEST_ONLY)
                        } else if size > EMBED_LIMIT_PER_FILE {
                            (false, t::TOO_BIG_FILE)
                        } else if used + size > EMBED_LIMIT_TOTAL {
                            (false, t::TOO_BIG_TOTAL)
                        } else {
                            (true, t::EMBEDDED)
                        };
                        let att = Attachment::from_bytes(&name, &kind, &bytes, embed_it);
                        rows.update(|r| r.push(new_row(att, note)));
                        added += 1;
                    }
                    Err(e) => problems.push(e),
                }
            }
            busy.set(None);
            if problems.is_empty() {
                info(format!("{added} {}", t::ATTACHMENTS_ADDED));
            } else {
                fail(problems.join("；"));
            }
        });
    };

    // The 附件清单 (kind id and title each) as of the last pause in typing (`on_quiet`), and
    // the files chosen, for the check under the files and the note by the sign button. Drawn
    // at each keystroke in the list, the check made those keystrokes 0.7 ms slower
    // (BENCHMARKS.md, nineteenth round); the panel is far from the list, and a pause follows.
    // Held as the JSON value: a signal of a `Value` costs no new generic code in the wasm.
    // The same pause works out the revision's changes again, when they are open, and whether
    // the documents are still as signed: one quiet listener for the panel, since each is a
    // call on every keystroke.
    let list = RwSignal::new(ctx.with_untracked("project.attachments", Value::clone));
    ctx.on_quiet(move || {
        let Some(now) = ctx.doc.try_with_untracked(|d| d.pointer("/project/attachments").cloned().unwrap_or(Value::Null)) else { return };
        if list.try_with_untracked(|l| *l != now) == Some(true) {
            list.set(now);
        }
        if changes_open.try_get_untracked() == Some(true) {
            work_out_changes();
        }
        check_changed();
    });
    let listed_files = move || {
        let files: Vec<(String, String)> = rows.with(|r| r.iter().map(|r| (r.att.kind.clone(), r.att.name.clone())).collect());
        (list.with(crate::listed::listed_of), files)
    };
    // 「选择文件…」 beside a listed document without a file: the kind is set to the document's
    // (the select shows it) and the file picker opened, in the click's user activation.
    let pick_listed = move |ev: leptos::ev::MouseEvent| {
        let Some(button) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).and_then(|e| e.closest(".listed-pick").ok().flatten()) else {
            return;
        };
        let Some(kind) = button.get_attribute(crate::listed::PICK_KIND) else { return };
        let document = web_sys::window().and_then(|w| w.document());
        if let Some(select) = document.as_ref().and_then(|d| d.get_element_by_id("att-kind")).and_then(|e| e.dyn_into::<web_sys::HtmlSelectElement>().ok()) {
            select.set_value(&kind);
        }
        att_kind.set(kind);
        if let Some(input) = document.and_then(|d| d.get_element_by_id("att-files")).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            input.click();
        }
    };

    // Encryption for the bureau: its SM2 public key (file name, key), when chosen. Both are
    // remembered (`bureau`): a department reports to the same bureau package after package.
    let remembered = bureau::load();
    let enc_on = RwSignal::new(remembered.as_ref().is_some_and(|r| r.on));
    let enc_key = RwSignal::new(remembered.map(|r| (r.name, r.key)));
    let enc_error = RwSignal::new(None::<String>);
    let remember_bureau = move || {
        enc_key.with_untracked(|k| match k {
            Some((name, key)) => bureau::save(name, key, enc_on.get_untracked()),
            None => bureau::forget(),
        })
    };
    let pick_enc_key = move |ev: leptos::ev::Event| {
        let Some(file) = dom::picked_files(&ev).into_iter().next() else { return };
        let name = file.name();
        spawn_local(async move {
            let read = dom::read_text(file).await.and_then(|text| PublicKey::from_pem(&text).map_err(|e| e.to_string()));
            match read {
                Ok(k) if k.algorithm() == Algorithm::Sm2 => {
                    enc_error.set(None);
                    info(format!("{}：{}", t::ENCRYPT_KEY_LOADED, k.fingerprint().grouped()));
                    enc_key.set(Some((name, k)));
                    remember_bureau();
                }
                Ok(_) => {
                    enc_error.set(Some(t::ENCRYPT_NOT_SM2.to_string()));
                    fail(t::ENCRYPT_NOT_SM2.to_string());
                }
                Err(e) => {
                    let message = format!("{}{name}：{e}", t::ENCRYPT_KEY_BAD);
                    enc_error.set(Some(message.clone()));
                    fail(message);
                }
            }
        });
    };

    // Signing.
    let sign_pass = RwSignal::new(String::new());
    // Why the documents cannot be signed (errors, unexplained warnings) apart from the signer's
    // own reasons, so that each list keeps its lines in place: as one list, a finding that came
    // or went while an amount was typed shifted every reason after it, each rewritten in the
    // page, and a line was added or removed at the end. The documents' reasons are in places of
    // their own, hidden while empty, written by the check itself when they change
    // (`EditorCtx::on_findings`): as a memo of the counts, every finding that came or went
    // while an amount was typed woke half a dozen of this panel's reactive nodes
    // (BENCHMARKS.md, fifteenth round). `doc_blocked` changes only when the documents become
    // signable or stop being.
    let doc_reasons = StoredValue::new(untrack(|| doc_blockers(ctx.counts_now())));
    let doc_blocked = RwSignal::new(doc_reasons.with_value(|r| !r.is_empty()));
    ctx.on_findings(move || {
        let now = doc_blockers(ctx.counts_now());
        if doc_reasons.try_with_value(|r| *r == now) != Some(false) {
            return;
        }
        let document = web_sys::window().and_then(|w| w.document());
        for i in 0..DOC_REASONS {
            if let Some(li) = document.as_ref().and_then(|d| d.get_element_by_id(&doc_reason_id(i))) {
                let why = now.get(i);
                li.set_text_content(why.map(String::as_str));
                let _ = li.toggle_attribute_with_force("hidden", why.is_none());
            }
        }
        let blocked = !now.is_empty();
        if doc_blocked.try_get_untracked().is_some_and(|b| b != blocked) {
            doc_blocked.set(blocked);
        }
        doc_reasons.set_value(now);
    });
    let own_reasons = Memo::new(move |_| {
        let mut out = Vec::new();
        if chosen.with(Option::is_none) {
            out.push(t::CHOOSE_KEY_FIRST.to_string());
        }
        for (value, why) in [(unit, t::NEED_UNIT), (code, t::NEED_CREDIT_CODE)] {
            if value.with(|v| v.trim().is_empty()) {
                out.push(why.to_string());
            }
        }
        if person.with(|v| v.trim().is_empty()) {
            out.push(t::NEED_PERSON.to_string());
        }
        if enc_on.get() && enc_key.with(Option::is_none) {
            out.push(t::NEED_BUREAU_KEY.to_string());
        }
        out
    });
    // A memo: what shows it re-runs only when it changes, not with each new count of errors.
    let blocked = Memo::new(move |_| doc_blocked.get() || own_reasons.with(|r| !r.is_empty()));
    let sign = move |_| {
        if !idle() || blocked.get_untracked() {
            return;
        }
        let Some(key) = chosen.get_untracked() else { return };
        let pass = sign_pass.get_untracked();
        if pass.is_empty() {
            fail(t::NEED_PASSPHRASE.into());
            dom::focus("sign-pass");
            return;
        }
        // The documents exactly as a package already signed from this draft has them: a second
        // package of the same content is most often a slip (a package already sent, a second
        // click), so it is asked first.
        let same = signed_doc.with_untracked(|s| s.as_ref().is_some_and(|s| ctx.doc.with_untracked(|d| *d == s.doc)));
        if let Some(id) = exported.with_untracked(|e| e.as_ref().map(|e| e.id.clone())).filter(|_| same)
            && !dom::confirm(&format!("{}{id}{}", t::SAME_AS_SIGNED_PRE, t::SAME_AS_SIGNED_POST))
        {
            return;
        }
        let signer = SignerIdentity {
            department: unit.get_untracked().trim().to_string(),
            credit_code: code.get_untracked().trim().to_string(),
            person: person.get_untracked().trim().to_string(),
        };
        let attachments: Vec<Attachment> = rows.with_untracked(|r| r.iter().map(|r| r.att.clone()).collect());
        let signed_value = ctx.doc.get_untracked();
        let doc = signed_value.to_string();
        let pack = ctx.pack.get_untracked();
        let recipient = if enc_on.get_untracked() { enc_key.get_untracked().map(|(_, k)| k) } else { None };
        let previous = if as_revision.get_untracked() { replaces.with_untracked(|r| r.as_ref().and_then(previous_of)) } else { None };
        busy.set(Some(t::SIGNING));
        note.set(None);
        // What was shown comes back if this signing fails.
        let shown_before = exported.get_untracked();
        exported.set(None);
        spawn_local(async move {
            pause(40).await;
            let result = sign_now(&key, &pass, pack, &doc, signer, attachments, previous).and_then(|mut made| match &recipient {
                Some(r) => seal(&mut made.exported, &made.text, r).map(|sealed| Made { text: sealed, ..made }),
                None => Ok(made),
            });
            drop(pass);
            sign_pass.set(String::new());
            busy.set(None);
            match result {
                Ok(Made { exported: exp, text, payload, this }) => match offer(&hooks, &exp.file_name, "application/json", text.as_bytes()) {
                    Ok(()) => {
                        // The papers name the package and its signer, while the document
                        // stays as it was signed; kept with the draft for later visits.
                        signed_under.set_value(editing.map(|crate::draft::EditingId(id)| id.get_untracked()));
                        last_signed.set(Some(kept::signed_record(&exp, &signed_value, &payload)));
                        // Signed again from this draft (after a 需补正, say), a package is a
                        // revision of this one by default, as for a draft reopened from a
                        // package: the desk then links the two and compares them.
                        replaces.set(Some(kept::reference(&this, &exp.created_at, &signed_value)));
                        as_revision.set(true);
                        signed_doc.set(Some(crate::print::Signed { doc: signed_value, seal: exp.seal.clone() }));
                        changed_since.set(false);
                        exported.set(Some(exp));
                        // A new time: written even if the last mark also said "as signed".
                        marked.set_value(None);
                        mark(false);
                        info(t::SIGNED.into());
                        focus_soon("sign-result");
                    }
                    Err(e) => {
                        exported.set(shown_before);
                        fail(format!("{}{e}", t::DOWNLOAD_FAILED));
                    }
                },
                Err(e) => {
                    exported.set(shown_before);
                    fail(e);
                    focus_soon("sign-pass");
                }
            }
        });
    };

    let status_class = move || match note.get() {
        Some(Note::Error(_)) if busy.with(Option::is_none) => "sign-status sign-status-error",
        _ => "sign-status",
    };
    let status_text = move || match (busy.get(), note.get()) {
        (Some(b), _) => b.to_string(),
        (None, Some(Note::Info(m) | Note::Error(m))) => m,
        (None, None) => String::new(),
    };

    view! {
        <section class=move || if idle() { "sign-panel" } else { "sign-panel busy" } aria-labelledby="sign-heading">
            <h2 id="sign-heading">{t::TITLE}</h2>
            <p class="hint">{t::INTRO}</p>
            <p id="sign-status" class=status_class role="status" aria-live="polite">{status_text}</p>

            // Keys.
            <fieldset class="sign-keys" id="key-list" tabindex="-1">
                <legend>{t::KEYS}</legend>
                {move || {
                    let list = keys.get();
                    if list.is_empty() {
                        view! { <p class="hint">{t::NO_KEYS}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="key-list" aria-label=t::KEY_CHOICE>
                                {list.into_iter().map(|k| {
                                    let fp = k.fingerprint.clone();
                                    let fp_set = fp.clone();
                                    let id = format!("key-{}", fp.chars().take(16).collect::<String>());
                                    let short: String = k.grouped().split(' ').take(4).collect::<Vec<_>>().join(" ");
                                    view! {
                                        <li>
                                            <input type="radio" name="sign-key" id=id.clone()
                                                prop:checked=move || selected.with(|s| s.as_deref() == Some(fp.as_str()))
                                                on:change=move |_| selected.set(Some(fp_set.clone())) />
                                            <label for=id>
                                                <span class="key-label">{k.label.clone()}</span>
                                                <span class="key-meta">
                                                    {format!("{} · {} {short} … · {} {}", k.algorithm.label(), t::FINGERPRINT, t::CREATED, k.created)}
                                                    {k.session_only.then_some(t::SESSION_ONLY)}
                                                </span>
                                            </label>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }
                }}
                {move || chosen.get().map(|k| view! {
                    <div class="key-detail">
                        <p class="key-fp">
                            <span>{t::FINGERPRINT_SM3} "："</span>
                            <span class="fp">{k.grouped()}</span>
                        </p>
                        <div class="key-actions">
                            <button type="button" id="key-dl-private" on:click=move |_| download_key(0)>{t::DOWNLOAD_PRIVATE}</button>
                            <button type="button" id="key-dl-public" on:click=move |_| download_key(1)>{t::DOWNLOAD_PUBLIC}</button>
                            <button type="button" id="key-dl-sheet" on:click=move |_| download_key(2)>{t::DOWNLOAD_SHEET}</button>
                            <button type="button" id="key-delete" class="danger" on:click=delete_key>{t::DELETE_KEY}</button>
                        </div>
                    </div>
                })}
                <p class="hint">{t::KEY_HELP}</p>

                <details class="key-generate" open=keys.with_untracked(Vec::is_empty)>
                    <summary>{t::GENERATE}</summary>
                    <form on:submit=generate novalidate>
                        <fieldset class="gen-alg">
                            <legend>{t::ALGORITHM}</legend>
                            {Algorithm::ALL.into_iter().map(|a| {
                                let id = format!("gen-alg-{}", a.id());
                                let for_id = id.clone();
                                view! {
                                    <label for=for_id class="inline">
                                        <input type="radio" name="gen-alg" id=id value=a.id()
                                            prop:checked=move || gen_alg.get() == a
                                            on:change=move |_| gen_alg.set(a) />
                                        {a.label()}
                                    </label>
                                }
                            }).collect_view()}
                        </fieldset>
                        <label for="gen-pass">{t::PASSPHRASE_NEW}</label>
                        <input type="password" id="gen-pass" autocomplete="new-password" minlength="8"
                            aria-describedby="gen-pass-hint gen-error"
                            aria-invalid=move || gen_error.get().is_some_and(|e| e != t::PASSPHRASE_MISMATCH).to_string()
                            prop:value=move || gen_pass.get() on:input=move |ev| gen_pass.set(event_target_value(&ev)) />
                        <p id="gen-strength" class="strength" aria-live="polite">
                            <meter min="0" max="4" low="2" high="3" optimum="4" aria-hidden="true"
                                value=move || gen_strength.get().strength.score()></meter>
                            " "
                            {move || {
                                let a = gen_strength.get();
                                if gen_pass.with(String::is_empty) {
                                    String::new()
                                } else if a.advice.is_empty() {
                                    format!("{}：{}", t::STRENGTH, a.strength.label())
                                } else {
                                    format!("{}：{}。{}", t::STRENGTH, a.strength.label(), a.advice)
                                }
                            }}
                        </p>
                        <label for="gen-pass2">{t::PASSPHRASE_AGAIN}</label>
                        <input type="password" id="gen-pass2" autocomplete="new-password"
                            aria-describedby="gen-error"
                            aria-invalid=move || (gen_error.get() == Some(t::PASSPHRASE_MISMATCH)).to_string()
                            prop:value=move || gen_pass2.get() on:input=move |ev| gen_pass2.set(event_target_value(&ev)) />
                        <p id="gen-pass-hint" class="hint">{t::PASSPHRASE_HINT}</p>
                        <p id="gen-error" class="input-error">{move || gen_error.get()}</p>
                        <label for="gen-remember" class="inline">
                            <input type="checkbox" id="gen-remember" prop:checked=move || gen_remember.get()
                                on:change=move |ev| gen_remember.set(event_target_checked(&ev)) />
                            {t::REMEMBER}
                        </label>
                        <button type="submit" id="gen-submit" disabled=move || !idle()>{t::GENERATE_BUTTON}</button>
                    </form>
                </details>

                <div class="key-import">
                    <label class="file-button">{t::IMPORT}
                        <input type="file" id="key-import" accept=".pem,.key,.txt,application/x-pem-file" on:change=pick_key />
                    </label>
                    {move || pending_import.get().map(|(name, _)| view! {
                        <form class="import-confirm" on:submit=confirm_import>
                            <p class="file-name">{name}</p>
                            <label for="import-pass">{t::IMPORT_PASSPHRASE}</label>
                            <input type="password" id="import-pass" autocomplete="current-password"
                                prop:value=move || import_pass.get() on:input=move |ev| import_pass.set(event_target_value(&ev)) />
                            <button type="submit" id="import-submit" disabled=move || !idle()>{t::IMPORT_CONFIRM}</button>
                            <button type="button" on:click=move |_| { pending_import.set(None); import_pass.set(String::new()); }>{t::CANCEL}</button>
                        </form>
                    })}
                </div>
            </fieldset>

            // Signer.
            <fieldset class="sign-signer">
                <legend>{t::SIGNER}</legend>
                <label for="signer-unit">{t::UNIT}</label>
                <input type="text" id="signer-unit" aria-describedby="signer-default" prop:value=move || unit.get()
                    on:input=move |ev| unit_edit.set(Some(event_target_value(&ev))) />
                <label for="signer-code">{t::CREDIT_CODE}</label>
                <input type="text" id="signer-code" aria-describedby="signer-default" maxlength="18" autocomplete="off" prop:value=move || code.get()
                    on:input=move |ev| code_edit.set(Some(event_target_value(&ev))) />
                <p id="signer-default" class="hint">{t::FROM_PROJECT}</p>
                <label for="signer-person">{t::PERSON}</label>
                <input type="text" id="signer-person" autocomplete="name" prop:value=move || person.get()
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        if let Some(s) = crate::dom::local_storage() {
                            let _ = s.set_item("shenbao.signer.person", &v);
                        }
                        person.set(v);
                    } />
            </fieldset>

            // Attachments.
            <fieldset class="sign-attachments">
                <legend>{t::ATTACHMENTS}</legend>
                <label for="att-kind">{t::ATTACHMENT_KIND}</label>
                <select id="att-kind" on:change=move |ev| att_kind.set(event_target_value(&ev))>
                    {<AttachmentKind as Choice>::CHOICES.iter().map(|(id, label)| view! {
                        <option value=*id selected=*id == "other">{*label}</option>
                    }).collect_view()}
                </select>
                <label for="att-embed" class="inline">
                    <input type="checkbox" id="att-embed" aria-describedby="att-embed-hint" prop:checked=move || att_embed.get()
                        on:change=move |ev| att_embed.set(event_target_checked(&ev)) />
                    {t::EMBED}
                </label>
                <p id="att-embed-hint" class="hint">{t::EMBED_HINT}</p>
                <label class="file-button">{t::ATTACHMENT_PICK}
                    <input type="file" id="att-files" multiple aria-describedby="att-embed-hint" on:change=pick_attachments />
                </label>
                <Show when=move || rows.with(Vec::is_empty)>
                    <p class="hint">{t::NO_ATTACHMENTS}</p>
                </Show>
                <Show when=move || kept_off.get()>
                    <p class="hint warn" id="att-not-kept">{t::KEPT_UNAVAILABLE}</p>
                </Show>
                <ul class="att-list">
                    <For each=move || rows.get() key=|r| r.id let:row>
                        {
                            let id = row.id;
                            let sel = format!("att-kind-{id}");
                            let current = row.att.kind.clone();
                            let name = row.att.name.clone();
                            let short: String = row.att.sha256.chars().take(16).collect();
                            view! {
                                <li class="att-row">
                                    <span class="att-name">{row.att.name.clone()}</span>
                                    <span class="att-meta">{format!("{} · SHA-256 {short}…", human_size(row.att.size))}</span>
                                    <span class={if row.att.content_base64.is_some() { "att-note att-embedded" } else { "att-note" }}>{row.note}</span>
                                    <label for=sel.clone() class="sr-only">{format!("{}：{}", t::ATTACHMENT_KIND, row.att.name)}</label>
                                    <select id=sel on:change=move |ev| {
                                        let v = event_target_value(&ev);
                                        rows.update(|r| if let Some(x) = r.iter_mut().find(|x| x.id == id) { x.att.kind = v; });
                                    }>
                                        {<AttachmentKind as Choice>::CHOICES.iter().map(|(k, label)| view! {
                                            <option value=*k selected=*k == current.as_str()>{*label}</option>
                                        }).collect_view()}
                                    </select>
                                    <button type="button" class="att-remove" aria-label=format!("{}：{}", crate::strings::REMOVE, name)
                                        on:click=move |_| { rows.update(|r| r.retain(|x| x.id != id)); info(t::ATTACHMENT_REMOVED.into()); focus_soon("att-files"); }>
                                        {crate::strings::REMOVE}
                                    </button>
                                </li>
                            }
                        }
                    </For>
                </ul>
                // The 附件清单 against the files chosen: re-drawn when either changes (a
                // change elsewhere in the document does not wake `project.attachments`). A
                // listed document's 「选择文件…」 picks its file as its kind.
                <div class="listed-host" on:click=pick_listed>
                    {move || {
                        let (listed, files) = listed_files();
                        crate::listed::view(crate::listed::Side::Signer, &listed, &files)
                    }}
                </div>
            </fieldset>

            // Encryption for the bureau (optional).
            <fieldset class="sign-encrypt">
                <legend>{t::ENCRYPT_LEGEND}</legend>
                <label for="enc-on" class="inline">
                    <input type="checkbox" id="enc-on" aria-describedby="enc-hint" prop:checked=move || enc_on.get()
                        on:change=move |ev| {
                            enc_on.set(event_target_checked(&ev));
                            remember_bureau();
                        } />
                    {t::ENCRYPT}
                </label>
                <p id="enc-hint" class="hint">{t::ENCRYPT_HINT}</p>
                <Show when=move || enc_on.get()>
                    <label class="file-button">{t::ENCRYPT_PICK}
                        <input type="file" id="enc-key" accept=".pem,.pub,.txt,application/x-pem-file" aria-describedby="enc-hint" on:change=pick_enc_key />
                    </label>
                    {move || enc_key.get().map(|(name, k)| view! {
                        <p class="key-fp enc-key-loaded">
                            <span class="file-name">{name}</span> " · "
                            <span>{t::ENCRYPT_KEY_LOADED} "："</span>
                            <span class="fp enc-fp">{k.fingerprint().grouped()}</span> " "
                            <button type="button" id="enc-forget" class="link" on:click=move |_| {
                                enc_key.set(None);
                                remember_bureau();
                                info(t::ENCRYPT_KEY_FORGOTTEN.to_string());
                            }>{t::ENCRYPT_FORGET}</button>
                        </p>
                        <p class="hint">{t::ENCRYPT_KEY_REMEMBERED}</p>
                    })}
                    <p class="input-error">{move || enc_error.get()}</p>
                </Show>
            </fieldset>

            // Sign and export.
            <div class="sign-go">
                {replaces_note}
                <label for="sign-pass">{t::PASSPHRASE}</label>
                <input type="password" id="sign-pass" autocomplete="current-password"
                    prop:value=move || sign_pass.get() on:input=move |ev| sign_pass.set(event_target_value(&ev))
                    on:keydown=move |ev| if ev.key() == "Enter" { sign(()) } />
                // Not a reason to refuse (a document may go on paper), but said where the
                // signer signs.
                {move || {
                    let (listed, files) = listed_files();
                    let n = crate::listed::missing(&listed, &files);
                    (n > 0).then(|| view! { <p id="sign-listed-note" class="listed-summary warn">{crate::strings::LISTED_MISSING_PRE} {n} {crate::strings::LISTED_MISSING_AT_SIGN}</p> })
                }}
                <button type="button" id="sign-export" class="primary" aria-describedby="sign-blockers sign-listed-note"
                    disabled=move || !idle() || blocked.get() on:click=move |_| sign(())>{t::SIGN_EXPORT}</button>
                <div id="sign-blockers" class="sign-blockers">
                    // Each list is updated item by item (a reason whose text changes, 「还有 2 项错误」,
                    // updates its text), not as a whole each time a reason comes or goes.
                    {move || blocked.get().then(|| view! { <p>{t::CANNOT_SIGN_YET}</p> })}
                    <ul hidden=move || !blocked.get()>
                        {(0..DOC_REASONS).map(|i| {
                            let why = doc_reasons.with_value(|r| r.get(i).cloned());
                            let hidden = why.is_none();
                            view! { <li id=doc_reason_id(i) hidden=hidden>{why}</li> }
                        }).collect_view()}
                        {move || own_reasons.with(|r| r.iter().map(|why| view! { <li>{why.clone()}</li> }).collect_view())}
                    </ul>
                </div>
            </div>
            <div id="sign-result" class="sign-result" tabindex="-1">
                {move || exported.get().map(|e| view! {
                    <h3>{if e.earlier { t::RESULT_EARLIER } else { t::RESULT }}</h3>
                    <dl>
                        <dt>{t::FILE_NAME}</dt><dd class="result-file">{e.file_name}</dd>
                        <dt>{t::PACKAGE_ID}</dt><dd class="result-id">{e.id}</dd>
                        <dt>{t::PACKAGE_SHA256}</dt><dd class="fp result-sha256">{e.sha256}</dd>
                        <dt>{t::SIGNER_FINGERPRINT}</dt><dd class="fp result-fp">{e.fingerprint}</dd>
                        <dt>{t::SIGNED_AT}</dt><dd title=e.created_at.clone()>{shenbao_core::paper::beijing_time(&e.created_at)}</dd>
                        {e.encrypted_for.map(|fp| view! { <dt>{t::ENCRYPTED_FOR}</dt><dd class="fp result-encrypted">{fp}</dd> })}
                        {e.replaces.map(|id| view! { <dt>{t::REPLACES_RESULT}</dt><dd class="fp result-replaces">{id}</dd> })}
                    </dl>
                    {move || if changed_since.get() {
                        view! { <p class="sign-changed" id="sign-changed">{t::CHANGED_SINCE}</p> }.into_any()
                    } else {
                        view! { <p class="hint">{t::RESIGN_NOTE}</p> }.into_any()
                    }}
                })}
            </div>
        </section>
    }
}

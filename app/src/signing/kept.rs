//! The attachments picked for a draft, kept in IndexedDB (`crate::idb`) under the draft's id,
//! so that a reload, a closed tab or a crash does not lose them: a project's ten documents,
//! picked one kind at a time, are work. Embedded files make a record of up to 16 MB of text,
//! which is why this is not in localStorage with the drafts.
//!
//! A record is `{"attachments":[…],"notes":[i, …],"replaces":{…},"signed":{…}}`: each file as
//! the package will record it (name, kind, size, digests, the bytes when embedded) and which
//! note it was shown with; for a draft reopened from a signed package, what a package signed
//! from it replaces (`{id, sha256, sm3, created_at, submission}`: `package::PreviousVersion`,
//! when it was signed and its documents); and the package last signed from the draft
//! ([`signed_record`]), so that after a reload the panel still says what was exported and the
//! papers still name the package while the documents are as signed. A record that does not
//! read is ignored, as if nothing had been kept. Like the files, the reference and the signed
//! package are not copied with the draft and go with its deletion. When the package replaced
//! is the one signed last (signed again from the same draft), its documents are kept once.

use std::cell::RefCell;

use serde::Deserialize;
use serde_json::{Value, json};
use shenbao_core::package::Attachment;

use crate::idb;
use crate::strings::sign as t;

/// The notes a row can carry, stored by position.
pub const NOTES: [&str; 4] = [t::DIGEST_ONLY, t::EMBEDDED, t::TOO_BIG_FILE, t::TOO_BIG_TOTAL];

/// What is kept for a draft.
#[derive(Debug, Default, PartialEq)]
pub struct Kept {
    pub rows: Vec<(Attachment, &'static str)>,
    /// The package a package signed from the draft replaces.
    pub replaces: Option<Value>,
    /// The package last signed from the draft ([`signed_record`]).
    pub signed: Option<Value>,
}

/// The record's text for these rows (attachment, note), reference and signed package; `None`
/// when there is none of them, so that the record is deleted rather than kept empty. Written
/// through `Value` and read back as `Vec<Attachment>` from a `Value`, as a package's payload
/// is: no new serde code in the wasm.
pub fn encode<'a>(rows: impl Iterator<Item = (&'a Attachment, &'static str)>, replaces: Option<&Value>, signed: Option<&Value>) -> Option<String> {
    let (attachments, notes): (Vec<&Attachment>, Vec<usize>) = rows.map(|(a, note)| (a, NOTES.iter().position(|n| *n == note).unwrap_or(0))).unzip();
    if attachments.is_empty() && replaces.is_none() && signed.is_none() {
        return None;
    }
    let mut record = json!({ "attachments": serde_json::to_value(attachments).expect("attachments serialize"), "notes": notes });
    for (key, value) in [("replaces", replaces), ("signed", signed)] {
        if let Some(v) = value {
            record[key] = v.clone();
        }
    }
    // Signed again from the draft, the package it replaces is the one signed last: its
    // documents are kept once, with the signed package (`"submission_as_signed"`), not twice.
    let signed_doc = signed.and_then(|s| s.get("doc"));
    if let Some(r) = record.get_mut("replaces").and_then(Value::as_object_mut)
        && signed_doc.is_some()
        && r.get("submission") == signed_doc
    {
        r.remove("submission");
        r.insert("submission_as_signed".into(), true.into());
    }
    Some(record.to_string())
}

/// What a record's text keeps; nothing if it does not read. A row whose name is not a plain
/// file name (which signing would refuse) is dropped.
pub fn decode(text: &str) -> Kept {
    let Ok(mut v) = shenbao_core::input::parse(text, shenbao_core::input::MAX_PACKAGE_BYTES) else { return Kept::default() };
    let Ok(attachments) = Vec::<Attachment>::deserialize(&v["attachments"].take()) else { return Kept::default() };
    let notes = v["notes"].as_array().map(Vec::as_slice).unwrap_or_default();
    let note = |i: usize| notes.get(i).and_then(Value::as_u64).and_then(|n| NOTES.get(n as usize)).copied().unwrap_or(t::DIGEST_ONLY);
    let rows = attachments.into_iter().enumerate().filter(|(_, a)| a.check_name().is_ok()).map(|(i, a)| (a, note(i))).collect();
    let mut object = |key: &str| v.get_mut(key).map(Value::take).filter(Value::is_object);
    let (mut replaces, signed) = (object("replaces"), object("signed"));
    if let Some(r) = replaces.as_mut().and_then(Value::as_object_mut)
        && r.remove("submission_as_signed") == Some(Value::Bool(true))
        && let Some(doc) = signed.as_ref().and_then(|s| s.get("doc")).filter(|d| d.is_object())
    {
        r.insert("submission".into(), doc.clone());
    }
    Kept { rows, replaces, signed }
}

/// How a draft keeps the package a package signed from it replaces ([`Kept::replaces`]): its
/// reference, when it was signed and its documents (for 「与上一版相比的修改」).
pub fn reference(previous: &shenbao_core::package::PreviousVersion, created_at: &str, submission: &Value) -> Value {
    json!({ "id": previous.id, "sha256": previous.sha256, "sm3": previous.sm3, "created_at": created_at, "submission": submission })
}

/// What is kept of a package just signed from the draft: what the panel showed of it
/// (`Exported`), the document as signed, and its payload's head (`package::PayloadHead`: the
/// payload without its documents, which the document kept beside it is, and their check) with
/// the embedded files' bytes left out (`Attachment::described`), so that a draft with 12 MB of
/// embedded files does not keep them twice.
pub fn signed_record(exported: &super::Exported, doc: &Value, payload: &shenbao_core::package::Payload) -> Value {
    let h = payload.head();
    let attachments: Vec<Attachment> = h.attachments.iter().map(Attachment::described).collect();
    json!({
        "file_name": exported.file_name,
        "sha256": exported.sha256,
        "fingerprint": exported.fingerprint,
        "encrypted_for": exported.encrypted_for,
        "doc": doc,
        "head": {
            "id": h.id,
            "created_at": h.created_at,
            "pack": h.pack,
            "attachments": attachments,
            "signer": h.signer,
            "previous": h.previous,
        },
    })
}

/// The package kept by [`signed_record`] as the panel shows it (marked `earlier`) and the
/// document as it was signed; `None` when the record does not read (it is then ignored).
pub fn signed_from(record: &Value) -> Option<(super::Exported, Value)> {
    use shenbao_core::package::{PackDigest, PayloadHead, PreviousVersion, Signer};
    let text = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).filter(|t| !t.is_empty()).map(str::to_string);
    let head = record.get("head")?;
    let (id, created_at) = (text(head, "id")?, text(head, "created_at")?);
    let pack = PackDigest::deserialize(head.get("pack")?).ok()?;
    let attachments = Vec::<Attachment>::deserialize(head.get("attachments")?).ok()?;
    let signer = Signer::deserialize(head.get("signer")?).ok()?;
    let previous = Option::<PreviousVersion>::deserialize(head.get("previous").unwrap_or(&Value::Null)).ok()?;
    let sha256 = text(record, "sha256")?;
    let doc = record.get("doc").filter(|d| d.is_object())?.clone();
    let head = PayloadHead { id: &id, created_at: &created_at, pack: &pack, attachments: &attachments, signer: &signer, previous: previous.as_ref() };
    let seal = shenbao_core::paper::Seal::package(&sha256, true, head);
    let exported = super::Exported {
        file_name: text(record, "file_name")?,
        id,
        sha256,
        fingerprint: text(record, "fingerprint")?,
        created_at,
        encrypted_for: text(record, "encrypted_for"),
        replaces: previous.map(|p| p.id),
        seal,
        earlier: true,
    };
    Some((exported, doc))
}

/// What is kept for draft `id`. `Err` when IndexedDB is unavailable.
pub async fn load(id: &str) -> Result<Kept, ()> {
    Ok(idb::get(idb::ATTACHMENTS, id).await?.as_deref().map(decode).unwrap_or_default())
}

/// Keeps `text` (from [`encode`]) for draft `id`; see [`idb::put`] for `still_wanted`.
pub async fn save(id: &str, text: Option<&str>, still_wanted: impl Fn() -> bool) -> Result<(), ()> {
    idb::put(idb::ATTACHMENTS, id, text, still_wanted).await
}

/// What a signed package just reopened as a draft brings its signing panel — or a draft file
/// that carries what was kept for the draft it was exported from ([`export_draft`]).
#[derive(Debug, Default)]
pub struct Offered {
    /// The payload's (or the draft file's) `attachments`, when it has any.
    pub attachments: Option<Value>,
    /// The package itself, as [`Kept::replaces`].
    pub replaces: Option<Value>,
    /// Whether it comes from a draft file rather than a package (said when restored).
    pub from_draft_file: bool,
}

thread_local! {
    /// What a signed package just reopened as a draft offers that draft's signing panel (the
    /// draft's id, and the offer), to take once. Handed over here rather than on the draft:
    /// carried with the draft to the editor, the attachments cost the main module 1.1 KB, the
    /// first load's margin under its target (BENCHMARKS.md, twentieth round), and the
    /// reference to the package 1.6 KB (twenty-second round).
    static OFFERED: RefCell<Option<(String, Offered)>> = const { RefCell::new(None) };
}

/// Offers what a reopened package brings to draft `id`'s signing panel ([`take_offered`]).
pub fn offer(id: &str, offered: Offered) {
    OFFERED.with(|o| *o.borrow_mut() = Some((id.to_string(), offered)));
}

/// What was offered to draft `id`, once.
pub fn take_offered(id: &str) -> Option<Offered> {
    OFFERED.with(|o| {
        let mut o = o.borrow_mut();
        if o.as_ref().is_some_and(|(i, _)| i == id) { o.take().map(|(_, v)| v) } else { None }
    })
}

/// The rows for the attachments of a signed package reopened as a draft (its payload's
/// `attachments`). An embedded file is described again from its bytes, so that the new package
/// cannot carry digests that do not match them (the package was not verified when opened);
/// one whose bytes do not decode, or whose name is not a plain file name, is dropped. A file
/// recorded by digest only keeps its description: it names the file sent with the package.
pub fn from_package(attachments: &Value) -> Vec<(Attachment, &'static str)> {
    let Ok(list) = Vec::<Attachment>::deserialize(attachments) else { return Vec::new() };
    list.into_iter()
        .filter(|a| a.check_name().is_ok())
        .filter_map(|a| match &a.content_base64 {
            None => Some((a, t::DIGEST_ONLY)),
            Some(b64) => {
                let again = Attachment::from_bytes(&a.name, &a.kind, &shenbao_core::package::dsse::decode(b64)?, true);
                let note = if again.content_base64.is_some() { t::EMBEDDED } else { t::TOO_BIG_FILE };
                Some((again, note))
            }
        })
        .collect()
}

/// Asks the browser to keep this site's storage — the drafts (localStorage) and what is kept
/// with them (IndexedDB) — when it runs short of space, instead of clearing the site's data as
/// it may for sites that did not ask (`navigator.storage.persist()`). Asked once a draft is
/// being worked on, and only while not granted yet. Some browsers ask the user; a refusal, or
/// a browser without the API (or a page from file://), changes nothing. Not waited for.
pub fn ask_to_persist() {
    use wasm_bindgen::JsCast;
    let Some(storage) = web_sys::window().and_then(|w| js_sys::Reflect::get(&w.navigator(), &"storage".into()).ok()).filter(|s| s.is_object()) else {
        return;
    };
    let method = |name: &str| js_sys::Reflect::get(&storage, &name.into()).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let (Some(persisted), Some(persist)) = (method("persisted"), method("persist")) else { return };
    let Ok(asked) = persisted.call0(&storage).and_then(|p| p.dyn_into::<js_sys::Promise>()) else { return };
    wasm_bindgen_futures::spawn_local(async move {
        let granted = wasm_bindgen_futures::JsFuture::from(asked).await.ok().and_then(|v| v.as_bool()).unwrap_or(true);
        if !granted && let Ok(p) = persist.call0(&storage).and_then(|p| p.dyn_into::<js_sys::Promise>()) {
            let _ = wasm_bindgen_futures::JsFuture::from(p).await;
        }
    });
}

/// Downloads `draft`'s file with what is kept for it under `"kept"` (its attachments, the bytes
/// of embedded ones included, and the package it replaces; the record's own form), so that a
/// draft moved to another computer by its file — or opened from the USB stick elsewhere — has
/// its files and its place in the line of versions there too (`draft::Draft::from_file` offers
/// them to the new draft's signing panel). When nothing is kept, or the browser cannot say,
/// the file is the draft alone, as before. Reached through `lazy::export_draft`.
pub fn export_draft(draft: crate::draft::Draft) {
    wasm_bindgen_futures::spawn_local(async move {
        let kept = load(&draft.id).await.unwrap_or_default();
        // Not the package signed from the draft: a draft file is a draft, and opened elsewhere
        // its papers are a draft's until signed there.
        let record = encode(kept.rows.iter().map(|(a, n)| (a, *n)), kept.replaces.as_ref(), None)
            .and_then(|text| shenbao_core::input::parse(&text, shenbao_core::input::MAX_PACKAGE_BYTES).ok());
        let text = match (record, serde_json::to_value(&draft)) {
            (Some(record), Ok(mut v)) => {
                v["kept"] = record;
                serde_json::to_string_pretty(&v)
            }
            _ => serde_json::to_string_pretty(&draft),
        };
        crate::draft::download(&draft, &text.expect("a draft serializes"));
    });
}

/// Deletes what is kept for a deleted draft (not waited for).
pub fn forget(id: String) {
    idb::delete_soon(idb::ATTACHMENTS, id);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn att(name: &str, embed: bool) -> Attachment {
        Attachment::from_bytes(name, "feasibility_study", b"content", embed)
    }

    #[test]
    fn rows_read_back_as_kept_with_their_notes() {
        let a = att("可研报告.pdf", true);
        let b = att("图纸.dwg", false);
        let text = encode([(&a, t::EMBEDDED), (&b, t::TOO_BIG_TOTAL)].into_iter(), None, None).unwrap();
        assert_eq!(decode(&text), Kept { rows: vec![(a.clone(), t::EMBEDDED), (b, t::TOO_BIG_TOTAL)], replaces: None, signed: None });
        // With the package the draft was reopened from, and with that alone.
        let replaces = json!({"id": "x", "sha256": "00", "sm3": "11", "created_at": "2026-09-15T08:30:00Z"});
        let text = encode([(&a, t::EMBEDDED)].into_iter(), Some(&replaces), None).unwrap();
        assert_eq!(decode(&text), Kept { rows: vec![(a, t::EMBEDDED)], replaces: Some(replaces.clone()), signed: None });
        assert_eq!(decode(&encode(std::iter::empty(), Some(&replaces), None).unwrap()), Kept { rows: vec![], replaces: Some(replaces), signed: None });
    }

    #[test]
    fn nothing_to_keep_means_no_record() {
        assert_eq!(encode(std::iter::empty(), None, None), None);
    }

    #[test]
    fn a_record_that_does_not_read_gives_nothing_and_a_bad_name_is_dropped() {
        assert_eq!(decode("{not json"), Kept::default());
        assert_eq!(decode(r#"{"attachments":[{"name":"a"}],"notes":[0]}"#), Kept::default());
        assert_eq!(decode(r#"{"attachments":[],"notes":[],"replaces":"not an object"}"#), Kept::default());
        let mut bad = att("x.pdf", false);
        bad.name = "../x.pdf".into();
        let good = att("y.pdf", false);
        let text = encode([(&bad, t::DIGEST_ONLY), (&good, t::DIGEST_ONLY)].into_iter(), None, None).unwrap();
        assert_eq!(decode(&text).rows, vec![(good, t::DIGEST_ONLY)]);
    }

    #[test]
    fn a_package_s_embedded_files_are_described_again_from_their_bytes() {
        let embedded = att("可研报告.pdf", true);
        let mut forged = att("批复.pdf", true);
        forged.sha256 = "0".repeat(64);
        let digest_only = att("图纸.dwg", false);
        let mut bad_name = att("x.pdf", false);
        bad_name.name = "../x.pdf".into();
        let mut bad_bytes = att("y.pdf", true);
        bad_bytes.content_base64 = Some("not base64!".into());
        let list = serde_json::to_value([&embedded, &forged, &digest_only, &bad_name, &bad_bytes]).unwrap();
        let rows = from_package(&list);
        let names: Vec<&str> = rows.iter().map(|(a, _)| a.name.as_str()).collect();
        assert_eq!(names, ["可研报告.pdf", "批复.pdf", "图纸.dwg"]);
        assert_eq!(rows[0], (embedded, t::EMBEDDED));
        // The forged digest is replaced by the bytes' own.
        assert_eq!(rows[1].0, att("批复.pdf", true));
        assert_eq!(rows[2], (digest_only, t::DIGEST_ONLY));
        assert!(from_package(&serde_json::json!("not a list")).is_empty());
    }

    /// A package signed from the 巴中 fixture with two files, one embedded; its digest.
    fn signed() -> (shenbao_core::package::Payload, String, Value) {
        use shenbao_core::package;
        let doc: Value = serde_json::from_str(include_str!("../../../tests/fixtures/bazhong/project.json")).unwrap();
        let key = shenbao_core::crypto::PrivateKey::generate_from_seed(shenbao_core::crypto::Algorithm::Sm2, &[3; 32]).unwrap();
        let (env, payload) = package::sign(package::SignRequest {
            submission: shenbao_core::Submission::from_value_ref(&doc).unwrap(),
            pack: shenbao_core::pack::builtin::pack("bazhong").unwrap(),
            signer: package::SignerIdentity {
                department: "巴中市市场监督管理局".into(), credit_code: "11511900MB1527360X".into(), person: "李晓梅".into()
            },
            keys: vec![&key],
            attachments: vec![att("可研报告.pdf", true), att("图纸.dwg", false)],
            previous: None,
            created_at: "2026-09-15T08:30:00Z".into(),
            random_id: [5; 16],
        })
        .unwrap();
        (payload, package::payload_digest(&env).unwrap().0, doc)
    }

    fn exported(payload: &shenbao_core::package::Payload, sha256: &str) -> super::super::Exported {
        super::super::Exported {
            file_name: "包.enc.json".into(),
            id: payload.id.clone(),
            sha256: sha256.into(),
            fingerprint: "ab12 cd34".into(),
            created_at: payload.created_at.clone(),
            encrypted_for: Some("ef56".into()),
            replaces: None,
            seal: shenbao_core::paper::Seal::package(sha256, true, payload.head()),
            earlier: false,
        }
    }

    #[test]
    fn a_signed_package_reads_back_as_shown_with_the_same_papers_and_no_bytes() {
        let (payload, sha256, doc) = signed();
        let shown = exported(&payload, &sha256);
        let record = signed_record(&shown, &doc, &payload);
        assert!(!record.to_string().contains(payload.attachments[0].content_base64.as_deref().unwrap()), "no embedded bytes kept");
        assert!(!record["head"].to_string().contains(&payload.submission.project.as_ref().unwrap().basic.name), "nor the documents twice");
        // Through the kept record's text, as IndexedDB gives it back.
        let text = encode(std::iter::empty(), None, Some(&record)).unwrap();
        let back = decode(&text).signed.expect("kept");
        let (earlier, doc_back) = signed_from(&back).expect("reads");
        assert_eq!(doc_back, doc);
        assert_eq!(earlier, super::super::Exported { earlier: true, ..shown });
        // The record still says the first file travels in the package and the second does not.
        let record = format!("{:?}", earlier.seal.record);
        assert!(record.contains(r#""是""#) && record.contains("否（另行提交）"), "{record}");
    }

    #[test]
    fn documents_both_signed_and_replaced_are_kept_once() {
        let (payload, sha256, doc) = signed();
        let record = signed_record(&exported(&payload, &sha256), &doc, &payload);
        let previous = shenbao_core::package::PreviousVersion { id: payload.id.clone(), sha256: sha256.clone(), sm3: "00".repeat(32) };
        let replaces = reference(&previous, &payload.created_at, &doc);
        let name = payload.submission.project.as_ref().unwrap().basic.name.clone();
        let once = encode(std::iter::empty(), None, Some(&record)).unwrap().matches(&name).count();
        assert!(once > 0);
        let text = encode(std::iter::empty(), Some(&replaces), Some(&record)).unwrap();
        assert_eq!(text.matches(&name).count(), once, "the documents once");
        let back = decode(&text);
        assert_eq!(back.replaces.as_ref(), Some(&replaces), "read back whole");
        assert_eq!(back.signed.as_ref(), Some(&record));
        // Documents that differ are both kept.
        let mut other = doc.clone();
        other["project"]["basic"]["name"] = Value::from("另一个项目");
        let replaces_other = reference(&previous, &payload.created_at, &other);
        let text = encode(std::iter::empty(), Some(&replaces_other), Some(&record)).unwrap();
        assert_eq!(decode(&text).replaces.as_ref(), Some(&replaces_other));
        // Without the signed package (a draft file), the reference keeps its documents.
        let text = encode(std::iter::empty(), Some(&replaces), None).unwrap();
        assert_eq!(text.matches(&name).count(), once);
        assert_eq!(decode(&text).replaces.as_ref(), Some(&replaces));
        // A record whose signed package lost its documents: the reference without them (the
        // panel then offers no comparison), never a broken one.
        let mut v: Value = serde_json::from_str(&encode(std::iter::empty(), Some(&replaces), Some(&record)).unwrap()).unwrap();
        v["signed"].as_object_mut().unwrap().remove("doc");
        let back = decode(&v.to_string()).replaces.unwrap();
        assert!(back.get("submission").is_none() && back.get("submission_as_signed").is_none() && back["id"] == payload.id.as_str());
    }

    #[test]
    fn a_signed_package_that_does_not_read_is_ignored() {
        let (payload, sha256, doc) = signed();
        let good = signed_record(&exported(&payload, &sha256), &doc, &payload);
        for broken in ["head", "doc", "sha256", "file_name", "fingerprint"] {
            let mut r = good.clone();
            r[broken] = json!(7);
            assert!(signed_from(&r).is_none(), "{broken}");
        }
        for broken in ["id", "created_at", "pack", "attachments", "signer", "previous"] {
            let mut r = good.clone();
            r["head"][broken] = json!(7);
            assert!(signed_from(&r).is_none(), "head.{broken}");
        }
        let mut r = good.clone();
        r["head"]["signer"]["extra"] = json!(1);
        assert!(signed_from(&r).is_none(), "a signer with an unknown field");
        assert_eq!(decode(r#"{"attachments":[],"notes":[],"signed":"not an object"}"#).signed, None);
    }

    #[test]
    fn an_unknown_note_reads_as_digest_only() {
        let a = att("a.pdf", false);
        let text = encode([(&a, t::DIGEST_ONLY)].into_iter(), None, None).unwrap().replace(r#""notes":[0]"#, r#""notes":[9]"#);
        assert_eq!(decode(&text).rows, vec![(a, t::DIGEST_ONLY)]);
    }
}

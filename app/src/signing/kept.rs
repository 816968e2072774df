//! The attachments picked for a draft, kept in IndexedDB (`crate::idb`) under the draft's id,
//! so that a reload, a closed tab or a crash does not lose them: a project's ten documents,
//! picked one kind at a time, are work. Embedded files make a record of up to 16 MB of text,
//! which is why this is not in localStorage with the drafts.
//!
//! A record is `{"attachments":[…],"notes":[i, …]}`: each file as the package will record it
//! (name, kind, size, digests, the bytes when embedded) and which note it was shown with.
//! A record that does not read is ignored, as if nothing had been kept.

use serde::Deserialize;
use serde_json::{Value, json};
use shenbao_core::package::Attachment;

use crate::idb;
use crate::strings::sign as t;

/// The notes a row can carry, stored by position.
pub const NOTES: [&str; 4] = [t::DIGEST_ONLY, t::EMBEDDED, t::TOO_BIG_FILE, t::TOO_BIG_TOTAL];

/// The record's text for these rows (attachment, note); `None` when there are none, so that
/// the record is deleted rather than kept empty. Written through `Value` and read back as
/// `Vec<Attachment>` from a `Value`, as a package's payload is: no new serde code in the wasm.
pub fn encode<'a>(rows: impl Iterator<Item = (&'a Attachment, &'static str)>) -> Option<String> {
    let (attachments, notes): (Vec<&Attachment>, Vec<usize>) = rows.map(|(a, note)| (a, NOTES.iter().position(|n| *n == note).unwrap_or(0))).unzip();
    (!attachments.is_empty()).then(|| json!({ "attachments": serde_json::to_value(attachments).expect("attachments serialize"), "notes": notes }).to_string())
}

/// The rows of a record's text; none if it does not read. A row whose name is not a plain
/// file name (which signing would refuse) is dropped.
pub fn decode(text: &str) -> Vec<(Attachment, &'static str)> {
    let Ok(mut v) = shenbao_core::input::parse(text, shenbao_core::input::MAX_PACKAGE_BYTES) else { return Vec::new() };
    let Ok(attachments) = Vec::<Attachment>::deserialize(&v["attachments"].take()) else { return Vec::new() };
    let notes = v["notes"].as_array().map(Vec::as_slice).unwrap_or_default();
    let note = |i: usize| notes.get(i).and_then(Value::as_u64).and_then(|n| NOTES.get(n as usize)).copied().unwrap_or(t::DIGEST_ONLY);
    attachments.into_iter().enumerate().filter(|(_, a)| a.check_name().is_ok()).map(|(i, a)| (a, note(i))).collect()
}

/// The rows kept for draft `id`. `Err` when IndexedDB is unavailable.
pub async fn load(id: &str) -> Result<Vec<(Attachment, &'static str)>, ()> {
    Ok(idb::get(idb::ATTACHMENTS, id).await?.as_deref().map(decode).unwrap_or_default())
}

/// Keeps `text` (from [`encode`]) for draft `id`; see [`idb::put`] for `still_wanted`.
pub async fn save(id: &str, text: Option<&str>, still_wanted: impl Fn() -> bool) -> Result<(), ()> {
    idb::put(idb::ATTACHMENTS, id, text, still_wanted).await
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
        let text = encode([(&a, t::EMBEDDED), (&b, t::TOO_BIG_TOTAL)].into_iter()).unwrap();
        assert_eq!(decode(&text), vec![(a, t::EMBEDDED), (b, t::TOO_BIG_TOTAL)]);
    }

    #[test]
    fn no_rows_means_no_record() {
        assert_eq!(encode(std::iter::empty()), None);
    }

    #[test]
    fn a_record_that_does_not_read_gives_nothing_and_a_bad_name_is_dropped() {
        assert!(decode("{not json").is_empty());
        assert!(decode(r#"{"attachments":[{"name":"a"}],"notes":[0]}"#).is_empty());
        let mut bad = att("x.pdf", false);
        bad.name = "../x.pdf".into();
        let good = att("y.pdf", false);
        let text = encode([(&bad, t::DIGEST_ONLY), (&good, t::DIGEST_ONLY)].into_iter()).unwrap();
        assert_eq!(decode(&text), vec![(good, t::DIGEST_ONLY)]);
    }

    #[test]
    fn an_unknown_note_reads_as_digest_only() {
        let a = att("a.pdf", false);
        let text = encode([(&a, t::DIGEST_ONLY)].into_iter()).unwrap().replace(r#""notes":[0]"#, r#""notes":[9]"#);
        assert_eq!(decode(&text), vec![(a, t::DIGEST_ONLY)]);
    }
}

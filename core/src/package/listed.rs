//! The documents a project lists in its 附件清单 paired with the files that accompany its
//! package.
//!
//! The list (`AttachmentRef`: a kind and a title) says what the department submits; the files
//! (`Attachment`: a file name and the kind chosen when it was picked) are what the package
//! records the digests of. A listed document with no file is one the reviewer cannot check
//! against anything. The signer is shown those before signing, and the reviewer when reading a
//! package, from this one pairing, so that both see the same.

use crate::model::{AttachmentKind, Choice, Submission};

use super::Attachment;

/// Which file each listed document is paired with, as indices into the two inputs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Pairing {
    /// For each listed document, in list order, the index of its file, if any.
    pub file_of: Vec<Option<usize>>,
    /// The files paired with no listed document, in file order.
    pub unlisted: Vec<usize>,
}

impl Pairing {
    /// The listed documents that have no file, by index.
    pub fn missing(&self) -> impl Iterator<Item = usize> + '_ {
        self.file_of.iter().enumerate().filter(|(_, f)| f.is_none()).map(|(i, _)| i)
    }
}

/// Pairs each listed document (its kind id, if chosen, and its title) with a file of the same
/// kind (kind id, file name). A file whose name without its extension holds the title, or is
/// held by it, is taken first ("可研报告.pdf" for 《某某项目可研报告》); the documents still
/// without a file then take the remaining files of their kind in order. A document with no
/// kind gets no file. Deterministic: the same inputs always pair the same way.
pub fn pair(listed: &[(Option<&str>, &str)], files: &[(&str, &str)]) -> Pairing {
    let mut file_of = vec![None; listed.len()];
    let mut taken = vec![false; files.len()];
    let names_match = |title: &str, file: &str| {
        let (title, stem) = (title.trim(), stem(file).trim());
        !title.is_empty() && !stem.is_empty() && (stem.contains(title) || title.contains(stem))
    };
    for by_name in [true, false] {
        for (i, (kind, title)) in listed.iter().enumerate() {
            let Some(kind) = kind else { continue };
            if file_of[i].is_some() {
                continue;
            }
            let found = files.iter().enumerate().position(|(j, (k, name))| !taken[j] && k == kind && (!by_name || names_match(title, name)));
            if let Some(j) = found {
                taken[j] = true;
                file_of[i] = Some(j);
            }
        }
    }
    let unlisted = (0..files.len()).filter(|&j| !taken[j]).collect();
    Pairing { file_of, unlisted }
}

/// A file name without its last extension (`可研报告.pdf` → `可研报告`).
fn stem(name: &str) -> &str {
    match name.rfind('.') {
        Some(0) | None => name,
        Some(i) => &name[..i],
    }
}

/// The Chinese label of an attachment kind id (the id itself if unknown).
pub fn kind_label(id: &str) -> &str {
    AttachmentKind::CHOICES.iter().find(|(k, _)| *k == id).map_or(id, |(_, label)| label)
}

/// The documents a package's 附件清单 lists that have no file among its attachments, each as
/// its kind's label and its title (「项目建议书《某某项目建议书》」), in list order: what the
/// CLI's verify reports beside a package, as the reviewer's desk shows it.
pub fn without_file(submission: &Submission, files: &[Attachment]) -> Vec<String> {
    let listed = listed(submission);
    let files: Vec<(&str, &str)> = files.iter().map(|a| (a.kind.as_str(), a.name.as_str())).collect();
    pair(&listed, &files).missing().map(|i| format!("{}《{}》", listed[i].0.map_or("", kind_label), listed[i].1.trim())).collect()
}

/// The 附件清单 of a submission as `pair` takes it: each entry's kind id (if chosen) and title.
pub fn listed(submission: &Submission) -> Vec<(Option<&'static str>, &str)> {
    submission.project.as_ref().map_or_else(Vec::new, |p| p.attachments.iter().map(|a| (a.kind.map(Choice::id), a.name.as_str())).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_listed_document_takes_a_file_of_its_kind_and_a_matching_name_first() {
        let listed = [(Some("proposal"), "某某项目建议书"), (Some("feasibility_study"), "某某项目可研报告"), (Some("feasibility_study"), "专家评审意见")];
        // The review opinion's file comes first among the feasibility files, but the report's
        // file is the one whose name matches it.
        let files = [("feasibility_study", "专家评审意见.pdf"), ("proposal", "建议书.pdf"), ("feasibility_study", "可研报告.docx"), ("other", "说明.txt")];
        let p = pair(&listed, &files);
        assert_eq!(p.file_of, vec![Some(1), Some(2), Some(0)]);
        assert_eq!(p.unlisted, vec![3]);
        assert_eq!(p.missing().count(), 0);
    }

    #[test]
    fn without_a_matching_name_files_are_taken_in_order() {
        let listed = [(Some("finance_opinion"), "市财政局意见"), (Some("finance_opinion"), "区财政局意见")];
        let files = [("finance_opinion", "a.pdf"), ("finance_opinion", "b.pdf"), ("finance_opinion", "c.pdf")];
        let p = pair(&listed, &files);
        assert_eq!(p.file_of, vec![Some(0), Some(1)]);
        assert_eq!(p.unlisted, vec![2]);
    }

    #[test]
    fn a_document_without_a_file_of_its_kind_or_without_a_kind_is_missing() {
        let listed = [(Some("police_opinion"), "市公安局意见"), (None, "市公安局意见"), (Some("other"), "")];
        // A file of another kind does not stand in for it, whatever its name.
        let files = [("other", "市公安局意见.pdf")];
        let p = pair(&listed, &files);
        assert_eq!(p.file_of, vec![None, None, Some(0)]);
        assert_eq!(p.missing().collect::<Vec<_>>(), vec![0, 1]);
        assert!(p.unlisted.is_empty());
        assert_eq!(pair(&[], &files).unlisted, vec![0]);
        assert_eq!(pair(&listed, &[]).missing().count(), 3);
    }

    #[test]
    fn a_name_is_compared_without_its_extension_and_never_when_empty() {
        assert_eq!(stem("可研报告.pdf"), "可研报告");
        assert_eq!(stem("archive.tar.gz"), "archive.tar");
        assert_eq!(stem(".hidden"), ".hidden");
        assert_eq!(stem("无扩展名"), "无扩展名");
        // An empty title matches no name, so it does not take the named file from the next
        // document of its kind.
        let listed = [(Some("other"), " "), (Some("other"), "说明")];
        let files = [("other", "x.pdf"), ("other", "说明.pdf")];
        assert_eq!(pair(&listed, &files).file_of, vec![Some(0), Some(1)]);
    }

    #[test]
    fn the_list_is_read_from_the_submission() {
        let sub = Submission::from_value(serde_json::json!({
            "project": { "attachments": [{ "kind": "proposal", "name": "建议书" }, { "name": "未选种类" }] }
        }))
        .unwrap();
        assert_eq!(listed(&sub), vec![(Some("proposal"), "建议书"), (None, "未选种类")]);
        assert!(listed(&Submission::default()).is_empty());
        let files = [Attachment::from_bytes("建议书.pdf", "proposal", b"x", false)];
        assert_eq!(without_file(&sub, &files), vec!["《未选种类》".to_string()]);
        assert_eq!(without_file(&sub, &[]), vec!["项目建议书《建议书》".to_string(), "《未选种类》".to_string()]);
        assert_eq!(kind_label("feasibility_study"), "可行性研究报告");
        assert_eq!(kind_label("unknown"), "unknown");
    }
}

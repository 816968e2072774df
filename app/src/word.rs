//! The documents as a Word file (`shenbao_core::paper::docx`): what 打印 prints, for offices
//! that file the 申报书 and 需求方案 as Word documents or adjust the layout before printing; on
//! the reviewer's desk, a package's documents, its footer naming the package and its record
//! closing them.
//! Reached only through `lazy::word` (its own part): the writer is not in the first load.

use serde_json::Value;
use shenbao_core::paper::{self, docx};

/// The file's name: the first document's title, without what file names cannot hold.
pub fn file_name(papers: &[paper::Paper]) -> String {
    format!("{}.docx", shenbao_core::package::file_name_part(papers.first().map(|p| p.title.as_str()).unwrap_or("申报材料")))
}

/// Downloads `doc`'s papers as a `.docx`, closed by `report`'s errors and warnings with their
/// 说明 and by `seal`'s record of the package, `seal`'s footer at the foot of every page (which
/// package, or a draft). `Err`: why nothing was downloaded.
pub fn download(doc: &Value, report: Option<&shenbao_core::Report>, seal: &paper::Seal) -> Result<(), String> {
    download_papers(&paper::papers_sealed(doc, report, seal), &seal.footer)
}

/// One Word file among several ([`download_zip`]): its name, its papers and their footer.
pub struct WordFile {
    pub name: String,
    pub papers: Vec<paper::Paper>,
    pub footer: String,
}

/// Downloads `files` as Word files in one ZIP archive named `name` (the reviewer's opinions on
/// the packages the desk lists). A name met again gets 「（2）」, 「（3）」… before `.docx`, so
/// that no file hides another when unpacked. `Err`: why nothing was downloaded.
pub fn download_zip(name: &str, files: &[WordFile]) -> Result<(), String> {
    if files.is_empty() {
        return Err(crate::strings::WORD_NOTHING.to_string());
    }
    let names = unique_names(files.iter().map(|f| f.name.as_str()));
    let docs: Vec<Vec<u8>> = files.iter().map(|f| docx::docx(&f.papers, &f.footer)).collect();
    let entries: Vec<(&str, &[u8])> = names.iter().map(String::as_str).zip(docs.iter().map(Vec::as_slice)).collect();
    crate::dom::download(name, "application/zip", &paper::zip::stored(&entries))
}

/// The names, each met again given 「（2）」, 「（3）」… before its `.docx`.
fn unique_names<'a>(names: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut taken = std::collections::BTreeSet::new();
    names
        .map(|name| {
            let (stem, ext) = name.strip_suffix(".docx").map(|s| (s, ".docx")).unwrap_or((name, ""));
            let unique =
                (1..).map(|n| if n == 1 { name.to_string() } else { format!("{stem}（{n}）{ext}") }).find(|n| !taken.contains(n)).expect("a free name");
            taken.insert(unique.clone());
            unique
        })
        .collect()
}

/// Downloads `papers` as a `.docx` named after the first, `footer` at the foot of every page:
/// papers made by their caller (the reviewer's opinion, `paper::opinion`). `Err`: why nothing
/// was downloaded.
pub fn download_papers(papers: &[paper::Paper], footer: &str) -> Result<(), String> {
    if papers.is_empty() {
        return Err(crate::strings::WORD_NOTHING.to_string());
    }
    crate::dom::download(&file_name(papers), docx::MIME, &docx::docx(papers, footer))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_of_one_archive_never_share_a_name() {
        let names = unique_names(["a.审核意见.docx", "b.审核意见.docx", "a.审核意见.docx", "a.审核意见（2）.docx", "a.审核意见.docx", "c"].into_iter());
        assert_eq!(names, ["a.审核意见.docx", "b.审核意见.docx", "a.审核意见（2）.docx", "a.审核意见（2）（2）.docx", "a.审核意见（3）.docx", "c"]);
    }

    #[test]
    fn the_file_is_named_after_the_first_document() {
        let doc = serde_json::json!({ "project": { "basic": { "name": "智慧/停车:一期?项目" } } });
        assert_eq!(file_name(&paper::papers(&doc)), "智慧停车一期项目申报书.docx");
        assert_eq!(file_name(&[]), "申报材料.docx");
    }
}

//! `docs/document-model.md` is generated from the field registry, so the published
//! description of the documents can never disagree with the code.
//! Regenerate with `UPDATE_GOLDEN=1 cargo test -p shenbao-core --test model_doc`.

use shenbao_core::fields::{FIELDS, FieldKind};

fn kind(k: FieldKind) -> String {
    let choices = |l: &[(&str, &str)]| l.iter().map(|(id, label)| format!("`{id}` {label}")).collect::<Vec<_>>().join("<br>");
    match k {
        FieldKind::Group => "分组".into(),
        FieldKind::Table => "表格（行的列见下）".into(),
        FieldKind::Text => "文本".into(),
        FieldKind::LongText => "长文本".into(),
        FieldKind::TextList => "文本列表".into(),
        FieldKind::Money => "金额（整数元）".into(),
        FieldKind::Int => "整数".into(),
        FieldKind::BasisPoints => "万分数（9990 = 99.90%）".into(),
        FieldKind::Bool => "是/否".into(),
        FieldKind::Date => "日期 YYYY-MM-DD".into(),
        FieldKind::Choice(l) => format!("单选：<br>{}", choices(l)),
        FieldKind::ChoiceList(l) => format!("多选：<br>{}", choices(l)),
    }
}

fn render() -> String {
    let mut out = String::from(
        "# The document model\n\n\
         Generated from `core/src/fields.rs` by `core/tests/model_doc.rs`; do not edit by hand.\n\n\
         A submission file (`shenbao.submission/1`) holds a 项目申报 (`project`), a 服务需求方案\n\
         (`service_plan`), or both for one project. Conventions:\n\n\
         * money is whole 元 as a JSON integer (never a float) and is shown in 万元;\n\
         * a number or choice that has not been filled in is `null` (never confused with 0);\n\
         * yes/no questions default to `false`; dates are `YYYY-MM-DD`;\n\
         * unknown keys are rejected, so a typo never silently drops data;\n\
         * `[]` in a path means every row of a table.\n\n\
         Marked ✱: the form asks for it; whether a gap is an error is decided by the format\n\
         checks and the city's rule pack.\n\n\
         | path | 名称 | 类型 | 单位 | ✱ | 说明 |\n|---|---|---|---|---|---|\n",
    );
    for f in FIELDS {
        let depth = f.path.matches('.').count();
        let name = if matches!(f.kind, FieldKind::Group) { format!("**{}**", f.label) } else { f.label.to_string() };
        out += &format!(
            "| `{}` | {}{} | {} | {} | {} | {} |\n",
            f.path,
            "&nbsp;&nbsp;".repeat(depth),
            name,
            kind(f.kind),
            f.unit,
            if f.required { "✱" } else { "" },
            f.hint
        );
    }
    out
}

#[test]
fn document_model_doc_is_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/document-model.md");
    let text = render();
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &text).unwrap();
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(current == text, "docs/document-model.md is stale: run UPDATE_GOLDEN=1 cargo test -p shenbao-core --test model_doc");
}

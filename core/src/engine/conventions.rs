//! 申报通填报规范: the form's own filling conventions, cited by the generic format and
//! consistency checks (which come from no city's regulation). The same text is published
//! in `docs/filling-conventions.md`; a test keeps the two identical.

/// Title of the conventions document as findings cite it.
pub const TITLE: &str = "申报通填报规范";

/// `(article, text)` of every convention, in order.
pub const ARTICLES: &[(&str, &str)] = &[
    ("第一条", "标注为必填的栏目应当填写。"),
    ("第二条", "联系电话应为手机号码或带区号的固定电话。"),
    ("第三条", "电子邮箱应为可以收信的完整地址。"),
    ("第四条", "各栏目内容不超过规定字数。"),
    ("第五条", "数值应在合理范围内。"),
    ("第六条", "资金估算明细每行金额等于数量乘以单价，各行金额合计等于总投资；资金来源各项合计等于总投资。"),
    ("第七条", "服务内容各项年服务费合计等于年度服务费；服务费总额等于年度服务费乘以服务期限。"),
    ("第八条", "同一项目的项目申报与服务需求方案，项目名称、申报单位应当一致；购买服务的项目，总投资等于服务费总额。"),
    ("第九条", "跨部门共建项目应当填写牵头单位和参建单位；升级改造项目应当说明原项目是否已验收。"),
    (
        "第十条",
        "名称、单位、代码、电话等单行栏目不得含有零宽字符、双向文字控制符等看不见的字符；单位名称、项目名称、人员姓名等不得混入外形相近的西里尔字母或希腊字母。",
    ),
];

/// The text of an article.
pub fn quote(article: &str) -> &'static str {
    ARTICLES.iter().find(|(a, _)| *a == article).map(|(_, t)| *t).unwrap_or("")
}

#[cfg(test)]
mod tests {
    #[test]
    fn published_text_matches() {
        let doc = include_str!("../../../docs/filling-conventions.md");
        for (article, text) in super::ARTICLES {
            assert!(doc.contains(&format!("{article} {text}")), "docs/filling-conventions.md lacks {article}");
        }
    }
}

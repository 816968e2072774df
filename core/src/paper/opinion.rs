//! The reviewer's opinion on a package (审核意见), as a paper the bureau can send back to the
//! department or file with the package: which package it is about, what was decided and why
//! (the reviewer's note), what verifying it found, every error and warning of the check with
//! the department's 说明, and the listed documents that came without a file. Made on the
//! reviewer's desk from what the desk shows, and written as Word by [`super::docx`] like the
//! documents themselves, so that it can be adjusted, stamped and sent.

use serde_json::Value;

use super::{BLANK, Block, Paper, Section, Table, field, findings_section, package_fields, previous_field};
use crate::package::{Verification, listed};

/// Where the reviewer has got with a package (处理状态). Ids are stable: the desk stores them,
/// and `shenbao opinion --decision` takes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Decision {
    #[default]
    Pending,
    Accepted,
    Correction,
    Rejected,
}

impl Decision {
    pub const ALL: [Decision; 4] = [Decision::Pending, Decision::Accepted, Decision::Correction, Decision::Rejected];

    pub fn id(self) -> &'static str {
        match self {
            Decision::Pending => "pending",
            Decision::Accepted => "accepted",
            Decision::Correction => "correction",
            Decision::Rejected => "rejected",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Decision::Pending => "待处理",
            Decision::Accepted => "已受理",
            Decision::Correction => "需补正",
            Decision::Rejected => "不予受理",
        }
    }

    pub fn from_id(id: &str) -> Option<Decision> {
        Self::ALL.into_iter().find(|d| d.id() == id)
    }
}

/// What the reviewer recorded about the package (处理记录).
#[derive(Debug, Clone, Copy)]
pub struct Opinion<'a> {
    pub decision: Decision,
    /// The reviewer's note, as typed.
    pub note: &'a str,
    /// When the record was last changed (`YYYY-MM-DD HH:MM`, local time), empty if never.
    pub at: &'a str,
    /// Who gives the opinion: the reviewing unit (审核单位) and the reviewer (审核人), as
    /// typed; a blank one is printed as a blank to fill in by hand.
    pub unit: &'a str,
    pub reviewer: &'a str,
}

/// The opinion's file name, after the package's: `单位-项目-2026-09-15.json` →
/// `单位-项目-2026-09-15.审核意见.docx` (its last extension replaced; a name without one kept
/// whole). The desk and `shenbao opinion` name it alike.
pub fn file_name(package_file: &str) -> String {
    let stem = match package_file.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => package_file,
    };
    format!("{stem}.审核意见.docx")
}

/// The opinion's footer: which package it concerns, so that a printed opinion is tied to the
/// electronic package it answers.
pub fn footer(payload_sha256: &str) -> String {
    format!("审核意见 · 所涉申报包摘要 SHA-256 {payload_sha256}")
}

/// The opinion on the package verified as `v` (its payload's digest `payload_sha256`), or
/// `None` when its payload could not be read (there is nothing to name it by). The signer (as
/// the package states it) and the key are named only when the signature holds, as on the
/// package's own papers; whether the trust list knows them is among what verifying found.
pub fn opinion(v: &Verification, payload_sha256: &str, op: &Opinion) -> Option<Paper> {
    let payload = v.payload.as_ref()?;
    let doc = serde_json::to_value(&payload.submission).ok()?;
    let text = |p: &str| crate::model::path::get(&doc, p).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    let project = text("project.basic.name").or_else(|| text("service_plan.project_name")).unwrap_or_default();
    let p = &payload.pack;
    let mut package = vec![field("项目名称", project.clone())];
    package.extend(package_fields(payload_sha256, &payload.head()));
    package.push(field("规则包", format!("{}《{}》{} v{}", p.city, p.title, p.id, p.version)));
    package.extend(previous_field(&payload.head()));

    let decision = vec![
        field("处理状态", op.decision.label().to_string()),
        Block::Text { label: "审核意见", value: if op.note.trim().is_empty() { BLANK.into() } else { op.note.trim().to_string() } },
        field("审核单位", op.unit.trim().to_string()),
        field("审核人", op.reviewer.trim().to_string()),
        field("记录时间", op.at.to_string()),
    ];

    let mut verified = vec![field(
        "核验结论",
        if v.valid {
            "有效：签名、签名人登记、规则包和检查结果、附件均核验无误".into()
        } else {
            format!("无效：发现 {} 项问题", v.problems.len())
        },
    )];
    if let (Some(signer), true) = (&v.signer, v.signature_holds()) {
        verified.push(field("签名人（申报包所载）", signer.clone()));
        if let Some(fp) = &v.fingerprint {
            verified.push(field("签名公钥指纹", fp.clone()));
        }
    }
    if let Some(note) = v.superseded_note() {
        verified.push(field("规则包版本", note));
    }
    if let Some(note) = v.engine_note() {
        verified.push(field("检查引擎版本", note));
    }
    if !v.problems.is_empty() {
        let rows = v.problems.iter().enumerate().map(|(i, p)| vec![(i + 1).to_string(), p.message.clone()]).collect();
        verified.push(Block::Table(Table { caption: "核验发现的问题", columns: vec!["序号", "问题"], rows }));
    }

    let mut checked = findings_section(&doc, &payload.report).blocks;
    let missing = listed::without_file(&payload.submission, &payload.attachments);
    checked.push(if missing.is_empty() {
        field("附件核对", "附件清单所列材料均有对应的文件".into())
    } else {
        Block::Table(Table {
            caption: "附件清单所列、申报包中没有对应文件的材料",
            columns: vec!["序号", "材料"],
            rows: missing.into_iter().enumerate().map(|(i, m)| vec![(i + 1).to_string(), m]).collect(),
        })
    });

    let title = if project.is_empty() { "申报包审核意见".to_string() } else { format!("{project}审核意见") };
    Some(Paper {
        title,
        sections: vec![
            Section { heading: "一、申报包".into(), blocks: package },
            Section { heading: "二、处理意见".into(), blocks: decision },
            Section { heading: "三、核验结果".into(), blocks: verified },
            Section { heading: "四、规则检查结果与附件核对".into(), blocks: checked },
        ],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::package::{Attachment, SignRequest, SignerIdentity, VerifyOptions, sign, verify};

    #[test]
    fn the_opinion_is_named_after_the_package() {
        assert_eq!(file_name("单位-项目-2026-09-15.json"), "单位-项目-2026-09-15.审核意见.docx");
        assert_eq!(file_name("包.enc.json"), "包.enc.审核意见.docx");
        assert_eq!(file_name("无扩展名"), "无扩展名.审核意见.docx");
        assert_eq!(file_name(".json"), ".json.审核意见.docx");
    }

    fn package(attachments: Vec<Attachment>) -> String {
        let key = crate::crypto::PrivateKey::generate_from_seed(crate::crypto::Algorithm::Sm2, &[8u8; 32]).unwrap();
        let mut doc: Value = serde_json::from_str(include_str!("../../../tests/fixtures/bazhong/project.json")).unwrap();
        // A warning, explained.
        crate::model::path::set(&mut doc, "project.cost_estimate.items[3].category", Value::from("server"));
        let report = crate::check(crate::pack::builtin::pack("bazhong").unwrap(), &crate::Submission::from_value(doc.clone()).unwrap());
        let w = report.findings.iter().find(|f| f.severity == crate::Severity::Warning).unwrap();
        doc["justifications"] = serde_json::json!([{ "rule": w.rule, "fields": w.fields, "text": "既有机房设备替换" }]);
        let (env, _) = sign(SignRequest {
            submission: crate::Submission::from_value(doc).unwrap(),
            pack: crate::pack::builtin::pack("bazhong").unwrap(),
            signer: SignerIdentity {
                department: "巴中市自然资源和规划局".into(), credit_code: "11511900MB1A08217D".into(), person: "杨静".into()
            },
            keys: vec![&key],
            attachments,
            previous: None,
            created_at: "2026-09-15T08:30:00Z".into(),
            random_id: [6u8; 16],
        })
        .unwrap();
        env.to_json_pretty()
    }

    fn verified(text: &str) -> Verification {
        let packs = [crate::pack::builtin::pack("bazhong").unwrap()];
        verify(text, &VerifyOptions { trust: None, packs: &packs, superseded: &[], attachment: &|_| None })
    }

    fn fields(p: &Paper) -> Vec<(&str, String)> {
        p.sections
            .iter()
            .flat_map(|s| &s.blocks)
            .filter_map(|b| if let Block::Field { label, value } = b { Some((*label, value.clone())) } else { None })
            .collect()
    }

    fn tables(p: &Paper) -> Vec<&Table> {
        p.sections.iter().flat_map(|s| &s.blocks).filter_map(|b| if let Block::Table(t) = b { Some(t) } else { None }).collect()
    }

    #[test]
    fn an_opinion_names_the_package_the_decision_and_everything_found() {
        let v = verified(&package(vec![]));
        let op = Opinion {
            decision: Decision::Correction,
            note: "请补充可行性研究报告。\n资金来源需与批复一致。",
            at: "2026-09-20 10:15",
            unit: " 巴中市政务服务和大数据管理局 ",
            reviewer: "王审核",
        };
        let paper = opinion(&v, "ab12", &op).unwrap();
        assert_eq!(paper.title, "巴中市食品安全智慧监管系统建设项目审核意见");
        let headings: Vec<&str> = paper.sections.iter().map(|s| s.heading.as_str()).collect();
        assert_eq!(headings, ["一、申报包", "二、处理意见", "三、核验结果", "四、规则检查结果与附件核对"]);
        let f = fields(&paper);
        let has = |label: &str, value: &str| f.iter().any(|(l, v)| *l == label && v == value);
        assert!(has("申报包编号", &v.payload.as_ref().unwrap().id));
        assert!(has("签署时间", "2026-09-15 16:30:00（北京时间）"));
        assert!(has("申报包摘要（SHA-256）", "ab12"));
        assert!(has("签名人（申报包所载）", "巴中市自然资源和规划局（11511900MB1A08217D）· 杨静"), "{f:?}");
        assert!(has("处理状态", "需补正") && has("记录时间", "2026-09-20 10:15"));
        assert!(has("审核单位", "巴中市政务服务和大数据管理局") && has("审核人", "王审核"), "{f:?}");
        let note = paper.sections[1].blocks.iter().find_map(|b| if let Block::Text { label: "审核意见", value } = b { Some(value.clone()) } else { None });
        assert_eq!(note.as_deref(), Some(op.note));
        // Verified without a trust list: not valid, the signer unknown, each problem listed.
        assert!(f.iter().any(|(l, v)| *l == "核验结论" && v.starts_with("无效")), "{f:?}");
        let problems = tables(&paper).into_iter().find(|t| t.caption == "核验发现的问题").unwrap();
        assert_eq!(problems.rows.iter().map(|r| r[1].clone()).collect::<Vec<_>>(), v.problems.iter().map(|p| p.message.clone()).collect::<Vec<_>>());
        // The warning with its 说明, and the listed documents that came without a file.
        let findings = tables(&paper).into_iter().find(|t| t.caption == "错误和警告").unwrap();
        assert!(findings.rows.iter().any(|r| r[1] == "警告" && r[4] == "既有机房设备替换"), "{:?}", findings.rows);
        let missing = tables(&paper).into_iter().find(|t| t.caption.starts_with("附件清单所列")).unwrap();
        assert_eq!(missing.rows.len(), listed::without_file(&v.payload.as_ref().unwrap().submission, &[]).len());
        assert!(!missing.rows.is_empty());
    }

    #[test]
    fn the_reviewer_s_note_is_text_in_the_word_file() {
        let v = verified(&package(vec![]));
        let note = "请补正</w:t></w:r></w:p><w:p><w:r><w:t>伪造段落 & \u{1}";
        let paper = opinion(&v, "ab12", &Opinion { decision: Decision::Correction, note, at: "", unit: "<w:p>", reviewer: "" }).unwrap();
        let bytes = super::super::docx::docx(&[paper], &footer("ab12"));
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            text.contains("请补正&lt;/w:t&gt;&lt;/w:r&gt;&lt;/w:p&gt;&lt;w:p&gt;&lt;w:r&gt;&lt;w:t&gt;伪造段落 &amp; "),
            "escaped, the control character dropped"
        );
        assert!(!text.contains("<w:t>伪造段落"));
        assert!(text.contains("&lt;w:p&gt;"), "the unit as text too");
    }

    #[test]
    fn a_forged_package_s_opinion_names_no_signer_and_an_unreadable_one_has_none() {
        let text = package(vec![]);
        let mut env: Value = serde_json::from_str(&text).unwrap();
        let sig = env["signatures"][0]["sig"].as_str().unwrap().to_string();
        env["signatures"][0]["sig"] = Value::from(if sig.starts_with('A') { sig.replacen('A', "B", 1) } else { format!("A{}", &sig[1..]) });
        let v = verified(&env.to_string());
        assert!(!v.signature_holds());
        let op = Opinion { decision: Decision::Rejected, note: "", at: "", unit: "", reviewer: " " };
        let paper = opinion(&v, "cd34", &op).unwrap();
        assert!(!fields(&paper).iter().any(|(l, _)| l.starts_with("签名")), "{:?}", fields(&paper));
        let printed = format!("{paper:?}");
        assert!(
            !printed.contains("杨静"),
            "the signer is not named when the signature does not hold: {}",
            &printed[printed.find("杨静").unwrap_or(0).saturating_sub(300)..]
        );
        assert!(fields(&paper).contains(&("记录时间", BLANK.to_string())));
        // Who gives the opinion, blank: a blank to fill in by hand.
        assert!(fields(&paper).contains(&("审核单位", BLANK.to_string())) && fields(&paper).contains(&("审核人", BLANK.to_string())));
        assert_eq!(opinion(&verified("not a package"), "", &op), None);
        assert_eq!(footer("cd34"), "审核意见 · 所涉申报包摘要 SHA-256 cd34");
    }

    /// A package checked under a superseded version of its pack: the opinion says which
    /// version, so the paper a department receives names the rules it was held to.
    #[test]
    fn an_opinion_names_a_superseded_pack_it_was_checked_under() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests");
        let text = std::fs::read_to_string(dir.join("superseded/bazhong-2022.2.0.package.json")).unwrap();
        let packs: Vec<&crate::RulePack> = crate::pack::builtin::packs().iter().collect();
        let v = verify(&text, &VerifyOptions { trust: None, packs: &packs, superseded: crate::pack::builtin::superseded_refs(), attachment: &|_| None });
        let op = Opinion { decision: Decision::Accepted, note: "", at: "2026-12-07 10:00", unit: "", reviewer: "" };
        let paper = opinion(&v, "ab12", &op).unwrap();
        let version = fields(&paper).into_iter().find(|(l, _)| *l == "规则包版本").map(|(_, v)| v);
        assert!(version.as_deref().is_some_and(|t| t.contains("v2022.2.0") && t.contains("现行")), "{version:?}");
        // It was checked by engine 0.1.0 too, which found the same: said as well.
        let engine = fields(&paper).into_iter().find(|(l, _)| *l == "检查引擎版本").map(|(_, v)| v);
        assert!(engine.as_deref().is_some_and(|t| t.starts_with("申报包由检查引擎 v0.1.0 检查")), "{engine:?}");
        // A package made now, under the pack in use, has neither line.
        let v = verified(&package(vec![]));
        assert!(!fields(&opinion(&v, "ab12", &op).unwrap()).iter().any(|(l, _)| *l == "规则包版本" || *l == "检查引擎版本"));
    }
}

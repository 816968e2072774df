//! The field registry: one entry per field of both documents, with its path, Chinese
//! label, kind, unit and hint. It is the single source of truth used by
//!
//! * the rule-pack loader (a rule may only name paths listed here, and its operators are
//!   type-checked against the field kinds),
//! * finding messages (labels of fields, labels of choices),
//! * the UI (labels, hints, units, input kinds) and the CLI,
//! * `shenbao schema` (titles in the JSON Schema).
//!
//! Paths use `.` between fields and `[]` for "every element of this list". A test
//! (`registry_matches_model`) serializes a fully populated document and checks that the
//! registry and the Rust model list exactly the same paths, so the two cannot drift.

use crate::model::{self, Choice};

/// What kind of value a field holds; drives both input widgets and type checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// A section or sub-object; no value of its own.
    Group,
    /// A list of objects (table rows); its columns are listed as `path[].column`.
    Table,
    /// Short single-line text.
    Text,
    /// Long narrative text.
    LongText,
    /// A list of short texts.
    TextList,
    /// Whole yuan (元), displayed in 万元.
    Money,
    /// A non-negative whole number.
    Int,
    /// Availability in basis points of a percent (9990 = 99.90 %).
    BasisPoints,
    Bool,
    Date,
    /// One of a closed list of `(id, label)` choices.
    Choice(&'static [(&'static str, &'static str)]),
    /// Several of a closed list of choices.
    ChoiceList(&'static [(&'static str, &'static str)]),
}

/// One field of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldDef {
    pub path: &'static str,
    pub label: &'static str,
    pub kind: FieldKind,
    /// Display unit (`元`, `个月`, `年`, …), empty when none.
    pub unit: &'static str,
    /// Short guidance shown under the input.
    pub hint: &'static str,
    /// Whether the form marks the field as required (the checks themselves are the field's
    /// [`FORMATS`] and the rule packs).
    pub required: bool,
}

use FieldKind::*;

const fn f(path: &'static str, label: &'static str, kind: FieldKind, unit: &'static str, hint: &'static str, required: bool) -> FieldDef {
    FieldDef { path, label, kind, unit, hint, required }
}

const fn ch<T: Choice>() -> FieldKind {
    Choice(T::CHOICES)
}
const fn chl<T: Choice>() -> FieldKind {
    ChoiceList(T::CHOICES)
}

const R: bool = true;
const O: bool = false;

/// Every field of both documents, in form order.
pub static FIELDS: &[FieldDef] = &[
    f("project", "项目申报", Group, "", "", O),
    // 基本信息
    f("project.basic", "基本信息", Group, "", "", O),
    f("project.basic.name", "项目名称", Text, "", "与立项文件一致的全称", R),
    f("project.basic.owner_unit", "申报单位", Text, "", "项目建设（业主）单位全称", R),
    f("project.basic.credit_code", "统一社会信用代码", Text, "", "18 位，末位为校验码（GB 32100-2015）", R),
    f("project.basic.leader", "项目负责人", Group, "", "", O),
    f("project.basic.leader.name", "项目负责人姓名", Text, "", "", R),
    f("project.basic.leader.title", "项目负责人职务", Text, "", "", R),
    f("project.basic.leader.is_unit_head", "项目负责人是否本单位主要负责人", Bool, "", "单位主要领导（一把手）担任项目负责人时勾选", O),
    f("project.basic.contact", "联系人", Group, "", "", O),
    f("project.basic.contact.name", "联系人姓名", Text, "", "", R),
    f("project.basic.contact.phone", "联系电话", Text, "", "手机号或带区号的固定电话，如 0827-5261234", R),
    f("project.basic.contact.email", "电子邮箱", Text, "", "", R),
    f("project.basic.plan_year", "申报年度", Int, "年", "拟建设或采购的年度", R),
    f("project.basic.filing_date", "申报日期", Date, "", "", R),
    f("project.basic.admin_level", "行政层级", ch::<model::AdminLevel>(), "", "", R),
    f("project.basic.category", "项目类别", ch::<model::ProjectCategory>(), "", "按《政务信息系统定义和范围》归类", R),
    f("project.basic.construction_kind", "建设性质", ch::<model::ConstructionKind>(), "", "", R),
    f("project.basic.implementation", "实施方式", ch::<model::Implementation>(), "", "购买服务的项目须另附服务需求方案", R),
    f("project.basic.classified", "是否涉密", Bool, "", "涉密项目按国家保密规定另行办理", O),
    f("project.basic.joint", "跨部门共建", Group, "", "", O),
    f("project.basic.joint.is_joint", "是否跨部门共建", Bool, "", "", O),
    f("project.basic.joint.lead_unit", "牵头单位", Text, "", "", O),
    f("project.basic.joint.partner_units", "参建单位", TextList, "", "", O),
    f("project.basic.funding", "资金来源", Table, "", "按来源分列，合计应等于总投资", R),
    f("project.basic.funding[].source", "资金来源类别", ch::<model::FundingSource>(), "", "", R),
    f("project.basic.funding[].amount", "金额", Money, "元", "", R),
    f("project.basic.total_investment", "总投资", Money, "元", "以元填写，显示为万元", R),
    f("project.basic.period_months", "建设周期", Int, "个月", "", R),
    f("project.basic.new_projects_filed", "本单位本年度已申报新项目数", Int, "个", "不含本项目", R),
    f("project.basic.carries_common_support", "是否承担全区（市）共性支撑项目", Bool, "", "", O),
    f("project.basic.original_accepted", "原项目是否已验收", Bool, "", "仅升级改造项目填写", O),
    f("project.basic.upper_level_funded", "是否上级统筹或上级资金", Bool, "", "国家、省统筹安排建设资金或使用上级财政资金", O),
    f("project.basic.working_group", "是否成立项目工作组", Bool, "", "由业务人员和技术人员组成", O),
    f("project.basic.performance_goals", "绩效目标", LongText, "", "可量化的产出、效益和满意度指标", R),
    // 前置程序
    f("project.procedure", "前置程序", Group, "", "", O),
    f("project.procedure.plan_submitted", "建设方案已报数据主管部门论证评估", Bool, "", "如市智慧办、市大数据中心、市政府信息办", O),
    f("project.procedure.fund_report_submitted", "资金（预算）报告已报送", Bool, "", "", O),
    f("project.procedure.upper_level_prefiled", "上级资金项目已报本级初核备案", Bool, "", "向上级部门申报前，先报本级数据主管部门", O),
    f("project.procedure.in_special_plan", "已纳入专项规划或年度项目清单", Bool, "", "或经市委、市政府同意建设", O),
    f("project.procedure.in_budget", "已列入财政预算", Bool, "", "", O),
    f("project.procedure.merged_plan_basis", "合并编报实施方案的情形", ch::<model::MergedPlanBasis>(), "", "仅在合并可研和初步设计、编报实施方案时选择", O),
    // 需求方案
    f("project.requirement_plan", "需求方案", Group, "", "", O),
    f("project.requirement_plan.basis", "建设依据", LongText, "", "政策文件、规划和上级要求", R),
    f("project.requirement_plan.current_state", "业务现状", LongText, "", "", R),
    f("project.requirement_plan.problems", "存在问题", LongText, "", "", R),
    f("project.requirement_plan.needs_analysis", "需求分析", LongText, "", "业务、数据、功能、性能和共享需求", R),
    f("project.requirement_plan.approach", "解决思路", LongText, "", "", R),
    f("project.requirement_plan.work_plan", "工作计划", LongText, "", "", R),
    f("project.requirement_plan.scope", "建设内容", LongText, "", "", R),
    f("project.requirement_plan.cybersecurity", "网络安全", LongText, "", "等保、密码应用、数据安全措施", R),
    f("project.requirement_plan.operations", "运行维护", LongText, "", "", R),
    f("project.requirement_plan.cost_summary", "资金估算", LongText, "", "估算依据和说明；明细填入资金估算明细表", R),
    // 资金估算明细
    f("project.cost_estimate", "资金估算明细", Group, "", "", O),
    f("project.cost_estimate.items", "明细行", Table, "", "金额 = 数量 × 单价，合计应等于总投资", R),
    f("project.cost_estimate.items[].name", "名称", Text, "", "", R),
    f("project.cost_estimate.items[].category", "类别", ch::<model::CostCategory>(), "", "", R),
    f("project.cost_estimate.items[].unit", "单位", Text, "", "如 套、台、人月、项", O),
    f("project.cost_estimate.items[].quantity", "数量", Int, "", "", R),
    f("project.cost_estimate.items[].unit_price", "单价", Money, "元", "", R),
    f("project.cost_estimate.items[].amount", "金额", Money, "元", "", R),
    // 部署与共享
    f("project.deployment", "部署与共享", Group, "", "", O),
    f("project.deployment.location", "部署位置", ch::<model::DeployLocation>(), "", "", R),
    f("project.deployment.location_note", "部署位置说明", Text, "", "部署在本单位机房或其他位置时说明理由", O),
    f("project.deployment.data_sharing_platform", "接入数据共享交换平台", Bool, "", "", O),
    f("project.deployment.catalogue_status", "数据资源目录编制情况", ch::<model::CatalogueStatus>(), "", "", R),
    f("project.deployment.city_brain", "接入城市大脑", Bool, "", "", O),
    f("project.deployment.gov_service_platform", "接入一体化政务服务平台", Bool, "", "", O),
    f("project.deployment.office_platform", "接入统一协同办公平台", Bool, "", "", O),
    f("project.deployment.share_identifiers", "共享数据标识方式", chl::<model::ShareIdentifier>(), "", "", O),
    f("project.deployment.no_share_basis", "不共享的法律法规依据", Text, "", "仅在数据不共享时填写", O),
    f("project.deployment.standard_interfaces", "预留标准化数据接口", Bool, "", "", O),
    // 建设内容声明
    f("project.infrastructure", "建设内容声明", Group, "", "", O),
    f("project.infrastructure.machine_room", "新建或扩建机房", Bool, "", "", O),
    f("project.infrastructure.data_center", "新建或扩建数据中心", Bool, "", "", O),
    f("project.infrastructure.private_cloud", "建设私有云平台", Bool, "", "", O),
    f("project.infrastructure.hub_platform", "新建中枢平台", Bool, "", "", O),
    f("project.infrastructure.video_platform", "自建视频平台", Bool, "", "", O),
    f("project.infrastructure.iot_platform", "自建物联网平台", Bool, "", "", O),
    f("project.infrastructure.private_line_lease", "租赁互联网出口线路或未整合的专网", Bool, "", "", O),
    f("project.infrastructure.own_internet_access", "自行接入国际互联网", Bool, "", "", O),
    f("project.infrastructure.vertical_network", "建设全市范围垂直专业网", Bool, "", "", O),
    f("project.infrastructure.isolated_system", "系统不与其他系统互联、不共享数据", Bool, "", "", O),
    f("project.infrastructure.public_app", "新建面向公众的移动应用（APP）", Bool, "", "", O),
    f("project.infrastructure.common_system", "新建或扩建共性系统", Bool, "", "如数字证书、电子证照、电子签章、公共支付、消息通知、咨询投诉", O),
    f("project.infrastructure.general_office_equipment", "采购通用办公设备", Bool, "", "办公计算机、打印机、复印机等", O),
    f("project.infrastructure.new_media", "新媒体建设运维", Bool, "", "公众号、抖音、微博等", O),
    f("project.infrastructure.digital_art", "数字艺术创意类产品和服务", Bool, "", "影视文化等", O),
    // 安全
    f("project.security", "安全", Group, "", "", O),
    f("project.security.mlps_level", "等保定级", ch::<model::MlpsLevel>(), "", "网络安全等级保护拟定级别", R),
    f("project.security.crypto_plan", "密码应用方案与密评计划", LongText, "", "", R),
    f("project.security.crypto_assessment_planned", "计划开展商用密码应用安全性评估", Bool, "", "", O),
    f("project.security.secure_reliable_statement", "安全可靠产品说明", LongText, "", "软硬件产品的安全可靠（信创）情况", R),
    f("project.security.certified_products", "采用依法认证的信息安全产品", Bool, "", "", O),
    f("project.security.code_security_testing", "上线前开展代码安全检测", Bool, "", "", O),
    f("project.security.synchronized", "安全与主体工程同步规划、同步建设、同步运行", Bool, "", "", O),
    // 运维与验收
    f("project.operations", "运维与验收", Group, "", "", O),
    f("project.operations.om_years", "运维期", Int, "年", "", R),
    f("project.operations.om_fee_per_year", "年运维费用", Money, "元", "", O),
    f("project.operations.trial_months", "试运行期", Int, "个月", "", R),
    f("project.operations.warranty_years", "保修期", Int, "年", "自竣工验收合格之日起", R),
    f("project.operations.procurement_method", "采购方式", ch::<model::ProcurementMethod>(), "", "", R),
    f("project.operations.contractor_qualification", "承建单位资质要求", LongText, "", "", R),
    f("project.operations.legal_person_responsibility", "实行项目法人负责制", Bool, "", "", O),
    f("project.operations.supervision", "实行工程监理制", Bool, "", "", O),
    f("project.operations.quality_responsibility", "实行质量负责制", Bool, "", "", O),
    f("project.operations.pre_acceptance", "正式验收前组织预验收", Bool, "", "", O),
    f("project.operations.acceptance_items", "验收内容", chl::<model::AcceptanceItem>(), "", "", R),
    // 功能与权属
    f("project.features", "功能与权属", Group, "", "", O),
    f("project.features.data_backup", "数据备份功能", Bool, "", "", O),
    f("project.features.data_import", "数据导入功能", Bool, "", "", O),
    f("project.features.data_export", "数据导出功能", Bool, "", "", O),
    f("project.features.gov_service_system", "属于政务服务办理系统", Bool, "", "", O),
    f("project.features.e_archiving", "电子文件归档功能", Bool, "", "", O),
    f("project.features.ip_owner", "知识产权归属", ch::<model::IpOwner>(), "", "源代码、专利、成果等", R),
    f("project.features.data_owner", "数据资产权属", ch::<model::DataOwner>(), "", "", R),
    f("project.features.free_interface_dev", "承建单位在质保期和运维期内免费提供接口开发", Bool, "", "", O),
    f("project.features.no_interface_fee", "不向数据使用部门收取接口使用费", Bool, "", "", O),
    // 附件清单
    f("project.attachments", "附件清单", Table, "", "", O),
    f("project.attachments[].kind", "附件种类", ch::<model::AttachmentKind>(), "", "", R),
    f("project.attachments[].name", "附件名称", Text, "", "", R),
    // 服务需求方案
    f("service_plan", "服务需求方案", Group, "", "", O),
    f("service_plan.project_name", "项目名称", Text, "", "与项目申报一致", R),
    f("service_plan.owner_unit", "采购单位", Text, "", "", R),
    f("service_plan.date", "编制日期", Date, "", "", R),
    f("service_plan.reasons", "购买理由与依据", LongText, "", "", R),
    f("service_plan.items", "服务内容与范围", Table, "", "", R),
    f("service_plan.items[].name", "服务名称", Text, "", "", R),
    f("service_plan.items[].description", "服务描述", LongText, "", "", O),
    f("service_plan.items[].unit", "单位", Text, "", "如 项、套、人·年", O),
    f("service_plan.items[].quantity", "数量", Int, "", "", R),
    f("service_plan.items[].annual_fee", "年服务费", Money, "元", "", R),
    f("service_plan.standards", "服务标准", Group, "", "", O),
    f("service_plan.standards.availability_bp", "可用性", BasisPoints, "%", "如 99.90%", R),
    f("service_plan.standards.response_minutes", "响应时间", Int, "分钟", "", R),
    f("service_plan.standards.recovery_hours", "故障恢复时间", Int, "小时", "", R),
    f("service_plan.standards.other", "其他服务标准", LongText, "", "", O),
    f("service_plan.term_years", "服务期限", Int, "年", "", R),
    f("service_plan.annual_fee", "年度服务费", Money, "元", "等于各服务项年服务费之和", R),
    f("service_plan.total_fee", "服务费总额", Money, "元", "年度服务费 × 服务期限", R),
    f("service_plan.self_build", "自建对比", Group, "", "", O),
    f("service_plan.self_build.investment", "自行建设所需投资", Money, "元", "", R),
    f("service_plan.self_build.om_cost", "自建同期运维费用", Money, "元", "与服务期限同期", R),
    f("service_plan.providers", "潜在服务商", Table, "", "", R),
    f("service_plan.providers[].name", "服务商名称", Text, "", "", R),
    f("service_plan.providers[].credit_code", "服务商统一社会信用代码", Text, "", "", O),
    f("service_plan.providers[].note", "备注", Text, "", "", O),
    f("service_plan.includes_goods_or_works", "包含货物或工程", Bool, "", "", O),
    f("service_plan.bundles_works", "将工程和服务打包采购", Bool, "", "", O),
    f("service_plan.security_requirements", "安全保密要求", LongText, "", "", R),
    f("service_plan.data_owner", "数据归属", ch::<model::DataOwner>(), "", "", R),
    f("service_plan.ip_owner", "知识产权归属", ch::<model::IpOwner>(), "", "", R),
    f("service_plan.ownership_note", "数据归属与知识产权说明", LongText, "", "", O),
    f("service_plan.performance_goals", "绩效目标", LongText, "", "", R),
    f("service_plan.acceptance_method", "验收方式", LongText, "", "", R),
];

/// A check of one value on its own, made by the format checks (`engine::format`) on the
/// document's JSON form. What a value must be in relation to others is a rule of the packs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A value must be given: not null (an `Option` of the model).
    Required,
    /// Text that must not be blank.
    RequiredText,
    /// Text of at most this many characters (not bytes: the form's 字数).
    MaxChars(u32),
    /// A number, when given, within `min..=max` (a bound that is `None` is not checked).
    Range(Option<i32>, Option<i32>),
    /// A 统一社会信用代码 that must be given and valid (GB 32100-2015, with its check digit).
    CreditCode,
    /// The same, or left empty.
    OptionalCreditCode,
    /// A phone number that must be given: a mobile, or a landline with its area code.
    Phone,
    /// An e-mail address that must be given.
    Email,
}

use Format::{CreditCode, Email, MaxChars, OptionalCreditCode, Phone, Range, Required, RequiredText};

/// The format checks of the fields that have any, by registry path, in form order. A table
/// beside [`FIELDS`] rather than a column of it: fewer than a third of the fields have one.
/// Data rather than per-type derived code, which was about 25 KB of the browser's main module
/// (BENCHMARKS.md).
pub static FORMATS: &[(&str, &[Format])] = &[
    ("project.basic.name", &[RequiredText, MaxChars(100)]),
    ("project.basic.owner_unit", &[RequiredText, MaxChars(100)]),
    ("project.basic.credit_code", &[CreditCode]),
    ("project.basic.leader.name", &[RequiredText, MaxChars(40)]),
    ("project.basic.leader.title", &[RequiredText, MaxChars(40)]),
    ("project.basic.contact.name", &[RequiredText, MaxChars(40)]),
    ("project.basic.contact.phone", &[Phone]),
    ("project.basic.contact.email", &[Email]),
    ("project.basic.plan_year", &[Required, Range(Some(2000), Some(2100))]),
    ("project.basic.filing_date", &[Required]),
    ("project.basic.admin_level", &[Required]),
    ("project.basic.category", &[Required]),
    ("project.basic.construction_kind", &[Required]),
    ("project.basic.joint.lead_unit", &[MaxChars(100)]),
    ("project.basic.funding[].source", &[Required]),
    ("project.basic.funding[].amount", &[Required]),
    ("project.basic.total_investment", &[Required]),
    ("project.basic.period_months", &[Required, Range(Some(1), Some(120))]),
    ("project.basic.new_projects_filed", &[Required, Range(None, Some(99))]),
    ("project.requirement_plan.basis", &[MaxChars(20000)]),
    ("project.requirement_plan.current_state", &[MaxChars(20000)]),
    ("project.requirement_plan.problems", &[MaxChars(20000)]),
    ("project.requirement_plan.needs_analysis", &[MaxChars(20000)]),
    ("project.requirement_plan.approach", &[MaxChars(20000)]),
    ("project.requirement_plan.work_plan", &[MaxChars(20000)]),
    ("project.requirement_plan.scope", &[MaxChars(20000)]),
    ("project.requirement_plan.cybersecurity", &[MaxChars(20000)]),
    ("project.requirement_plan.operations", &[MaxChars(20000)]),
    ("project.requirement_plan.cost_summary", &[MaxChars(20000)]),
    ("project.cost_estimate.items[].name", &[RequiredText, MaxChars(100)]),
    ("project.cost_estimate.items[].category", &[Required]),
    ("project.cost_estimate.items[].quantity", &[Required]),
    ("project.cost_estimate.items[].unit_price", &[Required]),
    ("project.cost_estimate.items[].amount", &[Required]),
    ("project.deployment.location", &[Required]),
    ("project.security.crypto_plan", &[MaxChars(5000)]),
    ("project.security.secure_reliable_statement", &[MaxChars(5000)]),
    ("project.operations.om_years", &[Range(None, Some(20))]),
    ("project.operations.trial_months", &[Range(None, Some(36))]),
    ("project.operations.warranty_years", &[Range(None, Some(20))]),
    ("project.operations.contractor_qualification", &[MaxChars(2000)]),
    ("project.attachments[].kind", &[Required]),
    ("project.attachments[].name", &[RequiredText, MaxChars(200)]),
    ("service_plan.project_name", &[RequiredText, MaxChars(100)]),
    ("service_plan.owner_unit", &[RequiredText, MaxChars(100)]),
    ("service_plan.date", &[Required]),
    ("service_plan.reasons", &[MaxChars(20000)]),
    ("service_plan.items[].name", &[RequiredText, MaxChars(100)]),
    ("service_plan.items[].description", &[MaxChars(2000)]),
    ("service_plan.items[].quantity", &[Required]),
    ("service_plan.items[].annual_fee", &[Required]),
    ("service_plan.standards.availability_bp", &[Range(None, Some(10000))]),
    ("service_plan.term_years", &[Range(Some(1), Some(10))]),
    ("service_plan.providers[].name", &[RequiredText, MaxChars(100)]),
    ("service_plan.providers[].credit_code", &[OptionalCreditCode]),
    ("service_plan.security_requirements", &[MaxChars(5000)]),
    ("service_plan.ownership_note", &[MaxChars(5000)]),
    ("service_plan.performance_goals", &[MaxChars(5000)]),
    ("service_plan.acceptance_method", &[MaxChars(5000)]),
];

/// Looks up a field by its path (`project.cost_estimate.items[].amount`). A hash index built
/// on first use: the shape check and the format checks look up every value of a document on
/// every keystroke, and a scan of the registry made that quadratic (BENCHMARKS.md, live checks).
pub fn field(path: &str) -> Option<&'static FieldDef> {
    position(path).map(|i| &FIELDS[i])
}

/// The position of a field in the registry (form order), by its path.
pub fn position(path: &str) -> Option<usize> {
    type Index = std::collections::HashMap<&'static str, usize, std::hash::BuildHasherDefault<Fx>>;
    static INDEX: std::sync::OnceLock<Index> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| FIELDS.iter().enumerate().map(|(i, f)| (f.path, i)).collect()).get(path).copied()
}

/// The registry's keys are a few hundred fixed, trusted paths, so the DoS-resistant default
/// hasher (SipHash) only cost time — it was half of each lookup.
#[derive(Default)]
struct Fx(u64);

impl std::hash::Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        // FxHash's step over 8 bytes at a time.
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }
}

/// Appends `[i]` to a concrete path without the formatting machinery, which cost more than
/// the rest of a walk over a large project's values.
pub fn push_row(path: &mut String, i: usize) {
    let mut digits = [0u8; 20];
    let mut n = digits.len();
    let mut rest = i;
    loop {
        n -= 1;
        digits[n] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    path.push('[');
    path.push_str(std::str::from_utf8(&digits[n..]).expect("ASCII digits"));
    path.push(']');
}

/// The registry path for a concrete path: `items[3].amount` → `items[].amount`.
pub fn generic_path(concrete: &str) -> String {
    let mut out = String::with_capacity(concrete.len());
    let mut in_index = false;
    for c in concrete.chars() {
        match c {
            '[' => {
                in_index = true;
                out.push('[');
            }
            ']' => {
                in_index = false;
                out.push(']');
            }
            _ if in_index => {}
            _ => out.push(c),
        }
    }
    out
}

/// The label of a concrete path, e.g. "资金估算明细 第 4 行 · 金额".
pub fn describe_path(concrete: &str) -> String {
    let generic = generic_path(concrete);
    let Some(def) = field(&generic) else { return concrete.to_string() };
    // Name the row for paths inside tables.
    if let Some(open) = concrete.find('[') {
        let close = concrete[open..].find(']').map(|c| open + c);
        if let Some(close) = close
            && let Ok(i) = concrete[open + 1..close].parse::<usize>()
        {
            return format!("{} · {}", row_label(&generic_path(&concrete[..open]), i), def.label);
        }
    }
    // The plan says 项目名称, 绩效目标, 知识产权归属 as the project does: named with its document,
    // so 「项目名称未填写」 twice in one list never leaves the reader guessing which.
    if def.path.starts_with("service_plan.") && FIELDS.iter().any(|f| f.label == def.label && f.path.starts_with("project.")) {
        return format!("服务需求方案的{}", def.label);
    }
    def.label.to_string()
}

/// A table as people name it: its label, or for `project.cost_estimate.items` its section's,
/// 资金估算明细 (the cost lines' own label, 明细行, says less).
pub fn table_name(table: &str) -> &'static str {
    if table == "project.cost_estimate.items" { "资金估算明细" } else { field(table).map(|t| t.label).unwrap_or("") }
}

/// A table's row as people name it: `资金估算明细 第 4 行` for `project.cost_estimate.items`
/// and index 3.
pub fn row_label(table: &str, i: usize) -> String {
    format!("{} 第 {} 行", table_name(table), i + 1)
}

/// Label of a choice id within a field, or the id itself when unknown.
pub fn choice_label(kind: FieldKind, id: &str) -> Option<&'static str> {
    match kind {
        Choice(list) | ChoiceList(list) => list.iter().find(|(i, _)| *i == id).map(|(_, l)| *l),
        _ => None,
    }
}

/// The yes/no fields that may be left unanswered (`Option<bool>` in the model): blank reads as
/// blank. Every other yes/no field is a box ticked or not, and the model reads a blank one as
/// 否, as a signed package then records it.
pub const UNANSWERED_BOOLS: &[&str] = &["project.basic.original_accepted"];

/// A value as people read it — money in 万元, a percent, a count with its unit, choices by
/// label, 是/否, a list joined with 、 — or `None` when blank. The printed form, the
/// reviewer's read-only documents and the comparison of two versions all show values this way.
pub fn display(def: &FieldDef, v: &serde_json::Value) -> Option<String> {
    use serde_json::Value;
    let with_unit = |t: String| if def.unit.is_empty() { t } else { format!("{t} {}", def.unit) };
    let joined = |items: Vec<&str>| (!items.is_empty()).then(|| items.join("、"));
    match (def.kind, v) {
        (_, Value::Null) => None,
        (Money, Value::Number(n)) => n.as_i64().map(|y| format!("{} 万元", crate::money::format_wan(i128::from(y)))),
        (BasisPoints, Value::Number(n)) => n.as_i64().map(|b| crate::money::format_basis_points(i128::from(b))),
        (Bool, Value::Bool(b)) => Some((if *b { "是" } else { "否" }).to_string()),
        (Choice(_), Value::String(id)) => Some(choice_label(def.kind, id).unwrap_or(id).to_string()),
        (ChoiceList(_), Value::Array(ids)) => joined(ids.iter().filter_map(Value::as_str).map(|id| choice_label(def.kind, id).unwrap_or(id)).collect()),
        (TextList, Value::Array(items)) => joined(items.iter().filter_map(Value::as_str).filter(|t| !t.trim().is_empty()).collect()),
        (_, Value::String(t)) => (!t.trim().is_empty()).then(|| t.clone()),
        (_, Value::Number(n)) => Some(with_unit(n.to_string())),
        (_, Value::Bool(b)) => Some((if *b { "是" } else { "否" }).to_string()),
        (_, other) => Some(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn lookups_find_every_field_and_rows_print_like_format() {
        for (i, f) in FIELDS.iter().enumerate() {
            assert_eq!(position(f.path), Some(i), "{}", f.path);
        }
        assert_eq!(field("project.basic.nope"), None);
        for i in [0, 7, 10, 99, 12345, usize::MAX] {
            let mut s = String::from("items");
            push_row(&mut s, i);
            assert_eq!(s, format!("items[{i}]"));
        }
    }

    #[test]
    fn a_blank_yes_no_field_is_read_by_the_model_as_no_unless_it_may_stay_unanswered() {
        let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/bazhong/combined.json")).unwrap();
        let mut doc: serde_json::Value = serde_json::from_str(&text).unwrap();
        let bools: Vec<&FieldDef> = FIELDS.iter().filter(|f| f.kind == Bool && !f.path.contains("[]")).collect();
        assert!(bools.len() > 10);
        for f in &bools {
            crate::model::path::set(&mut doc, f.path, serde_json::Value::Null);
        }
        let read = serde_json::to_value(crate::Submission::from_value(doc).unwrap()).unwrap();
        for f in &bools {
            let v = crate::model::path::get(&read, f.path).cloned().unwrap_or_default();
            if UNANSWERED_BOOLS.contains(&f.path) {
                assert!(v.is_null(), "{}: {v}", f.path);
            } else {
                assert_eq!(v, serde_json::Value::Bool(false), "{}", f.path);
            }
        }
    }

    #[test]
    fn paths_are_unique() {
        let mut seen = BTreeSet::new();
        for f in FIELDS {
            assert!(seen.insert(f.path), "duplicate path {}", f.path);
        }
    }

    #[test]
    fn every_path_has_a_parent() {
        for f in FIELDS {
            if let Some((parent, _)) = f.path.rsplit_once('.') {
                let parent = parent.trim_end_matches("[]");
                assert!(field(parent).is_some(), "{} has no parent {}", f.path, parent);
            }
        }
    }

    /// Each format check is on a field of the registry of a kind it can check, in form order,
    /// once.
    #[test]
    fn formats_are_on_fields_that_can_hold_them() {
        let mut last = None;
        for (path, formats) in FORMATS {
            let at = position(path).unwrap_or_else(|| panic!("{path} is not in the registry"));
            assert!(last < Some(at), "{path} is out of form order or listed twice");
            last = Some(at);
            let kind = FIELDS[at].kind;
            assert!(!formats.is_empty(), "{path}");
            for f in *formats {
                let fits = match f {
                    Required => !matches!(kind, Group | Table | TextList | ChoiceList(_) | Bool | Text | LongText),
                    RequiredText | MaxChars(_) | CreditCode | OptionalCreditCode | Phone | Email => matches!(kind, Text | LongText),
                    Range(..) => matches!(kind, Int | Money | BasisPoints),
                };
                assert!(fits, "{path}: {f:?} on a {kind:?}");
            }
        }
    }

    #[test]
    fn describe_paths() {
        assert_eq!(describe_path("project.basic.name"), "项目名称");
        assert_eq!(describe_path("project.cost_estimate.items[3].amount"), "资金估算明细 第 4 行 · 金额");
        assert_eq!(describe_path("service_plan.providers[0].name"), "潜在服务商 第 1 行 · 服务商名称");
        // A plan's field named as a project's is named with its document; one of its own is not.
        assert_eq!(describe_path("service_plan.project_name"), "服务需求方案的项目名称");
        assert_eq!(describe_path("service_plan.ip_owner"), "服务需求方案的知识产权归属");
        assert_eq!(describe_path("service_plan.total_fee"), "服务费总额");
        assert_eq!(describe_path("service_plan.items[0].unit"), "服务内容与范围 第 1 行 · 单位");
    }
}

//! 项目申报: the project application a department files, with its 需求方案.
//!
//! Field names here are the JSON keys and the rule-pack field paths (prefixed by
//! `project.`); their Chinese labels, hints and units live in [`crate::fields`].
//! Money is whole 元 (`u64`); numbers a person may not have filled yet are `Option`
//! so that "empty" is never confused with zero.

#[cfg(feature = "schema")]
use chrono::NaiveDate;

use super::choice::*;
use super::json::json_struct;

/// Whole yuan (元). Displayed in 万元; never a float.
pub type Yuan = u64;

json_struct! {
    pub struct ProjectApplication {
        pub basic: BasicInfo,
        pub procedure: Procedure,
        pub requirement_plan: RequirementPlan,
        pub cost_estimate: CostEstimate,
        pub deployment: Deployment,
        pub infrastructure: InfrastructureScope,
        pub security: Security,
        pub operations: Operations,
        pub features: Features,
        pub attachments: Vec<AttachmentRef>,
    }
}

json_struct! {
    /// 基本信息
    pub struct BasicInfo {
        pub name: String,
        pub owner_unit: String,
        pub credit_code: String,
        pub leader: Leader,
        pub contact: Contact,
        pub plan_year: Option<i32>,
        #[cfg_attr(feature = "schema", schemars(with = "Option<NaiveDate>"))]
        pub filing_date: Option<crate::date::Ymd>,
        pub admin_level: Option<AdminLevel>,
        pub category: Option<ProjectCategory>,
        pub construction_kind: Option<ConstructionKind>,
        pub implementation: Option<Implementation>,
        pub classified: bool,
        pub joint: JointBuild,
        pub funding: Vec<FundingLine>,
        pub total_investment: Option<Yuan>,
        pub period_months: Option<u32>,
        /// New projects this unit has already filed this year, not counting this one.
        pub new_projects_filed: Option<u32>,
        pub carries_common_support: bool,
        /// Only meaningful for 升级改造.
        pub original_accepted: Option<bool>,
        pub upper_level_funded: bool,
        pub working_group: bool,
        pub performance_goals: String,
    }
}

json_struct! {
    /// 项目负责人
    pub struct Leader {
        pub name: String,
        pub title: String,
        pub is_unit_head: bool,
    }
}

json_struct! {
    /// 联系人
    pub struct Contact {
        pub name: String,
        pub phone: String,
        pub email: String,
    }
}

json_struct! {
    /// 跨部门共建
    pub struct JointBuild {
        pub is_joint: bool,
        pub lead_unit: String,
        pub partner_units: Vec<String>,
    }
}

json_struct! {
    /// 资金来源 (one line per source)
    pub struct FundingLine {
        pub source: Option<FundingSource>,
        pub amount: Option<Yuan>,
    }
}

json_struct! {
    /// 前置程序: what was already submitted to whom before filing.
    pub struct Procedure {
        /// 建设方案已报送本级数据主管部门论证评估（市智慧办、市大数据中心、市政府信息办等）
        pub plan_submitted: bool,
        /// 资金（预算）报告已报送
        pub fund_report_submitted: bool,
        /// 上级统筹或上级资金项目，向上级申报前已报本级主管部门初核备案
        pub upper_level_prefiled: bool,
        /// 已纳入专项规划、年度项目清单或经市委市政府同意建设
        pub in_special_plan: bool,
        /// 已列入本级财政预算
        pub in_budget: bool,
        /// 合并编报实施方案所依据的情形
        pub merged_plan_basis: Option<MergedPlanBasis>,
    }
}

json_struct! {
    /// 需求方案: the ten narrative sections.
    pub struct RequirementPlan {
        pub basis: String,
        pub current_state: String,
        pub problems: String,
        pub needs_analysis: String,
        pub approach: String,
        pub work_plan: String,
        pub scope: String,
        pub cybersecurity: String,
        pub operations: String,
        pub cost_summary: String,
    }
}

json_struct! {
    /// 资金估算明细
    pub struct CostEstimate {
        pub items: Vec<CostItem>,
    }
}

json_struct! {
    pub struct CostItem {
        pub name: String,
        pub category: Option<CostCategory>,
        /// 计量单位, e.g. 套 / 台 / 人月 / 项
        pub unit: String,
        pub quantity: Option<u64>,
        pub unit_price: Option<Yuan>,
        pub amount: Option<Yuan>,
    }
}

json_struct! {
    /// 部署与共享
    pub struct Deployment {
        pub location: Option<DeployLocation>,
        pub location_note: String,
        pub data_sharing_platform: bool,
        pub catalogue_status: Option<CatalogueStatus>,
        pub city_brain: bool,
        pub gov_service_platform: bool,
        pub office_platform: bool,
        pub share_identifiers: Vec<ShareIdentifier>,
        /// Legal basis when data is not shared (不共享的法律法规依据)
        pub no_share_basis: String,
        pub standard_interfaces: bool,
    }
}

json_struct! {
    /// 建设内容声明: what the project builds or rents that the regulations restrict.
    pub struct InfrastructureScope {
        pub machine_room: bool,
        pub data_center: bool,
        pub private_cloud: bool,
        pub hub_platform: bool,
        pub video_platform: bool,
        pub iot_platform: bool,
        pub private_line_lease: bool,
        pub own_internet_access: bool,
        pub vertical_network: bool,
        pub isolated_system: bool,
        pub public_app: bool,
        pub common_system: bool,
        pub general_office_equipment: bool,
        pub new_media: bool,
        pub digital_art: bool,
    }
}

json_struct! {
    /// 安全
    pub struct Security {
        pub mlps_level: Option<MlpsLevel>,
        pub crypto_plan: String,
        pub crypto_assessment_planned: bool,
        pub secure_reliable_statement: String,
        pub certified_products: bool,
        pub code_security_testing: bool,
        pub synchronized: bool,
    }
}

json_struct! {
    /// 运维与验收
    pub struct Operations {
        pub om_years: Option<u32>,
        pub om_fee_per_year: Option<Yuan>,
        pub trial_months: Option<u32>,
        pub warranty_years: Option<u32>,
        pub procurement_method: Option<ProcurementMethod>,
        pub contractor_qualification: String,
        pub legal_person_responsibility: bool,
        pub supervision: bool,
        pub quality_responsibility: bool,
        pub pre_acceptance: bool,
        pub acceptance_items: Vec<AcceptanceItem>,
    }
}

json_struct! {
    /// 功能与权属
    pub struct Features {
        pub data_backup: bool,
        pub data_import: bool,
        pub data_export: bool,
        pub gov_service_system: bool,
        pub e_archiving: bool,
        pub ip_owner: Option<IpOwner>,
        pub data_owner: Option<DataOwner>,
        pub free_interface_dev: bool,
        pub no_interface_fee: bool,
    }
}

json_struct! {
    /// 附件清单 entry: the documents that accompany the application.
    pub struct AttachmentRef {
        pub kind: Option<AttachmentKind>,
        pub name: String,
    }
}

super::live::sections! {
    ProjectApplication as "project":
    sections: basic, procedure, requirement_plan, cost_estimate, deployment, infrastructure, security, operations, features, attachments;
    tables: ("basic", "funding") => basic.funding, ("cost_estimate", "items") => cost_estimate.items, ("attachments", "") => attachments;
}

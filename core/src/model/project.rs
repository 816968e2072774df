//! 项目申报: the project application a department files, with its 需求方案.
//!
//! Field names here are the JSON keys and the rule-pack field paths (prefixed by
//! `project.`); their Chinese labels, hints and units live in [`crate::fields`].
//! Money is whole 元 (`u64`); numbers a person may not have filled yet are `Option`
//! so that "empty" is never confused with zero.

#[cfg(feature = "schema")]
use chrono::NaiveDate;
use validator::Validate;

use super::choice::*;
use super::json::json_struct;
use crate::checks;

/// Whole yuan (元). Displayed in 万元; never a float.
pub type Yuan = u64;

json_struct! {
    #[derive(Validate)]
    pub struct ProjectApplication {
        #[validate(nested)]
        pub basic: BasicInfo,
        #[validate(nested)]
        pub procedure: Procedure,
        #[validate(nested)]
        pub requirement_plan: RequirementPlan,
        #[validate(nested)]
        pub cost_estimate: CostEstimate,
        #[validate(nested)]
        pub deployment: Deployment,
        pub infrastructure: InfrastructureScope,
        #[validate(nested)]
        pub security: Security,
        #[validate(nested)]
        pub operations: Operations,
        pub features: Features,
        #[validate(nested)]
        pub attachments: Vec<AttachmentRef>,
    }
}

json_struct! {
    /// 基本信息
    #[derive(Validate)]
    pub struct BasicInfo {
        #[validate(custom(function = "checks::required_text"), length(max = 100, code = "too_long"))]
        pub name: String,
        #[validate(custom(function = "checks::required_text"), length(max = 100, code = "too_long"))]
        pub owner_unit: String,
        #[validate(custom(function = "checks::credit_code_field"))]
        pub credit_code: String,
        #[validate(nested)]
        pub leader: Leader,
        #[validate(nested)]
        pub contact: Contact,
        #[validate(required, range(min = 2000, max = 2100, code = "out_of_range"))]
        pub plan_year: Option<i32>,
        #[validate(required)]
        #[cfg_attr(feature = "schema", schemars(with = "Option<NaiveDate>"))]
        pub filing_date: Option<crate::date::Ymd>,
        #[validate(required)]
        pub admin_level: Option<AdminLevel>,
        #[validate(required)]
        pub category: Option<ProjectCategory>,
        #[validate(required)]
        pub construction_kind: Option<ConstructionKind>,
        pub implementation: Option<Implementation>,
        pub classified: bool,
        #[validate(nested)]
        pub joint: JointBuild,
        #[validate(nested)]
        pub funding: Vec<FundingLine>,
        #[validate(required)]
        pub total_investment: Option<Yuan>,
        #[validate(required, range(min = 1, max = 120, code = "out_of_range"))]
        pub period_months: Option<u32>,
        /// New projects this unit has already filed this year, not counting this one.
        #[validate(required, range(max = 99, code = "out_of_range"))]
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
    #[derive(Validate)]
    pub struct Leader {
        #[validate(custom(function = "checks::required_text"), length(max = 40, code = "too_long"))]
        pub name: String,
        #[validate(custom(function = "checks::required_text"), length(max = 40, code = "too_long"))]
        pub title: String,
        pub is_unit_head: bool,
    }
}

json_struct! {
    /// 联系人
    #[derive(Validate)]
    pub struct Contact {
        #[validate(custom(function = "checks::required_text"), length(max = 40, code = "too_long"))]
        pub name: String,
        #[validate(custom(function = "checks::phone_field"))]
        pub phone: String,
        #[validate(custom(function = "checks::email_field"))]
        pub email: String,
    }
}

json_struct! {
    /// 跨部门共建
    #[derive(Validate)]
    pub struct JointBuild {
        pub is_joint: bool,
        #[validate(length(max = 100, code = "too_long"))]
        pub lead_unit: String,
        pub partner_units: Vec<String>,
    }
}

json_struct! {
    /// 资金来源 (one line per source)
    #[derive(Validate)]
    pub struct FundingLine {
        #[validate(required)]
        pub source: Option<FundingSource>,
        #[validate(required)]
        pub amount: Option<Yuan>,
    }
}

json_struct! {
    /// 前置程序: what was already submitted to whom before filing.
    #[derive(Validate)]
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
    #[derive(Validate)]
    pub struct RequirementPlan {
        #[validate(length(max = 20000, code = "too_long"))]
        pub basis: String,
        #[validate(length(max = 20000, code = "too_long"))]
        pub current_state: String,
        #[validate(length(max = 20000, code = "too_long"))]
        pub problems: String,
        #[validate(length(max = 20000, code = "too_long"))]
        pub needs_analysis: String,
        #[validate(length(max = 20000, code = "too_long"))]
        pub approach: String,
        #[validate(length(max = 20000, code = "too_long"))]
        pub work_plan: String,
        #[validate(length(max = 20000, code = "too_long"))]
        pub scope: String,
        #[validate(length(max = 20000, code = "too_long"))]
        pub cybersecurity: String,
        #[validate(length(max = 20000, code = "too_long"))]
        pub operations: String,
        #[validate(length(max = 20000, code = "too_long"))]
        pub cost_summary: String,
    }
}

json_struct! {
    /// 资金估算明细
    #[derive(Validate)]
    pub struct CostEstimate {
        #[validate(nested)]
        pub items: Vec<CostItem>,
    }
}

json_struct! {
    #[derive(Validate)]
    pub struct CostItem {
        #[validate(custom(function = "checks::required_text"), length(max = 100, code = "too_long"))]
        pub name: String,
        #[validate(required)]
        pub category: Option<CostCategory>,
        /// 计量单位, e.g. 套 / 台 / 人月 / 项
        pub unit: String,
        #[validate(required)]
        pub quantity: Option<u64>,
        #[validate(required)]
        pub unit_price: Option<Yuan>,
        #[validate(required)]
        pub amount: Option<Yuan>,
    }
}

json_struct! {
    /// 部署与共享
    #[derive(Validate)]
    pub struct Deployment {
        #[validate(required)]
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
    #[derive(Validate)]
    pub struct Security {
        pub mlps_level: Option<MlpsLevel>,
        #[validate(length(max = 5000, code = "too_long"))]
        pub crypto_plan: String,
        pub crypto_assessment_planned: bool,
        #[validate(length(max = 5000, code = "too_long"))]
        pub secure_reliable_statement: String,
        pub certified_products: bool,
        pub code_security_testing: bool,
        pub synchronized: bool,
    }
}

json_struct! {
    /// 运维与验收
    #[derive(Validate)]
    pub struct Operations {
        #[validate(range(max = 20, code = "out_of_range"))]
        pub om_years: Option<u32>,
        pub om_fee_per_year: Option<Yuan>,
        #[validate(range(max = 36, code = "out_of_range"))]
        pub trial_months: Option<u32>,
        #[validate(range(max = 20, code = "out_of_range"))]
        pub warranty_years: Option<u32>,
        pub procurement_method: Option<ProcurementMethod>,
        #[validate(length(max = 2000, code = "too_long"))]
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
    #[derive(Validate)]
    pub struct AttachmentRef {
        #[validate(required)]
        pub kind: Option<AttachmentKind>,
        #[validate(custom(function = "checks::required_text"), length(max = 200, code = "too_long"))]
        pub name: String,
    }
}

super::live::sections! {
    ProjectApplication as "project":
    sections: basic, procedure, requirement_plan, cost_estimate, deployment, infrastructure, security, operations, features, attachments;
    tables: ("basic", "funding") => basic.funding, ("cost_estimate", "items") => cost_estimate.items, ("attachments", "") => attachments;
    validated: basic, procedure, requirement_plan, cost_estimate, deployment, security, operations;
}

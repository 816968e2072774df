//! 服务需求方案: the requirement plan for buying a service instead of building.

#[cfg(feature = "schema")]
use chrono::NaiveDate;
use validator::Validate;

use super::choice::*;
use super::json::json_struct;
use super::project::Yuan;
use crate::checks;

json_struct! {
    #[derive(Validate)]
    pub struct ServicePlan {
        #[validate(custom(function = "checks::required_text"), length(max = 100, code = "too_long"))]
        pub project_name: String,
        #[validate(custom(function = "checks::required_text"), length(max = 100, code = "too_long"))]
        pub owner_unit: String,
        #[validate(required)]
        #[cfg_attr(feature = "schema", schemars(with = "Option<NaiveDate>"))]
        pub date: Option<crate::date::Ymd>,
        #[validate(length(max = 20000, code = "too_long"))]
        pub reasons: String,
        #[validate(nested)]
        pub items: Vec<ServiceItem>,
        #[validate(nested)]
        pub standards: ServiceStandards,
        #[validate(range(min = 1, max = 10, code = "out_of_range"))]
        pub term_years: Option<u32>,
        pub annual_fee: Option<Yuan>,
        pub total_fee: Option<Yuan>,
        pub self_build: SelfBuildComparison,
        #[validate(nested)]
        pub providers: Vec<Provider>,
        pub includes_goods_or_works: bool,
        pub bundles_works: bool,
        #[validate(length(max = 5000, code = "too_long"))]
        pub security_requirements: String,
        pub data_owner: Option<DataOwner>,
        pub ip_owner: Option<IpOwner>,
        #[validate(length(max = 5000, code = "too_long"))]
        pub ownership_note: String,
        #[validate(length(max = 5000, code = "too_long"))]
        pub performance_goals: String,
        #[validate(length(max = 5000, code = "too_long"))]
        pub acceptance_method: String,
    }
}

json_struct! {
    /// 服务内容与范围 item
    #[derive(Validate)]
    pub struct ServiceItem {
        #[validate(custom(function = "checks::required_text"), length(max = 100, code = "too_long"))]
        pub name: String,
        #[validate(length(max = 2000, code = "too_long"))]
        pub description: String,
        pub unit: String,
        #[validate(required)]
        pub quantity: Option<u64>,
        #[validate(required)]
        pub annual_fee: Option<Yuan>,
    }
}

json_struct! {
    /// 服务标准
    #[derive(Validate)]
    pub struct ServiceStandards {
        /// Availability in basis points of a percent: 9990 = 99.90 %.
        #[validate(range(max = 10000, code = "out_of_range"))]
        pub availability_bp: Option<u32>,
        pub response_minutes: Option<u32>,
        pub recovery_hours: Option<u32>,
        pub other: String,
    }
}

json_struct! {
    /// 自建对比: what building it yourself would cost over the same period.
    pub struct SelfBuildComparison {
        pub investment: Option<Yuan>,
        pub om_cost: Option<Yuan>,
    }
}

json_struct! {
    /// 潜在服务商
    #[derive(Validate)]
    pub struct Provider {
        #[validate(custom(function = "checks::required_text"), length(max = 100, code = "too_long"))]
        pub name: String,
        #[validate(custom(function = "checks::optional_credit_code_field"))]
        pub credit_code: String,
        pub note: String,
    }
}

super::live::sections! {
    ServicePlan as "service_plan":
    sections: project_name, owner_unit, date, reasons, items, standards, term_years, annual_fee, total_fee, self_build, providers,
        includes_goods_or_works, bundles_works, security_requirements, data_owner, ip_owner, ownership_note, performance_goals, acceptance_method;
    tables: ("items", "") => items, ("providers", "") => providers;
    validated: ;
}

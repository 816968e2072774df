//! 服务需求方案: the requirement plan for buying a service instead of building.

#[cfg(feature = "schema")]
use chrono::NaiveDate;

use super::choice::*;
use super::json::json_struct;
use super::project::Yuan;

json_struct! {
    pub struct ServicePlan {
        pub project_name: String,
        pub owner_unit: String,
        #[cfg_attr(feature = "schema", schemars(with = "Option<NaiveDate>"))]
        pub date: Option<crate::date::Ymd>,
        pub reasons: String,
        pub items: Vec<ServiceItem>,
        pub standards: ServiceStandards,
        pub term_years: Option<u32>,
        pub annual_fee: Option<Yuan>,
        pub total_fee: Option<Yuan>,
        pub self_build: SelfBuildComparison,
        pub providers: Vec<Provider>,
        pub includes_goods_or_works: bool,
        pub bundles_works: bool,
        pub security_requirements: String,
        pub data_owner: Option<DataOwner>,
        pub ip_owner: Option<IpOwner>,
        pub ownership_note: String,
        pub performance_goals: String,
        pub acceptance_method: String,
    }
}

json_struct! {
    /// 服务内容与范围 item
    pub struct ServiceItem {
        pub name: String,
        pub description: String,
        pub unit: String,
        pub quantity: Option<u64>,
        pub annual_fee: Option<Yuan>,
    }
}

json_struct! {
    /// 服务标准
    pub struct ServiceStandards {
        /// Availability in basis points of a percent: 9990 = 99.90 %.
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
    pub struct Provider {
        pub name: String,
        pub credit_code: String,
        pub note: String,
    }
}

super::live::sections! {
    ServicePlan as "service_plan":
    sections: project_name, owner_unit, date, reasons, items, standards, term_years, annual_fee, total_fee, self_build, providers,
        includes_goods_or_works, bundles_works, security_requirements, data_owner, ip_owner, ownership_note, performance_goals, acceptance_method;
    tables: ("items", "") => items, ("providers", "") => providers;
}

//! Closed lists of choices (enums) used by the documents.
//!
//! Every choice has a stable English id (what JSON files and rule packs use) and a
//! Chinese label (what people read). `choice_enum!` generates both from one list so the
//! two can never drift apart, and exposes them as `CHOICES` for the field registry.

use serde::{Deserialize, Serialize};

/// A closed list of choices with stable ids and Chinese labels.
pub trait Choice: Sized + Copy + 'static {
    /// `(id, label)` for every variant, in display order.
    const CHOICES: &'static [(&'static str, &'static str)];
    fn id(self) -> &'static str;
    fn label(self) -> &'static str;
}

macro_rules! choice_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $id:literal : $label:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        pub enum $name {
            $(#[doc = $label] #[serde(rename = $id)] $variant),+
        }
        impl Choice for $name {
            const CHOICES: &'static [(&'static str, &'static str)] = &[$(($id, $label)),+];
            fn id(self) -> &'static str { match self { $($name::$variant => $id),+ } }
            fn label(self) -> &'static str { match self { $($name::$variant => $label),+ } }
        }
        impl super::json::Json for $name {
            fn read(v: &serde_json::Value) -> Option<Self> {
                match v.as_str()? { $($id => Some($name::$variant),)+ _ => None }
            }
            fn write(&self) -> serde_json::Value {
                serde_json::Value::String(self.id().to_owned())
            }
        }
    };
}

choice_enum!(
    /// 行政层级
    AdminLevel { City = "city": "市级", County = "county": "县区级" }
);

choice_enum!(
    /// 项目类别 (《政务信息系统定义和范围》)
    ProjectCategory {
        Infrastructure = "infrastructure": "基础设施",
        DataSystem = "data_system": "数据系统",
        BusinessSystem = "business_system": "业务系统",
        ServiceSystem = "service_system": "服务系统",
        ApplicationSystem = "application_system": "应用系统",
        CommonPlatform = "common_platform": "共性支撑平台",
    }
);

choice_enum!(
    /// 建设性质
    ConstructionKind {
        New = "new": "新建",
        Expansion = "expansion": "扩建",
        Upgrade = "upgrade": "升级改造",
        Operation = "operation": "运行维护",
    }
);

choice_enum!(
    /// 实施方式: 自行建设 (政府投资) or 购买服务
    Implementation { SelfBuild = "self_build": "自行建设", BuyService = "buy_service": "购买服务" }
);

choice_enum!(
    /// 资金来源
    FundingSource {
        LocalFinance = "local_finance": "本级财政",
        UpperLevel = "upper_level": "上级资金",
        SelfRaised = "self_raised": "自筹",
        Other = "other": "其他",
    }
);

choice_enum!(
    /// 资金估算明细的类别
    CostCategory {
        Server = "server": "服务器",
        Storage = "storage": "存储设备",
        NetworkDevice = "network_device": "网络设备",
        MachineRoom = "machine_room": "机房建设",
        OfficeTerminal = "office_terminal": "办公终端",
        BaseSoftware = "base_software": "系统基础软件",
        AppDevelopment = "app_development": "应用软件开发",
        CloudRental = "cloud_rental": "云资源租用",
        DataResources = "data_resources": "数据资源建设",
        Integration = "integration": "系统集成",
        SecurityProduct = "security_product": "安全产品与服务",
        Crypto = "crypto": "密码应用与密评",
        MlpsAssessment = "mlps_assessment": "等保测评",
        CodeAudit = "code_audit": "代码安全检测",
        Supervision = "supervision": "监理咨询",
        OperationService = "operation_service": "运维服务",
        Training = "training": "培训",
        Other = "other": "其他",
    }
);

choice_enum!(
    /// 部署位置
    DeployLocation {
        GovCloud = "gov_cloud": "政务云",
        OwnRoom = "own_room": "本单位机房",
        Other = "other": "其他",
    }
);

choice_enum!(
    /// 数据资源目录编制情况
    CatalogueStatus {
        Compiled = "compiled": "已编制",
        InProgress = "in_progress": "编制中",
        NotStarted = "not_started": "未编制",
    }
);

choice_enum!(
    /// 共享数据标识方式
    ShareIdentifier {
        IdDocument = "id_document": "法定身份证件号码（自然人）",
        CreditCode = "credit_code": "统一社会信用代码（法人）",
        OrgCode = "org_code": "组织机构代码（法人）",
        BusinessLicense = "business_license": "营业执照号（市场经营主体）",
        Coordinates = "coordinates": "坐标位置（城市部件、物联感知）",
        CityCode = "city_code": "全市统一编码",
        Other = "other": "其他",
    }
);

choice_enum!(
    /// 网络安全等级保护定级
    MlpsLevel {
        Level1 = "level1": "第一级",
        Level2 = "level2": "第二级",
        Level3 = "level3": "第三级",
        Level4 = "level4": "第四级",
        Level5 = "level5": "第五级",
        Undetermined = "undetermined": "尚未定级",
    }
);

choice_enum!(
    /// 采购方式 (《政府采购法》第二十六条)
    ProcurementMethod {
        OpenTender = "open_tender": "公开招标",
        InvitedTender = "invited_tender": "邀请招标",
        CompetitiveNegotiation = "competitive_negotiation": "竞争性谈判",
        CompetitiveConsultation = "competitive_consultation": "竞争性磋商",
        SingleSource = "single_source": "单一来源",
        Inquiry = "inquiry": "询价",
        Other = "other": "其他",
    }
);

choice_enum!(
    /// 知识产权归属
    IpOwner {
        Purchaser = "purchaser": "归项目采购单位",
        Contractor = "contractor": "归承建单位",
        Joint = "joint": "双方共有",
        Undefined = "undefined": "未约定",
    }
);

choice_enum!(
    /// 数据资产权属
    DataOwner {
        OwnerUnit = "owner_unit": "归项目建设单位",
        Contractor = "contractor": "归承建或服务单位",
        Undefined = "undefined": "未约定",
        NotApplicable = "not_applicable": "不涉及数据资产",
    }
);

choice_enum!(
    /// 附件种类
    AttachmentKind {
        Proposal = "proposal": "项目建议书",
        FeasibilityStudy = "feasibility_study": "可行性研究报告",
        PreliminaryDesign = "preliminary_design": "初步设计方案",
        ImplementationPlan = "implementation_plan": "项目实施方案",
        ServicePlan = "service_plan": "服务需求方案",
        ConstructionPlan = "construction_plan": "建设方案",
        FundReport = "fund_report": "资金报告",
        CyberspaceOpinion = "cyberspace_opinion": "网信办网络安全审查意见",
        SecrecyOpinion = "secrecy_opinion": "保密机要局国产信创产品备案意见",
        FinanceOpinion = "finance_opinion": "财政局项目资金审核意见",
        PoliceOpinion = "police_opinion": "公安机关意见",
        EconomyItOpinion = "economy_it_opinion": "经济和信息化局意见",
        IndustryOpinion = "industry_opinion": "行业主管部门意见",
        ArchiveOpinion = "archive_opinion": "档案馆电子文件归档功能意见",
        ResourceCatalogue = "resource_catalogue": "信息资源目录",
        Other = "other": "其他材料",
    }
);

choice_enum!(
    /// 合并编报实施方案的情形 (巴中 第十七条)
    MergedPlanBasis {
        LeadershipMandate = "leadership_mandate": "党中央、国务院和省委、省政府及市委、市政府有明确要求",
        SecurityEmergency = "security_emergency": "涉及国家安全等特殊原因，情况紧急",
        SmallInvestment = "small_investment": "总投资不超过300万元",
    }
);

choice_enum!(
    /// 验收内容
    AcceptanceItem {
        ResourceCatalogue = "resource_catalogue": "政务数据资源目录编制情况",
        DataSharing = "data_sharing": "数据共享情况",
        CityBrain = "city_brain": "与城市大脑对接情况",
        TrialOperation = "trial_operation": "试运行期内项目运行情况",
        CryptoAssessment = "crypto_assessment": "商用密码应用安全性评估情况",
        MlpsAssessment = "mlps_assessment": "网络安全等级保护测评情况",
        CodeSecurity = "code_security": "代码安全检测情况",
        EArchiving = "e_archiving": "电子文件归档功能规范性情况",
        PerformanceTest = "performance_test": "第三方功能和性能测评",
        AuditReport = "audit_report": "第三方审计报告",
        SecureReliable = "secure_reliable": "软硬件产品安全可靠情况",
        SecurityRisk = "security_risk": "安全风险评估",
    }
);

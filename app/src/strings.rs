//! Every piece of UI text, in one place, so an English UI can be added later by swapping
//! this module (no i18n runtime in the wasm).

pub const APP_NAME: &str = "申报通";
pub const APP_TAGLINE: &str = "智慧城市建设项目申报与服务需求方案 · 按城市规则实时检查 · 离线可用";
pub const CHOOSE_PACK: &str = "选择城市规则包";
pub const CHOOSE_PACK_HINT: &str = "每个规则包对应一个城市的管理办法，每条检查都注明条款出处。";
pub const VALIDITY: &str = "有效期";
pub const RULE_COUNT_SUFFIX: &str = "条规则";
pub const EFFECTIVE_FROM: &str = "施行日期";
pub const SOURCE: &str = "依据文本";
pub const NO_DATE: &str = "未载明";

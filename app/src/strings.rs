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
pub const UNNAMED_DRAFT: &str = "未命名草稿";
pub const CHARS: &str = "字";
pub const BAD_MONEY: &str = "请输入以万元计的金额，如 350 或 12.5（最多四位小数）；原值保持不变";
pub const BAD_PERCENT: &str = "请输入百分数，如 99.9（最多两位小数，不超过 100）；原值保持不变";
pub const BAD_INT: &str = "请输入非负整数；原值保持不变";
pub const CHOOSE: &str = "请选择";
pub const REMOVE: &str = "删除";
pub const ADD_ROW: &str = "添加一行";
pub const PACKAGE_READER_LOAD_FAILED: &str = "读取申报包的功能未能加载，请检查网络后重试，或刷新页面";
pub const PASTE_HINT: &str = "可从 Excel、WPS 表格复制多行多列，粘贴到任一格（表格为空时，点一下表格标题再粘贴）；首行为表头时按列名对应。";
pub const TABLE_CELLS_LOAD_FAILED: &str = "表格粘贴、复制功能未能加载，表格未改动。请检查网络后重试，或刷新页面。";
pub const COPY_TABLE: &str = "复制表格";
pub const TABLE_COPIED: &str = "已复制表头和 N 行，可粘贴到 Excel、WPS，或另一份草稿的同一表格中。";
pub const TABLE_COPY_BY_HAND: &str = "浏览器不允许写入剪贴板：请按 Ctrl+C 复制下框中已选中的内容。";
pub const PASTE_UNDO: &str = "撤销粘贴";
pub const PASTE_CLOSE: &str = "关闭";
pub const PASTE_UNDONE: &str = "已撤销粘贴，表格恢复为粘贴前的内容。";
pub const PASTE_UNDO_AFTER_EDITS: &str = "粘贴之后此表格又有修改，撤销粘贴会一并撤销这些修改。仍要撤销吗？";
pub const PASTE_MORE_PROBLEMS: &str = "另有 N 个单元格未能识别。";
// 导入整份需求方案 (`editor::outline`), filled by `outline::fill`: {doc} the document (需求方案,
// 服务需求方案), {first} {second} its first sections, {n} a count, {names} sections' labels
// (or tables' names, or columns' words), {heading} {file} as written.
pub const OUTLINE_LOAD_FAILED: &str = "导入功能未能加载，各栏未改动。请检查网络后重试，或刷新页面。";
pub const OUTLINE_BUTTON: &str = "导入整份";
pub const OUTLINE_BUTTON_HINT: &str = "把在 Word 或 WPS 中写好的全文按标题分到各栏";
pub const OUTLINE_TITLE: &str = "导入整份{doc}";
pub const OUTLINE_HOW: &str = "在 Word 或 WPS 中打开{doc}，全选（Ctrl+A）、复制，粘贴到下面；或选择 Word 文件（.docx）。按“一、{first}”“二、{second}”等标题分到各栏，其中的{tables}等表格一并填入，填入前先在下面核对。";
pub const OUTLINE_AREA: &str = "{doc}全文";
pub const OUTLINE_FILE: &str = "或选择（或拖入）Word 文件（.docx）：";
pub const OUTLINE_APPLY: &str = "填入各栏";
pub const OUTLINE_CANCEL: &str = "取消";
pub const OUTLINE_NONE: &str =
    "没有找到{doc}的栏目标题（如“一、{first}”“二、{second}”，或单独成行的“{first}”）。可以给各部分加上标题后再粘贴，或把各部分分别粘贴到对应栏目。";
pub const OUTLINE_COL_SECTION: &str = "栏目";
pub const OUTLINE_COL_HEADING: &str = "原文标题";
pub const OUTLINE_COL_RESULT: &str = "填入";
pub const OUTLINE_CHARS: &str = "{n} 字";
pub const OUTLINE_REPLACES: &str = "，替换现有的 {n} 字";
pub const OUTLINE_JOINED: &str = "（标题出现 {n} 次，内容已合并）";
pub const OUTLINE_TOO_LONG: &str = "；超过本栏 {n} 字的上限，填入后请删减";
pub const OUTLINE_MISSING: &str = "未找到，保持不变";
pub const OUTLINE_SKIPPED_START: &str = "第一个标题之前的 {n} 字（封面、目录等）不填入。";
pub const OUTLINE_SKIPPED_UNDER: &str = "“{heading}”之下的 {n} 字不属于{doc}的栏目，不填入。";
pub const OUTLINE_TABLE_ROWS: &str = "{n} 行";
pub const OUTLINE_TABLE_REPLACES: &str = "，替换现有的 {n} 行";
pub const OUTLINE_TABLE_EMPTY: &str = "表中没有可填入的行，保持不变";
pub const OUTLINE_VALUE: &str = "填入“{value}”";
pub const OUTLINE_VALUE_REPLACES: &str = "，替换现有的“{value}”";
pub const OUTLINE_VALUE_SAME: &str = "与现有相同";
pub const OUTLINE_VALUE_UNREAD: &str = "未能识别：{problem}，保持不变";
pub const OUTLINE_DONE: &str = "已导入 {n} 个栏目：{names}。";
pub const OUTLINE_DONE_VALUES: &str = "已填入 {n} 项：{names}。";
pub const OUTLINE_DONE_TABLES: &str = "已填入表格：{names}。";
pub const OUTLINE_CHECK: &str = "请逐栏核对。";
pub const OUTLINE_UNDO: &str = "撤销导入";
pub const OUTLINE_UNDONE: &str = "已撤销导入，各栏恢复为导入前的内容。";
pub const OUTLINE_UNDO_AFTER_EDITS: &str = "导入之后这些栏目又有修改，撤销导入会一并撤销这些修改。仍要撤销吗？";
pub const OUTLINE_OFFER: &str = "粘贴的文字含有{doc}的 {n} 个栏目标题（{names}）。要按标题分到各栏吗？";
pub const OUTLINE_SPLIT: &str = "按标题分到各栏…";
pub const OUTLINE_OFFER_TABLE: &str = "粘贴的文字含有表格“{names}”。要填入表格吗？";
pub const OUTLINE_FILL_TABLE: &str = "填入表格…";
pub const OUTLINE_OFFER_VALUES: &str = "粘贴的文字写明了 {n} 个栏目的值（{names}）。要填入这些栏目吗？";
pub const OUTLINE_FILL_VALUES: &str = "填入各栏目…";
pub const OUTLINE_KEEP: &str = "不用，保持原样";
pub const OUTLINE_FILE_FAILED: &str = "未能读取“{file}”：";
pub const OUTLINE_FILE_UNREADABLE: &str = "浏览器未能读取该文件。";
pub const OUTLINE_OLD_DOC: &str = "这是旧版 Word 格式（.doc）。请在 Word 或 WPS 中“另存为” .docx 后再选择，或全选复制后粘贴。";
pub const OUTLINE_NOT_DOCX: &str = "不是 Word 文档（.docx）。请选择 .docx 文件，或在 Word、WPS 中全选复制后粘贴。";
pub const OUTLINE_NO_INFLATE: &str = "此浏览器不能解压 Word 文件。请在 Word 或 WPS 中全选复制后粘贴。";
pub const TOTAL: &str = "合计";
pub const NOT_FILLED: &str = "未填写";
pub const FINDINGS: &str = "检查结果";
pub const NO_FINDINGS: &str = "未发现问题。";
pub const QUOTE: &str = "查看原文";
/// Before the article's number: 「查看第十八条全文」.
pub const ARTICLE_FULL_PRE: &str = "查看";
pub const ARTICLE_FULL_POST: &str = "全文";
pub const ARTICLE_LOADING: &str = "正在载入管理办法原文……";
pub const ARTICLE_LOAD_FAILED: &str = "未能载入管理办法原文（网络或文件问题），请稍后再点一次。";
pub const ARTICLE_NOT_FOUND: &str = "管理办法原文中没有找到";
pub const ARTICLE_QUOTE_UNMARKED: &str = "（引文未能在本条原文中逐字对应，未作标记。）";
/// 「逐条对照」: a pack's regulation article by article.
pub const ARTICLES: &str = "逐条对照";
pub const ARTICLES_TITLE: &str = "逐条对照";
/// The dialog 「逐条对照」 opens (start page, editor): a pack's regulation article by article, written
/// into its body when opened (`article::show`). Static markup: closed by its form's button or
/// Esc with no code of ours.
pub const ARTICLES_DIALOG: &str = concat!(
    "<dialog id=\"articles-dialog\" class=\"articles-dialog\" aria-labelledby=\"articles-title\">",
    "<form method=\"dialog\" class=\"articles-close\"><button type=\"submit\" id=\"articles-close\">关闭</button></form>",
    "<div id=\"articles-body\" class=\"articles-body\"></div></dialog>"
);
pub const ARTICLES_LOADING: &str = "正在载入管理办法原文和规则……";
pub const ARTICLES_CHECKED_PRE: &str = "检查 · ";
pub const ARTICLES_CHECKED_POST: &str = " 条规则";
pub const ARTICLES_UNCHECKED: &str = "不检查";
pub const ARTICLES_UNEXPLAINED: &str = "未说明";
pub const ARTICLES_VALIDITY: &str = "规则包据此条确定管理办法的施行日期和有效期（见首页所列有效期）。";
pub const ARTICLES_SUMMARY_1: &str = "共 ";
pub const ARTICLES_SUMMARY_2: &str = " 条：";
pub const ARTICLES_SUMMARY_3: &str = " 条由本规则包的 ";
pub const ARTICLES_SUMMARY_4: &str = " 条规则检查";
pub const ARTICLES_SUMMARY_NOT_1: &str = "；不检查 ";
pub const ARTICLES_SUMMARY_NOT_2: &str = " 条：";
pub const ARTICLES_COUNT_SUFFIX: &str = " 条";
pub const ARTICLES_SUMMARY_UNEXPLAINED_1: &str = "；另有 ";
pub const ARTICLES_SUMMARY_UNEXPLAINED_2: &str = " 条未说明";
pub const ARTICLES_QUOTES_OK_PRE: &str = "全部 ";
pub const ARTICLES_QUOTES_OK_POST: &str = " 处引文均已与原文逐字核对（条、款、项一致）。";
pub const ARTICLES_NOT_IN_FORM_1: &str = "其中 ";
pub const ARTICLES_NOT_IN_FORM_2: &str = " 条是对项目或申报单位的要求，但两份材料中没有对应内容，本工具无法检查，请自行对照。";
/// The editor's button opening the articles dialog on its pack.
pub const ARTICLES_EDITOR_TITLE: &str = "本办法逐条对照：哪些条款由规则检查，哪些需自行对照";
/// Over a draft last saved under an earlier version of its pack (`editor::updated`).
pub const PACK_UPDATED: &str = "此草稿上次按{city}规则包 v{was} 检查，规则包现已更新为 v{now}，检查结果按现行版。";
/// Before what the version in use finds otherwise (`report::under_current`).
pub const PACK_UPDATED_COMPARED: &str = "与 v{was} 相比：";
pub const PACK_UPDATED_OK: &str = "知道了";
/// The same button beside a package checked under a superseded version of its pack.
pub const ARTICLES_CURRENT_TITLE: &str = "本办法逐条对照，按现行版规则包：申报包所用的旧版可能略有不同";
pub const ARTICLES_SHOW: &str = "显示";
pub const ARTICLES_SHOW_ALL: &str = "全部";
pub const ARTICLES_SHOW_CHECKED: &str = "由规则检查";
pub const ARTICLES_SHOW_UNCHECKED: &str = "不检查";
pub const ARTICLES_SHOW_BY_HAND: &str = "需自行对照";
pub const ARTICLES_QUOTES_BAD: &str = "以下引文与管理办法原文不符：";
pub const ADVICE: &str = "建议";
pub const JUSTIFICATION: &str = "说明（签名前必须填写）";
/// Where a check needs the draft's pack and this browser does not have it (a loaded pack
/// removed, or a draft from another browser).
pub const NO_PACK: &str = "本浏览器没有此草稿所用的规则包，无法检查：请返回首页「载入规则包文件」，草稿内容不受影响。";
pub const BACK_TO_START: &str = "← 返回首页";
pub const DRAFT_NAME: &str = "草稿名称";
pub const DRAFT_NAME_PLACEHOLDER: &str = "草稿名称（默认为项目名称）";
pub const SAVED_AT: &str = "已自动保存于";
pub const SAVING: &str = "正在保存…";
pub const MEMORY_ONLY_SHORT: &str = "仅保存在内存中";
pub const CONFLICT_SHORT: &str = "已暂停自动保存";
pub const EXPORT_DRAFT: &str = "导出草稿文件";
pub const STORAGE_UNAVAILABLE: &str =
    "浏览器存储不可用（可能是隐私模式、存储已满或从本地文件打开），草稿只保存在本页内存中。请随时用「导出草稿文件」保存到文件，关闭页面前务必导出。";
pub const CONFLICT: &str = "此草稿已在另一个标签页或窗口中保存了较新的版本，为免覆盖，本页已暂停自动保存";
pub const LOAD_NEWER: &str = "载入较新的版本";
pub const SAVE_AS_COPY: &str = "把本页内容另存为副本";
pub const SECTIONS: &str = "填报栏目";
pub const NEEDS_SERVICE_PLAN: &str = "实施方式为购买服务，需要同时填写服务需求方案。";
pub const ADD_SERVICE_PLAN: &str = "添加服务需求方案";
pub const START_TITLE: &str = "新建申报";
pub const STEP_PACK: &str = "1. 选择城市规则包";
pub const STEP_DOCS: &str = "2. 选择要填写的材料";
pub const DOC_PROJECT: &str = "项目申报（含需求方案）";
pub const DOC_SERVICE: &str = "服务需求方案";
pub const START: &str = "开始填写";
pub const NEED_DOC: &str = "请至少选择一份材料。";
pub const NEED_PACK: &str = "请先选择规则包。";
pub const LOAD_PACK: &str = "载入规则包文件…";
/// Under 「载入规则包文件」: what else the picker takes.
pub const LOAD_PACK_HINT: &str = "可连同管理办法原文（.txt）和逐条对照说明（.coverage.json）一起选择，以便逐条对照、查看条文全文。";
pub const PACK_LOADED: &str = "已载入规则包";
pub const PACK_REJECTED: &str = "规则包文件有误，未载入";
/// A draft file imported that names no pack this browser has, with none chosen.
pub const IMPORT_NEEDS_PACK: &str = "该文件没有注明规则包（或规则包未载入）：请先在上方选择规则包，再导入";
/// Followed by why the file could not be imported.
pub const IMPORT_FAILED: &str = "无法导入：";
/// The code that reads draft files could not be loaded; nothing was imported.
pub const IMPORT_LOAD_FAILED: &str = "读取草稿文件的功能未能加载，未导入：请检查网络后重试，或刷新页面。已有的草稿不受影响。";
/// Before a loaded pack's id, on its card.
pub const LOADED_AS: &str = "载入：";
/// A loaded pack's button on the start page.
pub const REMOVE_PACK: &str = "移除";
/// Followed by the pack's id.
pub const PACK_REMOVED: &str = "已从本浏览器移除规则包 ";
/// After 移除规则包“…”？
pub const REMOVE_PACK_QUESTION: &str = "本浏览器将不再保存该规则包及随它载入的管理办法原文；审核台中按它复核的申报包将无法复核，直到再次载入。";
/// Around the number of drafts that use the pack.
pub const REMOVE_PACK_DRAFTS_PRE: &str = "使用它的 ";
pub const REMOVE_PACK_DRAFTS_POST: &str = " 份草稿仍保留，再次载入该规则包文件后才能继续填写。";
/// After 已载入规则包 …, when a pack of the same id was loaded before.
pub const PACK_SAME_AS_BEFORE: &str = "，与此前载入的相同";
pub const PACK_SAME_VERSION_CHANGED: &str =
    "，替换了此前载入的同一版本，但两者内容不同：按此前的文件签名的申报包将无法复核，请向规则包发布单位确认哪一份是正式文本";
/// Around the earlier version, kept for the packages signed under it.
pub const PACK_REPLACED_PRE: &str = "，替换了此前载入的 v";
pub const PACK_REPLACED_POST: &str = "（仍作为早先版本保留，按它签名的申报包仍可复核）";
/// Around the later version already loaded, which stays in use.
pub const PACK_OLDER_PRE: &str = "，比已载入的 v";
pub const PACK_OLDER_POST: &str = " 旧：现行的仍是后者，此文件作为早先版本保留，按它签名的申报包可以复核";
/// Around the earlier versions kept of the pack removed (v1、v2).
pub const REMOVE_PACK_EARLIER_PRE: &str = "此前保留的早先版本（";
pub const REMOVE_PACK_EARLIER_POST: &str = "）一并移除。";
/// After a file's name: neither a pack nor a regulation's text.
pub const BESIDE_NOT_A_TEXT: &str = "既不是规则包文件，也不是管理办法原文（找不到“第一条”），未载入。";
pub const BESIDE_NO_PACK: &str = "未载入：还没有载入规则包。管理办法原文须与它所依据的规则包文件一同选择，或在载入规则包之后选择。";
pub const BESIDE_NOT_FITTING: &str = "不是已载入规则包所依据的管理办法原文（规则包引用的条文在其中找不到），未载入。";
pub const BESIDE_BUILTIN: &str = "是内置规则包的逐条对照说明，内置规则包已带有，未载入。";
/// After 说明的是规则包“id”.
pub const BESIDE_PACK_FIRST: &str = "，该规则包尚未载入：请先载入规则包文件，或与之一同选择。";
pub const COVERAGE_REJECTED: &str = "逐条对照说明文件有误，未载入";
/// After a file loaded (a pack, its earlier version, its text or coverage) that storage did
/// not take: full, or unavailable.
pub const NOT_STORED: &str = "（本浏览器存储空间不足，未能保存：刷新页面后需重新载入）";
pub const DRAFTS: &str = "草稿";
pub const NO_DRAFTS: &str = "还没有草稿。";
pub const OPEN: &str = "打开";
pub const RENAME: &str = "重命名";
pub const DUPLICATE: &str = "复制";
pub const DELETE: &str = "删除";
pub const IMPORT_DRAFT: &str = "打开草稿文件或申报包…";
pub const CONFIRM_DELETE: &str = "确定删除草稿";
pub const RENAME_PROMPT: &str = "新的草稿名称：";
pub const SAVED: &str = "保存于";
pub const SIGNED_MARK: &str = "已签名导出申报包：";
pub const SIGNED_MARK_CHANGED: &str = "（之后材料有修改，未重新签名）";
pub const MODES: &str = "工作模式";
pub const MODE_FILL: &str = "填报";
pub const MODE_REVIEW: &str = "审核台";

/* === signing === */
/// Text of the keys / sign-and-export panel (`crate::signing`) and of the key registration
/// sheet it writes.
pub mod sign {
    pub const TITLE: &str = "签名与导出";
    pub const INTRO: &str = "用本单位的签名密钥对申报材料签名，导出申报包（.json）报送主管部门。";
    // Keys
    pub const KEYS: &str = "签名密钥";
    pub const NO_KEYS: &str = "还没有签名密钥。请生成新密钥，或导入已有的密钥文件。";
    pub const KEY_CHOICE: &str = "选择用于签名的密钥";
    pub const FINGERPRINT: &str = "指纹";
    pub const FINGERPRINT_SM3: &str = "公钥指纹（SM3）";
    pub const FINGERPRINT_SHA256: &str = "公钥指纹（SHA-256）";
    pub const ALGORITHM: &str = "算法";
    pub const CREATED: &str = "生成日期";
    pub const SESSION_ONLY: &str = "（仅本页，未记住）";
    pub const DOWNLOAD_PRIVATE: &str = "下载私钥文件（已加密）";
    pub const DOWNLOAD_PUBLIC: &str = "下载公钥";
    pub const DOWNLOAD_SHEET: &str = "下载登记表";
    pub const DELETE_KEY: &str = "从本浏览器删除";
    pub const CONFIRM_DELETE_KEY: &str = "确定从本浏览器中删除此密钥？删除前请确认已下载并妥善保存私钥文件，否则将无法再用它签名。";
    pub const KEY_DELETED: &str = "密钥已从本浏览器删除。";
    pub const KEY_HELP: &str = "浏览器中只保存口令加密后的私钥文件，签名时输入口令临时解开，签名后立即丢弃。请另外下载私钥文件妥善保存（浏览器数据可能被清除），并把公钥和登记表交给主管部门登记。";
    // Generation
    pub const GENERATE: &str = "生成新密钥";
    pub const GENERATE_BUTTON: &str = "生成密钥";
    pub const PASSPHRASE_NEW: &str = "私钥口令（至少 8 个字符）";
    pub const PASSPHRASE_AGAIN: &str = "再次输入口令";
    pub const PASSPHRASE_HINT: &str = "口令用于加密私钥；忘记口令将无法签名，也无法找回，请牢记。";
    pub const REMEMBER: &str = "在本浏览器中记住此密钥（仅保存加密后的私钥文件）";
    pub const PASSPHRASE_SHORT: &str = "口令至少需要 8 个字符";
    pub const STRENGTH: &str = "口令强度";
    pub const PASSPHRASE_MISMATCH: &str = "两次输入的口令不一致";
    pub const GENERATING: &str = "正在生成密钥…";
    pub const ENCRYPTING: &str = "正在加密私钥…";
    pub const GENERATED: &str = "密钥已生成并用口令加密。请下载私钥文件妥善保存，并把公钥和登记表交给主管部门。";
    pub const NOT_REMEMBERED: &str = "浏览器存储不可用，密钥只保留在本页；关闭页面前务必下载私钥文件。";
    // Import
    pub const IMPORT: &str = "导入密钥文件…";
    pub const IMPORT_PASSPHRASE: &str = "输入此密钥文件的口令（用于核对并读取公钥，解开后立即丢弃）";
    pub const IMPORT_CONFIRM: &str = "导入";
    pub const CANCEL: &str = "取消";
    pub const IMPORT_READY: &str = "已读取密钥文件，请输入它的口令以完成导入";
    pub const IMPORTING: &str = "正在核对密钥文件…";
    pub const IMPORTED: &str = "密钥已导入。";
    pub const ALREADY_KNOWN: &str = "此密钥已在列表中。";
    // Signer
    pub const SIGNER: &str = "签名单位与签名人";
    pub const UNIT: &str = "单位";
    pub const CREDIT_CODE: &str = "统一社会信用代码";
    pub const PERSON: &str = "签名人";
    pub const FROM_PROJECT: &str = "默认取自申报材料";
    // Attachments
    pub const ATTACHMENTS: &str = "附件";
    pub const ATTACHMENT_KIND: &str = "附件类型";
    pub const ATTACHMENT_PICK: &str = "选择附件文件…";
    pub const EMBED: &str = "嵌入文件内容";
    pub const EMBED_HINT: &str = "不嵌入时，申报包只记录文件的大小和摘要（SHA-256、SM3），文件需另行报送；嵌入时每个文件不超过 5 MB、合计不超过 12 MB。";
    pub const EMBEDDED: &str = "已嵌入";
    pub const DIGEST_ONLY: &str = "只记录摘要，文件需另行报送";
    pub const TOO_BIG_FILE: &str = "文件超过 5 MB，不能嵌入：只记录摘要，文件需另行报送";
    pub const TOO_BIG_TOTAL: &str = "嵌入总量将超过 12 MB，此文件不嵌入：只记录摘要，文件需另行报送";
    pub const NO_ATTACHMENTS: &str = "没有附件。";
    pub const HASHING: &str = "正在计算附件摘要…";
    pub const ATTACHMENTS_ADDED: &str = "个附件已添加";
    pub const KEPT_RESTORED_PRE: &str = "已恢复上次为此草稿选择的 ";
    pub const KEPT_FROM_PACKAGE_PRE: &str = "已恢复申报包中的 ";
    pub const KEPT_FROM_DRAFT_FILE_PRE: &str = "已恢复草稿文件中的 ";
    pub const KEPT_RESTORED_POST: &str = " 个附件。文件若在此之后改过，请移除后重新选择。";
    pub const KEPT_UNAVAILABLE: &str = "浏览器未能保存所选附件（存储已关闭或空间不足）：刷新或关闭页面后需重新选择。";
    pub const ATTACHMENT_REMOVED: &str = "附件已移除。";
    pub const BYTES: &str = "字节";
    // Signing
    pub const PASSPHRASE: &str = "私钥口令";
    pub const SIGN_EXPORT: &str = "签名并导出";
    pub const CANNOT_SIGN_YET: &str = "暂不能签名：";
    pub const ERRORS_LEFT_PRE: &str = "还有 ";
    pub const ERRORS_LEFT_POST: &str = " 项错误";
    pub const WARNINGS_LEFT_POST: &str = " 项警告没有说明";
    pub const CHOOSE_KEY_FIRST: &str = "请先选择签名密钥";
    pub const NEED_UNIT: &str = "请填写签名单位";
    pub const NEED_CREDIT_CODE: &str = "请填写统一社会信用代码";
    pub const NEED_PERSON: &str = "请填写签名人姓名";
    pub const NEED_PASSPHRASE: &str = "请输入私钥口令";
    pub const CANNOT_CHECK: &str = "无法检查材料：";
    pub const SIGNING: &str = "正在解开私钥并签名…";
    pub const SIGNED: &str = "申报包已签名并导出。";
    pub const KEY_MISMATCH: &str = "密钥文件与记录的公钥指纹不符，可能已被替换";
    pub const NO_RANDOM: &str = "无法获得随机数，不能生成申报包编号";
    pub const RESULT: &str = "已导出的申报包";
    pub const RESULT_EARLIER: &str = "此前为本草稿签名导出的申报包";
    pub const SAME_AS_SIGNED_PRE: &str = "材料与已签名导出的申报包（编号 ";
    pub const SAME_AS_SIGNED_POST: &str = "）完全相同。仍要再签名导出一份吗？";
    pub const CHANGED_SINCE: &str = "签名后材料已修改：已导出的申报包不含这些修改，打印和 Word 文档按未签名草稿输出。如需报送修改后的内容，请重新签名导出。";
    pub const FILE_NAME: &str = "文件名";
    pub const PACKAGE_ID: &str = "申报包编号";
    pub const PACKAGE_SHA256: &str = "申报包摘要（SHA-256）";
    pub const SIGNER_FINGERPRINT: &str = "签名密钥指纹（SM3）";
    pub const SIGNED_AT: &str = "签名时间";
    pub const RESIGN_NOTE: &str = "申报包只包含签名时的内容；之后再修改材料，需要重新签名导出。";
    pub const REPLACES_PRE: &str = "作为修订版报送：注明本申报包取代编号为";
    pub const REPLACES_SIGNED_AT: &str = "、签名于";
    pub const REPLACES_POST: &str = "的上一版（审核台据此对照两版，列出改动）。";
    pub const REPLACES_RESULT: &str = "取代的上一版";
    pub const REPLACES_CHANGES: &str = "与上一版相比的修改";
    pub const DOWNLOAD_FAILED: &str = "无法下载：";
    // Encryption for the bureau (为审核单位加密)
    pub const ENCRYPT_LEGEND: &str = "加密报送（可选）";
    pub const ENCRYPT: &str = "为审核单位加密";
    pub const ENCRYPT_HINT: &str = "加密后只有持有对应私钥的审核单位能打开申报包（SM2 + SM4-GCM）；导出的文件名以 .enc.json 结尾。签名不受影响。";
    pub const ENCRYPT_PICK: &str = "载入审核单位公钥（PEM）…";
    pub const ENCRYPT_KEY_LOADED: &str = "审核单位公钥指纹（SM3）";
    pub const ENCRYPT_KEY_BAD: &str = "审核单位公钥无法使用：";
    pub const ENCRYPT_KEY_REMEMBERED: &str = "本浏览器会记住这把公钥和加密选择，下次签名无需重新载入（公钥不是秘密）。";
    pub const ENCRYPT_FORGET: &str = "不再使用此公钥";
    pub const ENCRYPT_KEY_FORGOTTEN: &str = "已移除审核单位公钥；如需加密，请重新载入。";
    pub const ENCRYPT_NOT_SM2: &str = "审核单位公钥必须是 SM2 公钥（Ed25519 公钥不能用于加密）";
    pub const NEED_BUREAU_KEY: &str = "请载入审核单位公钥，或取消“为审核单位加密”";
    pub const ENCRYPTED_FOR: &str = "已加密，审核单位公钥指纹";
    pub const NO_RANDOM_ENCRYPT: &str = "无法获得随机数，不能加密申报包";
    // Registration sheet
    pub const SHEET_TITLE: &str = "申报通签名公钥登记表";
    pub const SHEET_UNIT: &str = "单位名称";
    pub const SHEET_PUBLIC_KEY: &str = "公钥（PEM）";
    pub const SHEET_KEY_DATE: &str = "密钥生成日期";
    pub const SHEET_DATE: &str = "填表日期";
    pub const SHEET_NOTE: &str =
        "说明：本表登记本单位用于申报通电子签名的公钥。登记时请主管部门逐组朗读核对 SM3 指纹。私钥由本单位自行保管，不随本表提交，也不得交给他人。";
    pub const SHEET_HANDLER: &str = "经办人（签字）";
    pub const SHEET_HEAD: &str = "单位负责人（签字）";
    pub const SHEET_SEAL: &str = "单位（盖章）";
    pub const SHEET_SIGN_DATE: &str = "日期";
    pub const SHEET_BUREAU: &str = "登记机关填写";
    pub const SHEET_RECEIVER: &str = "受理人";
    pub const SHEET_REG_DATE: &str = "登记日期";
    pub const SHEET_VALIDITY: &str = "有效期";
    pub const SHEET_PRINT_HINT: &str = "请用浏览器的“打印”功能打印本表（A4）。";
    pub const DEFAULT_FILE_BASE: &str = "申报通密钥";
}

// === reviewer's desk (审核台) ===
pub const REVIEW_TITLE: &str = "审核台";
pub const REVIEW_HINT: &str = "载入各单位报送的申报包，逐一核验签名、信任列表、规则包和检查结果；所有文件只在本机浏览器中处理，不会上传。载入的申报包、信任列表、附件和处理记录保存在本浏览器中，下次打开审核台仍在；审核单位私钥从不保存。";
pub const REVIEW_FILES: &str = "载入文件";
pub const REVIEW_DROP_HINT: &str = "把申报包文件（.json）拖放到这里，可一次放入多个；或者";
pub const REVIEW_PICK_PACKAGES: &str = "选择申报包文件…";
pub const REVIEW_TRUST: &str = "信任列表";
pub const REVIEW_PICK_TRUST: &str = "载入信任列表…";
pub const REVIEW_PICK_BUREAU_KEY: &str = "载入数据局公钥（PEM）…";
pub const REVIEW_BUREAU_KEY_HINT: &str = "信任列表带有数据局签名时，需要同时载入数据局公钥以核验该签名。";
pub const REVIEW_NO_TRUST: &str = "尚未载入信任列表：签名人身份无法确认，所有申报包都将显示“签名人未登记”。";
pub const REVIEW_TRUST_LOADED: &str = "已载入信任列表";
pub const REVIEW_TRUST_KEYS: &str = "把登记公钥";
pub const REVIEW_TRUST_ISSUED: &str = "签发于";
pub const REVIEW_TRUST_SIGNED: &str = "数据局签名有效，签名公钥指纹";
pub const REVIEW_TRUST_UNSIGNED: &str = "未签名的信任列表（请确认文件来源可靠）";
pub const REVIEW_TRUST_REJECTED: &str = "信任列表未载入";
pub const REVIEW_BUREAU_KEY_LOADED: &str = "已载入数据局公钥，指纹";
pub const REVIEW_BUREAU_KEY_BAD: &str = "数据局公钥无法读取";
pub const REVIEW_DECRYPT: &str = "审核单位私钥（解密加密申报包）";
pub const REVIEW_DECRYPT_HINT: &str = "加密的申报包（.enc.json）需要审核单位私钥才能打开。私钥只在本页内存中使用，不会保存，关闭页面即清除。";
pub const REVIEW_PICK_DECRYPT_KEY: &str = "选择审核单位私钥文件…";
pub const REVIEW_DECRYPT_PASSPHRASE: &str = "私钥口令";
pub const REVIEW_DECRYPT_CONFIRM: &str = "解开私钥";
pub const REVIEW_DECRYPT_UNLOCKING: &str = "正在解开私钥…";
pub const REVIEW_DECRYPT_LOADED: &str = "已载入审核单位私钥（仅在内存中），公钥指纹";
pub const REVIEW_DECRYPT_FORGET: &str = "移除私钥";
pub const REVIEW_DECRYPT_FORGOTTEN: &str = "已移除审核单位私钥";
pub const REVIEW_DECRYPT_BAD: &str = "审核单位私钥未载入";
pub const REVIEW_DECRYPT_NOT_SM2: &str = "审核单位私钥必须是 SM2 私钥";
pub const REVIEW_DECRYPT_NEED_PASSPHRASE: &str = "请输入私钥口令";
// Shown after the label 已加密 (PROBLEM_ENCRYPTED): 「已加密：请先载入审核单位私钥」.
pub const REVIEW_ENCRYPTED_NO_KEY: &str = "请先载入审核单位私钥";
pub const REVIEW_ENCRYPTED_RECIPIENT: &str = "加密对象公钥指纹";
pub const REVIEW_ENCRYPTION: &str = "传输加密";
pub const REVIEW_DECRYPTED: &str = "已用审核单位私钥解密（SM2 + SM4-GCM），加密对象公钥指纹";
pub const REVIEW_ATTACHMENTS: &str = "另行报送的附件";
pub const REVIEW_PICK_ATTACHMENTS: &str = "提供附件文件…";
pub const REVIEW_ATTACHMENTS_HINT: &str = "未嵌入申报包的附件，按文件名与申报包中记录的大小和摘要核对。";
pub const REVIEW_NO_ATTACHMENTS: &str = "尚未提供附件文件。";
pub const REVIEW_PACKS: &str = "规则包";
pub const REVIEW_PICK_PACK: &str = "载入规则包文件…";
pub const REVIEW_PACKS_HINT: &str =
    "内置各城市规则包；申报包使用其他规则包时，请载入同一份规则包文件（可连同其管理办法原文 .txt 一起选择，以便查看条文全文）。";
pub const REVIEW_PACKS_AVAILABLE: &str = "可用规则包";
/// The superseded packs the desk still verifies older packages with.
pub const REVIEW_PACKS_EARLIER: &str = "按旧版签名的申报包另以旧版复核";
pub const REVIEW_RESULTS: &str = "审核结果";
pub const REVIEW_FILTER: &str = "筛选";
pub const REVIEW_FILTER_PLACEHOLDER: &str = "单位、项目、文件名或备注";
pub const REVIEW_STATUS_FILTER: &str = "签名状态";
pub const REVIEW_ALL: &str = "全部";
pub const REVIEW_VALID: &str = "有效";
pub const REVIEW_INVALID: &str = "无效";
pub const REVIEW_EXPORT: &str = "导出 CSV";
pub const REVIEW_EXPORT_NAME: &str = "审核结果";
pub const REVIEW_OPINIONS: &str = "导出审核意见（ZIP）";
pub const REVIEW_SIGNOFF: &str = "审核意见落款";
pub const REVIEW_SIGNOFF_HINT: &str = "写入导出的审核意见（Word）；保存在本浏览器中。未填写的，导出后可在 Word 中手工填写。";
pub const REVIEW_UNIT: &str = "审核单位";
pub const REVIEW_REVIEWER: &str = "审核人";
pub const REVIEW_OPINIONS_TITLE: &str = "为当前列表中的每个申报包生成一份审核意见（Word 文档，按申报包文件命名），打包为一个 ZIP 文件下载";
pub const REVIEW_OPINIONS_NAME: &str = "审核意见";
pub const REVIEW_OPINIONS_NONE: &str = "当前列表中没有能读出内容的申报包（加密的申报包需先载入审核单位私钥），未生成审核意见。";
pub const REVIEW_OPINIONS_DONE_PRE: &str = "已导出审核意见 ";
pub const REVIEW_OPINIONS_DONE_POST: &str = " 份（ZIP）";
pub const REVIEW_OPINIONS_SKIPPED: &str = "；以下申报包无法读出内容，未生成：";
pub const REVIEW_EXPORT_FAILED: &str = "导出失败";
pub const REVIEW_CLEAR: &str = "清空列表";
pub const REVIEW_CONFIRM_CLEAR: &str = "确定清空审核列表？申报包和全部处理记录（处理状态、备注）将从本浏览器中删除；已载入的信任列表、附件和规则包会保留。";
pub const REVIEW_COL_FILE: &str = "文件";
pub const REVIEW_COL_UNIT: &str = "单位";
pub const REVIEW_COL_PROJECT: &str = "项目";
pub const REVIEW_COL_TOTAL: &str = "总投资（万元）";
pub const REVIEW_COL_FINDINGS: &str = "错误/警告";
pub const REVIEW_COL_ERRORS: &str = "错误";
pub const REVIEW_COL_WARNINGS: &str = "警告";
pub const REVIEW_COL_STATUS: &str = "签名状态";
pub const REVIEW_COL_PROBLEMS: &str = "问题";
/// CSV column: how a package relates to others loaded with it (copies, replayed ids, revisions).
pub const REVIEW_COL_NOTES: &str = "同批关系";
/// What a package was re-checked against, where not the pack and engine in use.
pub const REVIEW_COL_BASIS: &str = "复核依据";
pub const REVIEW_BASIS_PACK: &str = "按旧版规则包 v{used} 复核（现行 v{now}）";
pub const REVIEW_BASIS_ENGINE: &str = "检查引擎 v{used} 所作，问题相同";
pub const REVIEW_COL_DECISION: &str = "处理状态";
pub const REVIEW_COL_REMARK: &str = "审核备注";
pub const REVIEW_COL_PAYLOAD_SHA256: &str = "申报包摘要（SHA-256）";
pub const REVIEW_COL_MARKED_AT: &str = "处理记录时间";
pub const REVIEW_DECISION_FILTER: &str = "处理状态";
pub const REVIEW_MARK: &str = "处理记录";
pub const REVIEW_MARK_HINT: &str = "处理状态和备注只保存在本浏览器中，随“导出 CSV”导出；同一申报包再次载入时仍在。";
pub const REVIEW_MARK_NOTE: &str = "审核备注";
pub const REVIEW_MARK_AT: &str = "最后修改";
pub const REVIEW_MARKED: &str = "已记录";
pub const REVIEW_KEPT_RESTORED: &str = "已恢复上次载入的";
pub const REVIEW_TRUST_KEPT: &str = "此信任列表是上次载入后保存在本浏览器中的副本。核验以数据局发布的信任列表为准，如有疑问请重新载入。";
pub const REVIEW_VERIFYING: &str = "正在核验申报包：";
pub const REVIEW_KEPT_PACKAGES: &str = "个申报包";
pub const REVIEW_KEPT_FAILED: &str = "审核台内容无法保存在本浏览器中（存储不可用或已满）：关闭页面后需要重新载入文件；处理记录请及时导出 CSV。";
pub const REVIEW_KEPT_ELSEWHERE: &str =
    "审核台已在另一个标签页（或窗口）中更改：为免覆盖那里的内容，此页的更改不再保存。请关闭其中一页，并刷新此页以载入最新的审核台。";
pub const REVIEW_KEPT_UNREADABLE: &str = "上次保存的审核台内容无法读取，已忽略（文件本身不受影响，请重新载入）。";
pub const REVIEW_COL_ACTIONS: &str = "操作";
pub const REVIEW_SORT_BY: &str = "按此列排序";
pub const REVIEW_VIEW: &str = "查看";
pub const REVIEW_REMOVE: &str = "移除";
pub const REVIEW_EMPTY: &str = "尚未载入申报包。";
pub const REVIEW_NO_MATCH: &str = "没有符合筛选条件的申报包。";
pub const REVIEW_SHOWING: &str = "显示";
pub const REVIEW_OF: &str = "共";
pub const REVIEW_UNIT_COUNT: &str = "个";
pub const REVIEW_MORE_PROBLEMS: &str = "项问题";
/// Placeholders: `{n}`, `{ok}`, `{bad}`.
pub const REVIEW_SUMMARY: &str = "已核验 {n} 个申报包：{ok} 个有效，{bad} 个无效";
pub const REVIEW_REVERIFIED: &str = "已重新核验";
pub const REVIEW_REMOVED: &str = "已移除";
pub const REVIEW_CLEARED: &str = "审核列表已清空";
pub const REVIEW_READ_FAILED: &str = "无法读取文件";
pub const REVIEW_BACK: &str = "← 返回列表";
pub const REVIEW_DETAIL: &str = "申报包详情";
pub const REVIEW_PACKAGE_ID: &str = "申报包编号";
pub const REVIEW_CREATED_AT: &str = "签名时间";
pub const REVIEW_SIGNER: &str = "签名人";
pub const REVIEW_FINGERPRINT: &str = "签名公钥指纹（SM3）";
pub const REVIEW_ALGORITHM: &str = "算法";
pub const REVIEW_PACK: &str = "规则包";
pub const REVIEW_PACK_SHA256: &str = "规则包摘要（SHA-256）";
pub const REVIEW_ENGINE: &str = "检查引擎版本";
pub const REVIEW_PREVIOUS: &str = "替换的上一版申报包";
pub const REVIEW_VERIFICATION: &str = "核验结果";
pub const REVIEW_ALL_PASSED: &str = "签名、签名人、规则包、检查结果和附件均核验通过。";
pub const REVIEW_UNTRUSTED: &str = "签名无效或缺失：以下内容可能在签名后被改动，仅供查看，不能作为审核依据。";
pub const REVIEW_UNREADABLE: &str = "无法读取申报内容。";
pub const REVIEW_FINDINGS: &str = "检查结果（申报包内）";
pub const REVIEW_JUSTIFICATION: &str = "申报单位的说明";
pub const REVIEW_NO_JUSTIFICATION: &str = "（未填写说明）";
pub const REVIEW_CONCERNS: &str = "涉及";
pub const REVIEW_ATTACHMENT_LIST: &str = "附件";
pub const REVIEW_NO_ATTACHMENT_LIST: &str = "申报包未列出附件。";
pub const REVIEW_ATT_NAME: &str = "文件名";
pub const REVIEW_ATT_KIND: &str = "种类";
pub const REVIEW_ATT_SIZE: &str = "大小";
pub const REVIEW_ATT_HASHES: &str = "摘要";
pub const REVIEW_ATT_STATE: &str = "核对";
// The detail's version comparison (`review::changes`).
pub const CHANGES_TITLE: &str = "版本比较";
pub const CHANGES_WITH: &str = "与已载入的另一申报包比较：";
pub const CHANGES_NONE: &str = "（不比较）";
pub const CHANGES_REPLACED: &str = "——本包取代的上一版";
pub const CHANGES_UNTRUSTED: &str = "所比较的申报包签名不成立：其内容可能在签名后被改动，比较结果仅供参考。";
pub const CHANGES_BLANK: &str = "（未填）";
pub const CHANGES_SR_BEFORE: &str = "原为：";
pub const CHANGES_SR_AFTER: &str = "改为：";
pub const CHANGES_SR_REMOVED: &str = "删去：";
pub const CHANGES_SR_ADDED: &str = "加入：";
pub const CHANGES_ROW_ADDED: &str = "新增";
pub const CHANGES_ROW_REMOVED: &str = "删除";
pub const CHANGES_DOC_ADDED: &str = "：新增";
pub const CHANGES_DOC_REMOVED: &str = "：删去";
pub const CHANGES_JUSTIFICATIONS: &str = "说明";
pub const CHANGES_FINDINGS_ADDED: &str = "新出现的问题";
pub const CHANGES_FINDINGS_RESOLVED: &str = "已解决的问题";
pub const CHANGES_ATTACHMENTS: &str = "附件";
pub const CHANGES_PACK: &str = "规则包";
// The 附件清单 against the files (`listed`), for the signer and the reviewer.
pub const LISTED_CHECK: &str = "附件清单核对";
pub const LISTED_NO_FILE_SIGN: &str = "未选择文件";
pub const LISTED_PICK: &str = "选择文件…";
pub const LISTED_NO_FILE_REVIEW: &str = "申报包中无此文件";
pub const LISTED_ALL: &str = "附件清单所列材料均有对应的文件。";
pub const LISTED_MISSING_PRE: &str = "附件清单中有 ";
pub const LISTED_MISSING_SIGN_POST: &str = " 项材料尚未选择文件：签名后的申报包不含它们的摘要，审核方无法核对。请逐项选择文件，或更正附件清单。";
pub const LISTED_MISSING_AT_SIGN: &str = " 项材料尚未选择文件（见上方「附件清单核对」）。";
pub const LISTED_MISSING_REVIEW_POST: &str = " 项材料在申报包中没有对应的文件，无法核对。";
pub const LISTED_UNLISTED: &str = "未列入附件清单的文件：";
pub const REVIEW_ATT_EMBEDDED_OK: &str = "已嵌入，内容与摘要相符";
pub const REVIEW_ATT_EMBEDDED_BAD: &str = "已嵌入，但内容与摘要不符";
pub const REVIEW_ATT_SUPPLIED_OK: &str = "已另行提供，内容与摘要相符";
pub const REVIEW_ATT_SUPPLIED_BAD: &str = "已另行提供，但内容与摘要不符";
pub const REVIEW_ATT_MISSING: &str = "未嵌入，也未提供";
pub const REVIEW_BYTES: &str = "字节";
pub const REVIEW_DOCUMENTS: &str = "申报材料";
pub const REVIEW_ROW: &str = "行";
pub const REVIEW_NO_ROWS: &str = "（无）";
// Short labels of verification problems (签名状态 column).
pub const PROBLEM_MALFORMED: &str = "格式错误";
pub const PROBLEM_ENCRYPTED: &str = "已加密";
pub const PROBLEM_UNSIGNED: &str = "未签名";
pub const PROBLEM_SIGNATURE_INVALID: &str = "签名无效（已被改动）";
pub const PROBLEM_SIGNER_UNKNOWN: &str = "签名人未登记";
pub const PROBLEM_SIGNER_REVOKED: &str = "公钥已吊销";
pub const PROBLEM_SIGNER_OUTSIDE_VALIDITY: &str = "不在公钥有效期内";
pub const PROBLEM_SIGNER_MISMATCH: &str = "签名单位与登记不符";
pub const PROBLEM_PACK_UNKNOWN: &str = "缺少规则包";
pub const PROBLEM_PACK_HASH_MISMATCH: &str = "规则包版本不符";
pub const PROBLEM_REPORT_MISMATCH: &str = "检查结果不符（复核不一致）";
pub const PROBLEM_REPORT_HAS_ERRORS: &str = "检查结果有错误";
pub const PROBLEM_WARNING_UNEXPLAINED: &str = "警告未说明";
pub const PROBLEM_ATTACHMENT_MISSING: &str = "缺少附件";
pub const PROBLEM_ATTACHMENT_HASH_MISMATCH: &str = "附件与摘要不符";
pub const PRINT: &str = "打印 / 另存为 PDF";
pub const WORD: &str = "导出 Word 文档";
pub const WORD_NOTHING: &str = "没有可导出的文档：请先选择要填写的材料。";
pub const WORD_LOAD_FAILED: &str = "Word 导出功能未能加载，草稿未改动。请检查网络后重试，或刷新页面。";
/// The desk's detail: the reviewer's opinion on the package as a Word file.
pub const REVIEW_OPINION: &str = "导出审核意见（Word）";
/// A package on the desk whose payload can no longer be read (an encrypted one whose key was
/// removed since it was opened): no paper can name it.
pub const WORD_UNREADABLE: &str = "无法读出该申报包的内容（加密的申报包需先载入解密密钥），未生成 Word 文档。";

// Parts loaded on first use (lazy.rs).
pub const PART_SIGN: &str = "签名导出功能";
pub const PART_REVIEW: &str = "审核台";
pub const PART_PACK: &str = "本市规则包";
pub const PART_LOADING: &str = "正在载入";
pub const PART_LOAD_FAILED: &str = "未能载入：网络中断，或网站已更新到新版本。已填写的内容不受影响。请重试；仍不成功时请刷新页面。";
pub const RETRY: &str = "重试";

//! The keys / sign-and-export panel in a real browser (headless Chromium).

#![cfg(target_arch = "wasm32")]

use std::sync::{Arc, Mutex};

use leptos::prelude::*;
use serde_json::json;
use shenbao_app::draft::{EditingId, KeptPaused};
use shenbao_app::editor::EditorCtx;
use shenbao_app::signing::bureau::BUREAU_STORAGE;
use shenbao_app::signing::kept;
use shenbao_app::signing::{Download, KEYS_STORAGE, SignHooks, SignPanel};
use shenbao_core::package::{self, ProblemCode, VerifyOptions, trust::TrustList};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::{answer_confirm, asked, document, fire, restore_confirm, sleep};

const FIXTURE: &str = include_str!("../../tests/fixtures/bazhong/project.json");
const PLAIN_KEY: &str = include_str!("../../core/src/crypto/testdata/openssl-ed25519-private.pem");
const PUBLIC_KEY: &str = include_str!("../../core/src/crypto/testdata/openssl-sm2-public.pem");
/// OpenSSL-made SM2 key, passphrase `secret` (2048 PBKDF2 rounds).
const OPENSSL_ENCRYPTED: &str = include_str!("../../core/src/crypto/testdata/openssl-sm2-encrypted.pem");

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

/// Polls until `cond` holds (panics with `what` after ~10 s).
async fn wait_for(what: &str, cond: impl Fn() -> bool) {
    for _ in 0..500 {
        if cond() {
            return;
        }
        sleep(20).await;
    }
    panic!("timed out waiting for: {what}");
}

struct Panel {
    host: web_sys::Element,
    ctx: EditorCtx,
    /// The id of the draft being edited, when the panel is mounted in one.
    draft: Option<RwSignal<String>>,
    downloads: Arc<Mutex<Vec<Download>>>,
    /// What the papers say of the package signed, as the editor provides it to the panel.
    signed: RwSignal<Option<shenbao_app::print::Signed>>,
    /// What a draft's papers say, as the editor provides it to the panel.
    draft_seal: shenbao_app::print::DraftSeal,
    _handle: Box<dyn std::any::Any>,
}

impl Panel {
    fn mount(doc: serde_json::Value) -> Panel {
        Panel::mount_with(doc, None, None)
    }

    /// Mounted as the editor does, in the draft `id`: what is picked is kept under it.
    fn mount_in_draft(doc: serde_json::Value, id: &str) -> Panel {
        Panel::mount_with(doc, Some(id.to_string()), None)
    }

    /// Mounted in the draft `id` by an editor whose kept record is paused while `paused`.
    fn mount_in_editor(doc: serde_json::Value, id: &str, paused: RwSignal<bool>) -> Panel {
        Panel::mount_with(doc, Some(id.to_string()), Some(KeptPaused(paused)))
    }

    /// Mounted in the draft `id` just opened from a signed package with these `attachments`.
    fn mount_from_package(doc: serde_json::Value, id: &str, attachments: serde_json::Value) -> Panel {
        kept::offer(id, kept::Offered { attachments: Some(attachments), replaces: None, from_draft_file: false });
        Panel::mount_with(doc, Some(id.to_string()), None)
    }

    fn mount_with(doc: serde_json::Value, draft: Option<String>, paused: Option<KeptPaused>) -> Panel {
        let pack = shenbao_core::pack::builtin::pack("bazhong").expect("built-in pack");
        let downloads: Arc<Mutex<Vec<Download>>> = Arc::default();
        let sink = downloads.clone();
        let ctx_out: Arc<Mutex<Option<EditorCtx>>> = Arc::default();
        let ctx_in = ctx_out.clone();
        let draft_out: Arc<Mutex<Option<RwSignal<String>>>> = Arc::default();
        let draft_in = draft_out.clone();
        type PaperContexts = (RwSignal<Option<shenbao_app::print::Signed>>, shenbao_app::print::DraftSeal);
        let signed_out: Arc<Mutex<Option<PaperContexts>>> = Arc::default();
        let signed_in = signed_out.clone();
        let host = document().create_element("div").unwrap();
        document().body().unwrap().append_child(&host).unwrap();
        let handle = leptos::mount::mount_to(host.clone().unchecked_into(), move || {
            let ctx = EditorCtx::new(doc, Some(pack));
            provide_context(ctx);
            if let Some(id) = draft {
                let id = RwSignal::new(id);
                provide_context(EditingId(id));
                *draft_in.lock().unwrap() = Some(id);
            }
            if let Some(p) = paused {
                provide_context(p);
            }
            provide_context(SignHooks { kdf_iterations: 1000, download: Some(Callback::new(move |d: Download| sink.lock().unwrap().push(d))) });
            *ctx_in.lock().unwrap() = Some(ctx);
            let signed = RwSignal::new(None::<shenbao_app::print::Signed>);
            provide_context(signed);
            let draft_seal = shenbao_app::print::DraftSeal(RwSignal::new(shenbao_core::paper::Seal::draft()));
            provide_context(draft_seal);
            *signed_in.lock().unwrap() = Some((signed, draft_seal));
            view! { <SignPanel /> }
        });
        let ctx = ctx_out.lock().unwrap().expect("mounted");
        let draft = *draft_out.lock().unwrap();
        let (signed, draft_seal) = signed_out.lock().unwrap().expect("mounted");
        Panel { host, ctx, draft, downloads, signed, draft_seal, _handle: Box::new(handle) }
    }

    /// What the papers of the document now say of the package they are.
    fn seal(&self) -> shenbao_core::paper::Seal {
        self.ctx.doc.with_untracked(|d| shenbao_app::print::seal_now(self.signed, self.draft_seal, d)).expect("the editor's contexts")
    }

    fn el(&self, sel: &str) -> web_sys::HtmlElement {
        self.host.query_selector(sel).unwrap().unwrap_or_else(|| panic!("no {sel}")).unchecked_into()
    }

    fn exists(&self, sel: &str) -> bool {
        self.host.query_selector(sel).unwrap().is_some()
    }

    fn count(&self, sel: &str) -> u32 {
        self.host.query_selector_all(sel).unwrap().length()
    }

    fn text(&self, sel: &str) -> String {
        self.el(sel).text_content().unwrap_or_default()
    }

    fn status(&self) -> String {
        self.text("#sign-status")
    }

    fn input(&self, sel: &str, value: &str) {
        let i: web_sys::HtmlInputElement = self.el(sel).unchecked_into();
        i.set_value(value);
        fire(&i, "input");
    }

    fn check(&self, sel: &str, on: bool) {
        let i: web_sys::HtmlInputElement = self.el(sel).unchecked_into();
        i.set_checked(on);
        fire(&i, "change");
    }

    fn select(&self, sel: &str, value: &str) {
        let i: web_sys::HtmlSelectElement = self.el(sel).unchecked_into();
        i.set_value(value);
        fire(&i, "change");
    }

    /// The 附件清单 check's rows: each listed document's text and whether it has a file.
    fn listed_rows(&self) -> Vec<(String, bool)> {
        let rows = self.host.query_selector_all(".listed-check .listed-row").unwrap();
        (0..rows.length())
            .map(|i| {
                let el: web_sys::Element = rows.item(i).unwrap().unchecked_into();
                (el.text_content().unwrap_or_default(), el.class_list().contains("has-file"))
            })
            .collect()
    }

    /// Puts files into an `<input type=file>` and fires `change`, as a user's pick would.
    fn pick(&self, sel: &str, files: &[(&str, &[u8])]) {
        let dt = web_sys::DataTransfer::new().unwrap();
        let items = js_sys::Reflect::get(&dt, &"items".into()).unwrap();
        let add: js_sys::Function = js_sys::Reflect::get(&items, &"add".into()).unwrap().unchecked_into();
        for (name, bytes) in files {
            let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(*bytes));
            let file = web_sys::File::new_with_u8_array_sequence(&parts, name).unwrap();
            add.call1(&items, &file).unwrap();
        }
        let i: web_sys::HtmlInputElement = self.el(sel).unchecked_into();
        i.set_files(dt.files().as_ref());
        fire(&i, "change");
    }

    fn click(&self, sel: &str) {
        self.el(sel).click();
    }

    fn sign_disabled(&self) -> bool {
        self.el("#sign-export").has_attribute("disabled")
    }

    fn downloads(&self) -> Vec<Download> {
        self.downloads.lock().unwrap().clone()
    }

    /// Generates a key through the form (small PBKDF2 work factor from the hooks).
    async fn generate(&self, passphrase: &str) {
        let before = self.host.query_selector_all(".key-list li").unwrap().length();
        self.input("#gen-pass", passphrase);
        self.input("#gen-pass2", passphrase);
        self.click("#gen-submit");
        wait_for("key generated", || self.host.query_selector_all(".key-list li").unwrap().length() == before + 1).await;
        wait_for("generation finished", || self.status().contains("密钥已生成")).await;
    }
}

impl Drop for Panel {
    fn drop(&mut self) {
        self.host.remove();
    }
}

fn fixture() -> serde_json::Value {
    serde_json::from_str(FIXTURE).unwrap()
}

/// A fresh start: no remembered keys, signer name or bureau key.
fn forget_keys() {
    storage().remove_item(KEYS_STORAGE).unwrap();
    storage().remove_item("shenbao.signer.person").unwrap();
    storage().remove_item(BUREAU_STORAGE).unwrap();
}

fn trust_for(public_key_pem: &str, fingerprint: &str, algorithm: &str) -> TrustList {
    serde_json::from_value(json!({
        "format": "shenbao.trust-list/1",
        "issuer": "巴中市大数据中心",
        "issued_at": "2026-01-01",
        "entries": [{
            "department": "巴中市市场监督管理局",
            "credit_code": "11511900MB1527360X",
            "algorithm": algorithm,
            "public_key_pem": public_key_pem,
            "fingerprint": fingerprint,
            "valid_from": "2020-01-01",
            "status": "active"
        }]
    }))
    .unwrap()
}

#[wasm_bindgen_test]
async fn sign_button_is_disabled_with_reasons_until_clean_with_key_and_signer() {
    forget_keys();
    let p = Panel::mount(fixture());
    sleep(0).await;
    // Clean documents, but no key and no person yet.
    assert!(p.sign_disabled());
    let why = p.text("#sign-blockers");
    assert!(why.contains("请先选择签名密钥"), "{why}");
    assert!(why.contains("请填写签名人姓名"), "{why}");
    assert!(!why.contains("项错误"), "{why}");
    // Unit and credit code come from the project.
    assert_eq!(p.el("#signer-unit").unchecked_into::<web_sys::HtmlInputElement>().value(), "巴中市市场监督管理局");
    assert_eq!(p.el("#signer-code").unchecked_into::<web_sys::HtmlInputElement>().value(), "11511900MB1527360X");

    // An error in the documents: its reason comes first, and the signer's reasons keep their
    // lines in the page (not rewritten one place down).
    let key_reason = p.el("#sign-blockers li:not([hidden])");
    assert!(key_reason.text_content().unwrap().contains("请先选择签名密钥"));
    p.ctx.set("project.basic.credit_code", json!("123"));
    sleep(0).await;
    let why = p.text("#sign-blockers");
    assert!(why.contains("还有") && why.contains("项错误"), "{why}");
    assert_eq!(p.count("#sign-blockers li:not([hidden])"), 3, "{why}");
    assert!(p.el("#sign-blockers li:not([hidden])").text_content().unwrap().contains("项错误"), "{why}");
    assert!(key_reason.is_connected() && key_reason.text_content().unwrap().contains("请先选择签名密钥"), "{why}");
    p.ctx.set("project.basic.credit_code", json!("11511900MB1527360X"));
    sleep(0).await;
    assert_eq!(p.count("#sign-blockers li:not([hidden])"), 2, "the error's reason is gone, the others stay: {}", p.text("#sign-blockers"));
    assert!(p.el("#sign-blockers li:not([hidden])").is_same_node(Some(&key_reason)));

    // Key and person: enabled.
    p.generate("correct horse battery").await;
    p.input("#signer-person", "李晓梅");
    sleep(0).await;
    assert!(!p.sign_disabled(), "{}", p.text("#sign-blockers"));
    assert_eq!(p.text("#sign-blockers").trim(), "");

    // An error again: disabled, with the reason.
    p.ctx.set("project.basic.credit_code", json!("123"));
    sleep(0).await;
    assert!(p.sign_disabled());
    assert!(p.text("#sign-blockers").contains("项错误"));
    p.ctx.set("project.basic.credit_code", json!("11511900MB1527360X"));
    sleep(0).await;
    assert!(!p.sign_disabled());

    // A warning without 说明: disabled until explained.
    p.ctx.set("project.infrastructure.isolated_system", json!(true));
    sleep(0).await;
    assert!(p.sign_disabled());
    let why = p.text("#sign-blockers");
    assert!(why.contains("项警告没有说明"), "{why}");
    let warnings: Vec<shenbao_core::Finding> = p.ctx.report.get_untracked().unwrap().of(shenbao_core::Severity::Warning).cloned().collect();
    assert!(!warnings.is_empty());
    for w in &warnings {
        p.ctx.set_justification(w, "系统涉及独立网络，已经主管部门同意。".into());
    }
    sleep(0).await;
    assert!(!p.sign_disabled(), "{}", p.text("#sign-blockers"));
    forget_keys();
}

#[wasm_bindgen_test]
async fn generated_key_is_stored_encrypted_and_offers_key_public_key_and_sheet() {
    forget_keys();
    let p = Panel::mount(fixture());
    sleep(0).await;
    // Passphrase rules.
    p.input("#gen-pass", "short");
    p.input("#gen-pass2", "short");
    p.click("#gen-submit");
    sleep(0).await;
    assert!(p.status().contains("口令至少需要 8 个字符"), "{}", p.status());
    // A common passphrase is refused, and the meter says why while typing.
    p.input("#gen-pass", "Password123");
    p.input("#gen-pass2", "Password123");
    sleep(0).await;
    assert!(p.el("#gen-strength").text_content().unwrap().contains("口令强度：常见口令"), "{:?}", p.el("#gen-strength").text_content());
    p.click("#gen-submit");
    sleep(0).await;
    assert!(p.status().contains("常见口令"), "{}", p.status());
    assert_eq!(p.el("#gen-pass").get_attribute("aria-invalid").as_deref(), Some("true"));
    p.input("#gen-pass", "春眠不觉晓处处闻啼鸟");
    sleep(0).await;
    assert_eq!(p.el("#gen-strength").text_content().unwrap().trim(), "口令强度：强");
    assert_eq!(p.el("#gen-strength meter").get_attribute("value").as_deref(), Some("4"));
    p.input("#gen-pass", "correct horse battery");
    p.input("#gen-pass2", "correct horse battery staple");
    p.click("#gen-submit");
    sleep(0).await;
    assert!(p.status().contains("两次输入的口令不一致"), "{}", p.status());

    // Ed25519 on request.
    p.check("#gen-alg-ed25519", true);
    p.generate("correct horse battery").await;
    assert_eq!(p.el("#gen-pass").unchecked_into::<web_sys::HtmlInputElement>().value(), "", "passphrase cleared");
    let stored = storage().get_item(KEYS_STORAGE).unwrap().expect("remembered");
    assert!(stored.contains("ENCRYPTED PRIVATE KEY"));
    assert!(!stored.contains("BEGIN PRIVATE KEY"), "never an unencrypted key");
    assert!(stored.contains("\"ed25519\""));
    // Focus moved to the downloads.
    wait_for("focus on the downloads", || document().active_element().map(|e| e.id()).as_deref() == Some("key-dl-private")).await;

    p.click("#key-dl-private");
    p.click("#key-dl-public");
    p.click("#key-dl-sheet");
    let d = p.downloads();
    assert_eq!(d.len(), 3);
    let key_text = String::from_utf8(d[0].bytes.clone()).unwrap();
    assert!(d[0].name.starts_with("巴中市市场监督管理局-ed25519-") && d[0].name.ends_with(".pem") && !d[0].name.ends_with(".pub.pem"), "{}", d[0].name);
    assert!(key_text.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
    let key = shenbao_core::crypto::PrivateKey::from_encrypted_pem(&key_text, b"correct horse battery").expect("opens with the passphrase");
    assert!(d[1].name.ends_with(".pub.pem"));
    let public = String::from_utf8(d[1].bytes.clone()).unwrap();
    assert_eq!(public, key.public_key().to_pem());
    let sheet = String::from_utf8(d[2].bytes.clone()).unwrap();
    assert!(d[2].name.ends_with(".html"));
    let fp = key.public_key().fingerprint();
    for needle in ["巴中市市场监督管理局", "11511900MB1527360X", "Ed25519", fp.grouped().as_str(), fp.sha256_hex().as_str(), "BEGIN PUBLIC KEY", "单位负责人"]
    {
        assert!(sheet.contains(needle), "sheet lacks {needle}");
    }
    // Remembered next time.
    drop(p);
    let p = Panel::mount(fixture());
    sleep(0).await;
    assert_eq!(p.host.query_selector_all(".key-list li").unwrap().length(), 1);
    assert!(p.text(".key-detail").contains(&fp.grouped()));

    // Deleting asks first; declined, nothing happens.
    let window = web_sys::window().unwrap();
    let original = js_sys::Reflect::get(&window, &"confirm".into()).unwrap();
    js_sys::Reflect::set(&window, &"confirm".into(), &js_sys::Function::new_no_args("return false")).unwrap();
    p.click("#key-delete");
    sleep(0).await;
    assert_eq!(p.host.query_selector_all(".key-list li").unwrap().length(), 1);
    js_sys::Reflect::set(&window, &"confirm".into(), &js_sys::Function::new_no_args("return true")).unwrap();
    p.click("#key-delete");
    sleep(0).await;
    js_sys::Reflect::set(&window, &"confirm".into(), &original).unwrap();
    assert_eq!(p.host.query_selector_all(".key-list li").unwrap().length(), 0);
    assert!(storage().get_item(KEYS_STORAGE).unwrap().is_none());
    assert!(p.text("#sign-blockers").contains("请先选择签名密钥"));
}

#[wasm_bindgen_test]
async fn signing_exports_a_package_that_verifies_and_a_wrong_passphrase_loses_nothing() {
    forget_keys();
    let p = Panel::mount(fixture());
    sleep(0).await;
    p.generate("correct horse battery").await;
    p.input("#signer-person", "李晓梅");
    // An embedded attachment and one recorded by digest only.
    p.check("#att-embed", true);
    p.pick("#att-files", &[("可研报告.pdf", b"%PDF-1.7 feasibility")]);
    wait_for("attachment hashed", || p.host.query_selector_all(".att-row").unwrap().length() == 1).await;
    p.check("#att-embed", false);
    p.pick("#att-files", &[("立项批复.pdf", b"%PDF-1.7 approval")]);
    wait_for("second attachment hashed", || p.host.query_selector_all(".att-row").unwrap().length() == 2).await;
    assert!(p.text(".att-list").contains("已嵌入"));
    sleep(0).await;
    assert!(!p.sign_disabled(), "{}", p.text("#sign-blockers"));

    // No passphrase: asked for.
    p.click("#sign-export");
    sleep(0).await;
    assert!(p.status().contains("请输入私钥口令"), "{}", p.status());

    // Wrong passphrase: 口令错误, nothing exported, everything still there.
    p.input("#sign-pass", "wrong passphrase");
    p.click("#sign-export");
    wait_for("wrong passphrase reported", || p.status().contains("口令错误")).await;
    assert!(p.downloads().iter().all(|d| !d.name.ends_with(".json")));
    assert_eq!(p.el("#sign-pass").unchecked_into::<web_sys::HtmlInputElement>().value(), "");
    assert_eq!(p.host.query_selector_all(".att-row").unwrap().length(), 2);
    assert_eq!(p.host.query_selector_all(".key-list li").unwrap().length(), 1);
    assert!(!p.exists(".result-id"));

    // Right passphrase: the package.
    p.input("#sign-pass", "correct horse battery");
    p.click("#sign-export");
    wait_for("package exported", || p.exists(".result-id")).await;
    assert_eq!(p.el("#sign-pass").unchecked_into::<web_sys::HtmlInputElement>().value(), "", "passphrase cleared");
    wait_for("focus on the result", || document().active_element().map(|e| e.id()).as_deref() == Some("sign-result")).await;
    let pkg = p.downloads().into_iter().find(|d| d.name.ends_with(".json")).expect("package downloaded");
    assert!(pkg.name.starts_with("巴中市市场监督管理局-巴中市食品安全智慧监管系统建设项目-20"), "{}", pkg.name);
    let text = String::from_utf8(pkg.bytes).unwrap();

    let stored: Vec<serde_json::Value> = serde_json::from_str(&storage().get_item(KEYS_STORAGE).unwrap().unwrap()).unwrap();
    let pem = stored[0]["public_key_pem"].as_str().unwrap();
    let fp = stored[0]["fingerprint"].as_str().unwrap();
    let trust = trust_for(pem, fp, "sm2");
    let pack = shenbao_core::pack::builtin::pack("bazhong").unwrap();
    let approval = b"%PDF-1.7 approval".to_vec();
    let v = package::verify(
        &text,
        &VerifyOptions { trust: Some(&trust), packs: &[pack], superseded: &[], attachment: &|name| (name == "立项批复.pdf").then(|| approval.clone()) },
    );
    assert!(v.valid, "{:?}", v.problems);
    let payload = v.payload.expect("payload");
    assert_eq!(payload.signer.person, "李晓梅");
    assert_eq!(payload.signer.department, "巴中市市场监督管理局");
    assert_eq!(payload.attachments.len(), 2);
    assert!(payload.attachments[0].content_base64.is_some());
    assert!(payload.attachments[1].content_base64.is_none());
    assert!(payload.created_at.ends_with('Z') && payload.created_at.len() == 20, "{}", payload.created_at);
    // Shown: id, digest, fingerprint.
    assert_eq!(p.text(".result-id"), payload.id);
    let env: package::dsse::Envelope = serde_json::from_str(&text).unwrap();
    assert_eq!(p.text(".result-sha256"), package::payload_digest(&env).unwrap().0);
    assert_eq!(p.text(".result-fp"), shenbao_app::signing::keys::grouped(fp));

    // Without the second file, the bureau sees it missing; a wrong trust list is refused.
    let v = package::verify(&text, &VerifyOptions { trust: Some(&trust), packs: &[pack], superseded: &[], attachment: &|_| None });
    assert!(v.has(ProblemCode::AttachmentMissing));
    forget_keys();
}

#[wasm_bindgen_test]
async fn import_accepts_only_encrypted_private_keys() {
    forget_keys();
    let p = Panel::mount(fixture());
    sleep(0).await;
    // Unencrypted private key: refused, nothing stored.
    p.pick("#key-import", &[("plain.pem", PLAIN_KEY.as_bytes())]);
    wait_for("plain key refused", || p.status().contains("未加密")).await;
    assert!(!p.exists("#import-pass"));
    // A public key: refused.
    p.pick("#key-import", &[("pub.pem", PUBLIC_KEY.as_bytes())]);
    wait_for("public key refused", || p.status().contains("这是公钥文件")).await;
    // Not a key at all.
    p.pick("#key-import", &[("notes.txt", "hello".as_bytes())]);
    wait_for("junk refused", || p.status().contains("不是 PEM")).await;
    assert!(storage().get_item(KEYS_STORAGE).unwrap().is_none());

    // An encrypted key: asks for its passphrase once.
    p.pick("#key-import", &[("单位签名密钥.pem", OPENSSL_ENCRYPTED.as_bytes())]);
    wait_for("passphrase asked", || p.exists("#import-pass")).await;
    p.input("#import-pass", "wrong");
    p.click("#import-submit");
    wait_for("wrong passphrase", || p.status().contains("口令错误")).await;
    assert!(p.exists("#import-pass"), "still pending");
    p.input("#import-pass", "secret");
    p.click("#import-submit");
    wait_for("imported", || p.status().contains("密钥已导入")).await;
    assert!(!p.exists("#import-pass"));
    assert!(p.text(".key-list").contains("单位签名密钥"));
    assert!(p.text(".key-detail").contains("179A 5AD5 D7BF FD08"));
    let stored = storage().get_item(KEYS_STORAGE).unwrap().unwrap();
    assert!(stored.contains("ENCRYPTED PRIVATE KEY") && !stored.contains("BEGIN PRIVATE KEY"));

    // It signs with its own passphrase.
    p.input("#signer-person", "李晓梅");
    p.input("#sign-pass", "secret");
    sleep(0).await;
    p.click("#sign-export");
    wait_for("package exported", || p.exists(".result-id")).await;
    let pkg = p.downloads().into_iter().find(|d| d.name.ends_with(".json")).expect("package");
    let trust = trust_for(PUBLIC_KEY, "179a5ad5d7bffd0830413e76ec53af14aca037a48583ea2e6700b6f80fd625ae", "sm2");
    let pack = shenbao_core::pack::builtin::pack("bazhong").unwrap();
    let v = package::verify(
        std::str::from_utf8(&pkg.bytes).unwrap(),
        &VerifyOptions { trust: Some(&trust), packs: &[pack], superseded: &[], attachment: &|_| None },
    );
    assert!(v.valid, "{:?}", v.problems);
    forget_keys();
}

#[wasm_bindgen_test]
async fn the_signer_name_is_remembered_for_next_time() {
    forget_keys();
    {
        let p = Panel::mount(fixture());
        sleep(0).await;
        p.input("#signer-person", "王建国");
        sleep(0).await;
    }
    let p = Panel::mount(fixture());
    sleep(0).await;
    assert_eq!(p.el("#signer-person").unchecked_into::<web_sys::HtmlInputElement>().value(), "王建国");
    forget_keys();
}

#[wasm_bindgen_test]
async fn encrypting_for_the_bureau_exports_an_enc_json_only_the_bureau_key_opens() {
    use shenbao_core::crypto::{Algorithm, PrivateKey};
    use shenbao_core::package::encrypt;
    forget_keys();
    let p = Panel::mount(fixture());
    sleep(0).await;
    p.generate("correct horse battery").await;
    p.input("#signer-person", "李晓梅");
    sleep(0).await;
    assert!(!p.sign_disabled(), "{}", p.text("#sign-blockers"));

    // Chosen without a key: signing waits for the bureau's public key.
    p.check("#enc-on", true);
    sleep(0).await;
    assert!(p.sign_disabled());
    assert!(p.text("#sign-blockers").contains("请载入审核单位公钥"), "{}", p.text("#sign-blockers"));
    // An Ed25519 public key cannot encrypt.
    let ed = PrivateKey::generate_from_seed(Algorithm::Ed25519, &[4; 32]).unwrap();
    p.pick("#enc-key", &[("ed.pub.pem", ed.public_key().to_pem().as_bytes())]);
    wait_for("Ed25519 refused", || p.status().contains("必须是 SM2 公钥")).await;
    assert!(p.sign_disabled());

    let bureau = PrivateKey::generate_from_seed(Algorithm::Sm2, &[21; 32]).unwrap();
    p.pick("#enc-key", &[("数据局.pub.pem", bureau.public_key().to_pem().as_bytes())]);
    wait_for("bureau key shown", || p.exists(".enc-fp")).await;
    let grouped = bureau.public_key().fingerprint().grouped();
    assert_eq!(p.text(".enc-fp"), grouped);
    sleep(0).await;
    assert!(!p.sign_disabled(), "{}", p.text("#sign-blockers"));

    p.input("#sign-pass", "correct horse battery");
    p.click("#sign-export");
    wait_for("package exported", || p.exists(".result-id")).await;
    let file = p.downloads().into_iter().find(|d| d.name.ends_with(".json")).expect("file downloaded");
    assert!(file.name.ends_with(".enc.json"), "{}", file.name);
    assert_eq!(p.text(".result-encrypted"), grouped);
    let text = String::from_utf8(file.bytes).unwrap();
    assert!(encrypt::is_encrypted(&text));
    assert!(!text.contains("巴中市"), "nothing readable in the encrypted file");

    // Only the bureau key opens it; inside is the package as signed.
    let other = PrivateKey::generate_from_seed(Algorithm::Sm2, &[22; 32]).unwrap();
    assert!(encrypt::decrypt(&text, &other).is_err());
    let plain = encrypt::decrypt(&text, &bureau).unwrap();
    let stored: Vec<serde_json::Value> = serde_json::from_str(&storage().get_item(KEYS_STORAGE).unwrap().unwrap()).unwrap();
    let trust = trust_for(stored[0]["public_key_pem"].as_str().unwrap(), stored[0]["fingerprint"].as_str().unwrap(), "sm2");
    let pack = shenbao_core::pack::builtin::pack("bazhong").unwrap();
    let v = package::verify(&plain, &VerifyOptions { trust: Some(&trust), packs: &[pack], superseded: &[], attachment: &|_| None });
    assert!(v.valid, "{:?}", v.problems);
    assert_eq!(p.text(".result-id"), v.payload.unwrap().id);
    forget_keys();
}

#[wasm_bindgen_test]
async fn the_bureau_key_is_remembered_until_forgotten() {
    use shenbao_core::crypto::{Algorithm, PrivateKey};
    forget_keys();
    let bureau = PrivateKey::generate_from_seed(Algorithm::Sm2, &[23; 32]).unwrap();
    let grouped = bureau.public_key().fingerprint().grouped();
    {
        let p = Panel::mount(fixture());
        sleep(0).await;
        p.check("#enc-on", true);
        sleep(0).await;
        p.pick("#enc-key", &[("数据局.pub.pem", bureau.public_key().to_pem().as_bytes())]);
        wait_for("bureau key shown", || p.exists(".enc-fp")).await;
    }
    // Next time: encryption still chosen, the same key loaded, nothing to pick again.
    {
        let p = Panel::mount(fixture());
        sleep(0).await;
        assert!(p.el("#enc-on").unchecked_into::<web_sys::HtmlInputElement>().checked());
        assert_eq!(p.text(".enc-fp"), grouped);
        assert!(p.text(".enc-key-loaded").contains("数据局.pub.pem"));
        // Turning encryption off is remembered too, and keeps the key for later.
        p.check("#enc-on", false);
        sleep(0).await;
    }
    {
        let p = Panel::mount(fixture());
        sleep(0).await;
        assert!(!p.el("#enc-on").unchecked_into::<web_sys::HtmlInputElement>().checked());
        p.check("#enc-on", true);
        sleep(0).await;
        assert_eq!(p.text(".enc-fp"), grouped);
        p.click("#enc-forget");
        sleep(0).await;
        assert!(!p.exists(".enc-fp"));
        assert!(p.status().contains("已移除审核单位公钥"), "{}", p.status());
    }
    let p = Panel::mount(fixture());
    sleep(0).await;
    assert!(!p.exists(".enc-fp"));
    assert!(storage().get_item(BUREAU_STORAGE).unwrap().is_none());
    // A stored entry that is not an SM2 public key is ignored, not an error.
    storage().set_item(BUREAU_STORAGE, r#"{"name":"x.pem","public_key_pem":"garbage","encrypt":true}"#).unwrap();
    drop(p);
    let p = Panel::mount(fixture());
    sleep(0).await;
    assert!(!p.el("#enc-on").unchecked_into::<web_sys::HtmlInputElement>().checked());
    assert!(!p.exists(".enc-fp"));
    // Nor is an Ed25519 public key, which cannot encrypt.
    let ed = PrivateKey::generate_from_seed(Algorithm::Ed25519, &[24; 32]).unwrap().public_key().to_pem();
    storage().set_item(BUREAU_STORAGE, &json!({ "name": "ed.pem", "public_key_pem": ed, "encrypt": true }).to_string()).unwrap();
    drop(p);
    let p = Panel::mount(fixture());
    sleep(0).await;
    assert!(!p.el("#enc-on").unchecked_into::<web_sys::HtmlInputElement>().checked());
    assert!(!p.exists(".enc-fp"));
    drop(p);
    forget_keys();
}

#[wasm_bindgen_test]
async fn the_attachment_list_is_checked_against_the_files_chosen_as_both_change() {
    forget_keys();
    let p = Panel::mount(fixture());
    sleep(0).await;
    // The fixture lists eight documents and no file is chosen yet.
    let rows = p.listed_rows();
    assert_eq!(rows.len(), 8);
    assert!(rows.iter().all(|(text, has)| !has && text.contains("未选择文件")), "{rows:?}");
    assert!(rows[0].0.contains("项目建议书") && rows[0].0.contains("《巴中市食品安全智慧监管系统建设项目建议书》"), "{}", rows[0].0);
    assert!(p.text(".listed-summary").contains("附件清单中有 8 项材料尚未选择文件"), "{}", p.text(".listed-summary"));
    // Said by the sign button too, which it describes.
    assert_eq!(p.text("#sign-listed-note"), "附件清单中有 8 项材料尚未选择文件（见上方「附件清单核对」）。");
    assert!(p.el("#sign-export").get_attribute("aria-describedby").unwrap().contains("sign-listed-note"));

    // 「选择文件…」 beside the 项目建议书 sets the kind and opens the file picker (here only
    // the click on the file input is seen); the file then picked is the proposal's.
    let opened = Arc::new(Mutex::new(0));
    let seen = opened.clone();
    let on_click = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| *seen.lock().unwrap() += 1);
    p.el("#att-files").add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref()).unwrap();
    assert_eq!(p.count(".listed-pick"), 8);
    let pick_proposal = p.host.query_selector(".listed-row .listed-pick").unwrap().unwrap().unchecked_into::<web_sys::HtmlElement>();
    assert_eq!(pick_proposal.get_attribute("aria-label").as_deref(), Some("选择文件…：项目建议书"));
    pick_proposal.click();
    assert_eq!(*opened.lock().unwrap(), 1, "the file picker was opened");
    assert_eq!(p.el("#att-kind").unchecked_into::<web_sys::HtmlSelectElement>().value(), "proposal");
    p.pick("#att-files", &[("建议书.pdf", b"%PDF-1.7 proposal")]);
    wait_for("proposal hashed", || p.count(".att-row") == 1).await;
    sleep(0).await;
    let rows = p.listed_rows();
    assert!(rows[0].1 && rows[0].0.contains("建议书.pdf"), "{rows:?}");
    assert!(p.text(".listed-summary").contains("有 7 项"), "{}", p.text(".listed-summary"));
    assert!(!p.exists(".listed-unlisted"));
    assert_eq!(p.count(".listed-pick"), 7, "a document with its file offers no pick");

    // A file of a kind the list does not name is shown as not listed; changed to a listed kind
    // in its row, it becomes that document's file.
    p.select("#att-kind", "other");
    p.pick("#att-files", &[("网信办意见.pdf", b"%PDF-1.7 opinion")]);
    wait_for("opinion hashed", || p.count(".att-row") == 2).await;
    sleep(0).await;
    assert!(p.text(".listed-unlisted").contains("网信办意见.pdf"), "{}", p.text(".listed-unlisted"));
    let second = p.host.query_selector_all(".att-row select").unwrap().item(1).unwrap().unchecked_into::<web_sys::HtmlElement>();
    second.set_id("second-kind");
    p.select("#second-kind", "cyberspace_opinion");
    sleep(0).await;
    assert!(!p.exists(".listed-unlisted"));
    assert!(p.listed_rows()[3].1, "{:?}", p.listed_rows());
    assert!(p.text(".listed-summary").contains("有 6 项"));

    // The list edited in the form: only the two documents with files are left.
    let list = json!([
        { "kind": "proposal", "name": "巴中市食品安全智慧监管系统建设项目建议书" },
        { "kind": "cyberspace_opinion", "name": "市委网信办网络安全审查意见" }
    ]);
    p.ctx.set("project.attachments", list);
    // Not at the keystroke: once typing pauses (`EditorCtx::on_quiet`).
    sleep(0).await;
    assert_eq!(p.listed_rows().len(), 8, "the check waits for a pause in typing");
    wait_for("the check follows the list", || p.listed_rows().len() == 2).await;
    assert_eq!(p.text(".listed-summary"), "附件清单所列材料均有对应的文件。");
    assert!(!p.exists("#sign-listed-note"));

    // Removing a file takes it from its document again.
    let remove = p.host.query_selector(".att-row .att-remove").unwrap().unwrap().unchecked_into::<web_sys::HtmlElement>();
    remove.click();
    sleep(0).await;
    assert!(!p.listed_rows()[0].1);
    assert!(p.text(".listed-summary").contains("有 1 项"));
    assert!(p.text("#sign-listed-note").contains("有 1 项"));

    // A document with no 附件清单 shows no check.
    p.ctx.set("project.attachments", json!([]));
    wait_for("no check without a list", || !p.exists(".listed-check")).await;
}

/// The names and kinds of the files kept for draft `id`, once they are `want` (~10 s at most).
async fn kept_becomes(id: &str, want: &[(&str, &str)]) {
    let mut now = Vec::new();
    for _ in 0..500 {
        now = kept::load(id).await.expect("IndexedDB works here").rows.into_iter().map(|(a, _)| (a.name, a.kind)).collect::<Vec<_>>();
        if now.iter().map(|(n, k)| (n.as_str(), k.as_str())).eq(want.iter().copied()) {
            return;
        }
        sleep(20).await;
    }
    panic!("kept for {id}: {now:?}, wanted {want:?}");
}

#[wasm_bindgen_test]
async fn picked_attachments_are_kept_with_the_draft_and_come_back_after_a_reload() {
    forget_keys();
    let id = format!("test-{}", shenbao_app::dom::new_id());
    let pdf: &[u8] = b"%PDF-1.7 feasibility";
    {
        let p = Panel::mount_in_draft(fixture(), &id);
        sleep(0).await;
        p.select("#att-kind", "feasibility_study");
        p.check("#att-embed", true);
        p.pick("#att-files", &[("可研报告.pdf", pdf)]);
        wait_for("first file hashed", || p.count(".att-row") == 1).await;
        p.check("#att-embed", false);
        p.select("#att-kind", "other");
        p.pick("#att-files", &[("图纸.dwg", b"DWG drawing")]);
        wait_for("second file hashed", || p.count(".att-row") == 2).await;
        kept_becomes(&id, &[("可研报告.pdf", "feasibility_study"), ("图纸.dwg", "other")]).await;
        // A kind changed in a row is kept too.
        let second = p.host.query_selector_all(".att-row select").unwrap().item(1).unwrap().unchecked_into::<web_sys::HtmlElement>();
        second.set_id("second-kind");
        p.select("#second-kind", "preliminary_design");
        kept_becomes(&id, &[("可研报告.pdf", "feasibility_study"), ("图纸.dwg", "preliminary_design")]).await;
        assert!(!p.exists("#att-not-kept"));
    }

    // The page reloaded: the same draft's panel shows the files as they were, and says so.
    let p = Panel::mount_in_draft(fixture(), &id);
    wait_for("files restored", || p.count(".att-row") == 2).await;
    assert!(p.status().contains("已恢复上次为此草稿选择的 2 个附件"), "{}", p.status());
    let names: Vec<String> = (0..2).map(|i| p.host.query_selector_all(".att-name").unwrap().item(i).unwrap().text_content().unwrap()).collect();
    assert_eq!(names, ["可研报告.pdf", "图纸.dwg"]);
    let notes = p.text(".att-list");
    assert!(notes.contains("已嵌入") && notes.contains("只记录摘要"), "{notes}");
    let kinds: Vec<String> =
        (0..2).map(|i| p.host.query_selector_all(".att-row select").unwrap().item(i).unwrap().unchecked_into::<web_sys::HtmlSelectElement>().value()).collect();
    assert_eq!(kinds, ["feasibility_study", "preliminary_design"]);
    // What the package will record is what was picked, bytes included.
    let kept = kept::load(&id).await.unwrap().rows;
    assert!(kept[0].0.matches(pdf) && kept[0].0.content_base64.is_some());
    assert!(kept[1].0.content_base64.is_none());

    // Another draft's panel has none of them.
    {
        let other = Panel::mount_in_draft(fixture(), &format!("{id}-other"));
        sleep(200).await;
        assert_eq!(other.count(".att-row"), 0);
    }

    // A file picked after the restore joins the kept ones; removing every file leaves nothing kept.
    p.pick("#att-files", &[("批复.pdf", b"%PDF-1.7 approval")]);
    wait_for("third file hashed", || p.count(".att-row") == 3).await;
    kept_becomes(&id, &[("可研报告.pdf", "feasibility_study"), ("图纸.dwg", "preliminary_design"), ("批复.pdf", "other")]).await;
    while p.exists(".att-remove") {
        p.click(".att-remove");
        sleep(0).await;
    }
    kept_becomes(&id, &[]).await;
    drop(p);
    let p = Panel::mount_in_draft(fixture(), &id);
    sleep(200).await;
    assert_eq!(p.count(".att-row"), 0);
    assert!(!p.status().contains("已恢复"));
}

#[wasm_bindgen_test]
async fn while_another_tab_s_revision_is_unresolved_the_kept_record_is_not_overwritten() {
    forget_keys();
    let id = format!("test-{}", shenbao_app::dom::new_id());
    let paused = RwSignal::new(false);
    let p = Panel::mount_in_editor(fixture(), &id, paused);
    sleep(0).await;
    p.pick("#att-files", &[("甲.pdf", b"%PDF-1.7 a")]);
    wait_for("first file hashed", || p.count(".att-row") == 1).await;
    kept_becomes(&id, &[("甲.pdf", "other")]).await;

    // Another tab saved the draft (with its own files kept): this page's autosave pauses, and
    // a file picked here meanwhile is not written over that tab's record.
    paused.set(true);
    let other = shenbao_core::package::Attachment::from_bytes("那边.pdf", "other", b"%PDF-1.7 there", false);
    kept::save(&id, kept::encode([(&other, "digest_only")].into_iter(), None, None).as_deref(), || true).await.unwrap();
    p.pick("#att-files", &[("乙.pdf", b"%PDF-1.7 b")]);
    wait_for("second file hashed", || p.count(".att-row") == 2).await;
    sleep(300).await;
    kept_becomes(&id, &[("那边.pdf", "other")]).await;

    // The newer revision loaded (the page loads again): a new panel shows what that tab kept,
    // and from then on keeps what is picked, as before.
    drop(p);
    let p = Panel::mount_in_editor(fixture(), &id, RwSignal::new(false));
    wait_for("that tab's file restored", || p.count(".att-row") == 1).await;
    assert_eq!(p.text(".att-name"), "那边.pdf");
    p.pick("#att-files", &[("丙.pdf", b"%PDF-1.7 c")]);
    kept_becomes(&id, &[("那边.pdf", "other"), ("丙.pdf", "other")]).await;
}

#[wasm_bindgen_test]
async fn a_copy_saved_to_resolve_another_tab_s_revision_keeps_this_page_s_files() {
    forget_keys();
    let id = format!("test-{}", shenbao_app::dom::new_id());
    let paused = RwSignal::new(true);
    let p = Panel::mount_in_editor(fixture(), &id, paused);
    sleep(0).await;
    p.pick("#att-files", &[("甲.pdf", b"%PDF-1.7 a")]);
    wait_for("file hashed", || p.count(".att-row") == 1).await;
    sleep(300).await;
    kept_becomes(&id, &[]).await;
    // 「另存为副本」: the editor goes on with a new draft id, and its save is no longer paused.
    let copy = format!("{id}-copy");
    p.draft.unwrap().set(copy.clone());
    paused.set(false);
    kept_becomes(&copy, &[("甲.pdf", "other")]).await;
    kept_becomes(&id, &[]).await;
}

/// A panel in a new draft, one file (方案.docx, kind other) picked and hashed.
async fn new_draft_with_a_file() -> (String, Panel) {
    forget_keys();
    let id = format!("test-{}", shenbao_app::dom::new_id());
    let p = Panel::mount_in_draft(fixture(), &id);
    sleep(0).await;
    p.pick("#att-files", &[("方案.docx", b"plan")]);
    wait_for("file hashed", || p.count(".att-row") == 1).await;
    (id, p)
}

#[wasm_bindgen_test]
async fn a_copy_of_the_draft_keeps_the_files_under_its_own_id() {
    let (id, p) = new_draft_with_a_file().await;
    kept_becomes(&id, &[("方案.docx", "other")]).await;
    // 「把本页内容另存为副本」 goes on editing the copy under a new id.
    let copy = format!("{id}-copy");
    p.draft.unwrap().set(copy.clone());
    kept_becomes(&copy, &[("方案.docx", "other")]).await;
    // Removed in the copy, still kept with the original.
    p.click(".att-remove");
    kept_becomes(&copy, &[]).await;
    kept_becomes(&id, &[("方案.docx", "other")]).await;
}

#[wasm_bindgen_test]
async fn without_indexeddb_the_files_stay_for_the_page_and_the_panel_says_they_are_not_kept() {
    forget_keys();
    // IndexedDB switched off (as some private modes and policies do).
    let window = web_sys::window().unwrap();
    let on: js_sys::Object = js_sys::Object::get_own_property_descriptor(&window, &"indexedDB".into()).unchecked_into();
    let off = js_sys::Object::new();
    js_sys::Reflect::set(&off, &"value".into(), &wasm_bindgen::JsValue::NULL).unwrap();
    js_sys::Reflect::set(&off, &"configurable".into(), &true.into()).unwrap();
    js_sys::Object::define_property(&window, &"indexedDB".into(), &off);
    let id = format!("test-{}", shenbao_app::dom::new_id());
    let p = Panel::mount_in_draft(fixture(), &id);
    sleep(0).await;
    assert!(!p.exists("#att-not-kept"), "said only once there is something to keep");
    p.pick("#att-files", &[("方案.docx", b"plan")]);
    wait_for("file hashed", || p.count(".att-row") == 1).await;
    wait_for("the panel says the files are not kept", || p.exists("#att-not-kept")).await;
    assert!(p.text("#att-not-kept").contains("刷新或关闭页面后需重新选择"), "{}", p.text("#att-not-kept"));
    assert_eq!(p.count(".att-row"), 1, "the file stays for the page");
    // Back on: the next change is kept, and the warning goes.
    js_sys::Object::define_property(&window, &"indexedDB".into(), &on);
    p.pick("#att-files", &[("图纸.pdf", b"drawing")]);
    wait_for("second file hashed", || p.count(".att-row") == 2).await;
    kept_becomes(&id, &[("方案.docx", "other"), ("图纸.pdf", "other")]).await;
    wait_for("the warning goes", || !p.exists("#att-not-kept")).await;
}

#[wasm_bindgen_test]
async fn a_file_picked_just_before_the_editor_closes_is_still_kept() {
    let (id, p) = new_draft_with_a_file().await;
    // Closed at once: the write already begun is not dropped with the panel.
    drop(p);
    kept_becomes(&id, &[("方案.docx", "other")]).await;
}

#[wasm_bindgen_test]
async fn a_package_reopened_as_a_draft_brings_its_attachments_once() {
    forget_keys();
    let id = format!("test-{}", shenbao_app::dom::new_id());
    let pdf: &[u8] = b"%PDF-1.7 from the package";
    let embedded = shenbao_core::package::Attachment::from_bytes("可研报告.pdf", "feasibility_study", pdf, true);
    let digest_only = shenbao_core::package::Attachment::from_bytes("图纸.dwg", "preliminary_design", b"DWG", false);
    let mut forged = shenbao_core::package::Attachment::from_bytes("批复.pdf", "other", b"approval", true);
    forged.sm3 = "0".repeat(64);
    let list = serde_json::to_value([&embedded, &digest_only, &forged]).unwrap();
    {
        let p = Panel::mount_from_package(fixture(), &id, list.clone());
        wait_for("the package's files", || p.count(".att-row") == 3).await;
        assert!(p.status().contains("已恢复申报包中的 3 个附件"), "{}", p.status());
        let notes = p.text(".att-list");
        assert!(notes.contains("已嵌入") && notes.contains("只记录摘要"), "{notes}");
        // Kept with the draft at once, the embedded bytes included and every digest their own.
        kept_becomes(&id, &[("可研报告.pdf", "feasibility_study"), ("图纸.dwg", "preliminary_design"), ("批复.pdf", "other")]).await;
        let kept = kept::load(&id).await.unwrap().rows;
        assert!(kept[0].0.matches(pdf) && kept[0].0.content_base64.is_some());
        assert_eq!(kept[2].0.sm3, shenbao_core::package::Attachment::from_bytes("批复.pdf", "other", b"approval", true).sm3);
        // One removed: the package does not bring it back.
        p.click(".att-remove");
        kept_becomes(&id, &[("图纸.dwg", "preliminary_design"), ("批复.pdf", "other")]).await;
    }
    // Reloaded: what was kept, not the package again.
    let p = Panel::mount_from_package(fixture(), &id, list);
    wait_for("kept files", || p.count(".att-row") == 2).await;
    assert!(p.status().contains("已恢复上次为此草稿选择的 2 个附件"), "{}", p.status());
}

/// A draft reopened from a signed package signs a revision of it: the new package records the
/// old one's id and payload hashes (what the reviewer's desk matches), the panel says so and
/// shows it in the result; unticked, the package is signed as a new one.
#[wasm_bindgen_test]
async fn a_draft_reopened_from_a_package_signs_a_revision_of_it() {
    forget_keys();
    let k = shenbao_core::crypto::PrivateKey::generate_from_seed(shenbao_core::crypto::Algorithm::Sm2, &[3; 32]).unwrap();
    let (v1, v1_payload) = package::sign(package::SignRequest {
        submission: shenbao_core::Submission::from_json(FIXTURE).unwrap(),
        pack: shenbao_core::pack::builtin::pack("bazhong").unwrap(),
        signer: package::SignerIdentity {
            department: "巴中市市场监督管理局".into(), credit_code: "11511900MB1527360X".into(), person: "李晓梅".into()
        },
        keys: vec![&k],
        attachments: vec![],
        previous: None,
        created_at: "2026-09-15T08:30:00Z".into(),
        random_id: [5; 16],
    })
    .unwrap();
    let reopened = shenbao_app::draft::package_contents(&serde_json::from_str(&v1.to_json_pretty()).unwrap()).unwrap();
    let id = format!("test-{}", shenbao_app::dom::new_id());
    kept::offer(&id, kept::Offered { attachments: None, replaces: Some(reopened.replaces), from_draft_file: false });
    let v1_name = reopened.submission["project"]["basic"]["name"].clone();
    let v1_contact_phone = reopened.submission["project"]["basic"]["contact"]["phone"].clone();
    let p = Panel::mount_in_draft(reopened.submission.clone(), &id);
    wait_for("the package replaced", || p.exists(".sign-replaces")).await;
    let note = p.text(".sign-replaces");
    assert!(note.contains(&v1_payload.id) && note.contains("2026-09-15 16:30:00（北京时间）"), "{note}");
    assert!(p.el("#sign-replaces").unchecked_into::<web_sys::HtmlInputElement>().checked(), "a revision by default");
    // What the revision changed, against the package's documents: when opened, and again once
    // typing stops while open.
    p.ctx.set("project.basic.name", json!("巴中市食品安全智慧监管系统建设项目（修订）"));
    let details: web_sys::HtmlDetailsElement = p.el(".sign-changes").unchecked_into();
    assert_eq!(p.text(".sign-changes .changes-result"), "", "not worked out until opened");
    details.set_open(true);
    wait_for("the changes", || p.text(".sign-changes .changes-result").contains("字段改动 1 处")).await;
    assert!(p.text(".sign-changes").contains("基本信息 · 项目名称"), "{}", p.text(".sign-changes"));
    p.ctx.set("project.basic.contact.phone", json!("0827-5260000"));
    wait_for("the changes after typing stops", || p.text(".sign-changes .changes-result").contains("字段改动 2 处")).await;
    p.ctx.set("project.basic.contact.phone", v1_contact_phone.clone());
    p.ctx.set("project.basic.name", v1_name.clone());
    wait_for("no changes left", || p.text(".sign-changes .changes-result").contains("两版内容相同")).await;
    p.generate("correct horse battery").await;
    p.input("#signer-person", "李晓梅");
    sleep(0).await;
    let sign = |p: &Panel| {
        p.input("#sign-pass", "correct horse battery");
        p.click("#sign-export");
    };
    let last_package = |p: &Panel| -> package::Payload {
        let d = p.downloads().into_iter().rev().find(|d| d.name.ends_with(".json")).expect("package downloaded");
        let env: package::dsse::Envelope = serde_json::from_slice(&d.bytes).unwrap();
        serde_json::from_slice(&env.payload_bytes().unwrap()).unwrap()
    };
    sign(&p);
    wait_for("package exported", || p.exists(".result-id")).await;
    let v2 = last_package(&p);
    assert_eq!(v2.previous, package::previous_version(&v1), "the revision names the package it replaces");
    assert_eq!(p.text(".result-replaces"), v1_payload.id);
    // Signed again, a package would replace the one just signed, not the one reopened.
    wait_for("the package just signed offered", || p.text(".sign-replaces").contains(&v2.id)).await;

    p.check("#sign-replaces", false);
    answer_confirm(true); // the documents as v2 has them: asked, and agreed
    sign(&p);
    wait_for("second package exported", || p.downloads().iter().filter(|d| d.name.ends_with(".json")).count() == 2).await;
    wait_for("result shown", || p.exists(".result-id") && !p.exists(".result-replaces")).await;
    restore_confirm();
    let v3 = last_package(&p);
    assert_eq!(v3.previous, None, "unticked: a new package");
    drop(p);
    // After a reload, the package last signed is the one a new signing would replace.
    let p = Panel::mount_in_draft(reopened.submission, &id);
    wait_for("the package last signed, after a reload", || p.exists(".sign-replaces") && p.text(".sign-replaces").contains(&v3.id)).await;
    // Its documents are kept once, and read back as the documents replaced.
    let raw = shenbao_app::idb::get(shenbao_app::idb::ATTACHMENTS, &id).await.unwrap().unwrap();
    assert!(raw.contains("\"submission_as_signed\":true"), "kept once");
    let kept = kept::load(&id).await.unwrap();
    let doc = kept.signed.as_ref().and_then(|s| s.get("doc")).expect("the documents as signed");
    assert_eq!(kept.replaces.as_ref().and_then(|r| r.get("submission")), Some(doc));
    kept::forget(id);
    forget_keys();
}

/// Stubs `navigator.storage`'s persistence: `persisted()` answers `granted`; `persist()` counts
/// its calls in `window.__persistAsked` and grants.
fn stub_persistence(granted: bool) {
    let storage = js_sys::Reflect::get(&web_sys::window().unwrap().navigator(), &"storage".into()).unwrap();
    let persisted = js_sys::Function::new_no_args(&format!("return Promise.resolve({granted})"));
    let persist = js_sys::Function::new_no_args("window.__persistAsked = (window.__persistAsked || 0) + 1; return Promise.resolve(true)");
    js_sys::Reflect::set(&storage, &"persisted".into(), &persisted).unwrap();
    js_sys::Reflect::set(&storage, &"persist".into(), &persist).unwrap();
    js_sys::Reflect::set(&web_sys::window().unwrap(), &"__persistAsked".into(), &0.into()).unwrap();
}

fn persist_asked() -> f64 {
    js_sys::Reflect::get(&web_sys::window().unwrap(), &"__persistAsked".into()).unwrap().as_f64().unwrap_or(0.0)
}

/// A draft being worked on asks the browser to keep the site's storage when space runs short,
/// once, and not when it already does; a panel outside a draft does not ask.
#[wasm_bindgen_test]
async fn a_draft_asks_the_browser_to_keep_its_storage() {
    stub_persistence(false);
    let id = format!("test-{}", shenbao_app::dom::new_id());
    let p = Panel::mount_in_draft(fixture(), &id);
    wait_for("persistence asked for", || persist_asked() == 1.0).await;
    drop(p);
    stub_persistence(true);
    let p = Panel::mount_in_draft(fixture(), &id);
    sleep(50).await;
    assert_eq!(persist_asked(), 0.0, "already granted: not asked again");
    drop(p);
    stub_persistence(false);
    let _p = Panel::mount(fixture());
    sleep(50).await;
    assert_eq!(persist_asked(), 0.0, "no draft, nothing to keep");
}

#[wasm_bindgen_test]
async fn a_package_signed_from_a_draft_is_remembered_with_it_while_the_documents_are_as_signed() {
    use shenbao_app::storage::SignedMark;
    let mark = |id: &str| shenbao_app::storage::with(|st| st.signed_mark(id));
    forget_keys();
    let id = format!("test-{}", shenbao_app::dom::new_id());
    let pdf: &[u8] = b"%PDF-1.7 feasibility";
    let (payload, sha256, first) = {
        let p = Panel::mount_in_draft(fixture(), &id);
        sleep(0).await;
        p.generate("correct horse battery").await;
        p.input("#signer-person", "李晓梅");
        p.check("#att-embed", true);
        p.pick("#att-files", &[("可研报告.pdf", pdf)]);
        wait_for("attachment hashed", || p.count(".att-row") == 1).await;
        sleep(0).await;
        p.input("#sign-pass", "correct horse battery");
        p.click("#sign-export");
        wait_for("package exported", || p.exists(".result-id")).await;
        assert!(p.text("#sign-result").contains("已导出的申报包"));
        let d = p.downloads().into_iter().find(|d| d.name.ends_with(".json")).expect("package downloaded");
        let env: package::dsse::Envelope = serde_json::from_slice(&d.bytes).unwrap();
        let payload: package::Payload = serde_json::from_slice(&env.payload_bytes().unwrap()).unwrap();
        let sha256 = package::payload_digest(&env).unwrap().0;
        // Signed again from this draft, a package would be a revision of this one.
        wait_for("offered as the version replaced", || p.exists(".sign-replaces")).await;
        assert!(p.text(".sign-replaces").contains(&payload.id), "{}", p.text(".sign-replaces"));
        assert!(p.el("#sign-replaces").unchecked_into::<web_sys::HtmlInputElement>().checked());
        // The papers name the package: the seal the desk and the CLI give it.
        let seal = shenbao_core::paper::Seal::package(&sha256, true, payload.head());
        assert_eq!(p.seal(), seal);
        // Kept with the draft, the embedded file's bytes not twice.
        let mut kept = None;
        for _ in 0..500 {
            kept = kept::load(&id).await.unwrap().signed;
            if kept.is_some() {
                break;
            }
            sleep(20).await;
        }
        let kept = kept.expect("the signed package kept with the draft");
        assert_eq!(kept["head"]["attachments"][0]["content_base64"], "", "{kept}");
        assert_eq!(kept["sha256"], sha256.as_str());
        // The drafts list's mark: signed then, as signed now.
        assert_eq!(mark(&id), Some(SignedMark { at: js_sys::Date::parse(&payload.created_at), changed: false }));
        (payload, sha256, package::previous_version(&env).unwrap())
    };

    // The page reloaded: the panel says what was signed, when (Beijing time), and the papers
    // still name the package.
    let p = Panel::mount_in_draft(fixture(), &id);
    wait_for("the earlier package shown", || p.exists(".result-id")).await;
    assert_eq!(p.text(".result-id"), payload.id);
    assert_eq!(p.text(".result-sha256"), sha256);
    let result = p.text("#sign-result");
    assert!(result.contains("此前为本草稿签名导出的申报包") && result.contains(&shenbao_core::paper::beijing_time(&payload.created_at)), "{result}");
    assert!(!p.exists("#sign-changed"));
    let seal = shenbao_core::paper::Seal::package(&sha256, true, payload.head());
    let now = || p.seal();
    assert_eq!(now(), seal, "the record says the file travels in the package without its bytes kept");
    assert!(format!("{:?}", seal.record).contains("可研报告.pdf"));
    // Edited: the panel says the package lacks the change, the papers are a draft's; put back,
    // the package's again.
    let name = p.ctx.get("project.basic.name");
    p.ctx.set("project.basic.name", json!("巴中市食品安全智慧监管系统建设项目（修订）"));
    wait_for("changed since signing", || p.exists("#sign-changed")).await;
    assert!(p.text("#sign-changed").contains("请重新签名导出"));
    // A draft's, listing the file picked (restored with the draft).
    let pdf_described = package::Attachment::from_bytes("可研报告.pdf", "other", pdf, true).described();
    assert_eq!(now(), shenbao_core::paper::Seal::draft_with(&[pdf_described]));
    assert!(mark(&id).is_some_and(|m| m.changed));
    p.ctx.set("project.basic.name", name.clone());
    wait_for("as signed again", || !p.exists("#sign-changed")).await;
    assert_eq!(now(), seal);
    assert!(mark(&id).is_some_and(|m| !m.changed));
    // Signing again the documents as signed is asked first; declined, nothing happens.
    answer_confirm(false);
    p.input("#sign-pass", "correct horse battery");
    p.click("#sign-export");
    sleep(100).await;
    assert!(asked().contains(&payload.id) && asked().contains("完全相同"), "{}", asked());
    assert!(p.downloads().iter().all(|d| !d.name.ends_with(".json")), "nothing signed");
    assert_eq!(p.text(".result-id"), payload.id);
    // Agreed: a wrong passphrase leaves the earlier package shown; the right one shows the new
    // package, and the mark takes its time.
    answer_confirm(true);
    p.input("#sign-pass", "wrong passphrase");
    p.click("#sign-export");
    wait_for("wrong passphrase reported", || p.status().contains("口令错误")).await;
    assert_eq!(p.text(".result-id"), payload.id, "the earlier package shown again");
    sleep(1100).await; // a later second: packages are timed to the second
    p.input("#sign-pass", "correct horse battery");
    p.click("#sign-export");
    wait_for("signed again", || p.exists(".result-id") && p.text(".result-id") != payload.id).await;
    assert!(p.text("#sign-result").contains("已导出的申报包"));
    let d = p.downloads().into_iter().find(|d| d.name.ends_with(".json")).expect("package downloaded");
    let env: package::dsse::Envelope = serde_json::from_slice(&d.bytes).unwrap();
    let again: package::Payload = serde_json::from_slice(&env.payload_bytes().unwrap()).unwrap();
    restore_confirm();
    assert_ne!(again.created_at, payload.created_at);
    assert_eq!(again.previous, Some(first), "a revision of the package signed before from this draft (kept across the reload)");
    assert_eq!(mark(&id), Some(SignedMark { at: js_sys::Date::parse(&again.created_at), changed: false }));
    let (payload, sha256) = (again, package::payload_digest(&env).unwrap().0);
    let seal = shenbao_core::paper::Seal::package(&sha256, true, payload.head());
    assert_eq!(now(), seal);
    // Changed and the editor closed at once, before a pause: the mark says so all the same.
    p.ctx.set("project.basic.name", json!("改后随即关闭"));
    drop(p);
    wait_for("the mark, once the panel is gone", || mark(&id).is_some_and(|m| m.changed)).await;
    let p = Panel::mount_in_draft(fixture(), &id);
    wait_for("the earlier package shown", || p.exists(".result-id")).await;
    wait_for("as signed", || mark(&id).is_some_and(|m| !m.changed)).await;

    // Saved as a copy (the draft's id changes): the copy keeps its files but no package it did
    // not sign, and gets no mark; the original keeps both.
    let copy = format!("{id}-copy");
    p.draft.unwrap().set(copy.clone());
    p.pick("#att-files", &[("方案.docx", b"plan")]);
    wait_for("file hashed", || p.count(".att-row") == 2).await;
    kept_becomes(&copy, &[("可研报告.pdf", "other"), ("方案.docx", "other")]).await;
    assert_eq!(kept::load(&copy).await.unwrap().signed, None);
    assert_eq!(mark(&copy), None);
    assert!(kept::load(&id).await.unwrap().signed.is_some() && mark(&id).is_some());
    drop(p);
    kept::forget(copy);

    // Another draft, with the same documents, remembers nothing signed.
    let other = Panel::mount_in_draft(fixture(), &format!("{id}-other"));
    sleep(200).await;
    assert!(!other.exists(".result-id"));
    assert_eq!(other.signed.get_untracked(), None);
    drop(other);
    kept::forget(id);
    forget_keys();
}

//! keygen → trust add → sign → verify, as a department and a bureau would run them.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shenbao")).args(args).current_dir(dir).env("SHENBAO_PASSPHRASE", "测试口令 correct horse").output().expect("runs")
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

const UNIT: &str = "巴中市市场监督管理局";
const CODE: &str = "11511900MB1527360X";

fn fixture() -> String {
    root().join("tests/fixtures/bazhong/project.json").display().to_string()
}

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert!(run(d, &["keygen", "--out", "dept.pem"]).status.success());
    assert!(run(d, &["keygen", "--algorithm", "ed25519", "--out", "ed.pem"]).status.success());
    let o = run(
        d,
        &[
            "trust",
            "add",
            "list.json",
            "--key",
            "dept.pub.pem",
            "--department",
            UNIT,
            "--credit-code",
            CODE,
            "--valid-from",
            "2026-01-01",
            "--issuer",
            "巴中市政务服务和大数据管理局",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        run(d, &["trust", "add", "list.json", "--key", "ed.pub.pem", "--department", UNIT, "--credit-code", CODE, "--valid-from", "2026-01-01"])
            .status
            .success()
    );
    std::fs::write(d.join("可研.pdf"), b"%PDF-1.7 study").unwrap();
    dir
}

fn sign(d: &Path, extra: &[&str]) -> Output {
    sign_as(d, "pkg.json", &fixture(), extra)
}

/// Signs `submission` into `out` with the department's key, and `extra` options.
fn sign_as(d: &Path, out: &str, submission: &str, extra: &[&str]) -> Output {
    let mut args = vec!["sign", "--city", "bazhong", "--key", "dept.pem", "--department", UNIT, "--credit-code", CODE, "--person", "李晓梅", "-o", out];
    args.extend_from_slice(extra);
    args.push(submission);
    run(d, &args)
}

#[test]
fn sign_and_verify_with_a_trust_list() {
    let dir = setup();
    let d = dir.path();
    let o = sign(d, &["--key", "ed.pem", "--attach", "feasibility_study=可研.pdf"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("已签名") && text(&o).contains("未发现问题"));

    let o = run(d, &["verify", "pkg.json", "--trust", "list.json"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("结论：有效") && text(&o).contains("1 个有效"));
    // The fixture's 附件清单 lists eight documents and the package carries a feasibility
    // study it does not list: all eight are named, and the package is still valid.
    assert!(text(&o).contains("附件清单中有 8 项材料在申报包中没有对应的文件：项目建议书《巴中市食品安全智慧监管系统建设项目建议书》、"), "{}", text(&o));

    let o = run(d, &["verify", "pkg.json", "--trust", "list.json", "--format", "json"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v[0]["valid"], true);
    assert_eq!(v[0]["listed_without_file"].as_array().map(Vec::len), Some(8));
    assert_eq!(v[0]["listed_without_file"][7], "经济和信息化局意见《市经济和信息化局意见》");
    for key in ["file", "valid", "signer", "fingerprint", "problems"] {
        assert!(v[0].get(key).is_some(), "{key}");
    }

    // The attachment is looked up next to the package; altered, it is reported.
    std::fs::write(d.join("可研.pdf"), b"%PDF-1.7 studY").unwrap();
    let o = run(d, &["verify", "pkg.json", "--trust", "list.json", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v[0]["problems"][0]["code"], "attachment_hash_mismatch");
}

#[test]
fn batch_verify_reports_each_file_and_fails_if_any_fails() {
    let dir = setup();
    let d = dir.path();
    assert!(sign(d, &[]).status.success());
    let pkg = std::fs::read_to_string(d.join("pkg.json")).unwrap();
    // A tampered copy: change one character of the payload.
    let mut env: Value = serde_json::from_str(&pkg).unwrap();
    let payload = env["payload"].as_str().unwrap().to_string();
    let i = payload.len() / 2;
    let swapped = if &payload[i..i + 1] == "A" { "B" } else { "A" };
    env["payload"] = Value::from(format!("{}{}{}", &payload[..i], swapped, &payload[i + 1..]));
    std::fs::write(d.join("tampered.json"), env.to_string()).unwrap();
    std::fs::write(d.join("junk.json"), "{").unwrap();

    let o = run(d, &["verify", "pkg.json", "tampered.json", "junk.json", "--trust", "list.json", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 3);
    assert_eq!(v[0]["valid"], true);
    assert_eq!(v[1]["valid"], false);
    let code1 = v[1]["problems"][0]["code"].as_str().unwrap();
    assert!(code1 == "signature_invalid" || code1 == "malformed_envelope", "{code1}");
    assert_eq!(v[2]["problems"][0]["code"], "malformed_envelope");
    let o = run(d, &["verify", "pkg.json", "tampered.json", "--trust", "list.json"]);
    assert!(text(&o).contains("共 2 个申报包：1 个有效，1 个无效"), "{}", text(&o));
}

#[test]
fn revoked_keys_and_missing_trust_lists_fail() {
    let dir = setup();
    let d = dir.path();
    assert!(sign(d, &[]).status.success());
    let o = run(d, &["verify", "pkg.json", "--format", "json"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v[0]["problems"][0]["code"], "signer_unknown");

    let pubkey = run(d, &["pubkey", "dept.pub.pem"]);
    let stderr = String::from_utf8_lossy(&pubkey.stderr).to_string();
    let fp = stderr.lines().find(|l| l.starts_with("指纹（SM3）")).unwrap().split('：').nth(1).unwrap().to_string();
    let o = run(d, &["trust", "revoke", "list.json", "--fingerprint", &fp, "--date", "2026-10-01", "--reason", "私钥遗失"]);
    assert!(o.status.success(), "{}", text(&o));
    let o = run(d, &["verify", "pkg.json", "--trust", "list.json", "--format", "json"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v[0]["problems"][0]["code"], "signer_revoked");
    assert!(text(&run(d, &["trust", "show", "list.json"])).contains("已吊销 2026-10-01"));
}

#[test]
fn signed_trust_lists_need_the_bureau_key() {
    let dir = setup();
    let d = dir.path();
    assert!(run(d, &["keygen", "--out", "bureau.pem"]).status.success());
    let o = run(d, &["trust", "sign", "list.json", "--key", "bureau.pem", "-o", "list.signed.json"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(sign(d, &[]).status.success());
    let o = run(d, &["verify", "pkg.json", "--trust", "list.signed.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("数据局公钥"));
    let o = run(d, &["verify", "pkg.json", "--trust", "list.signed.json", "--bureau-key", "bureau.pub.pem"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = run(d, &["verify", "pkg.json", "--trust", "list.signed.json", "--bureau-key", "dept.pub.pem"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("签名无效"));
}

#[test]
fn signing_refuses_errors_and_bad_keys() {
    let dir = setup();
    let d = dir.path();
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(fixture()).unwrap()).unwrap();
    v["project"]["operations"]["trial_months"] = Value::from(1);
    std::fs::write(d.join("bad.json"), v.to_string()).unwrap();
    let o = run(d, &["sign", "--city", "bazhong", "--key", "dept.pem", "--department", UNIT, "--credit-code", CODE, "--person", "李晓梅", "bad.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("错误，改正后才能签名"), "{}", text(&o));

    let o = Command::new(env!("CARGO_BIN_EXE_shenbao"))
        .args(["sign", "--city", "bazhong", "--key", "dept.pem", "--department", UNIT, "--credit-code", CODE, "--person", "李晓梅", &fixture()])
        .current_dir(d)
        .env("SHENBAO_PASSPHRASE", "wrong passphrase")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("口令错误"), "{}", text(&o));

    let o = run(d, &["sign", "--city", "bazhong", "--key", "dept.pub.pem", "--department", UNIT, "--credit-code", CODE, "--person", "李晓梅", &fixture()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!text(&o).contains("panicked"));

    // Existing files are never overwritten without --force.
    let o = run(d, &["keygen", "--out", "dept.pem"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("已存在"));
    let o =
        Command::new(env!("CARGO_BIN_EXE_shenbao")).args(["keygen", "--out", "short.pem"]).current_dir(d).env("SHENBAO_PASSPHRASE", "short").output().unwrap();
    assert!(text(&o).contains("至少需要 8 个字符"));
    // A common passphrase is refused, and no key file is written.
    let o = Command::new(env!("CARGO_BIN_EXE_shenbao"))
        .args(["keygen", "--out", "common.pem"])
        .current_dir(d)
        .env("SHENBAO_PASSPHRASE", "Password123")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("常见口令"), "{}", text(&o));
    assert!(!d.join("common.pem").exists());
}

#[test]
fn encrypt_for_the_bureau_then_decrypt_and_verify() {
    let dir = setup();
    let d = dir.path();
    assert!(run(d, &["keygen", "--out", "bureau.pem"]).status.success());
    assert!(sign(d, &[]).status.success());

    let o = run(d, &["encrypt", "pkg.json", "--to", "bureau.pub.pem"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("已加密：") && text(&o).contains("pkg.enc.json"), "{}", text(&o));
    let sealed = std::fs::read_to_string(d.join("pkg.enc.json")).unwrap();
    let v: Value = serde_json::from_str(&sealed).unwrap();
    assert_eq!(v["format"], "shenbao.encrypted/1");
    assert_eq!(v["recipient"]["algorithm"], "sm2");
    // The contents are not readable in the encrypted file.
    assert!(!sealed.contains("payload"));

    // Without the bureau key: a clear message, naming the recipient key, exit 1.
    let o = run(d, &["verify", "pkg.enc.json", "--trust", "list.json"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("已加密") && text(&o).contains("--key"), "{}", text(&o));
    let o = run(d, &["verify", "pkg.enc.json", "--trust", "list.json", "--format", "json"]);
    let j: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(j[0]["problems"][0]["code"], "encrypted");

    // With it: decrypted, then verified as usual (a plain package alongside is fine too).
    let o = run(d, &["verify", "pkg.enc.json", "pkg.json", "--trust", "list.json", "--key", "bureau.pem"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("（已解密）") && text(&o).contains("2 个有效"), "{}", text(&o));
    let o = run(d, &["verify", "pkg.enc.json", "--trust", "list.json", "--key", "bureau.pem", "--format", "json"]);
    let j: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!((j[0]["valid"].clone(), j[0]["decrypted"].clone()), (Value::from(true), Value::from(true)));

    // decrypt gives back the signed file byte for byte; never overwrites without --force.
    let o = run(d, &["decrypt", "pkg.enc.json", "--key", "bureau.pem", "-o", "back.json"]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(std::fs::read(d.join("back.json")).unwrap(), std::fs::read(d.join("pkg.json")).unwrap());
    let o = run(d, &["decrypt", "pkg.enc.json", "--key", "bureau.pem"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("已存在"), "{}", text(&o));

    // The passphrase from a file, as for signing.
    std::fs::write(d.join("pass.txt"), "测试口令 correct horse\n").unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_shenbao"))
        .args(["decrypt", "pkg.enc.json", "--key", "bureau.pem", "--passphrase-file", "pass.txt", "-o", "back2.json"])
        .current_dir(d)
        .env_remove("SHENBAO_PASSPHRASE")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
}

#[test]
fn decrypt_refuses_other_keys_tampering_and_plain_packages() {
    let dir = setup();
    let d = dir.path();
    assert!(run(d, &["keygen", "--out", "bureau.pem"]).status.success());
    assert!(sign(d, &[]).status.success());
    assert!(run(d, &["encrypt", "pkg.json", "--to", "bureau.pub.pem", "-o", "sealed.json"]).status.success());

    // Another SM2 key (the department's): refused, naming the intended recipient.
    let o = run(d, &["decrypt", "sealed.json", "--key", "dept.pem", "-o", "x.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("不是为这把密钥加密的"), "{}", text(&o));
    let o = run(d, &["verify", "sealed.json", "--trust", "list.json", "--key", "dept.pem", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let j: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(j[0]["problems"][0]["code"], "encrypted");

    // Wrong passphrase.
    let o = Command::new(env!("CARGO_BIN_EXE_shenbao"))
        .args(["decrypt", "sealed.json", "--key", "bureau.pem", "-o", "x.json"])
        .current_dir(d)
        .env("SHENBAO_PASSPHRASE", "wrong passphrase")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("口令错误"), "{}", text(&o));

    // One character of the ciphertext changed.
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(d.join("sealed.json")).unwrap()).unwrap();
    let c = v["ciphertext"].as_str().unwrap().to_string();
    let swapped = if &c[10..11] == "A" { "B" } else { "A" };
    v["ciphertext"] = Value::from(format!("{}{}{}", &c[..10], swapped, &c[11..]));
    std::fs::write(d.join("tampered.json"), v.to_string()).unwrap();
    let o = run(d, &["decrypt", "tampered.json", "--key", "bureau.pem", "-o", "x.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("已被改动"), "{}", text(&o));
    assert!(!d.join("x.json").exists());

    // Plain package given to decrypt; an Ed25519 key or a private key given to encrypt.
    let o = run(d, &["decrypt", "pkg.json", "--key", "bureau.pem"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("不是加密的申报包"), "{}", text(&o));
    let o = run(d, &["encrypt", "pkg.json", "--to", "ed.pub.pem", "-o", "y.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("必须是 SM2 公钥"), "{}", text(&o));
    let o = run(d, &["encrypt", "pkg.json", "--to", "bureau.pem", "-o", "y.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("这是私钥文件"), "{}", text(&o));
    let o = run(d, &["encrypt", "sealed.json", "--to", "bureau.pub.pem", "-o", "y.json"]);
    assert!(text(&o).contains("已经加密过了"), "{}", text(&o));
}

#[test]
fn verifying_several_packages_names_copies_replays_and_revisions() {
    let dir = setup();
    let d = dir.path();
    assert!(sign(d, &[]).status.success());
    std::fs::copy(d.join("pkg.json"), d.join("copy.json")).unwrap();
    let fx = fixture();
    let o = sign_as(d, "v2.json", &fx, &["--previous", "pkg.json"]);
    assert!(o.status.success(), "{}", text(&o));

    let o = run(d, &["verify", "pkg.json", "copy.json", "v2.json", "--trust", "list.json", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let list: Value = serde_json::from_slice(&o.stdout).unwrap();
    let notes = |i: usize| list[i]["notes"].as_array().unwrap().iter().map(|n| n.as_str().unwrap().to_string()).collect::<Vec<_>>();
    assert!(notes(0).iter().any(|n| n.starts_with("重复") && n.contains("copy.json")), "{:?}", notes(0));
    assert!(notes(0).iter().any(|n| n.contains("已被“v2.json”取代")), "{:?}", notes(0));
    assert!(notes(2).iter().any(|n| n.contains("修订版：取代")), "{:?}", notes(2));
    assert_eq!(list[0]["payload_sha256"], list[1]["payload_sha256"]);

    // The text report lists the relations after the table.
    let o = run(d, &["verify", "pkg.json", "copy.json", "--trust", "list.json"]);
    assert!(text(&o).contains("同批申报包之间的关系") && text(&o).contains("重复"), "{}", text(&o));
    // One package alone has no relations to report.
    let o = run(d, &["verify", "pkg.json", "--trust", "list.json"]);
    assert!(!text(&o).contains("同批申报包之间的关系"));
}

#[test]
fn verifying_on_several_threads_gives_the_same_output_in_file_order() {
    let dir = setup();
    let d = dir.path();
    assert!(run(d, &["keygen", "--out", "bureau.pem"]).status.success());
    assert!(sign(d, &[]).status.success());
    let fx = fixture();
    let o = sign_as(d, "v2.json", &fx, &["--previous", "pkg.json"]);
    assert!(o.status.success(), "{}", text(&o));
    let o = run(d, &["sign", "--city", "bazhong", "--key", "ed.pem", "--department", UNIT, "--credit-code", CODE, "--person", "李晓梅", "-o", "ed.json", &fx]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(run(d, &["encrypt", "pkg.json", "--to", "bureau.pub.pem"]).status.success());
    let pkg = std::fs::read_to_string(d.join("pkg.json")).unwrap();
    std::fs::write(d.join("copy.json"), &pkg).unwrap();
    std::fs::write(d.join("bom.json"), format!("\u{feff}{pkg}")).unwrap();
    std::fs::write(d.join("tampered.json"), pkg.replacen("\"payload\": \"ey", "\"payload\": \"ez", 1)).unwrap();
    std::fs::write(d.join("junk.json"), "{").unwrap();
    std::fs::write(d.join("gbk.json"), b"{\"a\":\"\xd6\xd0\"}").unwrap();
    // Enough files for several threads to interleave, valid and invalid mixed.
    let mut files: Vec<String> = Vec::new();
    for i in 0..6 {
        for f in ["pkg.json", "tampered.json", "v2.json", "junk.json", "ed.json", "pkg.enc.json", "bom.json", "gbk.json", "copy.json"] {
            if i == 0 || f != "pkg.json" {
                files.push(f.to_string());
            }
        }
    }
    let verify = |extra: &[&str]| {
        let mut args = vec!["verify", "--trust", "list.json", "--key", "bureau.pem"];
        args.extend_from_slice(extra);
        args.extend(files.iter().map(String::as_str));
        let o = run(d, &args);
        (o.status.code(), String::from_utf8(o.stdout).unwrap(), String::from_utf8(o.stderr).unwrap())
    };
    for format in ["text", "json"] {
        let one = verify(&["--format", format, "--jobs", "1"]);
        assert_eq!(one.0, Some(1), "{}{}", one.1, one.2);
        for jobs in [&["--jobs", "2"][..], &["-j", "5"], &[]] {
            let many = verify(&[&["--format", format][..], jobs].concat());
            assert_eq!(one, many, "--format {format} {jobs:?}");
        }
        if format == "json" {
            let list: Value = serde_json::from_str(&one.1).unwrap();
            let list = list.as_array().unwrap();
            assert_eq!(list.len(), files.len());
            for (entry, file) in list.iter().zip(&files) {
                assert!(entry["file"].as_str().unwrap().starts_with(file.as_str()), "{entry} for {file}");
            }
            // The payload hash is the SHA-256 of the signed payload bytes.
            let env: Value = serde_json::from_str(&pkg).unwrap();
            let payload = shenbao_core::package::dsse::decode(env["payload"].as_str().unwrap()).unwrap();
            assert_eq!(list[0]["payload_sha256"], shenbao_core::crypto::hex(&shenbao_core::crypto::sha256(&payload)));
            // The same package behind a byte order mark is the same payload.
            assert!(files[6] == "bom.json" && list[6]["valid"] == true, "{}", list[6]);
            assert_eq!(list[6]["payload_sha256"], list[0]["payload_sha256"]);
            assert_eq!(list[5]["decrypted"], true);
        }
    }
    // A missing file still ends the run with the same message, however many threads.
    let missing = |jobs: &str| {
        let o = run(d, &["verify", "--jobs", jobs, "--trust", "list.json", "pkg.json", "nowhere.json", "copy.json"]);
        (o.status.code(), String::from_utf8(o.stderr).unwrap())
    };
    assert_eq!(missing("1").0, Some(2));
    assert_eq!(missing("1"), missing("3"));
    // --jobs 0 is refused.
    assert_eq!(run(d, &["verify", "--jobs", "0", "pkg.json"]).status.code(), Some(2));
}

/// `shenbao diff`: a resubmission against the package it replaces, as the bureau compares
/// them; the same package twice; a tampered one (named on stderr, still compared); an
/// encrypted one (refused, with what to do); a package against a plain submission file.
#[test]
fn diff_shows_what_a_resubmission_changed() {
    let dir = setup();
    let d = dir.path();
    assert!(sign(d, &["--attach", "feasibility_study=可研.pdf"]).status.success());
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(fixture()).unwrap()).unwrap();
    v["project"]["basic"]["name"] = Value::from("巴中市食品安全智慧监管系统建设项目（修订）");
    v["project"]["cost_estimate"]["items"][1]["name"] = Value::from("食品安全追溯数据库（扩容）");
    std::fs::write(d.join("v2.json"), v.to_string()).unwrap();
    std::fs::write(d.join("可研.pdf"), b"%PDF-1.7 study, revised").unwrap();
    let o = sign_as(d, "pkg2.json", "v2.json", &["--previous", "pkg.json", "--attach", "feasibility_study=可研.pdf"]);
    assert!(o.status.success(), "{}", text(&o));
    let pkg2 = "pkg2.json";
    let o = run(d, &["diff", "pkg.json", pkg2]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let out = text(&o);
    assert!(out.contains("~ 基本信息 · 项目名称：「巴中市食品安全智慧监管系统建设项目」 → 「巴中市食品安全智慧监管系统建设项目（修订）」"), "{out}");
    assert!(out.contains("~ 资金估算明细 第 2 行 · 名称："), "{out}");
    assert!(out.contains("→ 「食品安全追溯数据库（扩容）」"), "{out}");
    assert!(out.contains("可研.pdf（可行性研究报告）：内容已更换"), "{out}");

    let o = run(d, &["diff", "pkg.json", pkg2, "--format", "json"]);
    let j: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(j["documents"][0]["doc"], "project");
    assert_eq!(j["documents"][0]["edits"][0]["type"], "value");
    assert_eq!(j["attachments"][0]["change"], "replaced");

    let o = run(d, &["diff", "pkg.json", "pkg.json"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("两版内容相同"));

    // A package against the submission it was signed from: the same documents.
    let o = run(d, &["diff", "pkg.json", &fixture()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));

    // Tampered: compared, with a warning that its content is not what was signed.
    let mut env: Value = serde_json::from_str(&std::fs::read_to_string(d.join("pkg.json")).unwrap()).unwrap();
    let sig = env["signatures"][0]["sig"].as_str().unwrap().to_string();
    env["signatures"][0]["sig"] = Value::from(format!("{}{}", if sig.starts_with('A') { "B" } else { "A" }, &sig[1..]));
    std::fs::write(d.join("forged.json"), env.to_string()).unwrap();
    let o = run(d, &["diff", "forged.json", pkg2]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(String::from_utf8_lossy(&o.stderr).contains("注意：forged.json 的签名不成立"), "{}", text(&o));

    // Encrypted: refused with what to do.
    assert!(run(d, &["keygen", "--out", "bureau.pem"]).status.success());
    assert!(run(d, &["encrypt", "pkg.json", "--to", "bureau.pub.pem"]).status.success());
    let o = run(d, &["diff", "pkg.enc.json", pkg2]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("请先用 shenbao decrypt 解密"), "{}", text(&o));

    // Not JSON at all.
    std::fs::write(d.join("junk.json"), "{").unwrap();
    let o = run(d, &["diff", "junk.json", pkg2]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("junk.json"), "{}", text(&o));
}

/// The text of a stored `.docx`'s parts (they are not compressed, so their XML is in the bytes).
fn docx_text(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(&bytes[..4], b"PK\x03\x04", "a ZIP container");
    String::from_utf8_lossy(&bytes).into_owned()
}

#[test]
fn a_draft_and_a_signed_package_as_word_documents() {
    let dir = setup();
    let d = dir.path();
    let name = serde_json::from_str::<Value>(&std::fs::read_to_string(fixture()).unwrap()).unwrap()["project"]["basic"]["name"].as_str().unwrap().to_string();

    // A submission file: its papers, the footer saying it is an unsigned draft.
    std::fs::copy(fixture(), d.join("申报.json")).unwrap();
    let o = run(d, &["docx", "申报.json"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("申报.docx"), "{}", text(&o));
    let doc = docx_text(&d.join("申报.docx"));
    assert!(doc.contains(&name) && doc.contains("一、基本信息") && doc.contains("未签名草稿"), "the papers and the draft footer");
    assert!(!doc.contains("附：规则检查结果与说明"), "no pack chosen, no check");
    let o = run(d, &["docx", "--city", "bazhong", "申报.json", "-o", "检查.docx"]);
    assert!(o.status.success(), "{}", text(&o));
    let doc = docx_text(&d.join("检查.docx"));
    assert!(doc.contains("附：规则检查结果与说明") && doc.contains("检查依据") && doc.contains("bazhong"));
    // Never over an existing file without --force.
    let o = run(d, &["docx", "申报.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("已存在"), "{}", text(&o));
    assert!(run(d, &["docx", "申报.json", "--force"]).status.success());

    // A signed package: the footer names the payload's digest, the signer and the key; the
    // papers close with the package's record, every attached file with its SHA-256.
    assert!(sign(d, &["--attach", "feasibility_study=可研.pdf"]).status.success());
    let o = run(d, &["docx", "pkg.json", "-o", "包.docx"]);
    assert!(o.status.success(), "{}", text(&o));
    let doc = docx_text(&d.join("包.docx"));
    let envelope: Value = serde_json::from_str(&std::fs::read_to_string(d.join("pkg.json")).unwrap()).unwrap();
    let payload = base64_decode(envelope["payload"].as_str().unwrap());
    let digest = shenbao_core::crypto::hex(&shenbao_core::crypto::sha256(&payload));
    assert!(doc.contains(&format!("申报包摘要 SHA-256 {digest} · 签名人 李晓梅 · 公钥指纹 ")), "footer of a signed package");
    assert!(!doc.contains("未签名草稿"));
    assert!(doc.contains("附：规则检查结果与说明"), "closed by the package's own report");
    let file_digest = shenbao_core::crypto::hex(&shenbao_core::crypto::sha256(&std::fs::read(d.join("可研.pdf")).unwrap()));
    let record = &doc[doc.find("附：申报包信息").expect("then by the package's record")..];
    let id = serde_json::from_slice::<Value>(&payload).unwrap()["id"].as_str().unwrap().to_string();
    for part in [id.as_str(), digest.as_str(), "成立：签名人 李晓梅", UNIT, "可研.pdf", "可行性研究报告", &file_digest] {
        assert!(record.contains(part), "the record names {part}: {record}");
    }

    // A package whose signature does not hold: the footer says so, and names no signer.
    let mut forged = envelope.clone();
    let sig = forged["signatures"][0]["sig"].as_str().unwrap().to_string();
    let flipped = if sig.starts_with('A') { sig.replacen('A', "B", 1) } else { format!("A{}", &sig[1..]) };
    forged["signatures"][0]["sig"] = Value::from(flipped);
    std::fs::write(d.join("forged.json"), forged.to_string()).unwrap();
    let o = run(d, &["docx", "forged.json"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("签名不成立"), "{}", text(&o));
    let doc = docx_text(&d.join("forged.docx"));
    assert!(doc.contains("签名不成立，内容未经证实") && !doc.contains("签名人 李晓梅"), "neither in the footer nor in the record");
    assert!(doc.contains("附：申报包信息"));

    // What is not a submission or a package gets a message, and no file.
    std::fs::write(d.join("other.json"), r#"{"hello": 1}"#).unwrap();
    let o = run(d, &["docx", "other.json"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(!d.join("other.docx").exists());
}

#[test]
fn the_reviewer_s_opinion_on_a_package_as_a_word_file() {
    let dir = setup();
    let d = dir.path();
    assert!(sign(d, &["--attach", "feasibility_study=可研.pdf"]).status.success());
    let envelope: Value = serde_json::from_str(&std::fs::read_to_string(d.join("pkg.json")).unwrap()).unwrap();
    let payload = base64_decode(envelope["payload"].as_str().unwrap());
    let digest = shenbao_core::crypto::hex(&shenbao_core::crypto::sha256(&payload));
    let id = serde_json::from_slice::<Value>(&payload).unwrap()["id"].as_str().unwrap().to_string();

    // Verified against the trust list, the file beside it: valid.
    let o = run(
        d,
        &[
            "opinion",
            "pkg.json",
            "--trust",
            "list.json",
            "--decision",
            "correction",
            "--note",
            "请补充<可研>批复 & 资金来源说明",
            "--unit",
            "巴中市政务服务和大数据管理局",
            "--reviewer",
            "王审核",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("pkg.审核意见.docx") && text(&o).contains("需补正") && text(&o).contains("核验结论：有效"), "{}", text(&o));
    let doc = docx_text(&d.join("pkg.审核意见.docx"));
    for part in [
        "审核意见",
        "一、申报包",
        "需补正",
        "请补充&lt;可研&gt;批复 &amp; 资金来源说明",
        &id,
        &format!("所涉申报包摘要 SHA-256 {digest}"),
        "有效：",
        "签名人（申报包所载）",
        "巴中市政务服务和大数据管理局",
        "王审核",
    ] {
        assert!(doc.contains(part), "the opinion holds {part}");
    }
    // Never over an existing file without --force.
    let o = run(d, &["opinion", "pkg.json"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("已存在"));

    // Without a trust list: what verifying found is said; the note from a file.
    std::fs::write(d.join("意见.txt"), "签名人未登记，请先登记公钥。").unwrap();
    let o = run(d, &["opinion", "pkg.json", "--decision", "rejected", "--note-file", "意见.txt", "-o", "无信任列表.docx"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("核验结论：无效"), "{}", text(&o));
    let doc = docx_text(&d.join("无信任列表.docx"));
    assert!(doc.contains("不予受理") && doc.contains("签名人未登记，请先登记公钥。") && doc.contains("核验发现的问题") && doc.contains("信任列表"));

    // A forged package: named by its digest, never by its signer.
    let mut forged = envelope.clone();
    let sig = forged["signatures"][0]["sig"].as_str().unwrap().to_string();
    forged["signatures"][0]["sig"] = Value::from(if sig.starts_with('A') { sig.replacen('A', "B", 1) } else { format!("A{}", &sig[1..]) });
    std::fs::write(d.join("forged.json"), forged.to_string()).unwrap();
    let o = run(d, &["opinion", "forged.json", "--trust", "list.json"]);
    assert!(o.status.success(), "{}", text(&o));
    let doc = docx_text(&d.join("forged.审核意见.docx"));
    assert!(doc.contains("签名无效") || doc.contains("签名后被改动"), "the problem is listed");
    assert!(!doc.contains("李晓梅") && !doc.contains("签名人（申报包所载）"));

    // What cannot be read gets a message and no file; so does a bad decision.
    std::fs::write(d.join("other.json"), r#"{"hello": 1}"#).unwrap();
    let o = run(d, &["opinion", "other.json"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("无法读出申报包内容"), "{}", text(&o));
    assert!(!d.join("other.审核意见.docx").exists());
    let o = run(d, &["opinion", "pkg.json", "--decision", "maybe", "-o", "x.docx"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(!d.join("x.docx").exists());
}

fn base64_decode(s: &str) -> Vec<u8> {
    shenbao_core::package::dsse::decode(s).expect("base64")
}

/// A pack file's versions given together (`--pack` for each): the latest is in use, and a
/// package signed under an earlier one is re-checked under it and says so, as on the desk.
/// Two different files of one version are refused, naming both; the same file twice is one.
#[test]
fn verify_re_checks_a_package_under_the_earlier_pack_file_given_beside_the_latest() {
    let dir = setup();
    let d = dir.path();
    let base = std::fs::read_to_string(root().join("core/packs/bazhong.json")).unwrap();
    let version = serde_json::from_str::<serde_json::Value>(&base).unwrap()["version"].as_str().unwrap().to_string();
    // 巴中's pack under another id: a city the CLI does not have built in.
    let v1 = base.replacen("\"id\": \"bazhong\"", "\"id\": \"bazhong-x\"", 1).replace("\"bazhong.", "\"bazhong-x.");
    let v2 = v1.replacen(&format!("\"version\": \"{version}\""), "\"version\": \"2099.1.1\"", 1);
    let altered = v1.replacen("\"title\": \"", "\"title\": \"改动", 1);
    for (name, text) in [("v1.json", &v1), ("v2.json", &v2), ("v1-altered.json", &altered)] {
        std::fs::write(d.join(name), text).unwrap();
    }
    let args = ["sign", "--pack", "v1.json", "--key", "dept.pem", "--department", UNIT, "--credit-code", CODE, "--person", "李晓梅", "-o", "old.json"];
    let o = run(d, &[&args[..], &[fixture().as_str()]].concat());
    assert!(o.status.success(), "{}", text(&o));

    let note = format!("申报包所用规则包 bazhong-x v{version} 已有新版本（现行 v2099.1.1），检查结果按申报包所用的旧版复核");
    for packs in [["v1.json", "v2.json"], ["v2.json", "v1.json"]] {
        let o = run(d, &["verify", "--trust", "list.json", "--pack", packs[0], "--pack", packs[1], "old.json"]);
        assert_eq!(o.status.code(), Some(0), "{packs:?}: {}", text(&o));
        assert!(text(&o).contains(&note), "{packs:?}: {}", text(&o));
    }
    // The reviewer's opinion says the same.
    let o = run(d, &["opinion", "--trust", "list.json", "--pack", "v2.json", "--pack", "v1.json", "--decision", "accepted", "old.json"]);
    assert!(o.status.success() && text(&o).contains("核验结论：有效"), "{}", text(&o));
    let doc = docx_text(&d.join("old.审核意见.docx"));
    assert!(doc.contains(&note), "{doc}");
    // The latest alone: the package cannot be re-checked, and the reviewer is told why.
    let o = run(d, &["verify", "--trust", "list.json", "--pack", "v2.json", "old.json"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("本机未保留这一版本"), "{}", text(&o));
    // The same file twice is one, in use.
    let o = run(d, &["verify", "--trust", "list.json", "--pack", "v1.json", "--pack", "v1.json", "old.json"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(!text(&o).contains("已有新版本"), "{}", text(&o));
    // The same version with other content: which is the pack is not for the order to say.
    let o = run(d, &["verify", "--trust", "list.json", "--pack", "v1.json", "--pack", "v1-altered.json", "old.json"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let want = format!("v1.json 与 v1-altered.json 都是规则包 bazhong-x v{version}，但内容不同：请向规则包发布单位确认哪一份是正式文本");
    assert!(text(&o).contains(&want), "{}", text(&o));
}

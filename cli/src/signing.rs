//! `keygen`, `pubkey`, `sign`, `verify`, `encrypt`, `decrypt` and `trust sign`: the
//! signed-package commands.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::json;
use shenbao_core::Submission;
use shenbao_core::crypto::{Algorithm, PrivateKey, PublicKey};
use shenbao_core::pack::{RulePack, builtin};
use shenbao_core::package::encrypt::{self as enc, EncryptRandomness, EncryptedPackage};
use shenbao_core::package::trust::TrustList;
use shenbao_core::package::{self, Attachment, ProblemCode, SignRequest, SignerIdentity, Verification, VerifyOptions, batch, dsse::Envelope};
use zeroize::Zeroizing;

use crate::output::{self, emit};
use crate::{Failure, Format};

fn read(path: &Path) -> Result<String, Failure> {
    crate::commands::read_limited(path, shenbao_core::input::MAX_INPUT_BYTES)
}

pub(crate) fn write_new(path: &Path, text: impl AsRef<[u8]>, overwrite: bool) -> Result<(), Failure> {
    if path.exists() && !overwrite {
        return Err(Failure(format!("{} 已存在；为免覆盖，请换一个文件名或加 --force", path.display())));
    }
    std::fs::write(path, text).map_err(|e| Failure(format!("无法写入 {}：{e}", path.display())))
}

/// The passphrase: from a file, from $SHENBAO_PASSPHRASE, or typed on standard input.
pub fn passphrase(file: Option<&Path>, prompt: &str) -> Result<Zeroizing<String>, Failure> {
    if let Some(f) = file {
        let text = Zeroizing::new(read(f)?);
        return Ok(Zeroizing::new(text.trim_end_matches(['\r', '\n']).to_string()));
    }
    if let Ok(p) = std::env::var("SHENBAO_PASSPHRASE") {
        return Ok(Zeroizing::new(p));
    }
    eprint!("{prompt}");
    let mut line = Zeroizing::new(String::new());
    std::io::stdin().read_line(&mut line).map_err(|e| Failure(format!("无法读取口令：{e}")))?;
    Ok(Zeroizing::new(line.trim_end_matches(['\r', '\n']).to_string()))
}

pub fn keygen(algorithm: Algorithm, out: &Path, public_out: Option<&Path>, passphrase_file: Option<&Path>, force: bool) -> Result<ExitCode, Failure> {
    let pass = passphrase(passphrase_file, "请设置私钥口令（至少 8 个字符）：")?;
    let verdict = shenbao_core::crypto::strength::assess(&pass);
    if !verdict.strength.acceptable() {
        return Err(Failure(format!("口令强度：{}。{}", verdict.strength.label(), verdict.advice)));
    }
    if !verdict.advice.is_empty() {
        eprintln!("提示：口令强度{}。{}", verdict.strength.label(), verdict.advice);
    }
    let key = PrivateKey::generate(algorithm)?;
    let pem = key.to_encrypted_pem(pass.as_bytes())?;
    let public = key.public_key();
    let public_path = public_out.map(Path::to_path_buf).unwrap_or_else(|| with_suffix(out, ".pub.pem"));
    write_new(out, &pem, force)?;
    write_new(&public_path, public.to_pem(), force)?;
    let fp = public.fingerprint();
    emit(&format!(
        "已生成 {} 密钥\n  私钥（口令保护）：{}\n  公钥：{}\n  指纹（SM3）：{}\n  指纹（SHA-256）：{}\n请将公钥和指纹报送数据局登记；私钥和口令务必妥善保管。\n",
        algorithm.label(),
        out.display(),
        public_path.display(),
        fp.grouped(),
        fp.sha256_hex()
    ))?;
    Ok(ExitCode::SUCCESS)
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let stem = name.strip_suffix(".pem").unwrap_or(&name);
    path.with_file_name(format!("{stem}{suffix}"))
}

/// Loads a public key from a public-key PEM, or from an encrypted private key (asks the passphrase).
fn any_public_key(path: &Path, passphrase_file: Option<&Path>) -> Result<PublicKey, Failure> {
    let text = read(path)?;
    if text.contains("PUBLIC KEY-----") {
        return PublicKey::from_pem(&text).map_err(|e| Failure(format!("{}：{e}", path.display())));
    }
    let pass = passphrase(passphrase_file, &format!("请输入 {} 的口令：", path.display()))?;
    let key = PrivateKey::from_encrypted_pem(&text, pass.as_bytes()).map_err(|e| Failure(format!("{}：{e}", path.display())))?;
    Ok(key.public_key())
}

pub fn pubkey(key: &Path, out: Option<&Path>, passphrase_file: Option<&Path>) -> Result<ExitCode, Failure> {
    let public = any_public_key(key, passphrase_file)?;
    let fp = public.fingerprint();
    match out {
        Some(o) => {
            write_new(o, public.to_pem(), true)?;
            emit(&format!("公钥已写入 {}\n", o.display()))?;
        }
        None => emit(&public.to_pem())?,
    }
    eprintln!("算法：{}\n指纹（SM3）：{}\n指纹（SHA-256）：{}", public.algorithm().label(), fp.grouped(), fp.sha256_hex());
    Ok(ExitCode::SUCCESS)
}

pub struct SignArgs<'a> {
    pub city: Option<&'a str>,
    pub pack: Option<&'a Path>,
    pub keys: &'a [PathBuf],
    pub passphrase_file: Option<&'a Path>,
    pub department: &'a str,
    pub credit_code: &'a str,
    pub person: &'a str,
    pub attachments: &'a [String],
    pub embed: bool,
    pub previous: Option<&'a Path>,
    pub out: Option<&'a Path>,
    pub force: bool,
    pub submission: &'a Path,
}

fn now_rfc3339() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

pub fn sign(a: SignArgs) -> Result<ExitCode, Failure> {
    let pack = crate::commands::select_pack(a.city, a.pack)?;
    let submission = Submission::from_json(&read(a.submission)?).map_err(|e| Failure(format!("{}：{e}", a.submission.display())))?;
    let pass = passphrase(a.passphrase_file, "请输入私钥口令：")?;
    let mut keys = Vec::new();
    for k in a.keys {
        let key = PrivateKey::from_encrypted_pem(&read(k)?, pass.as_bytes()).map_err(|e| Failure(format!("{}：{e}", k.display())))?;
        keys.push(key);
    }
    let mut attachments = Vec::new();
    for spec in a.attachments {
        let (kind, file) = spec.split_once('=').unwrap_or(("other", spec.as_str()));
        let bytes = std::fs::read(file).map_err(|e| Failure(format!("无法读取附件 {file}：{e}")))?;
        attachments.push(Attachment::from_bytes(file, kind, &bytes, a.embed));
    }
    let previous = match a.previous {
        None => None,
        Some(p) => {
            let env: Envelope = serde_json::from_str(&crate::commands::read_limited(p, shenbao_core::input::MAX_PACKAGE_BYTES)?)
                .map_err(|e| Failure(format!("{} 不是有效的申报包：{e}", p.display())))?;
            Some(package::previous_version(&env).ok_or_else(|| Failure(format!("无法读取被替换的上一版申报包 {}", p.display())))?)
        }
    };
    let mut random_id = [0u8; 16];
    getrandom::fill(&mut random_id).map_err(|e| Failure(format!("无法获取随机数：{e}")))?;
    let (envelope, payload) = package::sign(SignRequest {
        submission,
        pack: &pack,
        signer: SignerIdentity { department: a.department.into(), credit_code: a.credit_code.into(), person: a.person.into() },
        keys: keys.iter().collect(),
        attachments,
        previous,
        created_at: now_rfc3339(),
        random_id,
    })?;
    let out = a.out.map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from(package::package_file_name(&payload)));
    write_new(&out, envelope.to_json_pretty(), a.force)?;
    let (sha256, _) = package::payload_digest(&envelope).expect("just made");
    emit(&format!("已签名：{}\n  申报包编号：{}\n  内容摘要（SHA-256）：{sha256}\n  检查结果：{}\n", out.display(), payload.id, payload.report.status_line()))?;
    Ok(ExitCode::SUCCESS)
}

pub struct VerifyArgs<'a> {
    pub files: &'a [PathBuf],
    pub trust: Option<&'a Path>,
    pub bureau_key: Option<&'a Path>,
    pub packs: &'a [PathBuf],
    pub attachments_dir: Option<&'a Path>,
    /// The bureau's private key, for encrypted packages.
    pub decrypt_key: Option<&'a Path>,
    pub passphrase_file: Option<&'a Path>,
    pub format: Format,
    /// Files verified at once; `None`: one per available core.
    pub jobs: Option<usize>,
}

/// An encrypted package that could not be decrypted, as a verification result.
fn encrypted_problem(message: String) -> Verification {
    Verification::failed(ProblemCode::Encrypted, message)
}

/// Files read and verified per round. Bounds the package text held at once (a package may
/// be up to 32 MiB) while giving every thread plenty of work.
const BATCH_ROUND: usize = 256;

/// A package file as read: its text, or why it could not be read though it exists.
enum Input {
    Text(String),
    Unreadable(String),
}

/// One file's outcome.
struct Checked {
    label: String,
    /// Without its payload: what the output and the batch relations need of it is in `brief`.
    verification: Verification,
    brief: Option<output::Brief>,
    /// Hex SHA-256 of the signed payload, when its signature verified.
    digest: Option<String>,
    /// Decrypted before verifying.
    decrypted: bool,
}

/// What every file of a batch is verified against.
struct Context<'a> {
    trust: Option<&'a TrustList>,
    packs: &'a [&'a RulePack],
    superseded: &'a [&'a RulePack],
    attachments_dir: Option<&'a Path>,
    /// Opened when the first encrypted package needs it, if `--key` was given.
    decrypt_key: Option<&'a PrivateKey>,
    format: Format,
}

/// Verifies one package file (decrypting it first when it is encrypted).
fn check_file(file: &Path, input: Input, cx: &Context) -> Checked {
    let mut label = file.display().to_string();
    let text = match input {
        Input::Text(text) => text,
        // An unreadable package (too large, not UTF-8) is reported like any malformed one.
        Input::Unreadable(message) => {
            let verification = package::Verification::failed(package::ProblemCode::MalformedEnvelope, message);
            return Checked { label, verification, brief: None, digest: None, decrypted: false };
        }
    };
    let dir = cx.attachments_dir.map(Path::to_path_buf).or_else(|| file.parent().map(Path::to_path_buf)).unwrap_or_default();
    let lookup = attachment_lookup(dir);
    let opts = VerifyOptions { trust: cx.trust, packs: cx.packs, superseded: cx.superseded, attachment: &lookup };
    // Verified as it is first: verify names an encrypted package (`ProblemCode::Encrypted`)
    // exactly when `enc::is_encrypted` holds, and only then is it decrypted and verified.
    let mut decrypted = false;
    let (mut v, payload_bytes) = match package::verify_with_payload_bytes(&text, &opts) {
        (v, _) if v.has(package::ProblemCode::Encrypted) => {
            let Some(key) = cx.decrypt_key else {
                let recipient = EncryptedPackage::from_json(&text).map(|e| format!("（加密对象公钥指纹 {}）", e.recipient_grouped())).unwrap_or_default();
                let verification = encrypted_problem(format!("申报包已加密：请用 --key 指定审核单位私钥解密后核验{recipient}"));
                return Checked { label, verification, brief: None, digest: None, decrypted: false };
            };
            match enc::decrypt(&text, key) {
                Ok(plain) => {
                    decrypted = true;
                    if cx.format == Format::Text {
                        label += "（已解密）";
                    }
                    package::verify_with_payload_bytes(&plain, &opts)
                }
                Err(e) => return Checked { label, verification: encrypted_problem(e.to_string()), brief: None, digest: None, decrypted: false },
            }
        }
        done => done,
    };
    drop(text);
    // The payload hash, for the batch relations (only when the signature held). A file
    // starting with a byte order mark is the same package (verify accepts it), so it has the
    // same hash and is named as a copy.
    let signed = v.payload.is_some() && !v.has(package::ProblemCode::SignatureInvalid) && !v.has(package::ProblemCode::MalformedEnvelope);
    let digest = payload_bytes.filter(|_| signed).map(|b| shenbao_core::crypto::hex(&shenbao_core::crypto::sha256(&b)));
    // The payload is let go here, while its memory is warm, rather than all at the end.
    let brief = v.payload.take().map(output::Brief::of);
    Checked { label, verification: v, brief, digest, decrypted }
}

/// `f` over `items` on up to `jobs` threads, results in the order of `items` whatever the
/// threads' timing. A worker's panic is passed on.
fn parallel_map<T: Sync, R: Send>(items: &[T], jobs: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let jobs = jobs.min(items.len());
    if jobs <= 1 {
        return items.iter().map(f).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let parts: Vec<Vec<(usize, R)>> = std::thread::scope(|s| {
        let work = || {
            let mut mine = Vec::new();
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(item) = items.get(i) else { return mine };
                mine.push((i, f(item)));
            }
        };
        // The main thread's stack size, so that nothing deep behaves differently in a worker.
        let handles: Vec<_> = (0..jobs).map(|_| std::thread::Builder::new().stack_size(8 << 20).spawn_scoped(s, work).expect("a worker thread")).collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    });
    let mut out: Vec<Option<R>> = (0..items.len()).map(|_| None).collect();
    for (i, r) in parts.into_iter().flatten() {
        out[i] = Some(r);
    }
    out.into_iter().map(|r| r.expect("every item was mapped once")).collect()
}

/// Threads for `verify` when `--jobs` is not given: one per available core.
fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// What packages are verified against: the trust list (a signed one checked with the bureau's
/// key), and the pack files given besides the built-in packs.
pub(crate) fn verifier_inputs(trust: Option<&Path>, bureau_key: Option<&Path>, packs: &[PathBuf]) -> Result<(Option<TrustList>, Vec<RulePack>), Failure> {
    let bureau = match bureau_key {
        Some(p) => Some(PublicKey::from_pem(&read(p)?).map_err(|e| Failure(format!("{}：{e}", p.display())))?),
        None => None,
    };
    let trust = match trust {
        Some(p) => Some(TrustList::load(&read(p)?, bureau.as_ref()).map_err(|e| Failure(format!("{}：{e}", p.display())))?.list),
        None => None,
    };
    let mut extra: Vec<(RulePack, &Path)> = Vec::new();
    for p in packs {
        let pack = RulePack::from_json(&read(p)?).map_err(|e| Failure(format!("{}：{e}", p.display())))?;
        // The same version twice with other content: one of the files was altered, and
        // which one is the pack is for its publisher to say, not for the order given.
        match extra.iter().find(|(e, _)| e.meta.id == pack.meta.id && e.meta.version == pack.meta.version) {
            Some((e, _)) if e.source == pack.source => continue,
            Some((_, first)) => {
                return Err(Failure(format!(
                    "{} 与 {} 都是规则包 {} v{}，但内容不同：请向规则包发布单位确认哪一份是正式文本",
                    first.display(),
                    p.display(),
                    pack.meta.id,
                    pack.meta.version
                )));
            }
            None => extra.push((pack, p)),
        }
    }
    Ok((trust, extra.into_iter().map(|(pack, _)| pack).collect()))
}

/// The packs a package is verified against, and the superseded ones it may have been signed
/// under: the built-in packs and their earlier versions, and of the pack files given, for each
/// id the latest version in use and the others earlier (`pack::current_and_earlier`), so
/// that a package signed under an earlier file is re-checked under it and says so, as on the
/// desk.
pub(crate) fn against(extra: &[RulePack]) -> (Vec<&RulePack>, Vec<&RulePack>) {
    let (current, earlier) = shenbao_core::pack::current_and_earlier(&extra.iter().collect::<Vec<_>>());
    (builtin::packs().iter().chain(current).collect(), builtin::superseded_refs().iter().copied().chain(earlier).collect())
}

/// The bytes of a non-embedded attachment by its name, from `dir`: only a plain file name
/// inside it, never a path from the package.
pub(crate) fn attachment_lookup(dir: PathBuf) -> impl Fn(&str) -> Option<Vec<u8>> {
    move |name: &str| {
        if name.contains(['/', '\\']) || name == ".." {
            return None;
        }
        std::fs::read(dir.join(name)).ok()
    }
}

pub fn verify(a: VerifyArgs) -> Result<ExitCode, Failure> {
    let (trust, extra) = verifier_inputs(a.trust, a.bureau_key, a.packs)?;
    let (packs, superseded) = against(&extra);
    let jobs = a.jobs.unwrap_or_else(default_jobs).max(1);
    let mut checked: Vec<Checked> = Vec::with_capacity(a.files.len());
    let mut decrypt_key: Option<PrivateKey> = None;
    for round in a.files.chunks(BATCH_ROUND) {
        let texts = parallel_map(round, jobs, |file| crate::commands::read_limited(file, shenbao_core::input::MAX_PACKAGE_BYTES));
        // In file order, as one file after another: a missing file ends the run, and the
        // bureau key is opened (its passphrase asked once) when the first encrypted package
        // needs it.
        let mut inputs = Vec::with_capacity(round.len());
        for (file, text) in round.iter().zip(texts) {
            let input = match text {
                Ok(text) => {
                    if let Some(key_path) = a.decrypt_key
                        && decrypt_key.is_none()
                        && enc::is_encrypted(&text)
                    {
                        decrypt_key = Some(open_private_key(key_path, a.passphrase_file, "请输入审核单位私钥口令：")?);
                    }
                    Input::Text(text)
                }
                Err(Failure(message)) if file.exists() => Input::Unreadable(message),
                Err(f) => return Err(f),
            };
            inputs.push((file.as_path(), std::sync::Mutex::new(Some(input))));
        }
        let cx = Context {
            trust: trust.as_ref(),
            packs: &packs,
            superseded: &superseded,
            attachments_dir: a.attachments_dir,
            decrypt_key: decrypt_key.as_ref(),
            format: a.format,
        };
        checked.extend(parallel_map(&inputs, jobs, |(file, input)| {
            let input = input.lock().unwrap_or_else(|e| e.into_inner()).take().expect("each file is verified once");
            check_file(file, input, &cx)
        }));
    }
    let decrypted: Vec<bool> = checked.iter().map(|c| c.decrypted).collect();
    let digests: Vec<Option<String>> = checked.iter().map(|c| c.digest.clone()).collect();
    let results: Vec<(String, Verification, Option<output::Brief>)> = checked.into_iter().map(|c| (c.label, c.verification, c.brief)).collect();
    let all_valid = results.iter().all(|(_, v, _)| v.valid);
    // Copies, replayed ids and revisions among the files given together.
    let mut notes = vec![Vec::new(); results.len()];
    {
        let signed: Vec<usize> = (0..results.len()).filter(|&i| digests[i].is_some()).collect();
        let received: Vec<batch::Received> = signed
            .iter()
            .map(|&i| {
                let p = results[i].2.as_ref().expect("signed packages have a payload");
                batch::Received { label: &results[i].0, id: &p.id, sha256: digests[i].as_deref().unwrap_or(""), previous: p.previous.as_ref() }
            })
            .collect();
        for (k, n) in batch::notes(&received).into_iter().enumerate() {
            notes[signed[k]] = n;
        }
    }
    match a.format {
        Format::Json => {
            let list: Vec<_> = results
                .iter()
                .enumerate()
                .map(|(i, (f, v, p))| {
                    json!({
                        "file": f, "decrypted": decrypted[i], "valid": v.valid, "signer": v.signer, "fingerprint": v.fingerprint,
                        "package_id": p.as_ref().map(|p| p.id.clone()),
                        "project": p.as_ref().and_then(|p| p.project.clone()),
                        "listed_without_file": p.as_ref().map(|p| p.without_file.clone()),
                        "problems": v.problems,
                        "pack_superseded": v.pack_superseded,
                        "engine_changed": v.engine_changed,
                        "payload_sha256": digests[i],
                        "notes": notes[i],
                    })
                })
                .collect();
            emit(&(serde_json::to_string_pretty(&list)? + "\n"))?;
        }
        Format::Text => {
            let mut out = output::verify_text(&results);
            if notes.iter().any(|n| !n.is_empty()) {
                out.push_str("\n同批申报包之间的关系：\n");
                for ((label, _, _), n) in results.iter().zip(&notes) {
                    for note in n {
                        out.push_str(&format!("  {label}：{note}\n"));
                    }
                }
            }
            emit(&out)?
        }
    }
    Ok(if all_valid { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// Opens a passphrase-protected private key file, naming the file in any error.
fn open_private_key(path: &Path, passphrase_file: Option<&Path>, prompt: &str) -> Result<PrivateKey, Failure> {
    let text = read(path)?;
    let pass = passphrase(passphrase_file, prompt)?;
    PrivateKey::from_encrypted_pem(&text, pass.as_bytes()).map_err(|e| Failure(format!("{}：{e}", path.display())))
}

/// `encrypt PACKAGE --to BUREAU.pub.pem`: the package under SM4-GCM, its key wrapped to the
/// bureau's SM2 key. The signed bytes inside are kept exactly.
pub fn encrypt(package_path: &Path, to: &Path, out: Option<&Path>, force: bool) -> Result<ExitCode, Failure> {
    let bytes = std::fs::read(package_path).map_err(|e| Failure(format!("无法读取 {}：{e}", package_path.display())))?;
    let recipient = PublicKey::from_pem(&read(to)?).map_err(|e| Failure(format!("{}：{e}", to.display())))?;
    let mut random = Zeroizing::new([0u8; EncryptRandomness::LEN]);
    getrandom::fill(&mut random[..]).map_err(|e| Failure(format!("无法获取随机数：{e}")))?;
    let sealed = enc::encrypt(&bytes, &recipient, &EncryptRandomness::from_bytes(&random)).map_err(|e| Failure(format!("{}：{e}", package_path.display())))?;
    let out = out.map(Path::to_path_buf).unwrap_or_else(|| sibling(package_path, enc::encrypted_file_name));
    write_new(&out, sealed.to_json_pretty(), force)?;
    emit(&format!(
        "已加密：{}\n  加密对象（审核单位公钥）指纹：{}\n  只有持有对应私钥的审核单位才能解密；加密不改变签名。\n",
        out.display(),
        recipient.fingerprint().grouped()
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// `decrypt FILE --key BUREAU.pem`: the signed package back, byte for byte.
pub fn decrypt(file: &Path, key: &Path, passphrase_file: Option<&Path>, out: Option<&Path>, force: bool) -> Result<ExitCode, Failure> {
    let text = read(file)?;
    // Checked before asking for the passphrase: a plain or damaged file needs no key.
    let sealed = EncryptedPackage::from_json(&text).map_err(|e| Failure(format!("{}：{e}", file.display())))?;
    let key = open_private_key(key, passphrase_file, "请输入审核单位私钥口令：")?;
    let plain = sealed.decrypt(&key).map_err(|e| Failure(format!("{}：{e}", file.display())))?;
    let plain = String::from_utf8(plain).map_err(|_| Failure(format!("{}：解密后的内容不是 UTF-8 文本", file.display())))?;
    let out = out.map(Path::to_path_buf).unwrap_or_else(|| sibling(file, enc::decrypted_file_name));
    write_new(&out, &plain, force)?;
    emit(&format!("已解密：{}\n  请用 shenbao verify 核验签名。\n", out.display()))?;
    Ok(ExitCode::SUCCESS)
}

/// `dir/name` → `dir/rename(name)`.
fn sibling(path: &Path, rename: fn(&str) -> String) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    path.with_file_name(rename(&name))
}

pub fn trust_sign(list: &Path, key: &Path, passphrase_file: Option<&Path>, out: &Path, force: bool) -> Result<ExitCode, Failure> {
    let loaded = TrustList::load(&read(list)?, None).map_err(|e| Failure(format!("{}：{e}", list.display())))?;
    let pass = passphrase(passphrase_file, "请输入数据局私钥口令：")?;
    let key = PrivateKey::from_encrypted_pem(&read(key)?, pass.as_bytes())?;
    let env = loaded.list.sign(&key)?;
    write_new(out, env.to_json_pretty(), force)?;
    emit(&format!("信任列表已签名：{}（{} 项，签名公钥指纹 {}）\n", out.display(), loaded.list.entries.len(), key.public_key().fingerprint().grouped()))?;
    Ok(ExitCode::SUCCESS)
}

fn load_plain_list(path: &Path) -> Result<TrustList, Failure> {
    let loaded = TrustList::load(&read(path)?, None)
        .map_err(|e| Failure(format!("{}：{e}（已签名的信任列表不能直接修改，请修改未签名的原件后重新签名）", path.display())))?;
    Ok(loaded.list)
}

fn save_list(path: &Path, list: &TrustList) -> Result<(), Failure> {
    write_new(path, &(serde_json::to_string_pretty(list)? + "\n"), true)
}

pub fn trust_add(
    path: &Path,
    key: &Path,
    department: &str,
    credit_code: &str,
    valid_from: chrono::NaiveDate,
    valid_until: Option<chrono::NaiveDate>,
    issuer: Option<&str>,
) -> Result<ExitCode, Failure> {
    use shenbao_core::package::trust::{TRUST_LIST_FORMAT, TrustEntry};
    let mut list = if path.exists() {
        load_plain_list(path)?
    } else {
        let issuer = issuer.ok_or_else(|| Failure(format!("{} 不存在；新建信任列表时请用 --issuer 写明数据局名称", path.display())))?;
        TrustList { format: TRUST_LIST_FORMAT.into(), issuer: issuer.into(), issued_at: now_rfc3339(), entries: Vec::new() }
    };
    shenbao_core::checks::check_credit_code(credit_code).map_err(|e| Failure(format!("统一社会信用代码{}", e.describe())))?;
    if valid_until.is_some_and(|u| u < valid_from) {
        return Err(Failure("有效期截止日早于起始日".into()));
    }
    let public = PublicKey::from_pem(&read(key)?).map_err(|e| Failure(format!("{}：{e}", key.display())))?;
    let fp = public.fingerprint();
    if list.find(&fp.sm3_hex()).is_some() {
        return Err(Failure(format!("该公钥（指纹 {}）已在信任列表中", fp.grouped())));
    }
    list.entries.push(TrustEntry::active(&public, department, credit_code, valid_from, valid_until));
    list.issued_at = now_rfc3339();
    save_list(path, &list)?;
    emit(&format!("已登记：{department}（{credit_code}）{} 公钥，指纹 {}\n", public.algorithm().label(), fp.grouped()))?;
    Ok(ExitCode::SUCCESS)
}

pub fn trust_revoke(path: &Path, fingerprint: &str, date: chrono::NaiveDate, reason: &str) -> Result<ExitCode, Failure> {
    use shenbao_core::package::trust::KeyStatus;
    let mut list = load_plain_list(path)?;
    let wanted: String = fingerprint.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_lowercase();
    let entry = list
        .entries
        .iter_mut()
        .find(|e| e.fingerprint.eq_ignore_ascii_case(&wanted))
        .ok_or_else(|| Failure(format!("信任列表中没有指纹为 {fingerprint} 的公钥")))?;
    entry.status = KeyStatus::Revoked;
    entry.revoked_at = Some(date);
    entry.reason = Some(reason.into());
    let who = entry.department.clone();
    list.issued_at = now_rfc3339();
    save_list(path, &list)?;
    emit(&format!("已吊销 {who} 的公钥（{date}，{reason}）\n"))?;
    Ok(ExitCode::SUCCESS)
}

pub fn trust_show(path: &Path, bureau_key: Option<&Path>) -> Result<ExitCode, Failure> {
    let bureau = match bureau_key {
        Some(p) => Some(PublicKey::from_pem(&read(p)?).map_err(|e| Failure(format!("{}：{e}", p.display())))?),
        None => None,
    };
    let loaded = TrustList::load(&read(path)?, bureau.as_ref()).map_err(|e| Failure(format!("{}：{e}", path.display())))?;
    emit(&output::trust_table(&loaded))?;
    Ok(ExitCode::SUCCESS)
}

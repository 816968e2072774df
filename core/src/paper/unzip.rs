//! One entry of a ZIP archive, found by name: what a Word document (`.docx`) a person picks is
//! a container of. Inflating is not done here: the browser has `DecompressionStream
//! ('deflate-raw')`, so a deflated entry is handed back as its raw deflate bytes with the size
//! and CRC-32 the directory gives, and [`check`] holds the inflated bytes to them.
//!
//! The archive is a file from anywhere: every offset and length read from it is checked
//! before use, so that no input makes this panic or read outside it. Read as unzip tools read
//! it — by the central directory, which has the sizes and CRC even when the local header
//! leaves them to a data descriptor (general purpose bit 3) — and with ZIP64 only as far as an
//! entry's sizes and offset (and the directory's place) need it: a Word file never needs more.

use super::zip::crc32;

/// The most an entry may hold once inflated: a Word document's text is a few megabytes at
/// most, and an entry declaring more is refused before the browser is asked to inflate it.
pub const MAX_SIZE: u64 = 64 << 20;

const END_OF_DIRECTORY: u32 = 0x0605_4B50;
const ZIP64_LOCATOR: u32 = 0x0706_4B50;
const ZIP64_END_OF_DIRECTORY: u32 = 0x0606_4B50;
const CENTRAL_HEADER: u32 = 0x0201_4B50;
const LOCAL_HEADER: u32 = 0x0403_4B50;
/// The fixed part of each record.
const END_LEN: usize = 22;
const CENTRAL_LEN: usize = 46;
const LOCAL_LEN: usize = 30;
/// An entry's sizes or offset saturated: the real value is in its ZIP64 extra field.
const SATURATED: u32 = 0xFFFF_FFFF;
const ZIP64_EXTRA: u16 = 0x0001;

/// The first bytes of an OLE compound file: an old `.doc`, or a `.docx` with a password to
/// open (Word encrypts the whole package into such a file, [`encrypted_package`]).
const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// One entry's bytes as they are in the archive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry<'a> {
    /// Method 0: the bytes themselves (CRC-32 already checked against the directory).
    Stored(&'a [u8]),
    /// Method 8: raw deflate data (no zlib header), to inflate; `size` is the uncompressed size
    /// the directory gives, `crc` its CRC-32 (check after inflating with [`check`]). `size` is
    /// at most [`MAX_SIZE`]: an inflater should stop past it rather than trust the data.
    Deflated { data: &'a [u8], size: u64, crc: u32 },
}

/// Why an entry could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnzipError {
    /// Not a ZIP archive at all (an old `.doc`, a PDF, a picture…).
    NotZip,
    /// A ZIP archive, but cut short or altered: a record out of place, a length running past
    /// the end, a CRC that does not agree.
    Damaged,
    /// The archive has no entry of that name.
    Missing,
    /// The entry is encrypted (general purpose bit 0), or the file is a Word document with a
    /// password to open.
    Encrypted,
    /// The entry's compression method (neither stored nor deflated).
    Unsupported(u16),
    /// The entry declares more than [`MAX_SIZE`] bytes.
    TooLarge,
}

impl std::fmt::Display for UnzipError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            UnzipError::NotZip => f.write_str("不是 ZIP 格式的文件"),
            UnzipError::Damaged => f.write_str("文件已损坏，读不出其中的内容"),
            UnzipError::Missing => f.write_str("文件中没有所需的内容"),
            UnzipError::Encrypted => f.write_str("文件已加密（设有打开密码），请先在 Word 中取消密码再选择"),
            UnzipError::Unsupported(method) => write!(f, "文件使用了不支持的压缩方式（{method}）"),
            UnzipError::TooLarge => f.write_str("文件中的内容过大"),
        }
    }
}

impl std::error::Error for UnzipError {}

/// `n` bytes at `at`, if the archive has them.
fn bytes(b: &[u8], at: usize, n: usize) -> Option<&[u8]> {
    b.get(at..at.checked_add(n)?)
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(bytes(b, at, 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes(b, at, 4)?.try_into().ok()?))
}

fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(bytes(b, at, 8)?.try_into().ok()?))
}

/// A value read from the archive used as an offset or length: one that does not fit in
/// memory's addresses is past the end of any archive held in memory.
fn index(v: u64) -> Result<usize, UnzipError> {
    usize::try_from(v).map_err(|_| UnzipError::Damaged)
}

/// Whether an OLE compound file is an encrypted Office package rather than an old `.doc`: its
/// directory names the stream `EncryptedPackage` (ECMA-376 part 2 / MS-OFFCRYPTO), in UTF-16.
fn encrypted_package(file: &[u8]) -> bool {
    let name: Vec<u8> = "EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes).collect();
    file.windows(name.len()).any(|w| w == name.as_slice())
}

/// Where the end of central directory record is: the last one, within the longest comment
/// (65,535 bytes) of the end, whose comment runs to no further than the end.
fn end_record(archive: &[u8]) -> Option<usize> {
    let last = archive.len().checked_sub(END_LEN)?;
    let first = last.saturating_sub(usize::from(u16::MAX));
    (first..=last).rev().find(|&at| {
        u32_at(archive, at) == Some(END_OF_DIRECTORY) && u16_at(archive, at + 20).is_some_and(|comment| at + END_LEN + usize::from(comment) <= archive.len())
    })
}

/// The central directory: where it starts, how long it is, how many entries it lists.
struct Directory {
    offset: u64,
    size: u64,
    count: u64,
}

/// The directory as the end record gives it, or, when the record points to a ZIP64 end record
/// (through the locator just before it), as that one gives it.
fn directory(archive: &[u8], end: usize) -> Result<Directory, UnzipError> {
    let damaged = || UnzipError::Damaged;
    let count = u64::from(u16_at(archive, end + 10).ok_or_else(damaged)?);
    let size = u64::from(u32_at(archive, end + 12).ok_or_else(damaged)?);
    let offset = u64::from(u32_at(archive, end + 16).ok_or_else(damaged)?);
    let locator = end.checked_sub(20).filter(|&at| u32_at(archive, at) == Some(ZIP64_LOCATOR));
    let Some(locator) = locator else { return Ok(Directory { offset, size, count }) };
    let at = index(u64_at(archive, locator + 8).ok_or_else(damaged)?)?;
    // The signature read first: past it, `at` is well inside the archive.
    if u32_at(archive, at) != Some(ZIP64_END_OF_DIRECTORY) {
        return Err(damaged());
    }
    let read = |field: usize| u64_at(archive, at + field).ok_or_else(damaged);
    Ok(Directory { count: read(32)?, size: read(40)?, offset: read(48)? })
}

/// A central directory record, its sizes and offset as the ZIP64 extra field completes them.
struct Central<'a> {
    flags: u16,
    method: u16,
    crc: u32,
    compressed: u64,
    size: u64,
    local: u64,
    name: &'a [u8],
    /// The record's whole length, to step to the next one.
    len: usize,
}

/// The record at `at` of the directory `dir` (the directory's bytes alone, so that a record
/// cannot run past it).
fn central(dir: &[u8], at: usize) -> Option<Central<'_>> {
    if u32_at(dir, at)? != CENTRAL_HEADER {
        return None;
    }
    let name_len = usize::from(u16_at(dir, at + 28)?);
    let extra_len = usize::from(u16_at(dir, at + 30)?);
    let comment_len = usize::from(u16_at(dir, at + 32)?);
    let name = bytes(dir, at + CENTRAL_LEN, name_len)?;
    let extra = bytes(dir, at + CENTRAL_LEN + name_len, extra_len)?;
    bytes(dir, at + CENTRAL_LEN + name_len + extra_len, comment_len)?;
    let mut record = Central {
        flags: u16_at(dir, at + 8)?,
        method: u16_at(dir, at + 10)?,
        crc: u32_at(dir, at + 16)?,
        compressed: u64::from(u32_at(dir, at + 20)?),
        size: u64::from(u32_at(dir, at + 24)?),
        local: u64::from(u32_at(dir, at + 42)?),
        name,
        len: CENTRAL_LEN + name_len + extra_len + comment_len,
    };
    zip64(&mut record, extra)?;
    Some(record)
}

/// Replaces the saturated sizes and offset of `record` by the 64-bit values of its ZIP64
/// extra field, which holds those (and only those) in this order: size, compressed size,
/// offset. None when one is saturated and the field is missing or too short.
fn zip64(record: &mut Central<'_>, extra: &[u8]) -> Option<()> {
    let saturated = |v: u64| v == u64::from(SATURATED);
    if !saturated(record.size) && !saturated(record.compressed) && !saturated(record.local) {
        return Some(());
    }
    let mut at = 0;
    let field = loop {
        let id = u16_at(extra, at)?;
        let len = usize::from(u16_at(extra, at + 2)?);
        let data = bytes(extra, at + 4, len)?;
        if id == ZIP64_EXTRA {
            break data;
        }
        at += 4 + len;
    };
    let mut next = 0;
    for value in [&mut record.size, &mut record.compressed, &mut record.local] {
        if saturated(*value) {
            *value = u64_at(field, next)?;
            next += 8;
        }
    }
    Some(())
}

/// The entry `record` describes: its data located through its local header, whose name and
/// extra field may differ in length from the central record's.
fn read<'a>(archive: &'a [u8], record: &Central<'_>) -> Result<Entry<'a>, UnzipError> {
    if record.flags & 1 != 0 {
        return Err(UnzipError::Encrypted);
    }
    if record.size > MAX_SIZE {
        return Err(UnzipError::TooLarge);
    }
    let damaged = || UnzipError::Damaged;
    let local = index(record.local)?;
    // The signature read first: past it, `local` is well inside the archive.
    if u32_at(archive, local) != Some(LOCAL_HEADER) {
        return Err(damaged());
    }
    let name_len = usize::from(u16_at(archive, local + 26).ok_or_else(damaged)?);
    let extra_len = usize::from(u16_at(archive, local + 28).ok_or_else(damaged)?);
    let start = local.checked_add(LOCAL_LEN + name_len + extra_len).ok_or_else(damaged)?;
    let data = bytes(archive, start, index(record.compressed)?).ok_or_else(damaged)?;
    match record.method {
        0 if record.compressed == record.size && crc32(data) == record.crc => Ok(Entry::Stored(data)),
        0 => Err(damaged()),
        8 => Ok(Entry::Deflated { data, size: record.size, crc: record.crc }),
        m => Err(UnzipError::Unsupported(m)),
    }
}

/// Why a file with no end of central directory is not read: an OLE compound file is an old
/// `.doc` (the caller says so) or a password-protected `.docx`; a file that begins as a ZIP
/// archive does is one cut short (an interrupted download or copy); anything else is not one.
fn unreadable(archive: &[u8]) -> UnzipError {
    if archive.starts_with(&OLE_MAGIC) && encrypted_package(archive) {
        UnzipError::Encrypted
    } else if archive.starts_with(&LOCAL_HEADER.to_le_bytes()) {
        UnzipError::Damaged
    } else {
        UnzipError::NotZip
    }
}

/// The entry named `name` (its bytes exactly, as the directory has them: `word/document.xml`),
/// the first if the archive names several so.
pub fn entry<'a>(archive: &'a [u8], name: &str) -> Result<Entry<'a>, UnzipError> {
    if archive.starts_with(&OLE_MAGIC) {
        return Err(unreadable(archive));
    }
    let end = end_record(archive).ok_or_else(|| unreadable(archive))?;
    let dir = directory(archive, end)?;
    let start = index(dir.offset)?;
    let listing = bytes(archive, start, index(dir.size)?).ok_or(UnzipError::Damaged)?;
    let mut at = 0;
    // Each record is at least 46 bytes of the directory, so a count larger than it holds ends
    // at its end, as damaged.
    for _ in 0..dir.count {
        let record = central(listing, at).ok_or(UnzipError::Damaged)?;
        if record.name == name.as_bytes() {
            return read(archive, &record);
        }
        at += record.len;
    }
    Err(UnzipError::Missing)
}

/// After inflating a Deflated entry: the bytes' length and CRC-32 agree with the directory.
pub fn check(inflated: &[u8], size: u64, crc: u32) -> Result<(), UnzipError> {
    if inflated.len() as u64 == size && crc32(inflated) == crc { Ok(()) } else { Err(UnzipError::Damaged) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paper::zip::stored;

    /// One entry of an archive written by hand, for what our writer does not write.
    #[derive(Default)]
    struct Raw<'a> {
        name: &'a str,
        method: u16,
        flags: u16,
        /// As in the archive (for method 8, raw deflate).
        data: &'a [u8],
        size: u32,
        crc: u32,
        /// Sizes and offset saturated in the central record, their values in a ZIP64 extra
        /// field (`zip64_extra` overrides the field's bytes).
        zip64: bool,
        zip64_extra: Option<Vec<u8>>,
        /// The local header's CRC and sizes left zero (bit 3), a data descriptor after the data.
        descriptor: bool,
        /// An extra field in the local header only (as some writers pad there).
        local_extra: &'a [u8],
    }

    fn le16(out: &mut Vec<u8>, v: u16) {
        out.extend_from_slice(&v.to_le_bytes());
    }

    fn le32(out: &mut Vec<u8>, v: u32) {
        out.extend_from_slice(&v.to_le_bytes());
    }

    fn raw(entries: &[Raw<'_>]) -> Vec<u8> {
        let (mut out, mut central) = (Vec::new(), Vec::new());
        for e in entries {
            let offset = out.len() as u32;
            let compressed = e.data.len() as u32;
            let flags = e.flags | if e.descriptor { 1 << 3 } else { 0 };
            le32(&mut out, LOCAL_HEADER);
            for v in [20, flags, e.method, 0, 0] {
                le16(&mut out, v);
            }
            for v in if e.descriptor { [0, 0, 0] } else { [e.crc, compressed, e.size] } {
                le32(&mut out, v);
            }
            le16(&mut out, e.name.len() as u16);
            le16(&mut out, e.local_extra.len() as u16);
            out.extend_from_slice(e.name.as_bytes());
            out.extend_from_slice(e.local_extra);
            out.extend_from_slice(e.data);
            if e.descriptor {
                for v in [0x0807_4B50, e.crc, compressed, e.size] {
                    le32(&mut out, v);
                }
            }
            let extra = match (&e.zip64_extra, e.zip64) {
                (Some(x), _) => x.clone(),
                (None, true) => {
                    let mut x = vec![0x01, 0x00, 24, 0];
                    for v in [u64::from(e.size), u64::from(compressed), u64::from(offset)] {
                        x.extend_from_slice(&v.to_le_bytes());
                    }
                    x
                }
                (None, false) => Vec::new(),
            };
            le32(&mut central, CENTRAL_HEADER);
            for v in [20, 20, flags, e.method, 0, 0] {
                le16(&mut central, v);
            }
            let saturated = |v: u32| if e.zip64 { SATURATED } else { v };
            for v in [e.crc, saturated(compressed), saturated(e.size)] {
                le32(&mut central, v);
            }
            for v in [e.name.len() as u16, extra.len() as u16, 0, 0, 0] {
                le16(&mut central, v);
            }
            le32(&mut central, 0);
            le32(&mut central, saturated(offset));
            central.extend_from_slice(e.name.as_bytes());
            central.extend_from_slice(&extra);
        }
        let (at, len) = (out.len() as u32, central.len() as u32);
        out.extend_from_slice(&central);
        le32(&mut out, END_OF_DIRECTORY);
        for v in [0, 0, entries.len() as u16, entries.len() as u16] {
            le16(&mut out, v);
        }
        le32(&mut out, len);
        le32(&mut out, at);
        le16(&mut out, 0);
        out
    }

    /// `data` as raw deflate in stored blocks (no compression, valid deflate all the same), in
    /// pieces of `piece` bytes: what the browser's inflater would read.
    fn deflate_stored(data: &[u8], piece: usize) -> Vec<u8> {
        let pieces: Vec<&[u8]> = if data.is_empty() { vec![data] } else { data.chunks(piece).collect() };
        let mut out = Vec::new();
        for (i, p) in pieces.iter().enumerate() {
            let len = p.len() as u16;
            out.push(u8::from(i + 1 == pieces.len())); // BFINAL; BTYPE 00: stored
            out.extend_from_slice(&len.to_le_bytes());
            out.extend_from_slice(&(!len).to_le_bytes());
            out.extend_from_slice(p);
        }
        out
    }

    /// Inflates raw deflate made of stored blocks only (the test's stand-in for the browser).
    fn inflate_stored(mut raw: &[u8]) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        loop {
            let (&head, rest) = raw.split_first()?;
            if head & 0b110 != 0 {
                return None; // a compressed block: not for this stand-in
            }
            let len = u16::from_le_bytes(rest.get(..2)?.try_into().ok()?);
            let nlen = u16::from_le_bytes(rest.get(2..4)?.try_into().ok()?);
            if len != !nlen {
                return None;
            }
            out.extend_from_slice(rest.get(4..4 + usize::from(len))?);
            raw = rest.get(4 + usize::from(len)..)?;
            if head & 1 == 1 {
                return Some(out);
            }
        }
    }

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(format!("{}/../tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    const XML: &[u8] = b"<?xml version=\"1.0\"?><w:document/>";

    #[test]
    fn each_entry_of_our_archives_reads_back_by_name() {
        let parts: [(&str, &[u8]); 4] =
            [("[Content_Types].xml", b"<Types/>"), ("word/document.xml", XML), ("附件/说明.txt", "中文内容".as_bytes()), ("empty", b"")];
        let zip = stored(&parts);
        for (name, data) in parts {
            assert_eq!(entry(&zip, name), Ok(Entry::Stored(data)), "{name}");
        }
    }

    #[test]
    fn a_name_is_matched_exactly() {
        let zip = stored(&[("word/document.xml", XML)]);
        for name in ["word/document", "Word/document.xml", "/word/document.xml", "word/document.xml ", ""] {
            assert_eq!(entry(&zip, name), Err(UnzipError::Missing), "{name:?}");
        }
        assert_eq!(entry(&stored(&[]), "word/document.xml"), Err(UnzipError::Missing), "an empty archive");
        // The first of two of the same name.
        let zip = stored(&[("a", b"1"), ("a", b"2")]);
        assert_eq!(entry(&zip, "a"), Ok(Entry::Stored(b"1")));
    }

    #[test]
    fn an_archive_cut_short_anywhere_is_damaged() {
        let zip = stored(&[("[Content_Types].xml", b"<Types/>"), ("word/document.xml", XML)]);
        for len in 0..zip.len() {
            let got = entry(&zip[..len], "word/document.xml");
            let expected = if len < 4 { UnzipError::NotZip } else { UnzipError::Damaged };
            assert_eq!(got, Err(expected), "cut at {len}");
        }
        // A comment after the end record is no harm.
        let mut commented = zip.clone();
        let n = commented.len();
        commented[n - 2..].copy_from_slice(&7u16.to_le_bytes());
        commented.extend_from_slice(b"comment");
        assert_eq!(entry(&commented, "word/document.xml"), Ok(Entry::Stored(XML)));
    }

    #[test]
    fn an_altered_archive_never_gives_other_bytes_and_never_panics() {
        let zip = stored(&[("a.xml", b"<a/>"), ("word/document.xml", XML)]);
        let mut tried = 0;
        let mut try_it = |bytes: &[u8]| {
            tried += 1;
            match entry(bytes, "word/document.xml") {
                Ok(Entry::Stored(data)) => assert_eq!(data, XML),
                Ok(other) => assert!(matches!(other, Entry::Deflated { .. })),
                Err(_) => {}
            }
        };
        for i in 0..zip.len() {
            for v in [0x00, 0xFF, zip[i] ^ 0x01, zip[i] ^ 0x80] {
                let mut altered = zip.clone();
                altered[i] = v;
                try_it(&altered);
            }
            // Saturated values send the reader to the ZIP64 paths.
            let mut altered = zip.clone();
            let end = (i + 4).min(zip.len());
            altered[i..end].fill(0xFF);
            try_it(&altered);
        }
        assert!(tried > 5 * zip.len() - 1);
    }

    #[test]
    fn what_is_not_an_archive_says_so() {
        let mut noise = Vec::new();
        let mut x: u32 = 12345;
        for _ in 0..4096 {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            noise.push((x >> 16) as u8);
        }
        for bytes in [&b""[..], b"PK", b"hello", b"%PDF-1.7\n", b"{\"project\":{}}", &noise] {
            assert_eq!(entry(bytes, "word/document.xml"), Err(UnzipError::NotZip), "{:?}", &bytes[..bytes.len().min(8)]);
        }
        // An end record pointing anywhere.
        let mut wild = vec![0u8; 64];
        wild.extend_from_slice(&END_OF_DIRECTORY.to_le_bytes());
        wild.extend_from_slice(&[0, 0, 0, 0, 5, 0, 5, 0, 0xFF, 0xFF, 0xFF, 0x7F, 0xF0, 0xFF, 0xFF, 0xFF, 0, 0]);
        assert_eq!(entry(&wild, "word/document.xml"), Err(UnzipError::Damaged));
    }

    #[test]
    fn an_old_word_file_is_not_an_archive_and_an_encrypted_new_one_is_encrypted() {
        let mut doc = OLE_MAGIC.to_vec();
        doc.extend_from_slice(&[0; 504]);
        doc.extend("WordDocument".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(entry(&doc, "word/document.xml"), Err(UnzipError::NotZip));
        // A .docx with a password to open: Word writes the package encrypted into an OLE file.
        let mut docx = OLE_MAGIC.to_vec();
        docx.extend_from_slice(&[0; 504]);
        docx.extend("EncryptionInfo".encode_utf16().chain("EncryptedPackage".encode_utf16()).flat_map(u16::to_le_bytes));
        assert_eq!(entry(&docx, "word/document.xml"), Err(UnzipError::Encrypted));
    }

    #[test]
    fn an_encrypted_entry_is_refused_as_encrypted() {
        let data = deflate_stored(XML, 1000);
        let zip = raw(&[Raw { name: "word/document.xml", method: 8, flags: 1, data: &data, size: XML.len() as u32, crc: crc32(XML), ..Raw::default() }]);
        assert_eq!(entry(&zip, "word/document.xml"), Err(UnzipError::Encrypted));
        // AES (method 99) sets bit 0 as well.
        let zip = raw(&[Raw { name: "word/document.xml", method: 99, flags: 1, data: &data, size: XML.len() as u32, crc: crc32(XML), ..Raw::default() }]);
        assert_eq!(entry(&zip, "word/document.xml"), Err(UnzipError::Encrypted));
    }

    #[test]
    fn a_deflated_entry_is_its_raw_data_with_the_size_and_crc_to_check_once_inflated() {
        let xml = "<w:document>需求方案</w:document>".repeat(50);
        let data = deflate_stored(xml.as_bytes(), 300);
        let (size, crc) = (xml.len() as u32, crc32(xml.as_bytes()));
        let zip = raw(&[
            Raw { name: "[Content_Types].xml", data: b"<Types/>", size: 8, crc: crc32(b"<Types/>"), ..Raw::default() },
            Raw { name: "word/document.xml", method: 8, data: &data, size, crc, ..Raw::default() },
        ]);
        let Ok(Entry::Deflated { data: got, size: got_size, crc: got_crc }) = entry(&zip, "word/document.xml") else { panic!("deflated") };
        assert_eq!((got, got_size, got_crc), (&data[..], u64::from(size), crc));
        let inflated = inflate_stored(got).unwrap();
        assert_eq!(inflated, xml.as_bytes());
        assert_eq!(check(&inflated, got_size, got_crc), Ok(()));
        assert_eq!(check(&inflated[1..], got_size, got_crc), Err(UnzipError::Damaged), "a byte short");
        let mut altered = inflated.clone();
        altered[10] ^= 1;
        assert_eq!(check(&altered, got_size, got_crc), Err(UnzipError::Damaged), "a byte changed");
        assert_eq!(entry(&zip, "[Content_Types].xml"), Ok(Entry::Stored(b"<Types/>")));
    }

    #[test]
    fn sizes_come_from_the_directory_and_data_from_where_the_local_header_says() {
        let data = deflate_stored(XML, 1000);
        let entry_of = |r: Raw<'_>| {
            let zip = raw(&[Raw { name: "x", data: b"x", size: 1, crc: crc32(b"x"), ..Raw::default() }, r]);
            entry(&zip, "word/document.xml").map(|e| match e {
                Entry::Deflated { data, size, crc } => (data.to_vec(), size, crc),
                Entry::Stored(data) => (data.to_vec(), 0, 0),
            })
        };
        let base = || Raw { name: "word/document.xml", method: 8, data: &data, size: XML.len() as u32, crc: crc32(XML), ..Raw::default() };
        let expected = Ok((data.clone(), XML.len() as u64, crc32(XML)));
        // Bit 3: the local header's sizes are zero, a data descriptor follows the data.
        assert_eq!(entry_of(Raw { descriptor: true, ..base() }), expected);
        // The local header's extra field differs from the central record's.
        assert_eq!(entry_of(Raw { local_extra: &[0x99, 0x99, 4, 0, 1, 2, 3, 4], ..base() }), expected);
        // ZIP64: sizes and offset in the extra field.
        assert_eq!(entry_of(Raw { zip64: true, ..base() }), expected);
        // ZIP64 values announced but not there, or cut short.
        assert_eq!(entry_of(Raw { zip64: true, zip64_extra: Some(Vec::new()), ..base() }), Err(UnzipError::Damaged));
        assert_eq!(
            entry_of(Raw { zip64: true, zip64_extra: Some(vec![0x01, 0, 16, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), ..base() }),
            Err(UnzipError::Damaged)
        );
        assert_eq!(entry_of(Raw { zip64: true, zip64_extra: Some(vec![0x01, 0, 200, 0, 1, 2]), ..base() }), Err(UnzipError::Damaged));
    }

    #[test]
    fn a_stored_entry_that_does_not_agree_with_its_directory_is_damaged() {
        let stored_entry = |crc: u32, size: u32| {
            let zip = raw(&[Raw { name: "word/document.xml", data: XML, size, crc, ..Raw::default() }]);
            entry(&zip, "word/document.xml").map(|e| e == Entry::Stored(XML))
        };
        assert_eq!(stored_entry(crc32(XML), XML.len() as u32), Ok(true));
        assert_eq!(stored_entry(crc32(XML) ^ 1, XML.len() as u32), Err(UnzipError::Damaged), "CRC");
        assert_eq!(stored_entry(crc32(XML), XML.len() as u32 + 1), Err(UnzipError::Damaged), "size");
        // Our writer's archive with one byte of the data changed.
        let mut zip = stored(&[("word/document.xml", XML)]);
        let at = 30 + "word/document.xml".len() + 5;
        zip[at] ^= 0x20;
        assert_eq!(entry(&zip, "word/document.xml"), Err(UnzipError::Damaged));
    }

    #[test]
    fn other_methods_and_huge_entries_are_refused() {
        let zip = raw(&[Raw { name: "word/document.xml", method: 12, data: b"BZh9", size: 100, crc: 0, ..Raw::default() }]);
        assert_eq!(entry(&zip, "word/document.xml"), Err(UnzipError::Unsupported(12)));
        assert_eq!(UnzipError::Unsupported(12).to_string(), "文件使用了不支持的压缩方式（12）");
        let data = deflate_stored(b"", 1);
        let huge = u32::try_from(MAX_SIZE + 1).unwrap();
        let zip = raw(&[Raw { name: "word/document.xml", method: 8, data: &data, size: huge, crc: 0, ..Raw::default() }]);
        assert_eq!(entry(&zip, "word/document.xml"), Err(UnzipError::TooLarge));
        let zip = raw(&[Raw { name: "word/document.xml", method: 8, data: &data, size: huge - 1, crc: 0, ..Raw::default() }]);
        assert!(matches!(entry(&zip, "word/document.xml"), Ok(Entry::Deflated { size, .. }) if size == MAX_SIZE));
    }

    #[test]
    fn errors_say_what_went_wrong_in_chinese() {
        assert_eq!(UnzipError::NotZip.to_string(), "不是 ZIP 格式的文件");
        assert_eq!(UnzipError::Damaged.to_string(), "文件已损坏，读不出其中的内容");
        assert_eq!(UnzipError::Missing.to_string(), "文件中没有所需的内容");
        assert_eq!(UnzipError::Encrypted.to_string(), "文件已加密（设有打开密码），请先在 Word 中取消密码再选择");
        assert_eq!(UnzipError::TooLarge.to_string(), "文件中的内容过大");
    }

    #[test]
    fn a_word_file_saved_by_word_has_its_document_deflated() {
        // tests/word/make_plan.py: a .docx written by python-docx, deflated as Word does.
        let docx = fixture("../word/plan.docx");
        let xml = fixture("../word/plan.document.xml");
        let Ok(Entry::Deflated { data, size, crc }) = entry(&docx, crate::paper::wordtext::DOCUMENT) else { panic!("deflated") };
        assert_eq!(size, xml.len() as u64);
        assert!(data.len() < xml.len() / 2, "compressed: {} of {}", data.len(), xml.len());
        assert_eq!(check(&xml, size, crc), Ok(()));
        assert!(matches!(entry(&docx, "[Content_Types].xml"), Ok(Entry::Deflated { .. })));
        assert!(matches!(entry(&docx, crate::paper::wordtext::RELATIONSHIPS), Ok(Entry::Deflated { .. })));
    }
}

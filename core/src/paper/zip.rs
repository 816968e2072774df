//! A ZIP archive of stored (uncompressed) entries: what a Word document is a container of.
//! Stored, not deflated: no compression code in the wasm, and the XML of a large project is a
//! few hundred kilobytes. Deterministic: every entry dated 1980-01-01 00:00, so the same
//! papers give the same bytes.

/// CRC-32 (IEEE 802.3, reflected), as ZIP requires of each entry.
const CRC_TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
            k += 1;
        }
        table[i] = c;
        i += 1;
    }
    table
};

pub fn crc32(bytes: &[u8]) -> u32 {
    !bytes.iter().fold(!0u32, |c, b| CRC_TABLE[((c ^ u32::from(*b)) & 0xFF) as usize] ^ (c >> 8))
}

/// 1980-01-01 in MS-DOS date format (the earliest a ZIP entry can be dated).
const DOS_DATE: u16 = (1 << 5) | 1;

fn u16le(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn u32le(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// The archive of `entries` (name, bytes), in that order. A name that is not ASCII (the
/// reviewer's opinions, named after their packages) is flagged as UTF-8 (general purpose bit
/// 11), as Windows' and macOS's unzip read it; an ASCII name is not, so a Word file's bytes do
/// not change. Each entry and the whole stay under 4 GiB and 65,535 entries (no ZIP64): a
/// submission's papers, or a desk's opinions, are far smaller.
pub fn stored(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in entries {
        let offset = u32::try_from(out.len()).expect("under 4 GiB");
        let size = u32::try_from(data.len()).expect("under 4 GiB");
        let name_len = u16::try_from(name.len()).expect("short name");
        let crc = crc32(data);
        let flags: u16 = if name.is_ascii() { 0 } else { 1 << 11 };
        // Local file header.
        u32le(&mut out, 0x0403_4B50);
        u16le(&mut out, 20); // version needed: 2.0
        u16le(&mut out, flags);
        u16le(&mut out, 0); // method: stored
        u16le(&mut out, 0); // time
        u16le(&mut out, DOS_DATE);
        u32le(&mut out, crc);
        u32le(&mut out, size); // compressed size
        u32le(&mut out, size);
        u16le(&mut out, name_len);
        u16le(&mut out, 0); // extra field length
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
        // Its central directory record.
        u32le(&mut central, 0x0201_4B50);
        u16le(&mut central, 20); // version made by
        u16le(&mut central, 20); // version needed
        u16le(&mut central, flags);
        u16le(&mut central, 0);
        u16le(&mut central, 0);
        u16le(&mut central, DOS_DATE);
        u32le(&mut central, crc);
        u32le(&mut central, size);
        u32le(&mut central, size);
        u16le(&mut central, name_len);
        u16le(&mut central, 0); // extra
        u16le(&mut central, 0); // comment
        u16le(&mut central, 0); // disk
        u16le(&mut central, 0); // internal attributes
        u32le(&mut central, 0); // external attributes
        u32le(&mut central, offset);
        central.extend_from_slice(name.as_bytes());
    }
    let central_offset = u32::try_from(out.len()).expect("under 4 GiB");
    let central_size = u32::try_from(central.len()).expect("under 4 GiB");
    let count = u16::try_from(entries.len()).expect("few entries");
    out.extend_from_slice(&central);
    // End of central directory.
    u32le(&mut out, 0x0605_4B50);
    u16le(&mut out, 0);
    u16le(&mut out, 0);
    u16le(&mut out, count);
    u16le(&mut out, count);
    u32le(&mut out, central_size);
    u32le(&mut out, central_offset);
    u16le(&mut out, 0);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_is_the_ieee_one() {
        // The check value every CRC-32/ISO-HDLC implementation gives.
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    /// Reads a stored archive back by its central directory, as an unzip does.
    fn entries(zip: &[u8]) -> Vec<(String, Vec<u8>)> {
        let u16at = |i: usize| u16::from_le_bytes([zip[i], zip[i + 1]]) as usize;
        let u32at = |i: usize| u32::from_le_bytes(zip[i..i + 4].try_into().unwrap()) as usize;
        let end = zip.len() - 22;
        assert_eq!(u32at(end), 0x0605_4B50);
        let (count, mut at) = (u16at(end + 10), u32at(end + 16));
        let mut out = Vec::new();
        for _ in 0..count {
            assert_eq!(u32at(at), 0x0201_4B50);
            let (crc, size, name_len, local) = (u32at(at + 16), u32at(at + 24), u16at(at + 28), u32at(at + 42));
            let name = String::from_utf8(zip[at + 46..at + 46 + name_len].to_vec()).unwrap();
            assert_eq!(u32at(local), 0x0403_4B50);
            let data_at = local + 30 + u16at(local + 26) + u16at(local + 28);
            let data = zip[data_at..data_at + size].to_vec();
            assert_eq!(crc32(&data) as usize, crc, "{name}");
            out.push((name, data));
            at += 46 + name_len;
        }
        out
    }

    #[test]
    fn entries_read_back_by_the_central_directory() {
        let zip = stored(&[("a.xml", b"<a/>"), ("dir/b.xml", "中文".as_bytes()), ("empty", b"")]);
        let got = entries(&zip);
        assert_eq!(got, [("a.xml".to_string(), b"<a/>".to_vec()), ("dir/b.xml".to_string(), "中文".as_bytes().to_vec()), ("empty".to_string(), Vec::new())]);
        assert_eq!(stored(&[("a.xml", b"<a/>")]), stored(&[("a.xml", b"<a/>")]), "the same bytes every time");
    }

    #[test]
    fn a_name_that_is_not_ascii_is_flagged_utf8_and_an_ascii_one_is_not() {
        let flags = |zip: &[u8]| {
            let central = zip.len() - 22 - (u32::from_le_bytes(zip[zip.len() - 10..zip.len() - 6].try_into().unwrap()) as usize);
            (u16::from_le_bytes([zip[6], zip[7]]), u16::from_le_bytes([zip[central + 8], zip[central + 9]]))
        };
        assert_eq!(flags(&stored(&[("word/document.xml", b"x")])), (0, 0));
        let zip = stored(&[("巴中市.审核意见.docx", b"x")]);
        assert_eq!(flags(&zip), (0x0800, 0x0800));
        assert_eq!(entries(&zip)[0].0, "巴中市.审核意见.docx");
    }
}

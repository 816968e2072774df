//! A .docx chosen for 「导入整份需求方案」: any bytes as an archive (`paper::unzip`), any text as
//! its document part (`paper::wordtext`), and that text split by a plan's headings
//! (`outline::split`), its tables read (`FoundTable::rows`). Properties: no panic, no hang; a
//! stored entry's bytes lie inside the archive; a section's text and a table's rows are made of
//! the text's own lines.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shenbao_core::outline;
use shenbao_core::paper::{unzip, wordtext};

fuzz_target!(|data: &[u8]| {
    let range = data.as_ptr_range();
    for name in [wordtext::DOCUMENT, wordtext::RELATIONSHIPS] {
        match unzip::entry(data, name) {
            Ok(unzip::Entry::Stored(bytes)) | Ok(unzip::Entry::Deflated { data: bytes, .. }) => {
                let inner = bytes.as_ptr_range();
                assert!(range.start <= inner.start && inner.end <= range.end);
                if let Ok(xml) = std::str::from_utf8(bytes) {
                    let _ = wordtext::text(xml);
                }
            }
            Err(e) => {
                let _ = e.to_string();
            }
        }
    }
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = wordtext::main_part(text);
    let read = wordtext::text(text);
    for plan in outline::PLANS {
        for source in [text, read.as_str()] {
            let out = outline::split(plan, source);
            let lines: Vec<&str> = source.split(['\n', '\r']).collect();
            for p in &out.placed {
                for l in p.text.split('\n') {
                    assert!(lines.iter().any(|x| x.trim_end().ends_with(l)), "{l:?}");
                }
            }
            // A table found is lines of the text, read as the table paste reads them.
            for t in &out.tables {
                for l in t.blocks.iter().flat_map(|b| b.split('\n')) {
                    assert!(lines.contains(&l), "{l:?}");
                }
                let _ = t.rows();
            }
        }
    }
});

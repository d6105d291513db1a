//! Checks made before a workbook's parts are inflated or parsed: zip bombs,
//! and .ods content that would make calamine loop.

use super::{first_line, merges, MAX_ENTRY_BYTES};
use crate::error::{Error, Problem};
use std::path::Path;

/// Refuses a zip bomb before anything is inflated: an entry that would
/// inflate beyond [`MAX_ENTRY_BYTES`], or by more than 100 times (Apache
/// POI refuses under 1 % too: real sheets compress 5 to 20 times). The
/// sizes are the ones the zip declares, which the reader then enforces.
pub(super) fn check_zip(path: &Path, package: Option<&mut merges::Package>) -> Result<(), Error> {
    let Some(package) = package else {
        // Unreadable as a zip: the workbook reader says why.
        return Ok(());
    };
    let zip = package.zip();
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index_raw(i) else {
            continue;
        };
        let (size, packed) = (entry.size(), entry.compressed_size());
        let name = entry.name().map(|n| n.to_string()).unwrap_or_default();
        if size > MAX_ENTRY_BYTES {
            return Err(Error::new(
                path,
                Problem::TooLarge(format!(
                    "{name} would inflate to {size} bytes, over the limit of {MAX_ENTRY_BYTES} (a zip bomb, or a sheet too large to check)"
                )),
            ));
        }
        if size > 1024 * 1024 && packed.saturating_mul(100) < size {
            return Err(Error::new(
                path,
                Problem::TooLarge(format!(
                    "{name} would inflate {} times ({packed} to {size} bytes): a zip bomb; no real sheet compresses that much",
                    size / packed.max(1)
                )),
            ));
        }
    }
    // The parts every cell's text and style come from are checked against
    // their CRC-32 once, whole: calamine stops reading them at their last
    // element, before the zip reader compares the checksum. (Sheets are
    // checked by the pass that finds their merged cells.)
    for name in ["xl/sharedStrings.xml", "xl/workbook.xml", "xl/styles.xml"] {
        let Ok(mut entry) = zip.by_name(name) else {
            continue;
        };
        if let Err(e) = std::io::copy(&mut entry, &mut std::io::sink()) {
            let why = e.to_string();
            let what = if why.to_ascii_lowercase().contains("checksum") {
                format!("{name}: its data does not match its checksum (bad CRC-32)")
            } else {
                format!("{name}: {why}")
            };
            return Err(Error::caused_by(path, Problem::Corrupt(what), e));
        }
    }
    Ok(())
}

/// Refuses an .ods whose `content.xml` is not well-formed (an end tag that
/// does not match, an element never closed) before calamine reads it: on
/// some such files calamine's reader loops for ever. A zip without
/// `content.xml` is left to calamine to refuse.
pub(super) fn ods_well_formed(
    path: &Path,
    package: Option<&mut merges::Package>,
) -> Result<(), Error> {
    use quick_xml::events::Event;
    let Some(xml) = package.and_then(|p| p.entry_bytes("content.xml")) else {
        return Ok(());
    };
    let damaged = |why: String| {
        Error::new(
            path,
            Problem::Corrupt(format!("content.xml is not well-formed XML ({why})")),
        )
    };
    let mut reader = quick_xml::Reader::from_reader(xml.as_slice());
    reader.config_mut().check_end_names = true;
    let mut buf = Vec::new();
    let mut depth = 0usize;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(_)) => depth += 1,
            Ok(Event::End(_)) => depth = depth.saturating_sub(1),
            Ok(Event::Eof) if depth == 0 => return Ok(()),
            Ok(Event::Eof) => return Err(damaged("an element is never closed".into())),
            Ok(_) => {}
            Err(e) => return Err(damaged(first_line(&e.to_string()))),
        }
        buf.clear();
    }
}

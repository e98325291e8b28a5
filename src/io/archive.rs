//! Zip archives (.xlsx, .ods, .docx) read within limits: a small file can
//! hold an entry that unpacks to gigabytes (a "zip bomb"), so every entry's
//! size is checked before anything is unpacked, and an entry is never read
//! past the limit whatever its header claims.

use std::io::{Cursor, Read};

use zip::ZipArchive;

/// The most bytes one entry of a zipped file may unpack to (64 MiB): a
/// plan's sheet or document is a few megabytes at most.
pub const MAX_ENTRY_BYTES: u64 = 64 * 1024 * 1024;

/// Refuses an archive any of whose entries claims to unpack to more than
/// [`MAX_ENTRY_BYTES`].
pub fn check_entry_sizes(bytes: &[u8]) -> Result<(), String> {
    check_entry_sizes_within(bytes, MAX_ENTRY_BYTES)
}

/// [`check_entry_sizes`] with the limit given.
fn check_entry_sizes_within(bytes: &[u8], limit: u64) -> Result<(), String> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    for index in 0..archive.len() {
        let entry = archive.by_index_raw(index).map_err(|e| e.to_string())?;
        if entry.size() > limit {
            return Err(too_big(&entry.name().unwrap_or_default(), limit));
        }
    }
    Ok(())
}

/// The text of one entry, refused if it unpacks to more than [`MAX_ENTRY_BYTES`].
pub fn read_entry(bytes: &[u8], name: &str) -> Result<String, String> {
    read_entry_within(bytes, name, MAX_ENTRY_BYTES)
}

/// [`read_entry`] with the limit given.
fn read_entry_within(bytes: &[u8], name: &str, limit: u64) -> Result<String, String> {
    check_entry_sizes_within(bytes, limit)?;
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let entry = archive.by_name(name).map_err(|e| format!("{name}: {e}"))?;
    let mut text = String::new();
    // The size in the header can lie: read one byte past the limit to tell.
    entry
        .take(limit + 1)
        .read_to_string(&mut text)
        .map_err(|e| format!("{name}: {e}"))?;
    if text.len() as u64 > limit {
        return Err(too_big(name, limit));
    }
    Ok(text)
}

/// The refusal of an entry over the limit.
fn too_big(name: &str, limit: u64) -> String {
    format!(
        "its part {name} unpacks to more than {} MB, more than a plan needs (it may be built to exhaust memory)",
        limit / (1024 * 1024)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zipped(name: &str, content: &[u8]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        writer
            .start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        writer.write_all(content).unwrap();
        writer.finish().unwrap().into_inner()
    }

    /// Regression: word/document.xml was read whole, however big it unpacked.
    #[test]
    fn regression_an_entry_over_the_limit_is_refused_before_it_is_read() {
        let bytes = zipped("word/document.xml", &[b' '; 5000]);
        assert_eq!(
            read_entry_within(&bytes, "word/document.xml", 4096),
            Err(too_big("word/document.xml", 4096))
        );
        assert_eq!(
            check_entry_sizes_within(&bytes, 4096),
            Err(too_big("word/document.xml", 4096))
        );
        assert_eq!(
            read_entry_within(&bytes, "word/document.xml", 5000).map(|t| t.len()),
            Ok(5000)
        );
    }
}

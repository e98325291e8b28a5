//! Turning a file's bytes into text: UTF-8 with or without BOM, UTF-16 with
//! BOM, or Windows-1252 ("CSV (Comma delimited)" from Excel on Windows).

use encoding_rs::{UTF_16BE, UTF_16LE, WINDOWS_1252};

/// Bytes that Windows-1252 leaves undefined: a file holding one is neither
/// UTF-8 nor Windows-1252.
const UNDEFINED_IN_WINDOWS_1252: [u8; 5] = [0x81, 0x8D, 0x8F, 0x90, 0x9D];

/// Which encoding a file turned out to be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8, with or without a byte order mark.
    Utf8,
    /// UTF-16 with a byte order mark.
    Utf16,
    /// Windows-1252.
    Windows1252,
}

/// Decodes a CSV file's bytes, or says in words why it cannot be read as text.
pub fn decode(bytes: &[u8]) -> Result<(String, Encoding), String> {
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(
            "this is an Excel workbook (.xlsx), not CSV: in Excel use File > Save As > CSV UTF-8"
                .into(),
        );
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err("this is an old Excel workbook (.xls), not CSV: in Excel use File > Save As > CSV UTF-8".into());
    }
    let (text, encoding) = if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        (decode_utf16(rest, UTF_16LE)?, Encoding::Utf16)
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        (decode_utf16(rest, UTF_16BE)?, Encoding::Utf16)
    } else {
        let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        match std::str::from_utf8(body) {
            Ok(text) => (text.to_string(), Encoding::Utf8),
            Err(_) => {
                if let Some(offset) = body
                    .iter()
                    .position(|b| UNDEFINED_IN_WINDOWS_1252.contains(b))
                {
                    return Err(format!(
                        "the file is neither UTF-8 nor Windows-1252 (byte 0x{:02X} at offset {offset}): save it from Excel as CSV UTF-8",
                        body[offset]
                    ));
                }
                let (text, _) = WINDOWS_1252.decode_without_bom_handling(body);
                (text.into_owned(), Encoding::Windows1252)
            }
        }
    };
    if let Some(offset) = text.find('\0') {
        return Err(format!(
            "the file holds a NUL character (at character {offset}): it is binary, or UTF-16 without a byte order mark; save it from Excel as CSV UTF-8"
        ));
    }
    Ok((text, encoding))
}

fn decode_utf16(bytes: &[u8], encoding: &'static encoding_rs::Encoding) -> Result<String, String> {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if had_errors {
        return Err("the file starts with a UTF-16 byte order mark but is not valid UTF-16".into());
    }
    Ok(text.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_utf8_with_and_without_bom() {
        assert_eq!(decode(b"a,b").unwrap(), ("a,b".to_string(), Encoding::Utf8));
        assert_eq!(
            decode(b"\xEF\xBB\xBFa,\xE2\x80\x93").unwrap(),
            ("a,\u{2013}".to_string(), Encoding::Utf8)
        );
    }

    #[test]
    fn reads_windows_1252_en_dash_and_pound() {
        let (text, encoding) = decode(b"In progress \x96 \xA3500").unwrap();
        assert_eq!(text, "In progress \u{2013} \u{a3}500");
        assert_eq!(encoding, Encoding::Windows1252);
    }

    #[test]
    fn reads_utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "a,\u{2013}".encode_utf16() {
            bytes.extend(unit.to_le_bytes());
        }
        assert_eq!(
            decode(&bytes).unwrap(),
            ("a,\u{2013}".to_string(), Encoding::Utf16)
        );
    }

    #[test]
    fn refuses_what_is_not_text() {
        assert!(decode(b"PK\x03\x04rest").unwrap_err().contains("workbook"));
        assert!(
            decode(b"a\x81b\xFF")
                .unwrap_err()
                .contains("neither UTF-8 nor Windows-1252")
        );
        assert!(decode(b"a\0b").unwrap_err().contains("NUL"));
        assert!(decode(b"a\0\x96").unwrap_err().contains("NUL"));
    }
}

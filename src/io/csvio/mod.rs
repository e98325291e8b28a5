//! CSV as councils' spreadsheets write it: reading (encodings, merged cells,
//! spreadsheet row numbers), column matching, and writing for Excel.

pub mod columns;
pub mod decode;
pub mod formula;
pub mod read;
pub mod write;

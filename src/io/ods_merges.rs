//! Merged cells of an OpenDocument spreadsheet, which calamine does not
//! give: read from `content.xml` with quick-xml. A merged cell is a
//! `table:table-cell` with `table:number-rows-spanned` or
//! `table:number-columns-spanned`; rows and cells repeated
//! (`number-rows-repeated`, `number-columns-repeated`) count as many times
//! as they repeat, as calamine counts them.

use std::collections::HashMap;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::io::archive::read_entry;
use crate::io::grid::Merge;

/// The merged regions of each sheet, by sheet name.
pub fn read_merges(bytes: &[u8]) -> Result<HashMap<String, Vec<Merge>>, String> {
    let xml = read_entry(bytes, "content.xml")?;
    parse_merges(&xml).map_err(|e| format!("content.xml: {e}"))
}

/// A whole-number attribute of an element, by local name; 1 if absent.
fn count(element: &BytesStart<'_>, name: &str) -> u32 {
    element
        .attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| a.value.trim().parse().ok())
        .unwrap_or(1)
}

/// The merged regions in `content.xml`, by sheet name.
fn parse_merges(xml: &str) -> Result<HashMap<String, Vec<Merge>>, String> {
    let mut reader = Reader::from_str(xml);
    let mut sheets = HashMap::new();
    let mut sheet: Option<(String, Vec<Merge>)> = None;
    let (mut row, mut column, mut rows_repeated) = (0u32, 0u32, 1u32);
    loop {
        let event = reader.read_event().map_err(|e| e.to_string())?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let is_empty = matches!(event, Event::Empty(_));
                match e.local_name().as_ref() {
                    "table" if !is_empty && sheet.is_none() => {
                        let name = e
                            .attributes()
                            .flatten()
                            .find(|a| a.key.local_name().as_ref() == "name")
                            // calamine names the sheet unescaped ("Health & Social
                            // Care", written "Health &amp; Social Care").
                            .and_then(|a| {
                                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                    .ok()
                                    .map(|v| v.into_owned())
                            })
                            .unwrap_or_default();
                        sheet = Some((name, Vec::new()));
                        row = 0;
                    }
                    "table-row" => {
                        column = 0;
                        rows_repeated = count(e, "number-rows-repeated");
                        if is_empty {
                            row = row.saturating_add(rows_repeated);
                        }
                    }
                    "table-cell" | "covered-table-cell" => {
                        let rows = count(e, "number-rows-spanned").max(1);
                        let columns = count(e, "number-columns-spanned").max(1);
                        if (rows > 1 || columns > 1)
                            && let Some((_, merges)) = sheet.as_mut()
                        {
                            merges.push(Merge {
                                first_row: row as usize,
                                last_row: row.saturating_add(rows - 1) as usize,
                                first_column: column as usize,
                                last_column: column.saturating_add(columns - 1) as usize,
                            });
                        }
                        column = column.saturating_add(count(e, "number-columns-repeated"));
                    }
                    _ => {}
                }
            }
            Event::End(ref e) => match e.local_name().as_ref() {
                "table-row" => row = row.saturating_add(rows_repeated),
                "table" => {
                    if let Some((name, merges)) = sheet.take() {
                        sheets.insert(name, merges);
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(sheets)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_are_placed_counting_repeated_rows_and_cells() {
        let xml = r#"<office:document-content xmlns:office="o" xmlns:table="t"><office:body><office:spreadsheet>
            <table:table table:name="Plan">
              <table:table-row table:number-rows-repeated="2"><table:table-cell/></table:table-row>
              <table:table-row><table:table-cell table:number-columns-repeated="3"/><table:table-cell table:number-rows-spanned="2" table:number-columns-spanned="1"><text:p>Lead</text:p></table:table-cell></table:table-row>
              <table:table-row><table:covered-table-cell table:number-columns-repeated="4"/></table:table-row>
            </table:table>
            <table:table table:name="Health &amp; Care"><table:table-row><table:table-cell table:number-rows-spanned="2"/></table:table-row></table:table>
            </office:spreadsheet></office:body></office:document-content>"#;
        let merges = parse_merges(xml).unwrap();
        assert_eq!(
            merges["Plan"],
            [Merge {
                first_row: 2,
                last_row: 3,
                first_column: 3,
                last_column: 3
            }]
        );
        // Regression: the name is unescaped, as calamine gives it, or the
        // sheet's merges are never found.
        assert_eq!(
            merges["Health & Care"],
            [Merge {
                first_row: 0,
                last_row: 1,
                first_column: 0,
                last_column: 0
            }]
        );
    }
}

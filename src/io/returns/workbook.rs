//! Writing a lead return as an Excel workbook (with `rust_xlsxwriter`): the
//! context columns locked, the answer columns unlocked and highlighted with
//! drop-down lists and date validation, RAG cells coloured, the header frozen,
//! the token column hidden, and a sheet of instructions.

use rust_xlsxwriter::{
    Color, ConditionalFormatCell, ConditionalFormatCellRule, DataValidation, DataValidationRule,
    ExcelDateTime, Format, FormatAlign, FormatBorder, ProtectionOptions, Workbook, Worksheet,
    XlsxError,
};

use crate::io::returns::columns::ReturnColumn;
use crate::io::returns::rows::ReturnRow;
use crate::model::{Rag, Status};

/// The name of the sheet the answers go in.
pub const RETURN_SHEET: &str = "Return";
/// The name of the instructions sheet.
pub const INSTRUCTIONS_SHEET: &str = "Instructions";

/// Who a return is for and what it covers, for its instructions sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct ReturnHeading {
    /// The plan's name.
    pub plan: String,
    /// The lead it is sent to.
    pub lead: String,
    /// The date the return was made for.
    pub as_of: chrono::NaiveDate,
    /// The return's id.
    pub return_id: i64,
}

/// Light yellow: the cells a lead may type in.
const ANSWER_FILL: u32 = 0xFFF2CC;
/// Light grey: the header of the context columns.
const HEADER_FILL: u32 = 0xD9D9D9;
/// Fills for R, A and G.
const RAG_FILLS: [(Rag, u32); 3] = [
    (Rag::Red, 0xFF9999),
    (Rag::Amber, 0xFFCC66),
    (Rag::Green, 0x99CC99),
];
/// Earliest and latest dates the New timeline column accepts.
const FIRST_DATE: (u16, u8, u8) = (2000, 1, 1);
const LAST_DATE: (u16, u8, u8) = (2099, 12, 31);

/// Paper size code for A4.
const PAPER_A4: u8 = 9;
/// Height of one line of wrapped text, in points.
const LINE_HEIGHT: f64 = 15.0;
/// The most lines a row is made tall enough for.
const MAX_LINES: usize = 12;

/// A row tall enough for its longest wrapped cell: spreadsheets do not grow
/// rows for wrapped text written by a program, so the height is set here.
fn row_height<S: AsRef<str>>(cells: &[S]) -> f64 {
    let lines = ReturnColumn::ALL
        .iter()
        .zip(cells)
        .filter(|(column, _)| **column != ReturnColumn::Token)
        .map(|(column, cell)| {
            let per_line = (width(*column) - 1.0).max(1.0) as usize;
            cell.as_ref()
                .split('\n')
                .map(|line| line.chars().count().div_ceil(per_line).max(1))
                .sum::<usize>()
        })
        .max()
        .unwrap_or(1);
    lines.clamp(1, MAX_LINES) as f64 * LINE_HEIGHT
}

/// Column widths, in characters, in [`ReturnColumn::ALL`] order.
fn width(column: ReturnColumn) -> f64 {
    match column {
        ReturnColumn::Id => 6.0,
        ReturnColumn::Theme => 16.0,
        ReturnColumn::Action | ReturnColumn::Milestone => 32.0,
        ReturnColumn::Timeline | ReturnColumn::Rag | ReturnColumn::NewRag => 10.0,
        ReturnColumn::Status | ReturnColumn::NewStatus => 13.0,
        ReturnColumn::Comment | ReturnColumn::NewComment => 40.0,
        ReturnColumn::LastUpdated | ReturnColumn::NewTimeline => 13.0,
        ReturnColumn::Reason => 30.0,
        ReturnColumn::Token => 12.0,
    }
}

/// The workbook's bytes: the return sheet and the instructions sheet.
pub fn return_workbook(heading: &ReturnHeading, rows: &[ReturnRow]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(RETURN_SHEET)?;
    write_return_sheet(sheet, rows)?;
    let instructions = workbook.add_worksheet();
    instructions.set_name(INSTRUCTIONS_SHEET)?;
    write_instructions(instructions, heading)?;
    workbook.save_to_buffer()
}

fn col(column: ReturnColumn) -> u16 {
    column.index() as u16
}

fn write_return_sheet(sheet: &mut Worksheet, rows: &[ReturnRow]) -> Result<(), XlsxError> {
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin)
        .set_background_color(Color::RGB(HEADER_FILL));
    let answer_header = header.clone().set_background_color(Color::RGB(ANSWER_FILL));
    let context = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin);
    let answer = context
        .clone()
        .set_unlocked()
        .set_background_color(Color::RGB(ANSWER_FILL));
    for column in ReturnColumn::ALL {
        let format = if column.is_answer() {
            &answer_header
        } else {
            &header
        };
        sheet.write_string_with_format(0, col(column), column.header(), format)?;
        sheet.set_column_width(col(column), width(column))?;
    }
    sheet.set_row_height(0, row_height(&ReturnColumn::headers()))?;
    for (index, row) in rows.iter().enumerate() {
        let sheet_row = index as u32 + 1;
        let cells = row.cells();
        sheet.set_row_height(sheet_row, row_height(&cells))?;
        for (column, cell) in ReturnColumn::ALL.iter().zip(cells) {
            let format = if column.is_answer() {
                &answer
            } else {
                &context
            };
            if *column == ReturnColumn::Id {
                sheet.write_number_with_format(sheet_row, col(*column), row.id as f64, format)?;
            } else {
                sheet.write_string_with_format(sheet_row, col(*column), &cell, format)?;
            }
        }
    }
    sheet.set_column_hidden(col(ReturnColumn::Token))?;
    sheet.set_freeze_panes(1, 0)?;
    sheet.set_landscape();
    sheet.set_paper_size(PAPER_A4);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, 0)?;
    if !rows.is_empty() {
        let last = rows.len() as u32;
        add_answer_validation(sheet, last)?;
        for column in [ReturnColumn::Rag, ReturnColumn::NewRag] {
            colour_rag(sheet, column, last)?;
        }
    }
    let options = ProtectionOptions {
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    };
    sheet.protect_with_options(&options);
    Ok(())
}

/// Drop-downs of the model's own RAG letters and statuses, and a date for the new timeline.
fn add_answer_validation(sheet: &mut Worksheet, last: u32) -> Result<(), XlsxError> {
    let rags: Vec<&str> = Rag::ALL.iter().map(|rag| rag.letter()).collect();
    let rag = DataValidation::new()
        .allow_list_strings(&rags)?
        .set_error_title("Not a RAG rating")?
        .set_error_message(format!("Choose one of {} from the list.", rags.join(", ")))?;
    let statuses: Vec<&str> = Status::ALL.iter().map(|status| status.words()).collect();
    let status = DataValidation::new()
        .allow_list_strings(&statuses)?
        .set_error_title("Not a status")?
        .set_error_message(format!(
            "Choose one of {} from the list.",
            statuses.join(", ")
        ))?;
    let (y0, m0, d0) = FIRST_DATE;
    let (y1, m1, d1) = LAST_DATE;
    let timeline = DataValidation::new()
        .allow_date(DataValidationRule::Between(
            ExcelDateTime::from_ymd(y0, m0, d0)?,
            ExcelDateTime::from_ymd(y1, m1, d1)?,
        ))
        .set_input_title("New target")?
        .set_input_message(
            "A month, typed with the full year (Mar 2021), or a date (31/03/2021). \
             Say why in the next column.",
        )?
        .set_error_title("Not a date")?
        .set_error_message("Type a month such as Mar 2021 or a date such as 31/03/2021.")?;
    for (column, validation) in [
        (ReturnColumn::NewRag, &rag),
        (ReturnColumn::NewStatus, &status),
        (ReturnColumn::NewTimeline, &timeline),
    ] {
        sheet.add_data_validation(1, col(column), last, col(column), validation)?;
    }
    Ok(())
}

/// Colours a RAG column's cells by their letter.
fn colour_rag(sheet: &mut Worksheet, column: ReturnColumn, last: u32) -> Result<(), XlsxError> {
    for (rag, fill) in RAG_FILLS {
        let format = Format::new().set_background_color(Color::RGB(fill));
        let rule = ConditionalFormatCell::new()
            .set_rule(ConditionalFormatCellRule::EqualTo(rag.letter()))
            .set_format(format);
        sheet.add_conditional_format(1, col(column), last, col(column), &rule)?;
    }
    Ok(())
}

/// The instructions a lead reads first.
pub fn instruction_lines(heading: &ReturnHeading) -> Vec<String> {
    let rags: Vec<&str> = Rag::ALL.iter().map(|rag| rag.letter()).collect();
    let statuses: Vec<&str> = Status::ALL.iter().map(|status| status.words()).collect();
    vec![
        format!("Update return for {}", heading.lead),
        format!(
            "Plan \"{}\", as of {}, return R{}.",
            heading.plan,
            heading.as_of.format("%-d %B %Y"),
            heading.return_id
        ),
        String::new(),
        "On the Return sheet, one row per milestone you lead: overdue first, then due soon.".into(),
        "Type only in the yellow columns; leave a cell blank to change nothing.".into(),
        format!("New RAG: choose {} from the list.", rags.join(", ")),
        format!("New status: choose {} from the list.", statuses.join(", ")),
        "New comment: what has happened since the last update.".into(),
        "New timeline: a month with the full year (Mar 2021) or a date (31/03/2021), \
         only if the target moves; then give the reason in the next column."
            .into(),
        "Please do not add, delete or edit the other columns: the hidden Return token \
         column tells us which version of each milestone you saw."
            .into(),
        "Save the file and send it back as it is (Excel or CSV both work).".into(),
    ]
}

fn write_instructions(sheet: &mut Worksheet, heading: &ReturnHeading) -> Result<(), XlsxError> {
    let title = Format::new().set_bold();
    sheet.set_column_width(0, 110.0)?;
    for (index, line) in instruction_lines(heading).iter().enumerate() {
        if index == 0 {
            sheet.write_string_with_format(0, 0, line, &title)?;
        } else {
            sheet.write_string(index as u32, 0, line)?;
        }
    }
    Ok(())
}

//! The committee appendix table: the seven-column layout councils paste into
//! papers ("Report Recommendation, Improvement Action, Milestone detail, Lead,
//! Timeline, Comment/RAG, RAG"), read into a plan and written back out.

pub mod docx;
mod export;
mod fields;
mod import;
mod leads;
mod lines;
mod periods;
pub mod reconcile;

pub use docx::{appendix_docx, rag_fill};
pub use export::{
    AppendixColumns, AppendixCsvWriter, AppendixRow, AppendixTable, ColumnKind, ColumnsNeeded,
    TableCell, TableColumn, appendix_csv, appendix_csv_with_columns, appendix_csv_with_extras,
    appendix_headers, appendix_table,
};
pub use fields::{AppendixField, appendix_columns};
pub use import::{
    AppendixReading, BlueMeans, ReadOptions, parse_appendix, parse_appendix_with,
    read_appendix_table, split_leads,
};

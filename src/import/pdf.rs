//! Reader for PDF files with a text layer.
use super::ReadError;
use super::doc::Doc;

pub fn read(_bytes: &[u8]) -> Result<Doc, ReadError> {
    Err(ReadError::Scan)
}

//! Reader for Word files (.docx).
use super::ReadError;
use super::doc::Doc;

pub fn read(_bytes: &[u8]) -> Result<Doc, ReadError> {
    Err(ReadError::NotDocx("not supported yet".into()))
}

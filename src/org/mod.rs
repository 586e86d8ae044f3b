//! The organisation: the Office's departments, its people and their roles, and the
//! directory of outside agencies that send and receive documents.

pub mod agency;
pub mod department;
pub mod seed;
pub mod user;

pub use crate::vocabulary::*;
pub(crate) use crate::vocabulary::{clean_optional, clean_required, id_type, text_enum};

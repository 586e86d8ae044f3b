//! The organisation: the Office's departments, its people and their roles, and the
//! directory of outside agencies that send and receive documents.

pub mod agency;
pub mod department;
pub mod seed;
pub mod user;

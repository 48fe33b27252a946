//! One file per command.
pub mod import;

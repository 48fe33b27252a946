//! Loading the roster: YAML files (the main one and its `inclure:`) into raw types.

pub mod load;
pub mod model;

pub use load::{load, Roster, Source};
pub use model::*;

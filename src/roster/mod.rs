//! Loading the roster: YAML files (the main one and its `inclure:`) into raw types.

pub mod load;
pub mod model;

pub use load::{At, Roster, Source, load};
pub use model::*;

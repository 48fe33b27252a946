//! Loading the roster: YAML files (the main one and its `inclure:`) into raw types, and the
//! JSON Schema of those types (`schema`).

pub mod load;
pub mod model;
pub mod schema;

pub use load::{At, Roster, Source, load};
pub use model::*;

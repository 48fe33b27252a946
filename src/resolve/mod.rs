//! Resolution: from the validated roster to concrete parties per establishment.
pub mod model;

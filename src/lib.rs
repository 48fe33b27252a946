//! ent-rgpd: the public GDPR documents of a school ENT, from one YAML roster.
//!
//! Pipeline, one module per stage:
//! [`roster`] (load YAML) → [`validate`] (rules of SPEC §3) → [`resolve`] (roles to parties)
//! → [`render`] (tera + Markdown + minify, in memory) → [`output`] (the one writer).

pub mod cli;
pub mod cmd;
pub mod diagnostic;
pub mod error;
pub mod output;
pub mod project;
pub mod rebuild;
pub mod render;
pub mod resolve;
pub mod roster;
pub mod validate;
pub mod vocab;

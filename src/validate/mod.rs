//! Validation rules of SPEC §3.

//! The one place that writes files: atomic writes, manifest, rebuilds.

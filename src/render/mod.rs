//! Rendering: canvases (tera + Markdown) and layouts into HTML, in memory.
//! Rendering never touches the filesystem; `output` writes.

/// One output file, produced in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// Relative to the output directory, `/`-separated (e.g. `0570055a/mentions/index.html`).
    pub path: String,
    pub bytes: Vec<u8>,
    /// The establishment this file belongs to (UAI), `None` for ENT-level files.
    pub uai: Option<String>,
}

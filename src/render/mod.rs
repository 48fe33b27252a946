//! Rendering: canvases (tera + Markdown) and layouts into HTML, in memory.

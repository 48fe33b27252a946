//! Rendering: canvases (tera + Markdown) and layouts into HTML, in memory.
//! Rendering never touches the filesystem; `output` writes.
//!
//! Two tera instances, compiled once per build: `content` holds the Markdown canvases
//! (`content/*.md`, values escaped for Markdown), `layout` the HTML/XML layouts
//! (`themes/default/*`, values escaped for HTML). A page is: canvas → Markdown → HTML
//! (no raw HTML, no unsafe link) → layout → minify-html → French typography ([`typo`]).

pub mod context;
pub mod ent;
pub mod guard;
pub mod html;
pub mod markdown;
pub mod register;
pub mod skeleton;
pub mod typo;

use crate::error::{Error, Result};
use crate::resolve::model::{Ent, Etablissement, Party, Site};
use context::{Footer, Liens, Nombres, Urls};
use include_dir::{Dir, include_dir};
use skeleton::{Skeleton, Tokens};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::{Arc, RwLock};
use tera::{Context, Kwargs, State, Tera, Value};

/// One output file, produced in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// Relative to the output directory, `/`-separated (e.g. `0570055a/mentions/index.html`).
    pub path: String,
    pub bytes: Vec<u8>,
    /// The establishment this file belongs to (UAI), `None` for ENT-level files.
    pub uai: Option<String>,
}

/// Default canvases and theme, embedded in the binary.
pub static CONTENT: Dir = include_dir!("$CARGO_MANIFEST_DIR/content");
pub static THEME: Dir = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Most URLs a sitemap file may hold (sitemaps.org); beyond, `sitemap.xml` is an index.
const SITEMAP_MAX: usize = 50_000;

/// Up to this many establishments, the ENT home page lists them all; beyond, it links to one
/// page per département (`departements/<code>/index.html`).
pub const LISTE_COMPLETE_MAX: usize = 200;

/// Every embedded default file, as `(path relative to the project, bytes)`:
/// `content/accueil.md`, `themes/default/base.html`... (for `init --eject`).
pub fn default_files() -> Vec<(String, &'static [u8])> {
    let mut out = Vec::new();
    for (prefix, dir) in [("content", &CONTENT), ("themes/default", &THEME)] {
        walk_embedded(dir, &mut |rel, bytes| out.push((format!("{prefix}/{rel}"), bytes)));
    }
    out
}

fn walk_embedded(dir: &'static Dir<'static>, f: &mut dyn FnMut(String, &'static [u8])) {
    for file in dir.files() {
        f(file.path().to_string_lossy().replace('\\', "/"), file.contents());
    }
    for sub in dir.dirs() {
        walk_embedded(sub, f);
    }
}

/// The embedded files of `dir`, each replaced by `over/<same path>` when it exists, plus the
/// other files of `over` (a project may add partials).
fn sources(dir: &'static Dir<'static>, over: &Path) -> Result<BTreeMap<String, Vec<u8>>> {
    let mut files = BTreeMap::new();
    walk_embedded(dir, &mut |rel, bytes| {
        files.insert(rel, bytes.to_vec());
    });
    if over.is_dir() {
        for entry in walkdir::WalkDir::new(over).sort_by_file_name() {
            let entry = entry.map_err(|e| {
                let path = e.path().unwrap_or(over).to_path_buf();
                Error::io(
                    path,
                    e.into_io_error()
                        .unwrap_or_else(|| std::io::Error::other("boucle de liens")),
                )
            })?;
            if !entry.file_type().is_file() || entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let rel = entry.path().strip_prefix(over).unwrap_or(entry.path());
            let rel = rel.to_string_lossy().replace('\\', "/");
            let bytes = std::fs::read(entry.path()).map_err(|e| Error::io(entry.path(), e))?;
            files.insert(rel, bytes);
        }
    }
    Ok(files)
}

/// A tera error with its whole cause chain (tera's report shows line and column).
fn template_error(name: &str, e: &dyn std::error::Error) -> Error {
    let mut message = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        message.push_str("\n  ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    Error::Template {
        name: name.to_owned(),
        message,
    }
}

/// Whether a file of a sources map is compiled as a template.
fn is_template(name: &str, exts: &[&str]) -> bool {
    exts.iter().any(|e| name.ends_with(e)) && !name.ends_with("README.md")
}

fn add_templates(tera: &mut Tera, files: &BTreeMap<String, Vec<u8>>, exts: &[&str]) -> Result<()> {
    let mut templates = Vec::new();
    for (name, bytes) in files {
        if !is_template(name, exts) {
            continue;
        }
        let text = std::str::from_utf8(bytes).map_err(|_| Error::Template {
            name: name.clone(),
            message: "le fichier n'est pas en UTF-8".into(),
        })?;
        templates.push((name.as_str(), text));
    }
    tera.add_raw_templates(templates)
        .map_err(|e| template_error("gabarits", &e))
}

fn register_filters(tera: &mut Tera) {
    // « a, b et c »; with `minuscule=true`, each item with a lower-case initial (« élèves,
    // responsables légaux et personnels de l'établissement »): labels written as headings,
    // said in running text.
    tera.register_filter("liste", |v: &[Value], kwargs: Kwargs, _: &State| {
        let minuscule = kwargs.get::<bool>("minuscule")?.unwrap_or(false);
        let items: Vec<String> = v
            .iter()
            .map(|x| {
                let s = x.to_string();
                if minuscule { context::minuscule_initiale(&s) } else { s }
            })
            .collect();
        Ok::<_, tera::Error>(context::liste_fr(&items))
    });
    // 2025-09-01 → 1er septembre 2025
    tera.register_filter("date_fr", |v: &str, _: Kwargs, _: &State| context::date_fr(v));
    // Empty unless a web, mail, phone or relative address (defence in depth: `check` refuses them).
    tera.register_filter("url_sure", |v: &str, _: Kwargs, _: &State| {
        if markdown::is_safe_url(v) {
            v.to_owned()
        } else {
            String::new()
        }
    });
}

/// Most shapes kept in memory (each holds one establishment's pages, compiled).
const CACHE_MAX: usize = 512;

/// Compiled templates; `Sync`, so establishments can be rendered in parallel.
pub struct Renderer {
    content: Tera,
    layout: Tera,
    style: Vec<u8>,
    script: Vec<u8>,
    minify: minify_html::Cfg,
    fingerprint: [u8; 32],
    /// Compiled pages by shape of establishment (see [`skeleton`]).
    shapes: RwLock<HashMap<u128, Arc<Shape>>>,
    shape_keys: ShapeKeys,
    /// Why the templates cannot be rendered once per shape (see [`guard`]); when not empty,
    /// every establishment is rendered directly, with its plain values as they are.
    direct: Vec<guard::Finding>,
}

/// The key of an establishment's shape: a 128-bit hash of its whole tokenized context
/// (SipHash-1-3 with 128-bit output and random keys, for this process's cache only).
/// Hashing the context's fields directly costs a fraction of serializing it.
struct ShapeKeys(u64, u64);

impl ShapeKeys {
    fn new() -> Self {
        use std::hash::BuildHasher;
        let random = std::hash::RandomState::new();
        ShapeKeys(random.hash_one(0u8), random.hash_one(1u8))
    }

    fn key(&self, data: &impl std::hash::Hash) -> u128 {
        use siphasher::sip128::Hasher128;
        let mut h = siphasher::sip128::SipHasher13::new_with_keys(self.0, self.1);
        data.hash(&mut h);
        h.finish128().as_u128()
    }
}

/// One establishment's files with holes for its values: (path, content).
struct Shape {
    pages: Vec<(Skeleton, Skeleton)>,
}

/// The per-establishment context of every canvas and layout (tokenized); what it holds
/// decides the establishment's shape (see [`SiteRenderer::render_etablissement`]).
#[derive(serde::Serialize)]
struct EtabData<'a> {
    ent: &'a Ent,
    etab: &'a Etablissement,
    source: &'a str,
    date_maj: &'a str,
    nb: &'a Nombres,
    tous_responsables: Vec<&'a Arc<Party>>,
    urls: &'a Urls,
    footer: &'a Footer,
}

/// What every establishment's pages share in one build, tokenized once: the ENT facts, the
/// source file name and the register sheets. Establishments' tables sit over `tokens`.
struct Common {
    tokens: Tokens<'static>,
    ent: Ent,
    source: String,
    /// Shape key of the tokenized ENT facts and source.
    key: u128,
    /// Shape key of each tokenized sheet, by address (the sheets live in `tokens`).
    fiches: rustc_hash::FxHashMap<usize, u128>,
}

/// A [`Renderer`] ready for the establishments of one site: what they share is tokenized.
pub struct SiteRenderer<'r> {
    renderer: &'r Renderer,
    site: &'r Site,
    common: Common,
}

/// Reused buffers for one establishment's pages.
#[derive(Default)]
struct Buffers {
    markdown: Vec<u8>,
    html: String,
    page: Vec<u8>,
}

impl Renderer {
    /// Embedded defaults, overridden file by file by `project_dir/content/<file>` and
    /// `project_dir/themes/default/<file>`. Compiles every template once.
    pub fn new(project_dir: &Path) -> Result<Self> {
        let content_files = sources(&CONTENT, &project_dir.join("content"))?;
        let theme_files = sources(&THEME, &project_dir.join("themes").join("default"))?;

        let mut content = Tera::new();
        register_filters(&mut content);
        content.autoescape_on([".md"]);
        content.set_escape_fn(markdown::escape_markdown);
        add_templates(&mut content, &content_files, &[".md"])?;

        let mut layout = Tera::new();
        register_filters(&mut layout);
        layout.set_escape_fn(html::escape_html);
        add_templates(&mut layout, &theme_files, &[".html", ".xml"])?;

        // Every template, default or not (a default may include an override); all are UTF-8
        // once compiled.
        let mut templates = Vec::new();
        for (dir, files, exts) in [
            ("content", &content_files, &[".md"][..]),
            ("themes/default", &theme_files, &[".html", ".xml"][..]),
        ] {
            for (name, bytes) in files.iter().filter(|(n, _)| is_template(n, exts)) {
                let text = std::str::from_utf8(bytes).unwrap_or_default();
                templates.push((format!("{dir}/{name}"), text));
            }
        }
        let direct = guard::scan_all(templates.iter().map(|(n, t)| (n.clone(), *t)));

        let mut hasher = blake3::Hasher::new();
        for (name, bytes) in content_files.iter().chain(&theme_files) {
            hasher.update(name.as_bytes()).update(&[0]).update(bytes).update(&[0]);
        }
        let minify = minify_html::Cfg {
            keep_closing_tags: true,
            keep_html_and_head_opening_tags: true,
            ..minify_html::Cfg::new()
        };
        Ok(Renderer {
            content,
            layout,
            style: theme_files.get("style.css").cloned().unwrap_or_default(),
            script: theme_files.get("recherche.js").cloned().unwrap_or_default(),
            minify,
            fingerprint: *hasher.finalize().as_bytes(),
            shapes: RwLock::new(HashMap::new()),
            shape_keys: ShapeKeys::new(),
            direct,
        })
    }

    /// Why this build renders each establishment directly instead of once per shape: the
    /// operations of the templates that cannot be evaluated on opaque values (empty: the
    /// fast path applies).
    pub fn direct_reasons(&self) -> &[guard::Finding] {
        &self.direct
    }

    /// A table of tokens for one rendering: direct when the templates read values.
    fn tokens(&self) -> Tokens<'static> {
        if self.direct.is_empty() {
            Tokens::default()
        } else {
            Tokens::direct()
        }
    }

    /// Hash of every canvas and layout used: part of each establishment's input for
    /// incremental rebuilds.
    pub fn fingerprint(&self) -> [u8; 32] {
        self.fingerprint
    }

    /// How many establishment shapes are compiled and kept (diagnostics, tests).
    pub fn shapes_cached(&self) -> usize {
        self.shapes.read().map(|m| m.len()).unwrap_or(0)
    }

    /// canvas (Markdown + tera) → HTML → layout → minified HTML, compiled.
    fn page(&self, ctx: &mut Context, canvas: &str, layout: &str, buf: &mut Buffers) -> Result<Skeleton> {
        buf.markdown.clear();
        self.content
            .render_to(canvas, ctx, &mut buf.markdown)
            .map_err(|e| template_error(canvas, &e))?;
        let md = std::str::from_utf8(&buf.markdown).map_err(|e| template_error(canvas, &e))?;
        buf.html.clear();
        let titre = markdown::to_html(md, &mut buf.html);
        ctx.insert("titre", &titre);
        ctx.insert("contenu", buf.html.as_str());
        let out = self.fragment(ctx, layout, buf);
        ctx.remove("contenu");
        out
    }

    /// A layout alone, minified and compiled.
    fn fragment(&self, ctx: &Context, layout: &str, buf: &mut Buffers) -> Result<Skeleton> {
        buf.page.clear();
        self.layout
            .render_to(layout, ctx, &mut buf.page)
            .map_err(|e| template_error(layout, &e))?;
        let min = minify_html::minify(&buf.page, &self.minify);
        // French typography on every text node: canvas, layout and the values the templates
        // saw (per-establishment values get theirs when filled, see `skeleton::Tokens`).
        let skeleton = Skeleton::html(&typo::html(&String::from_utf8_lossy(&min)));
        if skeleton.has_stray_token() {
            return Err(Error::Template {
                name: layout.to_owned(),
                message: "une valeur du fichier des parties a été transformée par un filtre (upper, truncate, \
                          replace…) : seuls l'affichage, le test de présence et la comparaison des valeurs \
                          entre elles sont possibles"
                    .into(),
            });
        }
        Ok(skeleton)
    }

    /// Renders every file of an establishment's shape from its tokenized context.
    fn shape(&self, data: &EtabData) -> Result<Shape> {
        let mut ctx = Context::from_serialize(data).map_err(|e| template_error("contexte", &e))?;
        ctx.insert("traitement", &Value::none());
        let slug = &data.etab.slug;
        let mut buf = Buffers::default();
        let mut pages = Vec::with_capacity(6 + data.etab.traitements.len());
        for (id, canvas, path, depth) in context::ETAB_PAGES {
            // The grandes lignes of an agreement exist only where a treatment is joint.
            if id == "grandes-lignes" && data.nb.conjointe == 0 {
                continue;
            }
            ctx.insert("page", id);
            ctx.insert("liens", &Liens::new(depth + 1, depth));
            let body = self.page(&mut ctx, canvas, "page.html", &mut buf)?;
            pages.push((Skeleton::raw(&format!("{slug}/{path}")), body));
        }
        ctx.insert("page", "fiche");
        ctx.insert("liens", &Liens::new(3, 2));
        for t in &data.etab.traitements {
            ctx.insert("traitement", t);
            ctx.insert("date_maj", &t.mis_a_jour_le);
            let body = self.page(&mut ctx, "registre.md", "page.html", &mut buf)?;
            pages.push((Skeleton::raw(&format!("{slug}/registre/{}/index.html", t.id)), body));
        }
        ctx.insert("date_maj", data.date_maj);
        pages.push((
            Skeleton::raw(&format!("{slug}/footer.html")),
            self.fragment(&ctx, "footer.html", &mut buf)?,
        ));
        Ok(Shape { pages })
    }

    /// Tokenizes what establishments of `site` share (ENT facts, the register sheets of
    /// `etablissements`), once, to render those establishments.
    pub fn prepare<'r, 'e>(
        &'r self,
        site: &'r Site,
        etablissements: impl IntoIterator<Item = &'e Etablissement>,
    ) -> SiteRenderer<'r> {
        let mut tokens = self.tokens();
        let ent = tokens.ent(&site.ent);
        let source = tokens.text(&site.source);
        let mut fiches = rustc_hash::FxHashMap::default();
        for t in etablissements.into_iter().flat_map(|e| &e.traitements) {
            if let (fiche, true) = tokens.share_fiche(&t.fiche) {
                fiches.insert(Arc::as_ptr(&fiche) as usize, self.shape_keys.key(&fiche));
            }
        }
        let key = self.shape_keys.key(&(&ent, &source));
        SiteRenderer {
            renderer: self,
            site,
            common: Common {
                tokens,
                ent,
                source,
                key,
                fiches,
            },
        }
    }

    /// [`SiteRenderer::render_etablissement`] for one establishment (use
    /// [`Renderer::prepare`] for many).
    pub fn render_etablissement(&self, site: &Site, etab: &Etablissement) -> Result<Vec<Page>> {
        self.prepare(site, [etab]).render_etablissement(etab)
    }
}

impl SiteRenderer<'_> {
    /// See [`Renderer::shapes_cached`].
    pub fn shapes_cached(&self) -> usize {
        self.renderer.shapes_cached()
    }

    /// The pages of one establishment, under `<slug>/`: `index.html`, `grandes-lignes/`,
    /// `mentions/`, `registre/`, `registre/<traitement>/` (each `index.html`), `footer.html`,
    /// `footer.json`.
    pub fn render_etablissement(&self, etab: &Etablissement) -> Result<Vec<Page>> {
        let (r, site, common) = (self.renderer, self.site, &self.common);
        let urls = Urls::new(&site.ent.base_url, Some(&etab.slug));
        let footer = Footer::new(&site.ent, &urls, Some(etab));
        let nb = Nombres::of(&etab.traitements);

        let mut tk = Tokens::over(&common.tokens);
        let mut e = tk.etablissement(etab);
        let date_maj = tk.text(&context::date_maj(&site.ent, &etab.traitements));
        let turls = urls.tokenized(&mut tk);
        let tfooter = footer.tokenized(&mut tk);
        // The shape key: the hash of the whole context below, but of each shared part (ENT
        // facts and source, sheets) by its key, computed once per build. None when rendering
        // directly: each establishment is its own shape.
        let key = if r.direct.is_empty() {
            let traitements = std::mem::take(&mut e.traitements);
            let sheets: Vec<_> = traitements
                .iter()
                .map(|t| {
                    let key = common.fiches.get(&(Arc::as_ptr(&t.fiche) as usize));
                    (&t.responsables, key.ok_or(&t.fiche))
                })
                .collect();
            let key = r
                .shape_keys
                .key(&(common.key, &e, &sheets, &date_maj, &nb, &turls, &tfooter));
            drop(sheets);
            e.traitements = traitements;
            Some(key)
        } else {
            // The slug is a path segment as it is (not a slot checked when filled).
            if !etab
                .slug
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
            {
                return Err(Error::Template {
                    name: etab.uai.clone(),
                    message: format!("« {} » ne peut pas servir de nom de dossier", etab.slug),
                });
            }
            None
        };
        let data = EtabData {
            ent: &common.ent,
            etab: &e,
            source: &common.source,
            date_maj: &date_maj,
            nb: &nb,
            tous_responsables: context::tous_responsables(&e),
            urls: &turls,
            footer: &tfooter,
        };

        let cached = key.and_then(|key| r.shapes.read().ok()?.get(&key).cloned());
        let shape = match cached {
            Some(s) => s,
            None => {
                let s = Arc::new(r.shape(&data)?);
                if let Some(key) = key
                    && let Ok(mut m) = r.shapes.write()
                    && m.len() < CACHE_MAX
                {
                    m.insert(key, s.clone());
                }
                s
            }
        };

        let uai = Some(etab.uai.clone());
        let mut pages = Vec::with_capacity(shape.pages.len() + 1);
        for (path, body) in &shape.pages {
            let fill = |s: &Skeleton, cap| {
                let mut out = Vec::with_capacity(cap);
                s.instantiate(&tk, &mut out).map_err(|message| Error::Template {
                    name: etab.uai.clone(),
                    message,
                })?;
                Ok::<_, Error>(out)
            };
            let path = String::from_utf8(fill(path, 64)?).unwrap_or_default();
            let bytes = fill(body, 16 * 1024)?;
            if path.ends_with("footer.html") {
                check_inert(&bytes).map_err(|message| Error::Template {
                    name: "footer.html".into(),
                    message,
                })?;
            }
            pages.push(Page {
                path,
                bytes,
                uai: uai.clone(),
            });
        }
        pages.push(Page {
            path: format!("{}/footer.json", etab.slug),
            bytes: footer_json(&footer)?,
            uai,
        });
        Ok(pages)
    }
}

fn footer_json(footer: &Footer) -> Result<Vec<u8>> {
    let json = serde_json::to_vec_pretty(footer).map_err(|e| template_error("footer.json", &e))?;
    // A vendor may inline it in a <script> block or an HTML attribute: no `<`, `>`, `&` as
    // such (`</script>` in a name would end the block), nor the two line separators that end
    // a JavaScript string. Outside strings JSON never holds these characters, so escaping
    // every occurrence keeps the same data.
    let mut out = Vec::with_capacity(json.len() + 1);
    let mut i = 0;
    while i < json.len() {
        match json[i] {
            b'<' => out.extend_from_slice(br"\u003c"),
            b'>' => out.extend_from_slice(br"\u003e"),
            b'&' => out.extend_from_slice(br"\u0026"),
            0xE2 if json.get(i + 1) == Some(&0x80) && matches!(json.get(i + 2), Some(0xA8 | 0xA9)) => {
                out.extend_from_slice(if json[i + 2] == 0xA8 { br"\u2028" } else { br"\u2029" });
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    out.push(b'\n');
    Ok(out)
}

/// Elements a footer snippet may hold: what the default theme uses, and a little text markup.
const FOOTER_ELEMENTS: &[&str] = &[
    "nav", "ul", "ol", "li", "a", "span", "p", "strong", "em", "small", "br", "div", "abbr",
];
/// Attributes a footer snippet may hold. No `id` nor `name` (they would clobber the host
/// page's globals), no `style`, `target`, `ping`, `rel`, event handler or resource.
const FOOTER_ATTRIBUTES: &[&str] = &["class", "href", "aria-label", "aria-current", "lang", "title"];

/// The footer snippet goes into an untrusted page under a strict CSP: only the elements and
/// attributes of an allowlist, links absolute (a project may override `footer.html`).
/// The HTML is read as a browser tokenizes it (quoted and unquoted attribute values, `<` as
/// text when no tag follows).
pub fn check_inert(html: &[u8]) -> std::result::Result<(), String> {
    let text = std::str::from_utf8(html).map_err(|_| "le pied de page n'est pas en UTF-8".to_string())?;
    let b = text.as_bytes();
    let allowed = || {
        format!(
            "permis : {} ; attributs {}",
            FOOTER_ELEMENTS
                .iter()
                .map(|e| format!("<{e}>"))
                .collect::<Vec<_>>()
                .join(", "),
            FOOTER_ATTRIBUTES.join(", ")
        )
    };
    let ws = |c: u8| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c');
    let mut i = 0;
    while let Some(k) = b[i..].iter().position(|&c| c == b'<') {
        i += k + 1;
        let closing = b.get(i) == Some(&b'/');
        if closing {
            i += 1;
        }
        match b.get(i) {
            Some(c) if c.is_ascii_alphabetic() => {}
            Some(b'!' | b'?') => {
                return Err("le pied de page ne doit contenir ni commentaire ni déclaration (<!…>, <?…>)".into());
            }
            _ if closing => return Err("balise fermante invalide dans le pied de page".into()),
            _ => continue, // `<` followed by no tag: text.
        }
        let start = i;
        while i < b.len() && !(ws(b[i]) || b[i] == b'/' || b[i] == b'>') {
            i += 1;
        }
        let name = text[start..i].to_ascii_lowercase();
        if !FOOTER_ELEMENTS.contains(&name.as_str()) {
            return Err(format!(
                "le pied de page ne doit pas contenir d'élément <{name}> ({})",
                allowed()
            ));
        }
        loop {
            while i < b.len() && (ws(b[i]) || b[i] == b'/') {
                i += 1;
            }
            match b.get(i) {
                None => return Err(format!("balise <{name}> non fermée dans le pied de page")),
                Some(b'>') => {
                    i += 1;
                    break;
                }
                Some(_) => {}
            }
            let start = i;
            i += 1; // A first `=` belongs to the name.
            while i < b.len() && !(ws(b[i]) || b[i] == b'/' || b[i] == b'>' || b[i] == b'=') {
                i += 1;
            }
            let attr = text[start..i].to_ascii_lowercase();
            while i < b.len() && ws(b[i]) {
                i += 1;
            }
            let mut value = None;
            if b.get(i) == Some(&b'=') {
                i += 1;
                while i < b.len() && ws(b[i]) {
                    i += 1;
                }
                match b.get(i) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let Some(end) = b[i + 1..].iter().position(|&c| c == q) else {
                            return Err(format!(
                                "guillemet non fermé dans le pied de page (attribut « {attr} »)"
                            ));
                        };
                        value = Some(&text[i + 1..i + 1 + end]);
                        i += end + 2;
                    }
                    _ => {
                        let start = i;
                        while i < b.len() && !(ws(b[i]) || b[i] == b'>') {
                            i += 1;
                        }
                        value = Some(&text[start..i]);
                    }
                }
            }
            if closing {
                return Err(format!(
                    "attribut « {attr} » dans une balise fermante </{name}> du pied de page"
                ));
            }
            if !FOOTER_ATTRIBUTES.contains(&attr.as_str()) {
                return Err(format!(
                    "le pied de page ne doit pas contenir d'attribut « {attr} » ({})",
                    allowed()
                ));
            }
            if attr == "href" && !value.is_some_and(context::is_web_url) {
                return Err(format!(
                    "les liens du pied de page doivent être absolus (https://…) : « {} »",
                    value.unwrap_or("")
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn inert() {
        use super::check_inert as c;
        assert!(c(br#"<nav class="ent-rgpd-f" aria-label="x onclick=y"><a href="https://a.fr/">b</a></nav>"#).is_ok());
        assert!(c(b"<a href=https://a.fr/ class=x>b</a>").is_ok());
        for bad in [
            "<style>x</style>",
            "<a style=\"x\">",
            "<a onclick=x>",
            "<img src=x>",
            "<a href=\"javascript:x\">",
            "<p ONload='x'>",
            "<a href=/x>",
        ] {
            assert!(c(bad.as_bytes()).is_err(), "{bad}");
        }
    }
}

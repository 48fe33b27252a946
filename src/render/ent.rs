//! ENT-level files: the home page, the ENT notice, one page (and JSON index) per
//! département, the footer snippet, the sitemaps and the whole register. Rendered as
//! independent jobs that the writer runs alongside the establishments' pages. On a rebuild,
//! a group of files whose input is unchanged (a département's page and index, the sitemaps)
//! is not rendered again but kept as it is.

use super::context::{self, EntFacts, Footer, Liens, Urls};
use super::skeleton::Tokens;
use super::{
    Buffers, LISTE_COMPLETE_MAX, Page, Renderer, SITEMAP_MAX, check_inert, footer_json, register, template_error,
};
use crate::error::{Error, Result};
use crate::output::Streamed;
use crate::rebuild::hash_of;
use crate::resolve::model::{Etablissement, Site};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::sync::Arc;
use tera::{Context, Value};

/// A part of the ENT-level output, rendered when called.
pub type EntJob<'a> = Box<dyn FnOnce() -> Result<Vec<Page>> + Send + 'a>;

/// Input hash of each group of ENT-level files that a rebuild may keep, by path prefix.
pub type Groups = BTreeMap<String, String>;

/// Path prefix of the sitemaps (`sitemap.xml`, `sitemap-<n>.xml`).
const SITEMAPS: &str = "sitemap";

/// The ENT-level output of one build.
pub struct EntWork<'a> {
    /// The files to render, as jobs.
    pub jobs: Vec<EntJob<'a>>,
    /// The largest files (the register), written as they are rendered.
    pub streams: Vec<Streamed<'a>>,
    /// Path prefixes of the files kept as they are: their group's input is the one of the
    /// previous build.
    pub kept: Vec<String>,
    /// Every group's input hash, to record for the next build.
    pub groups: Groups,
}

impl EntWork<'_> {
    /// Records a group's input hash, and whether its files must be rendered: else (the same
    /// input as in `previous`) they are kept as they are.
    fn renders(&mut self, previous: &Groups, prefix: String, hash: String) -> bool {
        let render = previous.get(&prefix) != Some(&hash);
        if !render {
            self.kept.push(prefix.clone());
        }
        self.groups.insert(prefix, hash);
        render
    }
}

/// What every département page shares, read by the jobs: the context of the ENT pages and
/// the values behind its tokens.
struct Shared {
    ctx: Context,
    tokens: Tokens<'static>,
}

/// Départements rendered per job (a national roster has about a hundred).
const DEPARTEMENTS_PER_JOB: usize = 8;

impl Renderer {
    /// ENT-level files: `index.html`, `mentions/index.html`, `accessibilite/index.html` (without
    /// `ent.accessibilite.declaration`), `departements/<code>/index.html`
    /// and `index.json`, `footer.html`, `footer.json`, `style.css`, `recherche.js`,
    /// `sitemap.xml` (an index of `sitemap-<n>.xml` beyond 50,000 URLs), `registre.csv`,
    /// `registre.json`, all at once.
    pub fn render_ent(&self, site: &Site) -> Result<Vec<Page>> {
        let work = self.ent_work(site, &Groups::new())?;
        let parts: Vec<Vec<Page>> = work.jobs.into_par_iter().map(|job| job()).collect::<Result<_>>()?;
        let mut pages: Vec<Page> = parts.into_iter().flatten().collect();
        for s in work.streams {
            let path = s.path.clone();
            pages.push(s.into_page().map_err(|e| Error::io(path, e))?);
        }
        Ok(pages)
    }

    /// The ENT-level files as jobs, except the groups whose input hash is the one in
    /// `previous` (the last build's [`EntWork::groups`]). The home page, the ENT notice,
    /// the footer and the register are always rendered.
    pub fn ent_work<'a>(&'a self, site: &'a Site, previous: &Groups) -> Result<EntWork<'a>> {
        let mut work = EntWork {
            jobs: Vec::new(),
            streams: Vec::new(),
            kept: Vec::new(),
            groups: Groups::new(),
        };
        let file = |path: &str, bytes| Page {
            path: path.into(),
            bytes,
            uai: None,
        };
        work.streams.push(Streamed {
            path: "registre.json".into(),
            fill: Box::new(move |w| register::write_json(site, w)),
        });
        work.streams.push(Streamed {
            path: "registre.csv".into(),
            fill: Box::new(move |w| register::write_csv(site, w)),
        });
        if work.renders(previous, SITEMAPS.into(), sitemaps_input(site)) {
            work.jobs.push(Box::new(move || self.sitemaps(site)));
        }

        let urls = Urls::new(&site.ent.base_url, None);
        let footer = Footer::new(&site.ent, &urls, None);
        let mut tk = self.tokens();
        let facts = EntFacts::new(site, &mut tk);
        let ent = tk.ent(&site.ent);
        let source = tk.text(&site.source);
        let urls_tk = urls.tokenized(&mut tk);
        let footer_tk = footer.tokenized(&mut tk);
        // What the pages share, values included: part of each département's input.
        let shared_json = serde_json::to_vec(&(&ent, &source, &facts, &urls_tk, &footer_tk))
            .map_err(|e| template_error("index.html", &e))?;
        let shared_hash = hash_of(&(shared_json, tk.values().collect::<Vec<_>>()));
        let mut ctx = Context::new();
        ctx.insert("ent", &ent);
        ctx.insert("etab", &Value::none());
        ctx.insert("traitement", &Value::none());
        ctx.insert("source", &source);
        ctx.insert("date_maj", &facts.date_maj);
        ctx.insert("nb", &facts.nb);
        ctx.insert("urls", &urls_tk);
        ctx.insert("footer", &footer_tk);
        ctx.insert("site", &facts);

        let mut buf = Buffers::default();
        let mut skeletons = Vec::new();
        let groups = context::groupes_departements(site);
        let complet = site.etablissements.len() <= LISTE_COMPLETE_MAX;
        // The home page: every establishment on a small ENT, else the académies and their
        // départements.
        let accueil: Vec<context::Departement> = groups
            .iter()
            .map(|g| {
                let mut d = context::departement(g, &mut tk, complet);
                d.communes = Vec::new();
                d
            })
            .collect();
        ctx.insert("page", "ent-accueil");
        ctx.insert("liens", &Liens::new(0, 0));
        ctx.insert("liste_complete", &complet);
        ctx.insert("academies", &context::academies(&accueil));
        ctx.insert("departements", &accueil);
        skeletons.push((
            "index.html",
            self.page(&mut ctx, "ent-accueil.md", "index.html", &mut buf)?,
        ));
        ctx.remove("academies");
        ctx.remove("departements");
        ctx.insert("page", "ent-mentions");
        ctx.insert("liens", &Liens::new(1, 1));
        skeletons.push((
            "mentions/index.html",
            self.page(&mut ctx, "ent-mentions.md", "page.html", &mut buf)?,
        ));
        // The RGAA accessibility statement, unless the roster points to its own.
        if context::declaration(&site.ent).is_none() {
            ctx.insert("page", "ent-accessibilite");
            skeletons.push((
                context::ACCESSIBILITE,
                self.page(&mut ctx, "accessibilite.md", "page.html", &mut buf)?,
            ));
        }
        ctx.insert("liens", &Liens::new(0, 0));
        skeletons.push(("footer.html", self.fragment(&ctx, "footer.html", &mut buf)?));

        // Département pages, by group: those whose input changed, in jobs of a few.
        let mut changed = Vec::new();
        for (d, etabs) in accueil.iter().zip(groups) {
            let prefix = format!("departements/{}/", d.chemin);
            if work.renders(previous, prefix, departement_input(&shared_hash, d, &etabs)) {
                changed.push(etabs);
            }
        }
        let mut pages = Vec::new();
        for (path, s) in skeletons {
            let mut bytes = Vec::new();
            s.instantiate(&tk, &mut bytes).map_err(|message| Error::Template {
                name: path.into(),
                message,
            })?;
            if path == "footer.html" {
                check_inert(&bytes).map_err(|message| Error::Template {
                    name: path.into(),
                    message,
                })?;
            }
            pages.push(file(path, bytes));
        }
        pages.push(file("footer.json", footer_json(&footer)?));
        pages.push(file("style.css", self.style.clone()));
        pages.push(file("recherche.js", self.script.clone()));
        work.jobs.push(Box::new(move || Ok(pages)));
        let shared = Arc::new(Shared { ctx, tokens: tk });
        let mut changed = changed.into_iter().peekable();
        while changed.peek().is_some() {
            let chunk: Vec<_> = changed.by_ref().take(DEPARTEMENTS_PER_JOB).collect();
            let shared = shared.clone();
            work.jobs.push(Box::new(move || self.departements(&shared, chunk)));
        }
        Ok(work)
    }

    /// Pages and JSON indexes of some départements (each a group of
    /// [`context::groupes_departements`]).
    fn departements(&self, shared: &Shared, groups: Vec<Vec<&Etablissement>>) -> Result<Vec<Page>> {
        let mut ctx = shared.ctx.clone();
        ctx.insert("page", "ent-departement");
        ctx.insert("liens", &Liens::new(2, 2));
        let mut tk = Tokens::over(&shared.tokens);
        let deps: Vec<_> = groups
            .iter()
            .map(|g| {
                let mut d = context::departement(g, &mut tk, true);
                d.etablissements = Vec::new();
                d
            })
            .collect();
        let mut buf = Buffers::default();
        let mut pages = Vec::with_capacity(2 * deps.len());
        for (d, etabs) in deps.iter().zip(&groups) {
            ctx.insert("departement", d);
            let path = format!("departements/{}/index.html", d.chemin);
            let mut bytes = Vec::new();
            self.fragment(&ctx, "departement.html", &mut buf)?
                .instantiate(&tk, &mut bytes)
                .map_err(|message| Error::Template {
                    name: path.clone(),
                    message,
                })?;
            pages.push(Page { path, bytes, uai: None });
            let entries: Vec<context::EntreeIndex> = etabs
                .iter()
                .map(|e| context::EntreeIndex {
                    uai: &e.uai,
                    nom: &e.nom,
                    commune: e.commune.as_deref(),
                    url: format!("{}/index.html", e.slug),
                })
                .collect();
            let json = serde_json::to_vec(&entries).map_err(|e| template_error("index.json", &e))?;
            pages.push(Page {
                path: format!("departements/{}/index.json", d.chemin),
                bytes: json,
                uai: None,
            });
        }
        Ok(pages)
    }

    /// `sitemap.xml` with every HTML page; beyond 50,000 URLs, `sitemap-<n>.xml` files of
    /// 50,000 and `sitemap.xml` as their index. Built chunk by chunk (bounded memory).
    pub fn sitemaps(&self, site: &Site) -> Result<Vec<Page>> {
        #[derive(serde::Serialize)]
        struct Url<'a> {
            loc: String,
            lastmod: &'a str,
        }
        let base = &site.ent.base_url;
        fn last(e: &Etablissement) -> &str {
            e.traitements
                .iter()
                .map(|t| t.mis_a_jour_le.as_str())
                .max()
                .unwrap_or("")
        }
        let date_ent = site.etablissements.iter().map(last).max().unwrap_or("");
        let mut deps: Vec<String> = site
            .etablissements
            .iter()
            .map(|e| context::chemin_departement(&e.departement))
            .collect();
        deps.sort_unstable();
        deps.dedup();
        let accessibilite = context::declaration(&site.ent).is_none();
        let total = 2
            + usize::from(accessibilite)
            + deps.len()
            + site
                .etablissements
                .iter()
                .map(|e| context::ETAB_PAGES.len() + e.traitements.len())
                .sum::<usize>();
        let render = |urls: Option<&[Url]>, sitemaps: Option<&[Url]>| {
            let mut ctx = Context::new();
            ctx.insert("urls", &urls);
            ctx.insert("sitemaps", &sitemaps);
            let n = urls.map_or(0, <[Url]>::len) + sitemaps.map_or(0, <[Url]>::len);
            let mut out = Vec::with_capacity(1024 + n * 160);
            self.layout
                .render_to("sitemap.xml", &ctx, &mut out)
                .map_err(|e| template_error("sitemap.xml", &e))?;
            Ok::<_, Error>(out)
        };
        let mut pages = Vec::new();
        let mut index = Vec::new();
        let mut chunk = Vec::with_capacity(total.min(SITEMAP_MAX));
        /// Renders `sitemap.xml` from URLs or from sitemap files.
        type Render<'r> = dyn Fn(Option<&[Url]>, Option<&[Url]>) -> Result<Vec<u8>> + 'r;
        fn flush<'a>(
            chunk: &mut Vec<Url<'a>>,
            pages: &mut Vec<Page>,
            index: &mut Vec<Url<'a>>,
            base: &str,
            render: &Render,
        ) -> Result<()> {
            let name = format!("sitemap-{}.xml", pages.len() + 1);
            pages.push(Page {
                path: name.clone(),
                bytes: render(Some(chunk), None)?,
                uai: None,
            });
            let lastmod = chunk.iter().map(|u| u.lastmod).max().unwrap_or("");
            index.push(Url {
                loc: format!("{base}/{name}"),
                lastmod,
            });
            chunk.clear();
            Ok(())
        }
        chunk.push(Url {
            loc: format!("{base}/"),
            lastmod: date_ent,
        });
        chunk.push(Url {
            loc: format!("{base}/mentions/"),
            lastmod: date_ent,
        });
        if accessibilite {
            chunk.push(Url {
                loc: format!("{base}/accessibilite/"),
                lastmod: date_ent,
            });
        }
        for d in &deps {
            chunk.push(Url {
                loc: format!("{base}/departements/{d}/"),
                lastmod: date_ent,
            });
        }
        for e in &site.etablissements {
            let d = last(e);
            let root = format!("{base}/{}/", e.slug);
            let joint = e.traitements.iter().any(|t| t.responsabilite == "conjointe");
            for (id, _, path, _) in &context::ETAB_PAGES[1..] {
                if *id == "grandes-lignes" && !joint {
                    continue;
                }
                chunk.push(Url {
                    loc: format!("{root}{}", path.trim_end_matches("index.html")),
                    lastmod: d,
                });
            }
            for t in &e.traitements {
                chunk.push(Url {
                    loc: format!("{root}registre/{}/", t.id),
                    lastmod: &t.mis_a_jour_le,
                });
            }
            chunk.push(Url { loc: root, lastmod: d });
            if total > SITEMAP_MAX && chunk.len() >= SITEMAP_MAX - context::ETAB_PAGES.len() - 64 {
                flush(&mut chunk, &mut pages, &mut index, base, &render)?;
            }
        }
        if total <= SITEMAP_MAX {
            return Ok(vec![Page {
                path: "sitemap.xml".into(),
                bytes: render(Some(&chunk), None)?,
                uai: None,
            }]);
        }
        if !chunk.is_empty() {
            flush(&mut chunk, &mut pages, &mut index, base, &render)?;
        }
        pages.push(Page {
            path: "sitemap.xml".into(),
            bytes: render(None, Some(&index))?,
            uai: None,
        });
        Ok(pages)
    }
}

/// Everything a département's page and index show, besides the shared context: its
/// establishments' names, communes, types and links.
fn departement_input(shared: &str, d: &context::Departement, etabs: &[&Etablissement]) -> String {
    let etabs: Vec<_> = etabs
        .iter()
        .map(|e| (&e.departement, &e.uai, &e.slug, &e.nom, &e.type_libelle, &e.commune))
        .collect();
    hash_of(&(shared, &d.chemin, &d.academie_nom, &d.nb_etablissements, etabs))
}

/// Everything the sitemaps show: each page's address and date.
fn sitemaps_input(site: &Site) -> String {
    let pages: Vec<_> = site
        .etablissements
        .iter()
        .map(|e| {
            // The responsibility decides whether the grandes lignes page exists.
            let traitements: Vec<_> = e
                .traitements
                .iter()
                .map(|t| (&t.id, &t.mis_a_jour_le, &t.responsabilite))
                .collect();
            (&e.slug, &e.departement, traitements)
        })
        .collect();
    // The accessibility statement is listed when generated.
    let accessibilite = context::declaration(&site.ent).is_none();
    hash_of(&(&site.ent.base_url, accessibilite, pages))
}

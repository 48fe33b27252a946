//! `ent-rgpd build`: validate, render every page in memory, then write what changed.

use crate::cli::BuildArgs;
use crate::diagnostic::{Diagnostic, Report};
use crate::error::{Error, Result};
use crate::output::WriteSummary;
use crate::output::{self, Group, Scope, WriteOptions};
use crate::render::Renderer;
use crate::resolve::model::Site;
use crate::validate::text::url_problem;
use crate::{project, rebuild};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use std::io::IsTerminal;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

pub fn run(args: &BuildArgs) -> Result<()> {
    let start = Instant::now();
    let project::Checked {
        roster,
        site: mut checked_site,
        warnings,
    } = project::check(&args.roster)?;
    if !args.quiet {
        for d in &warnings.items {
            eprintln!("{}", d.render());
        }
    }
    let root_dir = roster.root_dir();
    // The raw roster is not needed any more: free it while rendering goes on.
    std::thread::spawn(move || drop(roster));
    if let Some(url) = &args.base_url {
        if let Some(problem) = url_problem(url) {
            return Err(invalid_arg(format!("--base-url « {url} » : {problem}")));
        }
        checked_site.ent.base_url = url.trim().trim_end_matches('/').to_string();
    }
    let site = &checked_site;

    let renderer = Renderer::new(&root_dir)?;
    // Without --only: render again only what changed since the last build.
    let mut plan = args
        .only
        .is_empty()
        .then(|| rebuild::plan(&args.output, site, renderer.fingerprint()));
    let scope = match &plan {
        Some(plan) => incremental_scope(plan),
        None => {
            for uai in &args.only {
                if !site.etablissements.iter().any(|e| e.uai.eq_ignore_ascii_case(uai)) {
                    return Err(invalid_arg(format!(
                        "--only : aucun établissement d'UAI « {uai} » dans le fichier des parties"
                    )));
                }
            }
            Scope::Only {
                uais: args.only.iter().map(|u| u.to_ascii_uppercase()).collect(),
                ent: true,
            }
        }
    };
    let progress = Progress::new(!args.quiet && std::io::stderr().is_terminal());
    let (summary, rendered) = render_and_write(&args.output, site, &renderer, scope, plan.as_mut(), &progress)?;
    progress.finish();
    match &plan {
        Some(plan) => plan.save(&args.output)?,
        // Some establishments were written from a roster the hashes do not describe.
        None => rebuild::forget(&args.output),
    }

    if let Some(path) = &args.report {
        let is_json = path.extension().is_some_and(|x| x.eq_ignore_ascii_case("json"));
        let none = output::ChangedParts::new();
        let parts = plan.as_ref().map_or(&none, |p| &p.changed_parts);
        let report = if is_json {
            output::changes_report_json(&summary, parts)
        } else {
            output::changes_report_text(&summary, site, parts)
        };
        output::write_file(path, report.as_bytes())?;
    }
    if !args.quiet {
        println!(
            "{} établissement(s), {} régénéré(s) : {} fichier(s) écrit(s), {} inchangé(s), {} supprimé(s) dans {} en {:.2} s{}.",
            site.etablissements.len(),
            rendered,
            summary.written,
            summary.unchanged,
            summary.removed,
            args.output.display(),
            start.elapsed().as_secs_f64(),
            direct_note(&renderer, rendered > 0 || summary.written > 0)
        );
    }
    // The process ends now: freeing every page and party one by one would only cost time.
    std::mem::forget(renderer);
    std::mem::forget(checked_site);
    Ok(())
}

/// The end of the summary line when the templates read values, so that the pages `rendered`
/// were rendered directly rather than once per shape (`build` and `serve`): « ; rendu direct
/// (plus lent) : content/accueil.md ligne 3 compare « etab.commune » à un texte ».
pub fn direct_note(renderer: &Renderer, rendered: bool) -> String {
    match crate::render::guard::note(renderer.direct_reasons(), 2) {
        Some(note) if rendered => format!(" ; {note}"),
        _ => String::new(),
    }
}

/// The scope of an incremental rebuild: everything but the establishments whose input is
/// unchanged since the last build into the same directory (`build` and `serve`).
pub fn incremental_scope(plan: &rebuild::Plan) -> Scope {
    if plan.kept.is_empty() && plan.ent_changed {
        Scope::All
    } else {
        Scope::Except {
            kept: plan.kept.clone(),
            ent: plan.ent_changed,
            ent_kept: Vec::new(),
        }
    }
}

/// Renders the pages `scope` holds and writes them through the one writer into `out`.
/// With a `plan` (an incremental rebuild), ENT-level groups whose input is unchanged are kept
/// as they are, and the plan records the groups of this build; if the write fails, the plan
/// is forgotten so that the next build renders everything.
/// Returns the writer's summary and how many establishments were rendered.
pub fn render_and_write(
    out: &Path,
    site: &Site,
    renderer: &Renderer,
    mut scope: Scope,
    mut plan: Option<&mut rebuild::Plan>,
    progress: &Progress,
) -> Result<(WriteSummary, usize)> {
    let ent = scope.contains(None);
    let to_render: Vec<_> = site
        .etablissements
        .iter()
        .filter(|e| scope.contains(Some(&e.uai)))
        .collect();
    if to_render.is_empty() && !ent && matches!(scope, Scope::Except { .. }) {
        // Nothing changed since the last build: its manifest stands as it is.
        return Ok((WriteSummary::default(), 0));
    }
    // The last build's manifest (80 MB for a national roster) is parsed while the ENT-level
    // context is prepared.
    let manifest = output::Manifest::read(out);
    let (previous, ent_work) = rayon::join(
        || manifest.parse(),
        || -> Result<_> {
            if !ent {
                return Ok((Vec::new(), Vec::new()));
            }
            let none = Default::default();
            let previous = plan.as_ref().map_or(&none, |p| p.groups());
            let work = renderer.ent_work(site, previous)?;
            scope = std::mem::take(&mut scope).keeping_ent(work.kept);
            if let Some(plan) = plan.as_mut() {
                plan.set_groups(work.groups);
            }
            Ok((work.streams, work.jobs))
        },
    );
    let (ent_streams, ent_jobs) = ent_work?;
    progress.start(to_render.len() as u64);
    let etab_renderer = renderer.prepare(site, to_render.iter().copied());
    // Each establishment's pages as one group (a new establishment is written in one go).
    let etab_pages = to_render.par_iter().map(|e| -> Result<Group> {
        let pages = etab_renderer.render_etablissement(e);
        progress.inc();
        pages.map(Group::Pages)
    });
    // The ENT-level files are rendered alongside, each dropped once written; the register
    // is written as it is rendered.
    let ent_pages = ent_jobs.into_par_iter().flat_map_iter(|job| -> Vec<Result<Group>> {
        match job() {
            Ok(pages) => pages.into_iter().map(|p| Ok(Group::Pages(vec![p]))).collect(),
            Err(err) => vec![Err(err)],
        }
    });
    let streams = ent_streams.into_par_iter().map(|s| Ok(Group::Streamed(s)));
    let pages = streams.chain(ent_pages).chain(etab_pages);
    let opts = WriteOptions { scope };
    let summary =
        output::try_write_over(out, &manifest, previous, pages, &opts).inspect_err(|_| rebuild::forget(out))?;
    Ok((summary, to_render.len()))
}

/// A progress bar on stderr, shown only when enabled (a terminal, not `--quiet`) and once the
/// build has lasted a second: short builds print nothing but their summary.
pub struct Progress {
    bar: Option<ProgressBar>,
    start: Instant,
    shown: AtomicBool,
}

impl Progress {
    pub fn new(enabled: bool) -> Self {
        Progress {
            bar: enabled.then(|| ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::hidden())),
            start: Instant::now(),
            shown: AtomicBool::new(false),
        }
    }

    /// No bar at all (`serve`, tests).
    pub fn none() -> Self {
        Progress::new(false)
    }

    fn start(&self, len: u64) {
        if let Some(bar) = &self.bar {
            bar.set_length(len);
            bar.set_style(
                ProgressStyle::with_template("{bar:40} {pos}/{len} établissements ({eta} restantes)")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
        }
    }

    fn inc(&self) {
        let Some(bar) = &self.bar else { return };
        bar.inc(1);
        if self.start.elapsed() > Duration::from_secs(1) && !self.shown.swap(true, Ordering::Relaxed) {
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    /// Clears the bar before the one-line summary.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// A command-line value that the roster cannot satisfy: reported like a roster error.
fn invalid_arg(message: String) -> Error {
    let mut r = Report::default();
    r.push(Diagnostic::error(
        std::path::Path::new("ligne de commande"),
        serde_saphyr::Location::UNKNOWN,
        message,
    ));
    Error::Invalid(r)
}

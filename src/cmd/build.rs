//! `ent-rgpd build`: validate, render every page in memory, then write what changed.

use crate::cli::BuildArgs;
use crate::diagnostic::{COMMAND_LINE, Diagnostic, Report, Rule};
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
    // The last build's files on disk are looked at while the roster is checked (see
    // `output::Survey`); not for `--only`, which leaves the others as they are.
    let survey = args.only.is_empty().then(|| output::Survey::start(&args.output));
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
    // One build at a time in the output folder, from reading the last build's manifest and
    // input hashes to writing the new ones.
    let lock = output::lock(&args.output, |waiting| {
        if !args.quiet {
            eprintln!("{waiting}");
        }
    })?;
    // Without --only: render again only what changed since the last build.
    let mut plan = args
        .only
        .is_empty()
        .then(|| rebuild::plan(&args.output, site, renderer.fingerprint()));
    // Of use only when some files are kept as they are, and if no build was interrupted
    // since it began.
    let survey = survey.and_then(|s| match plan.as_ref().map(incremental_scope) {
        Some(Scope::Except { .. }) if !lock.interrupted() => s.finish(),
        _ => s.cancel(),
    });
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
    let (summary, rendered) = render_and_write_on(
        &args.output,
        site,
        &renderer,
        scope,
        plan.as_mut(),
        &progress,
        OnDisk::Checked(survey.as_ref()),
    )?;
    progress.finish();
    if !args.quiet {
        for warning in &summary.warnings {
            eprintln!("avertissement : {warning}");
        }
    }
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

/// [`render_and_write_on`] a folder only this process writes in (`serve`'s temporary
/// folder): files not rendered again are trusted to be as the last build left them.
pub fn render_and_write(
    out: &Path,
    site: &Site,
    renderer: &Renderer,
    scope: Scope,
    plan: Option<&mut rebuild::Plan>,
    progress: &Progress,
) -> Result<(WriteSummary, usize)> {
    render_and_write_on(out, site, renderer, scope, plan, progress, OnDisk::Trusted)
}

/// How a rebuild knows that the last build's files are still on disk as it left them.
#[derive(Clone, Copy)]
pub enum OnDisk<'a> {
    /// Looked at (`build`): the files not rendered again, one `lstat` each (see
    /// `output::Previous::damaged`), from a survey taken while the roster was checked if
    /// it is still good, else now.
    Checked(Option<&'a output::Survey>),
    /// Trusted: a folder only this process writes in (`serve`'s temporary folder).
    Trusted,
}

/// Renders the pages `scope` holds and writes them through the one writer into `out`.
/// With a `plan` (an incremental rebuild), ENT-level groups whose input is unchanged are kept
/// as they are, and the plan records the groups of this build; if the write fails, the plan
/// is forgotten so that the next build renders everything. A manifest that cannot be read
/// renders everything (and deletes nothing). With `OnDisk::Checked`, files of the manifest
/// not as the last build left them on disk have their establishment or ENT-level group
/// rendered again.
/// Returns the writer's summary and how many establishments were rendered.
pub fn render_and_write_on(
    out: &Path,
    site: &Site,
    renderer: &Renderer,
    mut scope: Scope,
    mut plan: Option<&mut rebuild::Plan>,
    progress: &Progress,
    on_disk: OnDisk,
) -> Result<(WriteSummary, usize)> {
    let ent = scope.contains(None);
    if let OnDisk::Checked(Some(survey)) = on_disk
        && plan.is_some()
        && !ent
        && matches!(scope, Scope::Except { .. })
        && site.etablissements.iter().all(|e| !scope.contains(Some(&e.uai)))
        && survey.holds(out)
        && survey.damaged(&scope).is_empty()
    {
        // Nothing changed since the last build and its files are on disk as it left them:
        // its manifest stands as it is, not even read.
        survey.settle(out)?;
        let summary = WriteSummary {
            unchanged: survey.files,
            files: survey.files,
            ..WriteSummary::default()
        };
        return Ok((summary, 0));
    }
    // The last build's manifest (80 MB for a national roster) is parsed while the ENT-level
    // context is prepared.
    let manifest = output::Manifest::read(out);
    let no_groups = Default::default();
    let groups = plan.as_ref().map_or(&no_groups, |p| p.groups());
    let (mut previous, work) = rayon::join(
        || manifest.parse(),
        || ent.then(|| renderer.ent_work(site, groups)).transpose(),
    );
    let mut work = work?;
    if plan.is_some() && previous.is_corrupt() {
        // What the last build wrote is unknown: everything is rendered, its files compared
        // with what is on disk.
        scope = Scope::All;
        if work.as_ref().is_none_or(|w| !w.kept.is_empty()) {
            work = Some(renderer.ent_work(site, &Default::default())?);
        }
    }
    let ent_kept = work.as_ref().filter(|_| scope.contains(None)).map(|w| w.kept.clone());
    scope = scope.keeping_ent(ent_kept.unwrap_or_default());
    match on_disk {
        OnDisk::Checked(survey) if plan.is_some() => {
            // The manifest is the truth: a file of what is not rendered again that is
            // missing or was edited on disk has its establishment (or its ENT-level group)
            // rendered again, and is rewritten.
            let damaged = previous.damaged(out, &scope, survey);
            if !damaged.ent.is_empty() {
                let mut groups = groups.clone();
                groups.retain(|prefix, _| !damaged.ent.iter().any(|p| p.starts_with(prefix.as_str())));
                let repaired = renderer.ent_work(site, &groups)?;
                scope = scope.repairing(&damaged.uais, Some(repaired.kept.clone()));
                work = Some(repaired);
            } else if !damaged.uais.is_empty() {
                scope = scope.repairing(&damaged.uais, None);
            }
        }
        OnDisk::Checked(_) => {}
        OnDisk::Trusted => previous.trust(),
    }
    let ent = scope.contains(None);
    let (ent_streams, ent_jobs) = match work.filter(|_| ent) {
        Some(work) => {
            if let Some(plan) = plan.as_mut() {
                plan.set_groups(work.groups);
            }
            (work.streams, work.jobs)
        }
        None => (Vec::new(), Vec::new()),
    };
    let to_render: Vec<_> = site
        .etablissements
        .iter()
        .filter(|e| scope.contains(Some(&e.uai)))
        .collect();
    if to_render.is_empty() && !ent && matches!(scope, Scope::Except { .. }) {
        // Nothing changed since the last build, and its files are on disk as it left them:
        // its manifest stands as it is.
        previous.settle()?;
        let files = previous.len();
        let summary = WriteSummary {
            unchanged: files,
            files,
            ..WriteSummary::default()
        };
        return Ok((summary, 0));
    }
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
        Rule::ARGUMENT,
        std::path::Path::new(COMMAND_LINE),
        serde_saphyr::Location::UNKNOWN,
        message,
    ));
    Error::Invalid(r)
}

//! `ml-intro-pages [--site DIR] [--content DIR]`: writes the chapters' static pages and the
//! search index into the built site. The site defaults to Trunk's staging folder
//! (`TRUNK_STAGING_DIR`, set when Trunk runs this as a hook), else `dist`.

use anyhow::{Context, Result, bail};
use std::path::PathBuf;

fn main() -> Result<()> {
    let mut site = std::env::var_os("TRUNK_STAGING_DIR").map(PathBuf::from);
    let mut content = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../content");
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args
            .next()
            .with_context(|| format!("{arg} needs a value"))?;
        match arg.as_str() {
            "--site" => site = Some(PathBuf::from(value)),
            "--content" => content = PathBuf::from(value),
            other => bail!("unknown option {other} (expected --site DIR or --content DIR)"),
        }
    }
    let site = site.unwrap_or_else(|| PathBuf::from("dist"));
    let built = ml_intro_pages::build(&content, &site)?;
    println!(
        "ml-intro-pages: {} chapter pages ({} written), {} guide pages, {} example scripts, {} embed pages and {} search entries in {}",
        built.pages,
        built.written_chapters,
        built.guides,
        built.examples,
        built.embeds,
        built.search_entries,
        site.display()
    );
    Ok(())
}

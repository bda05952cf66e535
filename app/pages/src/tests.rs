use crate::markdown::{Fence, render};
use crate::widgets::program_for;
use crate::{build, course, widgets};
use std::path::PathBuf;

const SAMPLE: &str = "Intro with $a^2$.\n\n## First part\n\nSome *text*.\n\n\
    ```rhai run id=first title=\"The first cell\"\nprint(1 < 2);\n```\n\n\
    ```rhai\nprint(\"a listing\");\n```\n\n```widget descent surface=saddle\n```\n\n\
    > [!TIP]\n> Try it.\n\n## First part\n\n$$\\sum_i x_i$$\n\n```rhai run\nprint(2);\n```\n\n\
    ## Checklist\n\n- [ ] Split before you look\n- [x] Fix the seed\n";

#[test]
fn live_fences_become_placeholders_that_keep_their_text() {
    let rendered = render("chapter", SAMPLE).expect("valid");
    let html = &rendered.html;
    assert!(
        html.contains(
            r#"<div class="cell-island" data-cell-id="first" data-cell-title="The first cell">"#
        ),
        "{html}"
    );
    assert!(
        html.contains("print(1 &lt; 2);"),
        "the script, escaped: {html}"
    );
    assert!(html.contains(r#"data-cell-id="chapter-2""#), "{html}");
    assert!(html.contains("a listing"), "{html}");
    assert!(
        html.contains(
            r#"data-widget="descent" data-params="{&quot;surface&quot;:&quot;saddle&quot;}""#
        ),
        "{html}"
    );
    assert_eq!(rendered.widgets, ["descent"]);
    assert_eq!(rendered.cells, 2);
}

#[test]
fn maths_callouts_headings_and_checklists_are_rendered() {
    let rendered = render("chapter", SAMPLE).expect("valid");
    let html = &rendered.html;
    assert_eq!(html.matches("<math").count(), 2, "{html}");
    assert!(html.contains(r#"display="block""#), "{html}");
    assert!(
        html.contains(r#"<aside class="callout callout-tip">"#),
        "{html}"
    );
    assert!(html.contains(r#"<h2 id="first-part">"#), "{html}");
    assert!(
        html.contains(r#"<h2 id="first-part-2">"#),
        "a repeated heading gets its own id"
    );
    assert!(
        html.contains(r#"data-check="chapter-1" aria-label="Done">"#),
        "{html}"
    );
    assert!(
        html.contains(r#"data-check="chapter-2" aria-label="Done" checked>"#),
        "{html}"
    );
    let ids: Vec<&str> = rendered
        .outline
        .iter()
        .map(|heading| heading.id.as_str())
        .collect();
    assert_eq!(ids, ["first-part", "first-part-2", "checklist"]);
    let sections: Vec<&str> = rendered
        .sections
        .iter()
        .map(|section| section.heading.as_str())
        .collect();
    assert_eq!(sections, ["", "First part", "First part", "Checklist"]);
    assert!(rendered.sections[3].text.contains("Split before you look"));
}

#[test]
fn mistakes_name_their_line() {
    let error = render("c", "Fine.\n\n```widget nonesuch\n```\n").expect_err("unknown widget");
    assert_eq!(error.line, 3);
    assert!(
        error
            .message
            .contains("no widget “nonesuch” (there are: xor, "),
        "{error}"
    );
    let error = render("c", "One\n\ntwo $\\notacommand{1}$ three\n").expect_err("bad maths");
    assert_eq!(error.line, 3, "{error}");
    let error = render("c", "```rhai run idd=x\n```\n").expect_err("unknown attribute");
    assert!(
        error
            .to_string()
            .starts_with("line 1: a cell takes id= and title="),
        "{error}"
    );
}

#[test]
fn fence_words_keep_quoted_spaces() {
    assert_eq!(
        Fence::parse(r#"rhai run id=a title="Two words""#),
        Ok(Some(Fence::Cell {
            id: Some("a".into()),
            title: Some("Two words".into())
        }))
    );
    assert_eq!(Fence::parse("rhai"), Ok(None));
}

/// Every chapter in `content/chapters/` renders, names a course chapter, and gives its cells
/// distinct ids.
#[test]
fn every_written_chapter_renders() {
    let folder = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../content/chapters");
    let mut written = 0;
    for entry in std::fs::read_dir(&folder).expect("content/chapters") {
        let path = entry.expect("an entry").path();
        let slug = path
            .file_stem()
            .and_then(|stem| stem.to_str())
            .expect("a name");
        assert!(
            course::chapter(slug).is_some(),
            "{} is not a chapter",
            path.display()
        );
        let markdown = std::fs::read_to_string(&path).expect("readable");
        let rendered = render(slug, &markdown).unwrap_or_else(|error| panic!("{slug}: {error}"));
        let mut ids: Vec<&str> = rendered
            .html
            .match_indices("data-cell-id=\"")
            .map(|(at, marker)| {
                let rest = &rendered.html[at + marker.len()..];
                &rest[..rest.find('"').expect("closed")]
            })
            .collect();
        let count = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), count, "{slug}: a cell id is used twice");
        written += 1;
    }
    assert!(written >= 1);
}

#[test]
fn build_writes_a_page_per_chapter_and_the_search_index() {
    let site = std::env::temp_dir().join(format!("ml-intro-pages-{}", std::process::id()));
    let content = site.join("content");
    std::fs::create_dir_all(content.join("chapters")).expect("folders");
    std::fs::write(
        site.join("index.html"),
        "<!doctype html><html><head><title>ml-intro</title><meta name=\"description\" content=\"x\">\n<link rel=\"stylesheet\" href=\"/style-1.css\"/>\n<script src=\"/widget-embed.js\" defer></script>\n<!-- a comment -->\n<script type=\"module\">\nimport init from '/ml-intro-app-1234.js';\n</script>\n<link rel=\"modulepreload\" href=\"/ml-intro-app-1234.js\"><link rel=\"preload\" href=\"/ml-intro-app-1234_bg.wasm\" as=\"fetch\"></head><body></body></html>",
    )
    .expect("index");
    std::fs::write(
        content.join("chapters/supervised.md"),
        "Words.\n\n## Trees\n\nGradient boosting.\n\n## Further reading\n\n- *ISLR*, the book.\n",
    )
    .expect("chapter");
    let missing = format!("{:#}", build(&content, &site).expect_err("no guides"));
    assert!(missing.contains("install.md"), "{missing}");
    std::fs::create_dir_all(content.join("guide")).expect("guide folder");
    for (slug, _) in course::INFO_PAGES {
        std::fs::write(
            content.join(format!("guide/{slug}.md")),
            format!("About {slug}.\n\n## Steps\n\nRun `make serve`.\n"),
        )
        .expect("guide");
    }
    write_scripts(&content);
    let built = build(&content, &site).expect("builds");
    assert_eq!(built.guides, course::INFO_PAGES.len());
    assert_eq!(built.examples, 2);
    let references =
        std::fs::read_to_string(site.join("references/index.html")).expect("references");
    assert!(
        references.contains(r#"<h2 id="supervised-learning">Supervised learning<a"#)
            && references.contains("<em>ISLR</em>, the book."),
        "the chapter's reading list: {references}"
    );
    let chapter =
        std::fs::read_to_string(site.join("chapters/supervised/index.html")).expect("page");
    assert!(
        chapter.contains(r#"<a href="/references/#supervised-learning">References</a>"#),
        "{chapter}"
    );
    let guide = std::fs::read_to_string(site.join("usage/index.html")).expect("guide page");
    assert!(guide.contains("<title>Usage — ml-intro</title>"), "{guide}");
    assert!(guide.contains("<h1>Usage</h1>"), "{guide}");
    assert!(guide.contains("<code>make serve</code>"), "{guide}");
    assert!(guide.contains(r##"<a href="#steps">Steps</a>"##), "{guide}");
    assert!(
        guide.contains(r#"<a href="/references/">References</a>"#),
        "{guide}"
    );
    std::fs::write(content.join("guide/usage.md"), "```widget xor\n```\n").expect("guide");
    let live = format!(
        "{:#}",
        build(&content, &site).expect_err("a widget in a guide")
    );
    assert!(live.contains("guide pages are text only"), "{live}");
    std::fs::write(content.join("guide/usage.md"), "Usage.\n").expect("guide");
    let built = build(&content, &site).expect("builds");
    assert_eq!(built.pages, course::CHAPTERS.len());
    assert_eq!(built.written_chapters, 1);
    let page = std::fs::read_to_string(site.join("chapters/supervised/index.html")).expect("page");
    assert!(
        page.contains("<title>Supervised learning — ml-intro</title>"),
        "{page}"
    );
    assert!(
        page.contains(r#"<link rel="stylesheet" href="/style-1.css"/>"#),
        "{page}"
    );
    assert!(
        !page.contains("ml-intro-app")
            && !page.contains("comment")
            && !page.contains("widget-embed"),
        "only the chapter program (this chapter has no widget to embed): {page}"
    );
    assert!(
        page.contains(r#"<script src="/ml-intro-chapter.js"></script>"#),
        "{page}"
    );
    assert!(
        page.contains(r##"<a href="#trees">Trees</a>"##),
        "the outline: {page}"
    );
    assert!(
        page.contains(r#"<a href="/chapters/math-primer/" rel="prev">"#),
        "{page}"
    );
    assert_no_inline_scripts(&page);
    let site_index = std::fs::read_to_string(site.join("index.html")).expect("index.html");
    assert_no_inline_scripts(&site_index);
    assert!(
        site_index.contains(r#"<script type="module" src="/ml-intro-app-1234-start.js"></script>"#),
        "{site_index}"
    );
    let start = std::fs::read_to_string(site.join("ml-intro-app-1234-start.js")).expect("start");
    assert_eq!(start, "import init from '/ml-intro-app-1234.js';\n");
    let program_start =
        std::fs::read_to_string(site.join("ml-intro-chapter-start.js")).expect("program start");
    assert!(
        program_start.contains(r#"module_or_path: "/ml-intro-chapter_bg.wasm""#),
        "{program_start}"
    );
    assert_eq!(built.embeds, widgets::WIDGETS.len());
    let embed =
        std::fs::read_to_string(site.join("embed/graph-network/index.html")).expect("embed");
    assert_no_inline_scripts(&embed);
    assert!(
        embed.contains(
            r#"<div class="widget-island" data-widget="graph-network" data-params="{}">"#
        ) && embed.contains(r#"<script src="/embed-page.js"></script>"#)
            && embed.contains(r#"<script src="/ml-intro-chapter.js"></script>"#)
            && !embed.contains("site-header")
            && !embed.contains("widget-embed"),
        "the widget alone, with its program: {embed}"
    );
    let loader = std::fs::read_to_string(site.join("embed.js")).expect("embed.js");
    assert!(
        loader.contains(r#"const WIDGETS = {"#)
            && loader.contains(r#""xor":"Trains a small network"#),
        "the loader knows every widget's description"
    );
    let index = std::fs::read_to_string(site.join("search-index.json")).expect("index");
    assert!(
        index.contains(r#""url":"/chapters/supervised/#trees","text":"Gradient boosting.""#),
        "{index}"
    );
    std::fs::write(content.join("chapters/supervised.md"), "```widget\n```\n").expect("chapter");
    let error = format!("{:#}", build(&content, &site).expect_err("a bad chapter"));
    assert!(
        error.contains("supervised.md: line 1: a widget fence needs a name"),
        "{error}"
    );
    std::fs::remove_dir_all(&site).expect("clean up");
}

#[test]
fn a_page_loads_the_first_program_that_carries_all_its_widgets() {
    let names = |list: &[&str]| list.iter().map(|name| name.to_string()).collect::<Vec<_>>();
    assert_eq!(program_for(&names(&[])).unwrap(), "ml-intro-chapter");
    assert_eq!(
        program_for(&names(&["pca", "bayes"])).unwrap(),
        "ml-intro-chapter"
    );
    assert_eq!(
        program_for(&names(&["pca", "autoencoder"])).unwrap(),
        "ml-intro-chapter-networks"
    );
    assert_eq!(
        program_for(&names(&["tokens", "rag"])).unwrap(),
        "ml-intro-chapter-data"
    );
    let error = program_for(&names(&["descent", "autoencoder"])).unwrap_err();
    assert!(error.contains("“descent” (ml-intro-chapter)"), "{error}");
    assert!(
        error.contains("“autoencoder” (ml-intro-chapter-networks)"),
        "{error}"
    );
    assert!(
        program_for(&names(&["nonsense"]))
            .unwrap_err()
            .contains("no widget “nonsense”")
    );
}

#[test]
fn a_reading_list_runs_to_the_next_section() {
    use crate::references::reading_list;
    let chapter = "Intro.\n\n## Further reading\n\n- One.\n- Two.\n\n## Checklist\n\n- [ ] x\n";
    assert_eq!(reading_list(chapter), Some("- One.\n- Two."));
    assert_eq!(
        reading_list("## Further reading\n\n- Last.\n"),
        Some("- Last.")
    );
    assert_eq!(reading_list("No list.\n\n### Further reading\n"), None);
    assert_eq!(reading_list("## Further reading\n\n## Next\n"), None);
}

/// Two example scripts and a reference of one function, in `content/scripts`.
fn write_scripts(content: &std::path::Path) {
    let folder = content.join("scripts");
    std::fs::create_dir_all(&folder).expect("scripts folder");
    std::fs::write(
        folder.join("01-hello.rhai"),
        "// Hello, scripts\nprint(1 < 2);\n",
    )
    .expect("script");
    std::fs::write(
        folder.join("02-loops.rhai"),
        "for i in 0..3 { print(i); }\n",
    )
    .expect("script");
    std::fs::write(folder.join("notes.txt"), "not a script").expect("other file");
    std::fs::write(
        folder.join("reference.json"),
        r#"{"builtins": "Rhai's own.", "functions": [{"name": "plot", "usage": "plot(ys)", "description": "A line <chart>.", "group": "Showing results", "signatures": ["plot(_: array)"]}]}"#,
    )
    .expect("reference");
}

#[test]
fn the_scripts_pages_hold_each_example_in_a_cell_and_the_reference() {
    let site = std::env::temp_dir().join(format!("ml-intro-scripts-{}", std::process::id()));
    let content = site.join("content");
    write_scripts(&content);
    let examples = crate::scripts::examples(&content.join("scripts")).expect("examples");
    let titles: Vec<&str> = examples.iter().map(|e| e.title.as_str()).collect();
    assert_eq!(
        titles,
        ["Hello, scripts", "02-loops"],
        "titled by the first comment, else the name"
    );
    let reference = std::fs::read_to_string(content.join("scripts/reference.json")).expect("json");
    let page = crate::scripts::article(&examples, 1, &reference).expect("article");
    assert!(
        page.contains(r#"<a href="/scripts/01-hello/">Hello, scripts</a>"#),
        "{page}"
    );
    assert!(
        page.contains(r#"<a href="/scripts/02-loops/" aria-current="page">"#),
        "{page}"
    );
    assert!(page.contains(r#"data-cell-id="02-loops""#), "{page}");
    assert!(page.contains("for i in 0..3 { print(i); }"), "{page}");
    let first = crate::scripts::article(&examples, 0, &reference).expect("article");
    assert!(
        first.contains("print(1 &lt; 2);"),
        "the script's text is escaped: {first}"
    );
    assert!(
        page.contains(r#"<dt id="fn-plot" data-function="plot"><code>plot(ys)</code></dt>"#)
            && page.contains("A line &lt;chart&gt;.")
            && page.contains("<code>plot(_: array)</code>")
            && page.contains("<h3>Showing results</h3>"),
        "{page}"
    );
    let broken = format!(
        "{:#}",
        crate::scripts::article(&examples, 0, "{}").expect_err("no functions")
    );
    assert!(
        broken.contains("API reference") && broken.contains("missing field"),
        "{broken}"
    );
    let _ = std::fs::remove_dir_all(&site);
}

/// Every `<script>` in `html` loads a file: the site's CSP refuses inline scripts.
fn assert_no_inline_scripts(html: &str) {
    for (offset, _) in html.match_indices("<script") {
        let tag_end = html[offset..].find('>').expect("a closed tag") + offset;
        let tag = &html[offset..=tag_end];
        assert!(tag.contains(" src="), "an inline script: {tag} in {html}");
        assert!(
            html[tag_end + 1..].starts_with("</script>"),
            "a script with both a src and a body: {html}"
        );
    }
}

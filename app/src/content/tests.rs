use super::markdown::{Block, blocks};
use super::{CHAPTER_TEXTS, Piece};

#[test]
fn runnable_fences_become_cells_and_the_rest_stays_text() {
    let markdown = "# Title\n\nSome *text*.\n\n```rhai run id=first title=\"The first cell\"\nprint(1);\n```\n\n\
        ```rhai\nprint(\"a listing\");\n```\n\n```widget xor\n```\n\n```rhai run\nprint(2);\n```\n";
    let blocks = blocks("chapter", markdown);
    assert_eq!(blocks.len(), 5, "{blocks:#?}");
    let Block::Html(intro) = &blocks[0] else {
        panic!("{blocks:#?}");
    };
    assert!(
        intro.contains("<h1>Title</h1>") && intro.contains("<em>text</em>"),
        "{intro}"
    );
    assert_eq!(
        blocks[1],
        Block::Cell {
            id: "first".into(),
            title: "The first cell".into(),
            source: "print(1);\n".into()
        }
    );
    let Block::Html(listing) = &blocks[2] else {
        panic!("{blocks:#?}");
    };
    assert!(listing.contains("a listing"), "{listing}");
    assert_eq!(blocks[3], Block::Widget("xor".into()));
    assert_eq!(
        blocks[4],
        Block::Cell {
            id: "chapter-2".into(),
            title: "Code cell 2".into(),
            source: "print(2);\n".into()
        }
    );
}

#[test]
fn every_written_chapter_names_its_cells_once_and_its_widgets_exist() {
    assert!(!CHAPTER_TEXTS.is_empty());
    for text in CHAPTER_TEXTS {
        assert!(
            crate::chapters::chapter(text.slug).is_some(),
            "content/chapters/{}.md is not a chapter",
            text.slug
        );
        let mut ids = Vec::new();
        for piece in text.pieces {
            match *piece {
                Piece::Cell { id, .. } => {
                    assert!(!ids.contains(&id), "{}: cell {id} twice", text.slug);
                    ids.push(id);
                }
                Piece::Widget(name) => assert!(
                    crate::pages::WIDGETS.contains(&name),
                    "{}: no widget {name}",
                    text.slug
                ),
                Piece::Html(_) => {}
            }
        }
    }
}

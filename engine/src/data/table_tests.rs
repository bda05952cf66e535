use super::*;
use proptest::prelude::*;

fn parse(text: &str) -> Result<Examples, DataError> {
    parse_table(text.as_bytes(), &TableOptions::default())
}

fn with_label(label: &str) -> TableOptions {
    TableOptions {
        label_column: Some(label.into()),
        ..TableOptions::default()
    }
}

/// The error's line, column and reason; panics if parsing succeeded or failed otherwise.
fn table_error_at(result: Result<Examples, DataError>) -> (u64, Option<usize>, String) {
    match result {
        Err(DataError::Table {
            line,
            column,
            reason,
        }) => (line, column, reason),
        other => panic!("expected a table error, got {other:?}"),
    }
}

// --- Malformed tables: each error names the exact line and column. ---

#[test]
fn non_number_names_line_and_column() {
    let (line, column, reason) = table_error_at(parse("a,b,y\n1,2,0\n3,4,1\n5,abc,0\n"));
    assert_eq!((line, column), (4, Some(2)));
    assert_eq!(reason, "\"abc\" is not a number");
    let error = parse("a,b,y\n1,2,0\n3,4,1\n5,abc,0\n").unwrap_err();
    assert_eq!(
        error.to_string(),
        "line 4, column 2: \"abc\" is not a number"
    );
}

#[test]
fn row_with_too_many_fields_points_at_the_first_extra_one() {
    let (line, column, reason) = table_error_at(parse("a,b,y\n1,2,0\n1,2,3,4\n"));
    assert_eq!((line, column), (3, Some(4)));
    assert!(
        reason.contains("has 4 fields but the header has 3"),
        "{reason}"
    );
}

#[test]
fn row_with_too_few_fields_points_at_the_first_missing_one() {
    let (line, column, reason) = table_error_at(parse("a,b,y\n1,2,0\n1,2\n"));
    assert_eq!((line, column), (3, Some(3)));
    assert!(
        reason.contains("has 2 fields but the header has 3"),
        "{reason}"
    );
}

#[test]
fn empty_cell_is_refused() {
    let (line, column, reason) = table_error_at(parse("a,b,y\n1,  ,0\n"));
    assert_eq!((line, column), (2, Some(2)));
    assert!(reason.contains("empty"), "{reason}");
}

#[test]
fn nan_is_refused() {
    let (line, column, reason) = table_error_at(parse("a,b,y\n1,2,0\nNaN,2,1\n"));
    assert_eq!((line, column), (3, Some(1)));
    assert!(reason.contains("finite"), "{reason}");
}

#[test]
fn infinity_and_overflow_are_refused() {
    let (line, column, reason) = table_error_at(parse("a,b,y\n1,-inf,0\n"));
    assert_eq!((line, column), (2, Some(2)));
    assert!(reason.contains("finite"), "{reason}");
    let (line, column, reason) = table_error_at(parse("a,b,y\n1,2,0\n1,2,1e39\n"));
    assert_eq!((line, column), (3, Some(3)));
    assert!(reason.contains("too large"), "{reason}");
}

#[test]
fn missing_header_is_refused() {
    let (line, column, reason) = table_error_at(parse("1,2,3\n4,5,6\n"));
    assert_eq!((line, column), (1, None));
    assert!(
        reason.contains("header row seems to be missing"),
        "{reason}"
    );
}

#[test]
fn header_without_data_rows_is_refused() {
    let (line, column, reason) = table_error_at(parse("# my data\na,b,y\n\n"));
    assert_eq!((line, column), (2, None));
    assert!(reason.contains("no data rows"), "{reason}");
}

#[test]
fn empty_file_is_refused() {
    for text in ["", "\n\n", "   \n", "# only a comment\n"] {
        let (line, column, reason) = table_error_at(parse(text));
        assert_eq!((line, column), (1, None), "{text:?}");
        assert!(reason.contains("no header row"), "{reason}");
    }
}

#[test]
fn unknown_label_column_names_the_available_ones() {
    let result = parse_table(b"a,b,y\n1,2,0\n", &with_label("target"));
    let (line, column, reason) = table_error_at(result);
    assert_eq!((line, column), (1, None));
    assert!(reason.contains("no column named \"target\""), "{reason}");
    assert!(reason.contains("\"a\", \"b\", \"y\""), "{reason}");
}

#[test]
fn duplicate_header_names_are_refused() {
    let (line, column, reason) = table_error_at(parse("a,b,a,y\n1,2,3,0\n"));
    assert_eq!((line, column), (1, Some(3)));
    assert!(
        reason.contains("\"a\" is used twice (first in column 1)"),
        "{reason}"
    );
}

#[test]
fn empty_header_name_is_refused() {
    let (line, column, reason) = table_error_at(parse("a,,y\n1,2,0\n"));
    assert_eq!((line, column), (1, Some(2)));
    assert!(reason.contains("needs a name"), "{reason}");
}

#[test]
fn single_column_is_refused() {
    let (line, column, reason) = table_error_at(parse("value\n1\n2\n"));
    assert_eq!((line, column), (1, None));
    assert!(reason.contains("at least 2 columns"), "{reason}");
}

#[test]
fn invalid_utf8_names_line_and_column() {
    let (line, column, reason) = table_error_at(parse_table(
        b"a,b,y\n1,2,0\n1,\xFF,0\n",
        &TableOptions::default(),
    ));
    assert_eq!((line, column), (3, Some(2)));
    assert!(reason.contains("UTF-8"), "{reason}");
    let (line, column, _) =
        table_error_at(parse_table(b"a,\xC3,y\n1,2,0\n", &TableOptions::default()));
    assert_eq!((line, column), (1, Some(2)));
}

#[test]
fn unclosed_quote_names_where_it_opens() {
    let (line, column, reason) = table_error_at(parse("a,b,y\n1,2,0\n3,\"4,1\n5,6,0\n"));
    assert_eq!((line, column), (3, Some(2)));
    assert!(reason.contains("never closed"), "{reason}");
    let (line, column, _) = table_error_at(parse("a,b,y\n1,2,\"0\n"));
    assert_eq!((line, column), (2, Some(3)));
}

#[test]
fn bad_label_in_the_middle_reports_its_file_column() {
    let result = parse_table(b"a,b,c\n1,2,3\n1,x,3\n", &with_label("b"));
    let (line, column, _) = table_error_at(result);
    assert_eq!((line, column), (3, Some(2)));
}

#[test]
fn decimal_comma_gets_a_hint() {
    let (line, column, reason) = table_error_at(parse("a;b;y\n1,5;2;0\n"));
    assert_eq!((line, column), (2, Some(1)));
    assert!(
        reason.contains("use a dot as the decimal separator (1.5)"),
        "{reason}"
    );
}

#[test]
fn comments_blank_lines_and_crlf_keep_physical_line_numbers() {
    let (line, column, _) = table_error_at(parse("# c\n\na,y\n\n# c\n1,x\n"));
    assert_eq!((line, column), (6, Some(2)));
    let (line, column, _) = table_error_at(parse("a,y\r\n1,0\r\n\r\n2,x\r\n"));
    assert_eq!((line, column), (4, Some(2)));
}

#[test]
fn too_many_cells_are_refused() {
    let rows = MAX_TABLE_CELLS / 2;
    let mut text = String::from("x,y\n");
    for _ in 0..=rows {
        text.push_str("1,0\n");
    }
    let (line, column, reason) = table_error_at(parse(&text));
    assert_eq!((line, column), (rows as u64 + 2, None));
    assert!(reason.contains("too large"), "{reason}");
}

// --- Good tables. ---

#[test]
fn reads_a_csv_with_the_last_column_as_label() {
    let examples = parse("x1,x2,label\n0.5,-1,0\n2e3,3.25,1\n").unwrap();
    assert_eq!(examples.feature_names, ["x1", "x2"]);
    assert_eq!(examples.input_width, 2);
    assert_eq!(examples.inputs, [0.5, -1.0, 2000.0, 3.25]);
    assert_eq!(examples.targets, [0.0, 1.0]);
    assert_eq!(examples.row(1), [2000.0, 3.25]);
}

#[test]
fn detects_tabs() {
    let examples = parse("a\tb\ty\n1\t2\t0\n3\t4\t1\n").unwrap();
    assert_eq!(examples.feature_names, ["a", "b"]);
    assert_eq!(examples.inputs, [1.0, 2.0, 3.0, 4.0]);
}

#[test]
fn detects_semicolons() {
    let examples = parse("a;b;y\n1;2;0\n").unwrap();
    assert_eq!(examples.feature_names, ["a", "b"]);
    assert_eq!(examples.targets, [0.0]);
}

#[test]
fn explicit_delimiter_wins_over_detection() {
    let options = TableOptions {
        delimiter: Some(b'|'),
        ..TableOptions::default()
    };
    let examples = parse_table(b"a;x|y\n1|2\n", &options).unwrap();
    assert_eq!(examples.feature_names, ["a;x"]);
    assert_eq!(examples.targets, [2.0]);
}

#[test]
fn reads_crlf_line_endings() {
    let examples = parse("a,y\r\n1,0\r\n2,1\r\n").unwrap();
    assert_eq!(examples.inputs, [1.0, 2.0]);
    assert_eq!(examples.targets, [0.0, 1.0]);
}

#[test]
fn reads_quoted_numbers_and_names() {
    let examples = parse("\"height, cm\",\"y\"\n\"170.5\",\"1\"\n").unwrap();
    assert_eq!(examples.feature_names, ["height, cm"]);
    assert_eq!(examples.inputs, [170.5]);
    assert_eq!(examples.targets, [1.0]);
}

#[test]
fn quote_after_a_space_gets_a_hint() {
    let (line, column, reason) = table_error_at(parse("x,y\n1, \"2\"\n"));
    assert_eq!((line, column), (2, Some(2)));
    assert!(reason.contains("no space before it"), "{reason}");
}

#[test]
fn skips_comments_blank_lines_empty_rows_and_a_byte_order_mark() {
    let text = "\u{FEFF}# measured 2024\n\n a , y \n# a comment\n1 , 0\n\n,\n  2,1  \n";
    let examples = parse(text).unwrap();
    assert_eq!(examples.feature_names, ["a"]);
    assert_eq!(examples.inputs, [1.0, 2.0]);
    assert_eq!(examples.targets, [0.0, 1.0]);
}

#[test]
fn named_label_in_the_middle_keeps_feature_order() {
    let examples = parse_table(b"a,b,label,c\n1,2,7,3\n4,5,8,6\n", &with_label("label")).unwrap();
    assert_eq!(examples.feature_names, ["a", "b", "c"]);
    assert_eq!(examples.inputs, [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
    assert_eq!(examples.targets, [7.0, 8.0]);
}

#[test]
fn load_table_reads_a_file_and_names_a_missing_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("points.csv");
    std::fs::write(&path, "x,y\n1,0\n").unwrap();
    let examples = load_table(&path, &TableOptions::default()).unwrap();
    assert_eq!(examples.len(), 1);
    let missing = dir.path().join("missing.csv");
    match load_table(&missing, &TableOptions::default()) {
        Err(DataError::Io { path, reason }) => {
            assert_eq!(path, missing.display().to_string());
            assert_eq!(reason, "no such file or directory");
        }
        other => panic!("expected an I/O error, got {other:?}"),
    }
    assert!(matches!(
        load_table(dir.path(), &TableOptions::default()),
        Err(DataError::Io { .. })
    ));
}

// --- Properties. ---

/// Finite `f32`s of every kind: zero, subnormal and normal, both signs.
fn finite_f32() -> impl Strategy<Value = f32> {
    use proptest::num::f32::{NEGATIVE, NORMAL, POSITIVE, SUBNORMAL, ZERO};
    POSITIVE | NEGATIVE | NORMAL | SUBNORMAL | ZERO
}

proptest! {
    #[test]
    fn never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = parse_table(&bytes, &TableOptions::default());
    }

    #[test]
    fn never_panics_on_table_like_text(text in "[0-9a-zA-Z,;\t\"\n\r .#-]{0,300}") {
        let _ = parse_table(text.as_bytes(), &TableOptions::default());
        let _ = parse_table(text.as_bytes(), &with_label("a"));
    }

    #[test]
    fn finite_numbers_round_trip_through_csv(
        (width, values) in (2..6usize, 1..20usize).prop_flat_map(|(width, rows)| {
            (Just(width), proptest::collection::vec(finite_f32(), width * rows))
        })
    ) {
        let mut text: Vec<String> = vec![(0..width).map(|column| format!("c{column}")).collect::<Vec<_>>().join(",")];
        for row in values.chunks(width) {
            text.push(row.iter().map(f32::to_string).collect::<Vec<_>>().join(","));
        }
        let examples = parse(&text.join("\n")).unwrap();
        let mut inputs = Vec::new();
        let mut targets = Vec::new();
        for row in values.chunks(width) {
            inputs.extend_from_slice(&row[..width - 1]);
            targets.push(row[width - 1]);
        }
        prop_assert_eq!(examples.inputs, inputs);
        prop_assert_eq!(examples.targets, targets);
        prop_assert_eq!(examples.input_width, width - 1);
    }
}

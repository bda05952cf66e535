use super::*;
use proptest::prelude::*;
use std::io::Write;

const COUNT: usize = 3;
const ROWS: usize = 4;
const COLUMNS: usize = 5;

fn idx_bytes(magic: u32, dimensions: &[u32], data: &[u8]) -> Vec<u8> {
    let mut bytes = magic.to_be_bytes().to_vec();
    for dimension in dimensions {
        bytes.extend_from_slice(&dimension.to_be_bytes());
    }
    bytes.extend_from_slice(data);
    bytes
}

/// Three 4×5 images whose pixel `i` of image `n` is `n * 20 + i` (so every value differs).
fn images_file(count: usize) -> Vec<u8> {
    let pixels: Vec<u8> = (0..count * ROWS * COLUMNS)
        .map(|value| value as u8)
        .collect();
    idx_bytes(
        IMAGES_MAGIC,
        &[count as u32, ROWS as u32, COLUMNS as u32],
        &pixels,
    )
}

fn labels_file(labels: &[u8]) -> Vec<u8> {
    idx_bytes(LABELS_MAGIC, &[labels.len() as u32], labels)
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn idx_reason(result: Result<impl std::fmt::Debug, DataError>) -> (String, String) {
    match result {
        Err(DataError::Idx { file, reason }) => (file, reason),
        other => panic!("expected an IDX error, got {other:?}"),
    }
}

#[test]
fn parses_images_and_labels() {
    let (count, rows, columns, pixels) = parse_idx_images(&images_file(COUNT), "images").unwrap();
    assert_eq!((count, rows, columns), (COUNT, ROWS, COLUMNS));
    assert_eq!(pixels.len(), 60);
    assert_eq!(pixels[21], 21);
    assert_eq!(
        parse_idx_labels(&labels_file(&[7, 0, 9]), "labels").unwrap(),
        [7, 0, 9]
    );
}

#[test]
fn loads_a_split_from_a_directory() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("t10k-images-idx3-ubyte"),
        images_file(COUNT),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("t10k-labels-idx1-ubyte"),
        labels_file(&[7, 0, 9]),
    )
    .unwrap();
    let examples = load_mnist(dir.path(), MnistSplit::Test).unwrap();
    assert_eq!(examples.len(), COUNT);
    assert_eq!(examples.input_width, ROWS * COLUMNS);
    assert_eq!(examples.targets, [7.0, 0.0, 9.0]);
    assert_eq!(examples.row(1)[0], 20.0 / 255.0);
    assert_eq!(examples.feature_names[0], "pixel_0_0");
    assert_eq!(examples.feature_names[7], "pixel_1_2");
    assert_eq!(examples.feature_names.last().unwrap(), "pixel_3_4");
    assert!(
        examples
            .inputs
            .iter()
            .all(|pixel| (0.0..=1.0).contains(pixel))
    );
}

#[test]
fn loads_gzip_compressed_and_dotted_names() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("train-images-idx3-ubyte.gz"),
        gzip(&images_file(COUNT)),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("train-labels.idx1-ubyte"),
        labels_file(&[1, 2, 3]),
    )
    .unwrap();
    let examples = load_mnist(dir.path(), MnistSplit::Train).unwrap();
    assert_eq!(examples.targets, [1.0, 2.0, 3.0]);
    assert_eq!(examples.row(2)[19], 59.0 / 255.0);
}

#[test]
fn wrong_magic_is_refused() {
    let (file, reason) = idx_reason(parse_idx_images(&labels_file(&[1, 2]), "x-images"));
    assert_eq!(file, "x-images");
    assert!(
        reason.contains("1 dimensions") && reason.contains("labels file"),
        "{reason}"
    );
    let (_, reason) = idx_reason(parse_idx_labels(b"PK\x03\x04\0\0\0\x01\x05", "labels"));
    assert!(reason.contains("not an IDX file"), "{reason}");
    let (_, reason) = idx_reason(parse_idx_labels(&gzip(&labels_file(&[1])), "labels"));
    assert!(reason.contains("gzip"), "{reason}");
    let floats = idx_bytes(0x0000_0D01, &[1], &[0, 0, 0, 0]);
    let (_, reason) = idx_reason(parse_idx_labels(&floats, "labels"));
    assert!(reason.contains("type code is 0x0D"), "{reason}");
    let (_, reason) = idx_reason(parse_idx_labels(&[0, 0], "labels"));
    assert!(reason.contains("only 2 bytes"), "{reason}");
}

#[test]
fn truncated_or_padded_data_is_refused_with_byte_counts() {
    let mut bytes = images_file(COUNT);
    bytes.pop();
    let (_, reason) = idx_reason(parse_idx_images(&bytes, "images"));
    assert!(
        reason.contains("cut short") && reason.contains("need 60 bytes"),
        "{reason}"
    );
    assert!(reason.contains("found 59"), "{reason}");
    let mut bytes = labels_file(&[1, 2]);
    bytes.push(0);
    let (_, reason) = idx_reason(parse_idx_labels(&bytes, "labels"));
    assert!(
        reason.contains("need 2 bytes") && reason.contains("found 3"),
        "{reason}"
    );
    let (_, reason) = idx_reason(parse_idx_images(&images_file(COUNT)[..12], "images"));
    assert!(reason.contains("header needs 16"), "{reason}");
}

#[test]
fn huge_or_empty_dimensions_are_refused() {
    let huge = idx_bytes(IMAGES_MAGIC, &[u32::MAX, 1024, 1024], &[]);
    let (_, reason) = idx_reason(parse_idx_images(&huge, "images"));
    assert!(
        reason.contains("need") || reason.contains("too many"),
        "{reason}"
    );
    let wide = idx_bytes(IMAGES_MAGIC, &[1, 1, 1025], &[0; 1025]);
    let (_, reason) = idx_reason(parse_idx_images(&wide, "images"));
    assert!(reason.contains("1025 columns"), "{reason}");
    let flat = idx_bytes(IMAGES_MAGIC, &[1, 0, 5], &[]);
    let (_, reason) = idx_reason(parse_idx_images(&flat, "images"));
    assert!(reason.contains("0 rows"), "{reason}");
}

#[test]
fn count_mismatch_between_images_and_labels_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("train-images-idx3-ubyte"),
        images_file(COUNT),
    )
    .unwrap();
    let labels_path = dir.path().join("train-labels-idx1-ubyte");
    std::fs::write(&labels_path, labels_file(&[1, 2])).unwrap();
    let (file, reason) = idx_reason(load_mnist(dir.path(), MnistSplit::Train));
    assert_eq!(file, labels_path.display().to_string());
    assert!(
        reason.contains("has 2 labels") && reason.contains("3 images"),
        "{reason}"
    );
    std::fs::write(&labels_path, labels_file(&[1, 2, 10])).unwrap();
    let (_, reason) = idx_reason(load_mnist(dir.path(), MnistSplit::Train));
    assert!(reason.contains("label number 3 is 10"), "{reason}");
}

#[test]
fn errors_in_a_file_name_that_file() {
    let dir = tempfile::tempdir().unwrap();
    let images_path = dir.path().join("train-images-idx3-ubyte.gz");
    std::fs::write(&images_path, b"not gzip at all").unwrap();
    std::fs::write(
        dir.path().join("train-labels-idx1-ubyte"),
        labels_file(&[1]),
    )
    .unwrap();
    let (file, reason) = idx_reason(load_mnist(dir.path(), MnistSplit::Train));
    assert_eq!(file, images_path.display().to_string());
    assert!(reason.contains("decompress"), "{reason}");
}

#[test]
fn missing_directory_or_file_names_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let missing_dir = dir.path().join("nowhere");
    match load_mnist(&missing_dir, MnistSplit::Train) {
        Err(DataError::Io { path, reason }) => {
            assert_eq!(path, missing_dir.display().to_string());
            assert_eq!(reason, "no such file or directory");
        }
        other => panic!("expected an I/O error, got {other:?}"),
    }
    std::fs::write(
        dir.path().join("train-images-idx3-ubyte"),
        images_file(COUNT),
    )
    .unwrap();
    match load_mnist(dir.path(), MnistSplit::Train) {
        Err(DataError::Io { path, reason }) => {
            let expected = dir.path().join("train-labels-idx1-ubyte");
            assert_eq!(path, expected.display().to_string());
            assert!(reason.contains("train-labels-idx1-ubyte.gz"), "{reason}");
        }
        other => panic!("expected an I/O error, got {other:?}"),
    }
}

proptest! {
    #[test]
    fn parsing_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = parse_idx_images(&bytes, "images");
        let _ = parse_idx_labels(&bytes, "labels");
    }

    #[test]
    fn parsing_never_panics_on_valid_headers(
        magic in prop_oneof![Just(IMAGES_MAGIC), Just(LABELS_MAGIC)],
        dimensions in proptest::collection::vec(any::<u32>(), 0..4),
        data in proptest::collection::vec(any::<u8>(), 0..64),
    ) {
        let bytes = idx_bytes(magic, &dimensions, &data);
        let _ = parse_idx_images(&bytes, "images");
        let _ = parse_idx_labels(&bytes, "labels");
    }
}

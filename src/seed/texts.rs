//! The seed documents themselves (copies of `shared/seeds/`, compiled into the binary):
//! the built-in sources' captures. Each keeps the licence of its original; see
//! docs/evidence.md.

/// Each seed document by the `archiveRef` its source gives in the dataset.
const TEXTS: [(&str, &[u8]); 3] = [
    (
        "seeds/000_f99af5c53372b8e4.txt",
        include_bytes!("texts/000_f99af5c53372b8e4.txt"),
    ),
    (
        "seeds/001_fd61ff74db2e5b6f.txt",
        include_bytes!("texts/001_fd61ff74db2e5b6f.txt"),
    ),
    (
        "seeds/002_c2e90f8b8d505742.txt",
        include_bytes!("texts/002_c2e90f8b8d505742.txt"),
    ),
];

/// The media type of every seed document.
pub const MEDIA_TYPE: &str = "text/plain; charset=utf-8";

/// The seed document a source's `archiveRef` names, if it is one.
pub fn text(archive_ref: &str) -> Option<&'static [u8]> {
    TEXTS
        .iter()
        .find(|(name, _)| *name == archive_ref)
        .map(|(_, bytes)| *bytes)
}

/// Every seed document.
pub fn all() -> impl Iterator<Item = &'static [u8]> {
    TEXTS.iter().map(|(_, bytes)| *bytes)
}

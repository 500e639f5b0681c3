//! The modules under fuzzing, compiled from the app's own source files (see Cargo.toml
//! for why not the daleel crate itself). Their unit tests are not compiled here.

#[path = "../../src/edtf.rs"]
pub mod edtf;

#[path = "../../src/ids.rs"]
pub mod ids;

/// The table of record types `ids` names its types from (self-contained: its other
/// macros reach the rest of the crate only when called, and nothing here calls them).
#[path = "../../src/records.rs"]
pub mod records;

#[path = "../../src/search/normalize.rs"]
pub mod normalize;

/// Stands in for `daleel::error`: the id decoder needs only a bad-input error.
pub mod error {
    /// Why an id or cursor was refused.
    #[derive(Debug)]
    pub struct AppError(pub String);

    impl AppError {
        pub fn bad_input(message: impl Into<String>) -> Self {
            AppError(message.into())
        }
    }

    pub type AppResult<T> = Result<T, AppError>;
}

//! End-to-end tests of the sagasu binary live in this crate's `tests/` folder.

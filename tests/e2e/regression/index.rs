//! Regressions of index.

#[allow(unused_imports)]
use crate::util::*;

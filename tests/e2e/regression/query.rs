//! Regressions of query.

#[allow(unused_imports)]
use crate::util::*;

//! Regressions of cli.

#[allow(unused_imports)]
use crate::util::*;

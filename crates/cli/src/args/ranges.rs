//! Value parsers for numeric options with a range.

use clap::builder::RangedU64ValueParser;

/// A clap parser of a `usize` option within `range`: out-of-range numbers
/// are argument errors, not allocations or threads a user did not mean.
pub fn usize_in(range: std::ops::RangeInclusive<u64>) -> RangedU64ValueParser<usize> {
    RangedU64ValueParser::new().range(range)
}

//! `--prf`, `--no-prf` and the feedback parameters (pseudo-relevance
//! feedback), shared by `search` and `eval`. Feedback is on by default
//! (issue 28: it raised MAP on all four shared collections with no
//! significant loss); `--no-prf` turns it off, `--prf` is still accepted
//! (the last of the two given wins).

use clap::builder::{PossibleValue, RangedU64ValueParser};
use clap::{Args, ValueEnum};
use sagasu_searcher::feedback::{DEFAULT_DEPTH, DEFAULT_TERMS, DEFAULT_WEIGHT};
use sagasu_searcher::{Feedback, FeedbackUnit};

/// Pseudo-relevance feedback options.
#[derive(Debug, Args)]
pub struct PrfArgs {
    /// Pseudo-relevance feedback (RM3), on by default: add weighted terms
    /// from the top passages to the query. They only add score: phrases,
    /// fields, exclusions and name expansions keep their meaning.
    #[arg(long, overrides_with = "no_prf")]
    pub prf: bool,
    /// No pseudo-relevance feedback: rank by the query's own words only.
    #[arg(long, overrides_with = "prf")]
    pub no_prf: bool,
    /// Feedback passages (or documents) read (1 to 1000).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_DEPTH, conflicts_with = "no_prf",
          value_parser = RangedU64ValueParser::<usize>::new().range(1..=1000))]
    pub prf_depth: usize,
    /// Expansion terms added (1 to 1000).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_TERMS, conflicts_with = "no_prf",
          value_parser = RangedU64ValueParser::<usize>::new().range(1..=1000))]
    pub prf_terms: usize,
    /// Weight of the original query against the feedback terms (RM3's
    /// alpha; above 0, at most 1, where feedback adds nothing).
    #[arg(long, value_name = "W", default_value_t = DEFAULT_WEIGHT, conflicts_with = "no_prf", value_parser = weight)]
    pub prf_weight: f32,
    /// What feedback reads: the top passages or the whole top documents.
    #[arg(long, value_name = "UNIT", value_enum, default_value_t = Unit(FeedbackUnit::Passages), conflicts_with = "no_prf")]
    pub prf_unit: Unit,
}

/// `--prf-unit`: a [`FeedbackUnit`], by the name the searcher gives it
/// (`FeedbackUnit::as_str`, which JSON prints too): one name, one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unit(pub FeedbackUnit);

impl ValueEnum for Unit {
    fn value_variants<'a>() -> &'a [Self] {
        &[Unit(FeedbackUnit::Passages), Unit(FeedbackUnit::Documents)]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        let help = match self.0 {
            FeedbackUnit::Passages => "The top passages, whatever their document",
            FeedbackUnit::Documents => "The whole text of the top documents",
        };
        Some(PossibleValue::new(self.0.as_str()).help(help))
    }
}

impl std::fmt::Display for Unit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.as_str())
    }
}

impl PrfArgs {
    /// The feedback settings: the defaults and the `--prf-*` values,
    /// unless `--no-prf` was given (and not overridden by a later `--prf`).
    pub fn feedback(&self) -> Option<Feedback> {
        (!self.no_prf).then_some(Feedback {
            depth: self.prf_depth,
            terms: self.prf_terms,
            weight: self.prf_weight,
            unit: self.prf_unit.0,
        })
    }
}

/// Parses `--prf-weight`: a number above 0 and at most 1.
fn weight(s: &str) -> Result<f32, String> {
    let w: f32 = s.parse().map_err(|_| format!("`{s}` is not a number"))?;
    if w > 0.0 && w <= 1.0 {
        Ok(w)
    } else {
        Err(format!("{s} is not above 0 and at most 1"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// issue 24, contracts: enum names were written twice (serde and
    /// `as_str`, and clap's for `--prf-unit`), and only some enums had a
    /// test that they agree. Each name is now written once (`as_str`);
    /// this checks every way it is read: JSON, `--prf-unit`, `--explain`.
    #[test]
    fn every_enum_name_has_one_source() {
        for unit in Unit::value_variants() {
            let name = unit.0.as_str();
            assert_eq!(serde_json::to_value(unit.0).unwrap(), name);
            assert_eq!(unit.to_possible_value().unwrap().get_name(), name);
            assert_eq!(Unit::from_str(name, false).unwrap(), *unit);
        }
        use sagasu_searcher::ExpansionKind;
        for kind in [
            ExpansionKind::Alias,
            ExpansionKind::Romanization,
            ExpansionKind::NameOrder,
            ExpansionKind::McCuneReischauer,
            ExpansionKind::Hanja,
            ExpansionKind::WadeGiles,
        ] {
            // A new kind must be listed here (the match does not compile without it).
            match kind {
                ExpansionKind::Alias
                | ExpansionKind::Romanization
                | ExpansionKind::NameOrder
                | ExpansionKind::McCuneReischauer
                | ExpansionKind::Hanja
                | ExpansionKind::WadeGiles => {}
            }
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
        }
    }

    #[test]
    fn the_weight_is_above_zero_and_at_most_one() {
        assert_eq!(weight("0.5"), Ok(0.5));
        assert_eq!(weight("1"), Ok(1.0));
        assert!(weight("0").is_err());
        assert!(weight("1.5").is_err());
        assert!(weight("-0.1").is_err());
        assert!(weight("NaN").is_err());
        assert!(weight("x").is_err());
    }
}

//! SplitMix64, sagasu's one deterministic generator: the randomization
//! test draws its sign flips from it, and tests and benchmarks draw their
//! data from it (`sagasu_testkit` re-exports it).

/// SplitMix64 (Steele, Lea and Flood): 64 bits of state, fast, and good
/// enough to draw sign flips and test data. Not for anything that needs
/// secrecy.
///
/// Trap: its stream is a contract. The p-values of `eval --compare` are
/// published with their seed ([`crate::DEFAULT_SEED`]), and a test pins
/// the stream: change nothing in [`SplitMix64::next_u64`]. Tests that
/// want other data take another seed.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator starting from `seed`.
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`; slightly biased for huge `n`, which
    /// nothing uses).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// An element of `items` (not empty).
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// Shuffles `items` in place (Fisher–Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stream_is_splitmix64s_and_spreads_bits() {
        // SplitMix64's reference stream for seed 0: p-values depend on it.
        let mut r = SplitMix64::new(0);
        assert_eq!(r.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(r.next_u64(), 0x6E78_9E6A_A1B9_65F4);
        let mut r = SplitMix64::new(1);
        let first: Vec<u64> = (0..4).map(|_| r.next_u64()).collect();
        let mut r2 = SplitMix64::new(1);
        assert_eq!(first, (0..4).map(|_| r2.next_u64()).collect::<Vec<_>>());
        assert_ne!(first[0], first[1]);
        // Roughly half the bits set over many draws.
        let mut r3 = SplitMix64::new(7);
        let ones: u32 = (0..1000).map(|_| r3.next_u64().count_ones()).sum();
        assert!((31_000..33_000).contains(&ones), "{ones}");
    }

    #[test]
    fn shuffle_permutes_and_repeats() {
        let mut a: Vec<u32> = (0..50).collect();
        let mut b = a.clone();
        SplitMix64::new(3).shuffle(&mut a);
        SplitMix64::new(3).shuffle(&mut b);
        assert_eq!(a, b);
        assert_ne!(a, (0..50).collect::<Vec<_>>());
        a.sort_unstable();
        assert_eq!(a, (0..50).collect::<Vec<_>>());
    }
}

//! Edit distance between two words, for fuzzy highlighting and "did you
//! mean" suggestions.

/// Whether `a` and `b` are within `max` edits (Damerau: adjacent swaps cost 1).
pub fn within_distance(a: &str, b: &str, max: usize) -> bool {
    edit_distance(a, b, max + 1) <= max
}

/// Optimal-string-alignment distance, giving up above `cap`.
pub fn edit_distance(a: &str, b: &str, cap: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) >= cap {
        return cap;
    }
    let w = b.len() + 1;
    let mut prev2 = vec![0usize; w];
    let mut prev: Vec<usize> = (0..w).collect();
    let mut cur = vec![0usize; w];
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min >= cap {
            return cap;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()].min(cap)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("ishbia", "ishiba", 3), 1);
        assert_eq!(edit_distance("kitten", "sitting", 5), 3);
        assert_eq!(edit_distance("abc", "abc", 3), 0);
        assert_eq!(edit_distance("abc", "xyzabc", 2), 2);
        assert!(within_distance("ishbia", "ishiba", 1));
        assert!(!within_distance("ishbia", "isbhai", 1));
    }
}

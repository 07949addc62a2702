//! A deterministic generator of large corpora from a small one, for the
//! incremental-indexing benchmarks: documents are made of the seed corpus's
//! lines, drawn and permuted with a fixed seed, with generated names mixed
//! in so that the vocabulary keeps growing with the corpus (as real text's
//! does) instead of stopping at the seed's.

use std::path::Path;

/// A small, fast, deterministic generator (SplitMix64).
pub struct Rng(u64);

impl Rng {
    /// A generator with this seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// Non-empty lines of the `.txt` files of `dir` (not hidden), in file-name
/// order.
pub fn seed_lines(dir: &Path) -> std::io::Result<Vec<String>> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            name.ends_with(".txt") && !name.starts_with('.')
        })
        .collect();
    paths.sort();
    let mut lines = Vec::new();
    for p in paths {
        let text = String::from_utf8_lossy(&std::fs::read(&p)?).into_owned();
        lines.extend(
            text.lines()
                .map(str::trim_end)
                .filter(|l| !l.trim().is_empty())
                .map(str::to_string),
        );
    }
    Ok(lines)
}

const SYLLABLES: &[&str] = &[
    "ka", "ki", "ku", "ke", "ko", "sa", "shi", "su", "se", "so", "ta", "chi", "tsu", "te", "to", "na", "ni", "nu",
    "ne", "no", "ha", "hi", "fu", "he", "ho", "ma", "mi", "mu", "me", "mo", "ya", "yu", "yo", "ra", "ri", "ru", "re",
    "ro", "wa", "n", "dae", "jung", "min", "seok", "hyun", "gyu", "park", "lee", "choi", "kang", "yoon", "jang",
];

/// A generated name, e.g. `Kanemura` or `Dae-seok`.
pub fn name(rng: &mut Rng) -> String {
    let parts = 2 + rng.below(3);
    let mut s = String::new();
    for i in 0..parts {
        let syl = SYLLABLES[rng.below(SYLLABLES.len())];
        if i == 2 && rng.below(3) == 0 {
            s.push('-');
        }
        s.push_str(syl);
    }
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => s,
    }
}

/// Document `i`: a title line, then runs of consecutive seed lines from
/// random places (paragraph-like), some words replaced by generated names.
/// Sizes vary from about 1 KB to about 24 KB.
pub fn document(lines: &[String], seed: u64, i: usize) -> String {
    let mut rng = Rng::new(seed ^ (i as u64).wrapping_mul(0xA24B_AED4_963E_E407));
    let target = 1024 + rng.below(8) * rng.below(3072).max(64);
    let mut doc = format!("Report {i}: {} and {}\n\n", name(&mut rng), name(&mut rng));
    while doc.len() < target {
        let start = rng.below(lines.len());
        let run = 3 + rng.below(12);
        for line in lines.iter().skip(start).take(run) {
            for (k, word) in line.split(' ').enumerate() {
                if k > 0 {
                    doc.push(' ');
                }
                if rng.below(40) == 0 {
                    doc.push_str(&name(&mut rng));
                } else {
                    doc.push_str(word);
                }
            }
            doc.push('\n');
        }
        doc.push('\n');
    }
    doc
}

/// The relative path of document `i`: 100 documents per folder.
pub fn doc_path(i: usize) -> String {
    format!("{:03}/{i:06}.txt", i / 100)
}

/// Writes documents `0..n` below `out`; returns the bytes written.
pub fn write_corpus(out: &Path, lines: &[String], seed: u64, n: usize) -> std::io::Result<u64> {
    let mut total = 0;
    for i in 0..n {
        let path = out.join(doc_path(i));
        if i % 100 == 0 {
            std::fs::create_dir_all(path.parent().unwrap_or(out))?;
        }
        let doc = document(lines, seed, i);
        total += doc.len() as u64;
        std::fs::write(path, doc)?;
    }
    Ok(total)
}

//! Names across romanizations: the romanization key, the guard that decides
//! which words are names, and the table of conventional spellings.
//!
//! A *key* is a lossy spelling of a Korean or Japanese name that every
//! romanization of the name shares ([`key`]): `Chosŏn` (McCune–Reischauer)
//! and `Joseon` (Revised Romanization) are both `cosun`; `Satō`, `Satou`
//! and `Satoh` are `sato`; `김대중` is `kimtaecunk`, as `Kim Daejung` is.
//! Keys are computed from the **original spelling**, where ŏ (= eo) is not
//! o: `Chōsen` is `cosen`, not `cosun`.
//!
//! Applied to every English word, a key merges one word in five with
//! another (good/god, Seoul/soul if ŏ were o), so keys are only given to
//! *name candidates*, decided by a guard that sees what folding erases:
//!
//! - in a document ([`name_keys`]): Hangul; a romanization mark (ŏ ŭ ǒ ǔ
//!   ō ū ā ē ī) or an aspiration apostrophe (`Ch’ŏngwadae`); or a
//!   capitalized word (`Ishiba`, not `ISHIBA`, not `ishiba`) that is shaped
//!   like romanized syllables and is not a common English word;
//! - in a query ([`query_keys`]), where case is unreliable: the same, but
//!   any case, so `ishiba` and `ISHIBA` are names and `good` is not;
//! - kana: a word of two to eight kana in a query; in a document a run of
//!   katakana (`サトウ`), or a hiragana word standing alone (`(さとう)`, not
//!   the `さとうを` of a sentence).
//!
//! The rules (in [`key`]):
//!
//! | rule | merges |
//! |---|---|
//! | ŏ ǒ = eo, ŭ ǔ = eu, ŭi = ui | Chosŏn = Choseon |
//! | eo = u (the usual spelling of 어 in names) | Joseon = Chosun, Jeong = Chung, Myeong = Myung |
//! | k g, t d, p b v, ch j, r l, h f merged; apostrophes dropped | Tokdo = Dokdo, Ch'ŏng = Jeong |
//! | shi = si, sha = sya, chi = ti = ji = zi = di, ja = zya, tsu = tu, fu = hu | Shinbun = Sinbun |
//! | long vowels: ō ô oo ou oh (before a consonant or at the end) = o, ū uu = u, ā aa = a, ii = i, ee = i, hui = hi | Satō = Satou = Satoh, Chung-hee = Chŏng-hŭi |
//! | m before b m p = n; doubled consonants single | Shimbun = Shinbun, Gumma = Gunma |
//! | Hangul → Revised Romanization, syllable by syllable | 김대중 = Gimdaejung |
//! | [`CONVENTIONAL`] spellings of surnames | Park = Pak = Bak, Lee = Yi = Rhee |
//! | kana → Hepburn, long-vowel marks dropped | サトウ = さとう = Satou = Satō |
//!
//! A query name also gets the keys it would have if its closed o, u and eo
//! were McCune–Reischauer printed without breves (`Choson` = `Chosŏn`):
//! [`breveless_keys`].
//!
//! A query word of two to four Han characters is also read as Korean
//! (hanja: `金大中` → `김대중`, [`hanja_readings`]), whose keys find the
//! Hangul and Latin spellings.
//!
//! A Chinese name is not keyed: a query name in Pinyin is also searched
//! as its Wade–Giles spelling and the other way round, as words
//! ([`wade_giles_readings`]: `Zedong` = `Tse-tung`, `Peking` = `Beijing`).
//!
//! Trap: a key is not a spelling. Two different names can share one
//! (Sato and Sado: t = d), which is why exact spellings rank first.

mod breveless;
mod guard;
mod hanja;
mod kana;
mod key;
mod text;
mod wade_giles;

pub use breveless::breveless_keys;
pub use guard::{is_certain_name, is_name, is_syllabic, Side};
pub use hanja::hanja_readings;
pub use key::{key, CONVENTIONAL};
pub use text::{may_be_name, name_keys, query_key_pieces, query_keys, NameKey};
pub use wade_giles::{chinese_syllables, is_chinese_name, wade_giles, wade_giles_readings, NEVER, PINYIN, POSTAL};

//! Parsing the query language into a [`Node`] tree.
//!
//! Errors carry the 1-based character column where the problem is, so the
//! CLI can say "unbalanced quote at column 7".

use super::ast::{FieldSel, Node, TermKind};
use crate::error::SearchError;

/// Longest accepted query, in bytes.
pub const MAX_QUERY_BYTES: usize = 4096;
/// Most accepted leaf clauses (terms and phrases).
pub const MAX_CLAUSES: usize = 64;

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    LParen,
    RParen,
    Sign(char),
    Op(&'static str),
    Leaf(Node),
}

/// Parses `query` into a tree. Juxtaposed clauses become an implicit
/// [`Node::And`]; the caller decides what implicit means.
pub fn parse(query: &str) -> Result<Node, SearchError> {
    if query.len() > MAX_QUERY_BYTES {
        // The first character past the limit (the limit may fall inside a character).
        let column = query
            .char_indices()
            .take_while(|(i, c)| i + c.len_utf8() <= MAX_QUERY_BYTES)
            .count()
            + 1;
        return Err(SearchError::syntax(
            column,
            format!("query is longer than {MAX_QUERY_BYTES} bytes ({} bytes)", query.len()),
        ));
    }
    let toks = lex(query)?;
    if toks.is_empty() {
        return Err(SearchError::syntax(1, "empty query: nothing to search for"));
    }
    let mut p = Parser {
        toks,
        pos: 0,
        end: query.chars().count() + 1,
    };
    let node = p.parse_or(None)?;
    if let Some((tok, col)) = p.toks.get(p.pos) {
        let what = if *tok == Tok::RParen {
            "unbalanced ')'"
        } else {
            "unexpected input"
        };
        return Err(SearchError::syntax(*col, what));
    }
    let n = node.clauses();
    if n > MAX_CLAUSES {
        return Err(SearchError::syntax(
            1,
            format!("too many clauses ({n}, at most {MAX_CLAUSES})"),
        ));
    }
    if !has_positive(&node) {
        if let Some(column) = negative_alternative(&node) {
            return Err(SearchError::syntax(
                column,
                "an OR with an excluded alternative matches almost every passage; \
                 add a word that every match must have (e.g. `(Dokdo OR -japan) Lee`)",
            ));
        }
        return Err(SearchError::syntax(
            first_column(&node),
            "the query only excludes; add something to search for (e.g. `Koizumi -Yasukuni`)",
        ));
    }
    Ok(node)
}

/// The column of an OR alternative that only excludes, in a query whose
/// other alternatives search for something.
fn negative_alternative(node: &Node) -> Option<usize> {
    match node {
        Node::Or(alts) if alts.iter().any(has_positive) => alts.iter().find(|a| !has_positive(a)).map(first_column),
        Node::Or(alts) | Node::And { clauses: alts, .. } => alts.iter().find_map(negative_alternative),
        _ => None,
    }
}

/// Whether the tree has at least one clause that is not excluded.
fn has_positive(node: &Node) -> bool {
    match node {
        Node::Not(_) => false,
        Node::And { clauses, .. } => clauses.iter().any(has_positive),
        Node::Or(clauses) => clauses.iter().all(has_positive),
        _ => true,
    }
}

fn first_column(node: &Node) -> usize {
    match node {
        Node::Term { column, .. } | Node::Phrase { column, .. } => *column,
        Node::And { clauses, .. } | Node::Or(clauses) => clauses.first().map_or(1, first_column),
        Node::Not(n) => first_column(n).saturating_sub(1).max(1),
    }
}

/// Where a sequence of clauses starts.
#[derive(Clone, Copy)]
enum Start {
    /// At the start of the query (`None`) or of the group opened at this column.
    Of(Option<usize>),
    /// After an `OR`.
    AfterOr,
}

struct Parser {
    toks: Vec<(Tok, usize)>,
    pos: usize,
    /// The column one past the end of the query.
    end: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|(t, _)| t)
    }

    /// The column of the next token, or one past the end of the query.
    fn column(&self) -> usize {
        self.toks.get(self.pos).map_or(self.end, |(_, c)| *c)
    }

    /// Alternatives separated by `OR`; `group` is the column of the `(`
    /// they are in, if any.
    fn parse_or(&mut self, group: Option<usize>) -> Result<Node, SearchError> {
        let mut alts = vec![self.parse_and(Start::Of(group))?];
        while self.peek() == Some(&Tok::Op("OR")) {
            self.pos += 1;
            alts.push(self.parse_and(Start::AfterOr)?);
        }
        Ok(if alts.len() == 1 {
            alts.pop().unwrap_or_else(|| unreachable!())
        } else {
            Node::Or(alts)
        })
    }

    fn parse_and(&mut self, start: Start) -> Result<Node, SearchError> {
        let mut clauses = Vec::new();
        let mut implicit = true;
        loop {
            match self.peek() {
                None | Some(Tok::RParen) | Some(Tok::Op("OR")) => break,
                Some(Tok::Op("AND")) => {
                    if clauses.is_empty() {
                        return Err(SearchError::syntax(self.column(), "AND needs a clause before it"));
                    }
                    implicit = false;
                    self.pos += 1;
                    if matches!(self.peek(), None | Some(Tok::RParen) | Some(Tok::Op(_)))
                        && self.peek() != Some(&Tok::Op("NOT"))
                    {
                        return Err(SearchError::syntax(self.column(), "AND needs a clause after it"));
                    }
                }
                _ => {
                    if self.peek() == Some(&Tok::Sign('+')) {
                        implicit = false;
                    }
                    clauses.push(self.parse_unary()?);
                }
            }
        }
        match clauses.len() {
            0 => Err(self.missing_clause(start)),
            1 if implicit => Ok(clauses.pop().unwrap_or_else(|| unreachable!())),
            _ => Ok(Node::And { clauses, implicit }),
        }
    }

    /// Why no clause was found where one had to start.
    fn missing_clause(&self, start: Start) -> SearchError {
        let here = self.column();
        match (self.peek(), start) {
            (Some(Tok::Op(op)), _) => SearchError::syntax(here, format!("{op} needs a clause before it")),
            (_, Start::AfterOr) => SearchError::syntax(here, "OR needs a clause after it"),
            (Some(Tok::RParen), Start::Of(Some(_))) => {
                SearchError::syntax(here, "empty group `()`: put a word in it or remove it")
            }
            (Some(Tok::RParen), Start::Of(None)) => SearchError::syntax(here, "unbalanced ')': no '(' before it"),
            (_, Start::Of(Some(open))) => SearchError::syntax(open, "unbalanced '(': no matching ')'"),
            (_, Start::Of(None)) => SearchError::syntax(here, "the query ends where a clause was expected"),
        }
    }

    fn parse_unary(&mut self) -> Result<Node, SearchError> {
        match self.peek() {
            Some(Tok::Op("NOT")) | Some(Tok::Sign('-')) => {
                let what = if self.peek() == Some(&Tok::Sign('-')) {
                    "-"
                } else {
                    "NOT"
                };
                self.pos += 1;
                if matches!(
                    self.peek(),
                    None | Some(Tok::RParen) | Some(Tok::Op("OR")) | Some(Tok::Op("AND"))
                ) {
                    return Err(SearchError::syntax(
                        self.column(),
                        format!("{what} needs a clause after it"),
                    ));
                }
                Ok(Node::Not(Box::new(self.parse_unary()?)))
            }
            Some(Tok::Sign('+')) => {
                self.pos += 1;
                self.parse_atom()
            }
            _ => self.parse_atom(),
        }
    }

    fn parse_atom(&mut self) -> Result<Node, SearchError> {
        let col = self.column();
        match self.toks.get(self.pos).cloned() {
            Some((Tok::LParen, _)) => {
                self.pos += 1;
                let inner = self.parse_or(Some(col))?;
                if self.peek() != Some(&Tok::RParen) {
                    return Err(SearchError::syntax(col, "unbalanced '(': no matching ')'"));
                }
                self.pos += 1;
                Ok(inner)
            }
            Some((Tok::Leaf(node), _)) => {
                self.pos += 1;
                Ok(node)
            }
            Some((Tok::RParen, _)) => Err(SearchError::syntax(col, "unbalanced ')'")),
            Some((tok, _)) => Err(SearchError::syntax(col, format!("unexpected {tok:?}"))),
            None => Err(SearchError::syntax(col, "the query ends where a clause was expected")),
        }
    }
}

fn field_of(name: &str, column: usize) -> Result<FieldSel, SearchError> {
    match name {
        "body" | "text" => Ok(FieldSel::Body),
        "title" => Ok(FieldSel::Title),
        "path" => Ok(FieldSel::Path),
        _ => Err(SearchError::syntax(
            column,
            format!("unknown field `{name}` (fields: body, title, path)"),
        )),
    }
}

fn lex(query: &str) -> Result<Vec<(Tok, usize)>, SearchError> {
    let mut lexer = Lexer {
        chars: query.chars().collect(),
        i: 0,
        out: Vec::new(),
    };
    while lexer.i < lexer.chars.len() {
        lexer.token()?;
    }
    Ok(lexer.out)
}

/// The lexer's state: the query's characters, the next one to read
/// (`i`, 0-based: its column is `i + 1`) and the tokens so far.
struct Lexer {
    chars: Vec<char>,
    i: usize,
    out: Vec<(Tok, usize)>,
}

impl Lexer {
    /// Reads the token at `i` (or skips a space).
    fn token(&mut self) -> Result<(), SearchError> {
        let c = self.chars[self.i];
        let col = self.i + 1;
        let next = self.chars.get(self.i + 1).copied();
        let tok = match c {
            _ if c.is_whitespace() => None,
            '(' => Some(Tok::LParen),
            ')' => Some(Tok::RParen),
            '-' | '+' if next.is_some_and(|n| !n.is_whitespace() && n != ')') => Some(Tok::Sign(c)),
            _ => return self.clause(),
        };
        if let Some(tok) = tok {
            self.out.push((tok, col));
        }
        self.i += 1;
        Ok(())
    }

    /// A word, an operator or a phrase, with an optional `field:` prefix.
    fn clause(&mut self) -> Result<(), SearchError> {
        let field = self.field_prefix()?;
        let start_col = self.i + 1;
        if self.chars[self.i] == '"' {
            let phrase = self.phrase(field)?;
            self.out.push((Tok::Leaf(phrase), start_col));
            return Ok(());
        }
        let stop = |c: char| c.is_whitespace() || c == '(' || c == ')' || c == '"';
        let end = (self.i..self.chars.len())
            .find(|&j| stop(self.chars[j]))
            .unwrap_or(self.chars.len());
        let word: String = self.chars[self.i..end].iter().collect();
        self.i = end;
        if field == FieldSel::Body && self.out.last().is_none_or(|(t, _)| !matches!(t, Tok::Sign(_))) {
            let op = match word.as_str() {
                "OR" => Some("OR"),
                "AND" => Some("AND"),
                "NOT" => Some("NOT"),
                _ => None,
            };
            if let Some(op) = op {
                self.out.push((Tok::Op(op), start_col));
                return Ok(());
            }
        }
        if word.is_empty() {
            // `title:"` is a phrase; here `title:` is followed by a stop character.
            return Err(SearchError::syntax(start_col, "expected a word after the field name"));
        }
        self.out.push((Tok::Leaf(term(word, field, start_col)?), start_col));
        Ok(())
    }

    /// Reads an optional `field:` prefix at `i` (not `http://`).
    fn field_prefix(&mut self) -> Result<FieldSel, SearchError> {
        let chars = &self.chars;
        let i = self.i;
        let ident_end = (i..chars.len())
            .find(|&j| !(chars[j].is_ascii_alphabetic() || chars[j] == '_'))
            .unwrap_or(chars.len());
        if ident_end == i || chars.get(ident_end) != Some(&':') {
            return Ok(FieldSel::Body);
        }
        let name: String = chars[i..ident_end].iter().collect();
        match chars.get(ident_end + 1) {
            // `http://…` is a word.
            Some('/') => return Ok(FieldSel::Body),
            Some(n) if !n.is_whitespace() => {}
            // `Note:` is a word; `title:` alone is a field without a value.
            _ if field_of(&name, i + 1).is_err() => return Ok(FieldSel::Body),
            _ => {
                return Err(SearchError::syntax(
                    i + 1,
                    format!("`{name}:` needs a value right after the colon (e.g. `{name}:summit`)"),
                ))
            }
        }
        let field = field_of(&name, i + 1)?;
        self.i = ident_end + 1;
        if self.chars[self.i] == '(' {
            return Err(SearchError::syntax(
                self.i + 1,
                format!("`{name}:(…)` is not supported; write `{name}:a OR {name}:b`"),
            ));
        }
        Ok(field)
    }

    /// A quoted phrase at `i`, with its optional `~N` slop.
    fn phrase(&mut self, field: FieldSel) -> Result<Node, SearchError> {
        let chars = &self.chars;
        let start_col = self.i + 1;
        let close = (self.i + 1..chars.len())
            .find(|&j| chars[j] == '"')
            .ok_or_else(|| SearchError::syntax(start_col, "unbalanced quote: no closing '\"'"))?;
        let text: String = chars[self.i + 1..close].iter().collect();
        let mut i = close + 1;
        let mut slop = 0;
        if chars.get(i) == Some(&'~') {
            let digits_end = (i + 1..chars.len())
                .find(|&j| !chars[j].is_ascii_digit())
                .unwrap_or(chars.len());
            let digits: String = chars[i + 1..digits_end].iter().collect();
            slop = digits.parse::<u32>().ok().filter(|s| *s <= 100).ok_or_else(|| {
                SearchError::syntax(
                    i + 1,
                    "expected a slop from 0 to 100 after `~` (e.g. \"joint declaration\"~3)",
                )
            })?;
            i = digits_end;
        }
        self.i = i;
        if text.trim().is_empty() {
            return Err(SearchError::syntax(start_col, "empty phrase"));
        }
        Ok(Node::Phrase {
            field,
            text,
            slop,
            column: start_col,
        })
    }
}

fn term(word: String, field: FieldSel, column: usize) -> Result<Node, SearchError> {
    if field == FieldSel::Path {
        return Ok(Node::Term {
            field,
            text: word,
            kind: TermKind::Plain,
            column,
        });
    }
    if let Some(stem) = word.strip_suffix('*') {
        let stem = stem.trim_end_matches('*');
        if stem.contains('*') || stem.is_empty() {
            return Err(SearchError::syntax(
                column,
                "`*` only works at the end of a word (e.g. Nordpol*)",
            ));
        }
        return Ok(Node::Term {
            field,
            text: stem.to_string(),
            kind: TermKind::Prefix,
            column,
        });
    }
    if word.contains('*') {
        return Err(SearchError::syntax(
            column,
            "`*` only works at the end of a word (e.g. Nordpol*)",
        ));
    }
    if let Some(tilde) = word.rfind('~') {
        let (base, dist) = (&word[..tilde], &word[tilde + 1..]);
        let distance = match dist {
            "" => auto_distance(base),
            "0" => 0,
            "1" => 1,
            "2" => 2,
            _ => {
                return Err(SearchError::syntax(
                    column + base.chars().count(),
                    "fuzzy distance must be 0, 1 or 2 (e.g. Ishbia~1)",
                ))
            }
        };
        if base.is_empty() {
            return Err(SearchError::syntax(column, "`~` needs a word before it"));
        }
        return Ok(Node::Term {
            field,
            text: base.to_string(),
            kind: TermKind::Fuzzy(distance),
            column,
        });
    }
    Ok(Node::Term {
        field,
        text: word,
        kind: TermKind::Plain,
        column,
    })
}

/// Elasticsearch's AUTO fuzziness: 0 for 1–2 letters, 1 for 3–5, 2 beyond.
pub fn auto_distance(word: &str) -> u8 {
    match word.chars().count() {
        0..=2 => 0,
        3..=5 => 1,
        _ => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(q: &str) -> (usize, String) {
        match parse(q) {
            Err(SearchError::Syntax { column, message }) => (column, message),
            other => panic!("expected a syntax error for {q:?}, got {other:?}"),
        }
    }

    #[test]
    fn shapes() {
        assert_eq!(parse("a b").unwrap().to_string(), "(body:a body:b)");
        assert_eq!(parse("a OR b c").unwrap().to_string(), "(body:a OR (body:b body:c))");
        assert_eq!(
            parse("(a OR b) -c").unwrap().to_string(),
            "((body:a OR body:b) NOT body:c)"
        );
        assert_eq!(
            parse("\"joint declaration\"~3").unwrap().to_string(),
            "body:\"joint declaration\"~3"
        );
        assert_eq!(
            parse("title:summit path:004*").unwrap().to_string(),
            "(title:summit path:004*)"
        );
        assert_eq!(parse("Nordpol*").unwrap().to_string(), "body:Nordpol*");
        assert_eq!(parse("Ishbia~").unwrap().to_string(), "body:Ishbia~2");
        assert_eq!(parse("Ishbia~1").unwrap().to_string(), "body:Ishbia~1");
        assert_eq!(
            parse("Ch'ongwadae Jun'ichirō").unwrap().to_string(),
            "(body:Ch'ongwadae body:Jun'ichirō)"
        );
        assert_eq!(parse("+a +b").unwrap().to_string(), "(body:a AND body:b)");
        assert_eq!(parse("Japan-ROK").unwrap().to_string(), "body:Japan-ROK");
        assert_eq!(parse("NOT x y").unwrap().to_string(), "(NOT body:x body:y)");
    }

    #[test]
    fn errors_say_where() {
        assert_eq!(err("a \"joint declaration").0, 3);
        assert!(err("a \"joint").1.contains("unbalanced quote"));
        assert_eq!(err("(a OR b").0, 1);
        assert_eq!(err("a b)").0, 4);
        assert_eq!(err("nope:x").0, 1);
        assert!(err("nope:x").1.contains("unknown field `nope`"));
        assert_eq!(err("").0, 1);
        assert_eq!(err("   ").0, 1);
        assert!(err("-Yasukuni").1.contains("only excludes"));
        assert_eq!(err("Dokdo OR -japan"), (10, err("Dokdo OR -japan").1));
        assert!(err("Dokdo OR -japan")
            .1
            .contains("add a word that every match must have"));
        assert!(err("a OR").1.contains("OR needs a clause after it"));
        assert!(err("OR a").1.contains("OR needs a clause before it"));
        assert!(err("a~7").1.contains("fuzzy distance"));
        assert!(err("()").1.contains("empty group"));
        assert_eq!(err("("), (1, "unbalanced '(': no matching ')'".into()));
        assert_eq!(err("a (b OR"), (8, "OR needs a clause after it".into()));
        assert_eq!(err(")").1, "unbalanced ')': no '(' before it");
        assert_eq!(err("a title:").0, 3);
        assert!(err("title: summit").1.contains("`title:` needs a value"));
        assert_eq!(
            parse("Note: http://x").unwrap().to_string(),
            "(body:Note: body:http://x)"
        );
        assert!(err(&"x".repeat(5000)).1.contains("longer than 4096"));
        // Regression: the byte limit inside a multi-byte character must not panic.
        assert_eq!(err(&"ࠀ".repeat(1366)).0, 1366);
        let many: String = (0..65).map(|i| format!("w{i} ")).collect();
        assert!(err(&many).1.contains("too many clauses"));
    }
}

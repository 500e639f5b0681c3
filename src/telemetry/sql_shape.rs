//! The shape of an SQL statement, for a span: its text with every literal and
//! placeholder made `?`, and long lists of them shortened, so that no value (a name, an
//! id, a key) reaches a trace, and statements that differ only in values look alike.

/// The longest shape kept.
const SHAPE_MAX: usize = 4_096;

/// `sql` with string and number literals and placeholders (`$1`, `?`) made `?`,
/// whitespace made single spaces, and a list of more than three `?` shortened to
/// `?, ?, ?, …`.
pub fn shape(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len().min(SHAPE_MAX));
    let mut chars = sql.chars().peekable();
    // Whether the last thing written ends a word (a number there is part of a name).
    let mut in_word = false;
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                // A string literal: '' inside it is a quote, not its end.
                while let Some(d) = chars.next() {
                    if d == '\'' {
                        if chars.peek() == Some(&'\'') {
                            chars.next();
                        } else {
                            break;
                        }
                    }
                }
                out.push('?');
                in_word = false;
            }
            '"' | '`' => {
                // A quoted identifier: kept.
                out.push(c);
                for d in chars.by_ref() {
                    out.push(d);
                    if d == c {
                        break;
                    }
                }
                in_word = false;
            }
            '$' if chars.peek().is_some_and(char::is_ascii_digit) => {
                while chars.peek().is_some_and(char::is_ascii_digit) {
                    chars.next();
                }
                out.push('?');
                in_word = false;
            }
            c if c.is_ascii_digit() && !in_word => {
                while chars
                    .peek()
                    .is_some_and(|d| d.is_ascii_digit() || *d == '.' || *d == 'e' || *d == 'E')
                {
                    chars.next();
                }
                out.push('?');
            }
            c if c.is_whitespace() => {
                if !out.ends_with(' ') && !out.is_empty() {
                    out.push(' ');
                }
                in_word = false;
            }
            c => {
                out.push(c);
                in_word = c.is_alphanumeric() || c == '_';
            }
        }
        if out.len() > SHAPE_MAX * 4 {
            break;
        }
    }
    let shortened = shorten_lists(out.trim_end());
    match shortened.char_indices().nth(SHAPE_MAX) {
        Some((cut, _)) => format!("{}…", &shortened[..cut]),
        None => shortened,
    }
}

/// Every run of more than three `?, ` items shortened to `?, ?, ?, …`.
fn shorten_lists(text: &str) -> String {
    const ITEM: &str = "?, ";
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(ITEM) {
        out.push_str(&rest[..at]);
        let mut run = &rest[at..];
        let mut count = 0;
        while let Some(next) = run.strip_prefix(ITEM) {
            run = next;
            count += 1;
        }
        if count > 3 {
            out.push_str("?, ?, ?, …, ");
        } else {
            out.push_str(&ITEM.repeat(count));
        }
        rest = run;
    }
    out.push_str(rest);
    out
}

/// The statement's operation and first table, as a span's name: `SELECT facility`.
pub fn summary(shape: &str) -> String {
    let words: Vec<&str> = shape
        .split([' ', '(', ')', ','])
        .filter(|w| !w.is_empty())
        .collect();
    let operation = words
        .first()
        .map(|w| w.to_ascii_uppercase())
        .unwrap_or_default();
    let table = words
        .windows(2)
        .find(|pair| {
            let keyword = pair[0].to_ascii_uppercase();
            // The first table named: not a derived table (`FROM (VALUES …)`,
            // `FROM (SELECT …)`, `JOIN LATERAL`).
            matches!(keyword.as_str(), "FROM" | "INTO" | "UPDATE" | "JOIN")
                && !pair[1].starts_with('?')
                && !matches!(
                    pair[1].to_ascii_uppercase().as_str(),
                    "VALUES" | "SELECT" | "LATERAL" | "WITH"
                )
        })
        .map(|pair| pair[1].trim_matches(['"', '`']).to_owned());
    match table {
        Some(table) => format!("{operation} {table}"),
        None => operation,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_leave_and_names_stay() {
        let sql = "SELECT \"facility\".\"name\" FROM \"facility\" WHERE \"slug\" = 'sednaya-prison' AND \"version\" > 3 AND \"id\" IN ($1, $2, $3, $4, $5) AND note = 'it''s' AND x2 = 7";
        let shaped = shape(sql);
        assert_eq!(
            shaped,
            "SELECT \"facility\".\"name\" FROM \"facility\" WHERE \"slug\" = ? AND \"version\" > ? AND \"id\" IN (?, ?, ?, …, ?) AND note = ? AND x2 = ?"
        );
        assert!(!shaped.contains("sednaya") && !shaped.contains("it''s"));
        assert_eq!(summary(&shaped), "SELECT facility");
        assert_eq!(
            summary(&shape("INSERT INTO `audit_log` (a) VALUES (?)")),
            "INSERT audit_log"
        );
        // A derived table is not the table read.
        assert_eq!(
            summary("SELECT p.* FROM (VALUES (?)) AS k JOIN LATERAL (SELECT * FROM \"posting\") p"),
            "SELECT posting"
        );
    }
}

//! An answer's main list as a table, for `text/csv`: the first list in the answer (in
//! the order the operation selects its fields; a connection's `nodes`), one row per
//! item; a nested single object's fields become dotted columns (`branch.name`), a list
//! inside an item one cell of JSON. Cells a spreadsheet would run as a formula are
//! written with a leading `'`.

use std::collections::HashMap;

use serde_json::Value;

/// The answer's main list, with its path (`facilities.nodes`).
pub fn main_list(data: &Value) -> Option<(String, &Vec<Value>)> {
    fn walk<'a>(value: &'a Value, path: &mut Vec<String>) -> Option<(String, &'a Vec<Value>)> {
        match value {
            Value::Array(items) => Some((path.join("."), items)),
            Value::Object(fields) => fields.iter().find_map(|(name, value)| {
                path.push(name.clone());
                let found = walk(value, path);
                path.pop();
                found
            }),
            _ => None,
        }
    }
    walk(data, &mut Vec::new())
}

/// `item`'s cells by dotted column, in the order of its fields.
fn flatten(item: &Value, prefix: &str, out: &mut Vec<(String, String)>) {
    let column = |name: &str| {
        if prefix.is_empty() {
            name.to_owned()
        } else {
            format!("{prefix}.{name}")
        }
    };
    match item {
        Value::Object(fields) => {
            for (name, value) in fields {
                match value {
                    Value::Object(_) => flatten(value, &column(name), out),
                    other => out.push((column(name), cell(other))),
                }
            }
        }
        other => out.push((
            if prefix.is_empty() {
                "value".into()
            } else {
                prefix.into()
            },
            cell(other),
        )),
    }
}

fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(text) => defused(text),
        Value::Array(_) => value.to_string(),
        other => other.to_string(),
    }
}

/// A text a spreadsheet would take for a formula (`=`, `+`, `-`, `@` first), made text.
fn defused(text: &str) -> String {
    let formula = text.starts_with(['=', '+', '@', '\t', '\r'])
        || (text.starts_with('-') && text.parse::<f64>().is_err());
    if formula {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// The table of `items`: its columns (every column any row has, in first-seen order)
/// and its rows, each aligned to them.
pub fn table(items: &[Value]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut columns: Vec<String> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let flat: Vec<Vec<(String, String)>> = items
        .iter()
        .map(|item| {
            let mut cells = Vec::new();
            flatten(item, "", &mut cells);
            for (column, _) in &cells {
                if !index.contains_key(column) {
                    index.insert(column.clone(), columns.len());
                    columns.push(column.clone());
                }
            }
            cells
        })
        .collect();
    let rows = flat
        .into_iter()
        .map(|cells| {
            let mut row = vec![String::new(); columns.len()];
            for (column, text) in cells {
                if let Some(&at) = index.get(&column) {
                    row[at] = text;
                }
            }
            row
        })
        .collect();
    (columns, rows)
}

/// Rows as CSV text.
pub fn csv_of(rows: &[Vec<String>]) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in rows {
        writer.write_record(row)?;
    }
    writer.into_inner().map_err(|e| e.into_error().into())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_connection_becomes_rows_with_dotted_columns() {
        let data = json!({ "postings": { "totalCount": 2, "nodes": [
            { "title": "head", "branch": { "name": "فرع الخطيب", "agency": { "name": "GID" } }, "tags": ["a", "b"] },
            { "title": "=HYPERLINK(\"x\")", "branch": null, "extra": -3 }
        ] } });
        let (path, items) = main_list(&data).unwrap();
        assert_eq!(path, "postings.nodes");
        let (columns, rows) = table(items);
        assert_eq!(
            columns,
            [
                "title",
                "branch.name",
                "branch.agency.name",
                "tags",
                "branch",
                "extra"
            ]
        );
        assert_eq!(rows[0][..4], ["head", "فرع الخطيب", "GID", "[\"a\",\"b\"]"]);
        assert_eq!(rows[1][0], "'=HYPERLINK(\"x\")");
        assert_eq!(rows[1][5], "-3");
        let text = String::from_utf8(csv_of(&rows).unwrap()).unwrap();
        assert!(text.starts_with("head,فرع الخطيب,GID,"));
    }
}

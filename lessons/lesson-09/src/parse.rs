//! Text against binary: the same rows, encoded as a text protocol and as a binary
//! one, and parsed back. asyncpg's first lesson in Selivanov's talk: "always
//! prefer binary": less traffic, and much faster parsing.
//!
//! A row is six integers, the shape of a row of numbers coming back from a
//! database. The text form is tab-separated decimal with a newline (PostgreSQL's
//! text COPY format looks like it); the binary form is a field count, then each
//! field as a 4-byte length and 8 big-endian bytes (PostgreSQL's binary format
//! looks like that).

/// Fields per row.
pub const FIELDS: usize = 6;

pub type Row = [i64; FIELDS];

/// Rows with values of every size, the same on every run.
pub fn sample_rows(count: usize) -> Vec<Row> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        // xorshift64: cheap and repeatable; no need for a random-number crate.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..count)
        .map(|i| {
            let r = next();
            [
                i as i64,                                 // an id
                1_700_000_000_000_000 + (r >> 40) as i64, // a timestamp in µs
                (r % 1_000_000) as i64 - 500_000,         // an amount in cents
                (r >> 20) as i64 % 1000,                  // a quantity
                (next() >> 1) as i64,                     // a big number
                (r & 1) as i64,                           // a flag
            ]
        })
        .collect()
}

pub fn encode_text(rows: &[Row]) -> Vec<u8> {
    use std::fmt::Write;
    let mut text = String::new();
    for row in rows {
        for (i, value) in row.iter().enumerate() {
            let separator = if i + 1 == FIELDS { '\n' } else { '\t' };
            write!(text, "{value}{separator}").expect("writing to a String cannot fail");
        }
    }
    text.into_bytes()
}

pub fn encode_binary(rows: &[Row]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(rows.len() * (2 + FIELDS * 12));
    for row in rows {
        bytes.extend_from_slice(&(FIELDS as u16).to_be_bytes());
        for value in row {
            bytes.extend_from_slice(&8u32.to_be_bytes());
            bytes.extend_from_slice(&value.to_be_bytes());
        }
    }
    bytes
}

/// The error of a parse: where, and what was wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError(pub &'static str);

// ANCHOR: text_naive
/// Text, the easy way: split into owned `String`s, then parse each. One
/// allocation per line and one per field: Selivanov's "naive approach", where the
/// driver spends its time allocating and freeing memory.
pub fn parse_text_naive(input: &[u8]) -> Result<Vec<Row>, ParseError> {
    let text = std::str::from_utf8(input).map_err(|_| ParseError("not UTF-8"))?;
    let mut rows = Vec::new();
    for line in text.lines().map(str::to_owned) {
        let fields: Vec<String> = line.split('\t').map(str::to_owned).collect();
        let mut row = [0; FIELDS];
        if fields.len() != FIELDS {
            return Err(ParseError("wrong number of fields"));
        }
        for (slot, field) in row.iter_mut().zip(&fields) {
            *slot = field.parse().map_err(|_| ParseError("not a number"))?;
        }
        rows.push(row);
    }
    Ok(rows)
}
// ANCHOR_END: text_naive

// ANCHOR: text
/// Text, without allocating: slices of the input, parsed in place. Still every
/// digit must be looked at, and every separator searched for.
pub fn parse_text(input: &[u8]) -> Result<Vec<Row>, ParseError> {
    let text = std::str::from_utf8(input).map_err(|_| ParseError("not UTF-8"))?;
    let mut rows = Vec::with_capacity(input.len() / 64);
    for line in text.lines() {
        let mut row = [0; FIELDS];
        let mut fields = line.split('\t');
        for slot in &mut row {
            let field = fields.next().ok_or(ParseError("too few fields"))?;
            *slot = field.parse().map_err(|_| ParseError("not a number"))?;
        }
        if fields.next().is_some() {
            return Err(ParseError("too many fields"));
        }
        rows.push(row);
    }
    Ok(rows)
}
// ANCHOR_END: text

// ANCHOR: binary
/// Binary: every length is known before the bytes it describes, so parsing is
/// reading fixed-size integers at known places. No searching, no digits.
pub fn parse_binary(mut input: &[u8]) -> Result<Vec<Row>, ParseError> {
    let mut rows = Vec::with_capacity(input.len() / (2 + FIELDS * 12));
    while !input.is_empty() {
        let count = u16::from_be_bytes(take(&mut input)?);
        if usize::from(count) != FIELDS {
            return Err(ParseError("wrong number of fields"));
        }
        let mut row = [0; FIELDS];
        for slot in &mut row {
            if u32::from_be_bytes(take(&mut input)?) != 8 {
                return Err(ParseError("a field is not 8 bytes"));
            }
            *slot = i64::from_be_bytes(take(&mut input)?);
        }
        rows.push(row);
    }
    Ok(rows)
}

/// Takes the next `N` bytes off the front of `input`.
fn take<const N: usize>(input: &mut &[u8]) -> Result<[u8; N], ParseError> {
    let (head, rest) = input
        .split_first_chunk::<N>()
        .ok_or(ParseError("truncated"))?;
    *input = rest;
    Ok(*head)
}
// ANCHOR_END: binary

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_three_parsers_read_back_what_was_written() {
        let rows = sample_rows(1000);
        assert_eq!(parse_text_naive(&encode_text(&rows)), Ok(rows.clone()));
        assert_eq!(parse_text(&encode_text(&rows)), Ok(rows.clone()));
        assert_eq!(parse_binary(&encode_binary(&rows)), Ok(rows));
    }

    #[test]
    fn truncated_input_is_an_error_not_a_panic() {
        let bytes = encode_binary(&sample_rows(3));
        for cut in 1..bytes.len() {
            if cut % (2 + FIELDS * 12) != 0 {
                assert!(parse_binary(&bytes[..cut]).is_err(), "cut at {cut}");
            }
        }
    }
}

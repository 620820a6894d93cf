//! When an exercise's tests stop compiling although the learner edited only the
//! exercise, the learner changed what the tests call: a function's parameters, its
//! bounds (a compiler suggestion such as "consider adding `+ Unpin`" does this), a
//! type's name. The tests cannot change, so the fix is to put the signature back and
//! solve the problem inside the body; this module finds the signatures to show.

/// The declarations the tests use, from the stub as shipped: each `pub` item's
/// signature, and each `impl` block with the signatures of its functions, all without
/// bodies or doc comments.
pub fn expected(stub: &str) -> String {
    let mut out = String::new();
    // Inside an `impl` block (at this indentation), every `fn` is part of the API.
    let mut in_impl: Option<usize> = None;
    let mut in_signature = false;
    for line in stub.lines() {
        let code = line.trim_start();
        let indent = line.len() - code.len();
        if let Some(impl_indent) = in_impl
            && indent == impl_indent
            && code.starts_with('}')
        {
            out.push_str(line);
            out.push('\n');
            in_impl = None;
            continue;
        }
        let is_impl = code.starts_with("impl ") || code.starts_with("impl<");
        let is_fn_in_impl = in_impl.is_some()
            && (code.starts_with("fn ")
                || code.starts_with("pub fn ")
                || code.starts_with("type "));
        let starts = code.starts_with("pub ") || is_impl || is_fn_in_impl;
        if !in_signature && !starts {
            continue;
        }
        // A signature ends where its body or its `;` begins.
        match code.find('{') {
            Some(brace) => {
                let head = line[..indent + brace].trim_end();
                let body = if is_impl { "{" } else { "{ ... }" };
                if head.is_empty() {
                    out.push_str(&" ".repeat(indent));
                    out.push_str(body);
                } else {
                    out.push_str(&format!("{head} {body}"));
                }
                out.push('\n');
                if is_impl {
                    in_impl = Some(indent);
                }
                in_signature = false;
            }
            None => {
                out.push_str(line);
                out.push('\n');
                in_signature = !code.ends_with(';');
            }
        }
    }
    out
}

/// Whether a compile error at `location` is in a lesson's tests rather than in the
/// learner's file; returns the test file's name (`hedged` for `.../tests/hedged.rs`).
pub fn test_file(location: &str) -> Option<&str> {
    let (_, rest) = location.split_once("/tests/")?;
    let file = rest.split(':').next()?;
    file.strip_suffix(".rs").filter(|name| !name.contains('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_without_bodies() {
        let stub = "use x;\n\n/// Doc.\npub async fn hedged<F>(\n    fetch: F,\n) -> u16\nwhere\n    F: Fn(),\n{\n    todo!()\n}\n\
                    pub struct Countdown {\n    left: u32,\n}\n\nimpl Iterator for Countdown {\n    type Item = u32;\n\n    fn next(&mut self) -> Option<u32> {\n        todo!()\n    }\n}\n";
        assert_eq!(
            expected(stub),
            "pub async fn hedged<F>(\n    fetch: F,\n) -> u16\nwhere\n    F: Fn(),\n{ ... }\n\
             pub struct Countdown { ... }\nimpl Iterator for Countdown {\n    type Item = u32;\n    fn next(&mut self) -> Option<u32> { ... }\n}\n"
        );
    }

    #[test]
    fn test_files_are_recognised() {
        assert_eq!(
            test_file("lessons/lesson-05/tests/hedged.rs:40:5"),
            Some("hedged")
        );
        assert_eq!(test_file("exercises/lesson-05/hedged.rs:3:1"), None);
    }
}

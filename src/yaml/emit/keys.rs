//! go-yaml v2's map key order (`keyList.Less` in sorter.go) for string keys.
//!
//! Strings are compared rune by rune from the first difference: two letters compare by
//! code point; a letter sorts after a non-letter; otherwise the runs of digits starting
//! there compare by numeric value, then by run length, then the runes themselves
//! compare. So `a2 < a10`, `B < a < b`, `_ < 0 < 9 < a`, and `1 < 01`. A shorter string
//! that is a prefix of a longer one sorts first.

use unicode_general_category::{GeneralCategory as G, get_general_category};

use crate::values::Value;

/// A key's runes, borrowed as bytes when it is ASCII (the common case).
enum Runes<'a> {
    Ascii(&'a [u8]),
    Wide(Vec<char>),
}

impl<'a> Runes<'a> {
    fn new(s: &'a str) -> Self {
        if s.is_ascii() {
            Runes::Ascii(s.as_bytes())
        } else {
            Runes::Wide(s.chars().collect())
        }
    }

    fn len(&self) -> usize {
        match self {
            Runes::Ascii(b) => b.len(),
            Runes::Wide(c) => c.len(),
        }
    }

    fn at(&self, i: usize) -> char {
        match self {
            Runes::Ascii(b) => char::from(b[i]),
            Runes::Wide(c) => c[i],
        }
    }
}

/// Go's `unicode.IsLetter` (categories Lu, Ll, Lt, Lm, Lo).
fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    matches!(
        get_general_category(c),
        G::UppercaseLetter
            | G::LowercaseLetter
            | G::TitlecaseLetter
            | G::ModifierLetter
            | G::OtherLetter
    )
}

/// Go's `unicode.IsDigit` (category Nd).
fn is_digit(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    get_general_category(c) == G::DecimalNumber
}

/// `keyList.Less` for two string keys, including Go's quirks: digit runs accumulate in a
/// wrapping int64 as `rune - '0'` (so non-ASCII digits count with odd values), and when
/// either differing rune is `0` after a digit run with a non-zero digit, both values
/// start at 1.
fn less(a: &Runes<'_>, b: &Runes<'_>) -> bool {
    let (la, lb) = (a.len(), b.len());
    for i in 0..la.min(lb) {
        let (ca, cb) = (a.at(i), b.at(i));
        if ca == cb {
            continue;
        }
        let (al, bl) = (is_letter(ca), is_letter(cb));
        if al && bl {
            return ca < cb;
        }
        if al || bl {
            return bl;
        }
        let (mut an, mut bn) = (0i64, 0i64);
        if ca == '0' || cb == '0' {
            for j in (0..i).rev() {
                let c = a.at(j);
                if !is_digit(c) {
                    break;
                }
                if c != '0' {
                    an = 1;
                    bn = 1;
                    break;
                }
            }
        }
        let run = |r: &Runes<'_>, len: usize, mut n: i64| {
            let mut k = i;
            while k < len && is_digit(r.at(k)) {
                n = n
                    .wrapping_mul(10)
                    .wrapping_add(i64::from(r.at(k) as u32) - i64::from(b'0'));
                k += 1;
            }
            (k, n)
        };
        let (ai, an) = run(a, la, an);
        let (bi, bn) = run(b, lb, bn);
        if an != bn {
            return an < bn;
        }
        if ai != bi {
            return ai < bi;
        }
        return ca < cb;
    }
    la < lb
}

/// Sorts map entries into go-yaml's key order.
///
/// For ordinary keys the order is total, so the result is what Go's `sort.Sort` gives.
/// For pathological keys (digit runs overflowing int64, mixed non-ASCII digits) the
/// relation is not transitive and Go's result depends on its random map iteration
/// order; this stable merge sort then gives one of the possible orders and never
/// panics.
pub(super) fn sort_entries(entries: &mut Vec<(&str, &Value)>) {
    let n = entries.len();
    if n < 2 {
        return;
    }
    let runes: Vec<Runes<'_>> = entries.iter().map(|(k, _)| Runes::new(k)).collect();
    let lt = |x: usize, y: usize| less(&runes[x], &runes[y]);
    // BTreeMap order (bytes) often already is go-yaml's order.
    if (1..n).all(|i| !lt(i, i - 1)) {
        return;
    }
    let mut idx: Vec<usize> = (0..n).collect();
    let mut buf = vec![0usize; n];
    merge_sort(&mut idx, &mut buf, &lt);
    let sorted: Vec<(&str, &Value)> = idx.iter().map(|&i| entries[i]).collect();
    *entries = sorted;
}

/// Stable top-down merge sort of `v` by the strict "less" relation `lt`.
fn merge_sort(v: &mut [usize], buf: &mut [usize], lt: &impl Fn(usize, usize) -> bool) {
    let n = v.len();
    if n <= 12 {
        // Insertion sort.
        for i in 1..n {
            let mut j = i;
            while j > 0 && lt(v[j], v[j - 1]) {
                v.swap(j, j - 1);
                j -= 1;
            }
        }
        return;
    }
    let mid = n / 2;
    {
        let (left, right) = v.split_at_mut(mid);
        let (bl, br) = buf.split_at_mut(mid);
        merge_sort(left, bl, lt);
        merge_sort(right, br, lt);
    }
    let (mut i, mut j, mut k) = (0, mid, 0);
    while i < mid && j < n {
        if lt(v[j], v[i]) {
            buf[k] = v[j];
            j += 1;
        } else {
            buf[k] = v[i];
            i += 1;
        }
        k += 1;
    }
    buf[k..k + (mid - i)].copy_from_slice(&v[i..mid]);
    k += mid - i;
    buf[k..k + (n - j)].copy_from_slice(&v[j..n]);
    v.copy_from_slice(&buf[..n]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cmp::Ordering;

    /// `Ordering` view of [`less`].
    fn cmp(a: &str, b: &str) -> Ordering {
        let (ra, rb) = (Runes::new(a), Runes::new(b));
        if less(&ra, &rb) {
            Ordering::Less
        } else if less(&rb, &ra) {
            Ordering::Greater
        } else {
            Ordering::Equal
        }
    }

    fn sorted(keys: &[&str]) -> Vec<String> {
        let v = Value::Null;
        let mut entries: Vec<(&str, &Value)> = keys.iter().map(|k| (*k, &v)).collect();
        sort_entries(&mut entries);
        entries.into_iter().map(|(k, _)| k.to_string()).collect()
    }

    #[test]
    fn pairwise_order() {
        use Ordering::*;
        let cases = [
            ("a9", "a10", Less),
            ("a10", "a9", Greater),
            ("B", "a", Less),
            ("a", "b", Less),
            ("_", "a", Less),
            ("_", "B", Less),
            ("_", "0", Less),
            ("0", "1", Less),
            ("1", "01", Less),
            ("a", "aa", Less),
            ("2", "10", Less),
            ("1_", "10", Less),
            ("a0", "a_", Greater),
            ("x", "x", Equal),
            ("é", "z", Greater),
            ("é", "_", Greater),
            ("日", "a", Greater),
            ("-", "_", Less),
            ("~", "0", Less),
        ];
        for (a, b, want) in cases {
            assert_eq!(cmp(a, b), want, "{a:?} vs {b:?}");
        }
    }

    #[test]
    fn sorts_like_go_yaml() {
        assert_eq!(
            sorted(&["a10", "a9", "b", "B", "_", "a1", "1", "10", "2", "-x", "Z"]),
            ["-x", "_", "1", "2", "10", "B", "Z", "a1", "a9", "a10", "b"]
        );
        assert_eq!(
            sorted(&["item10", "item2", "item1"]),
            ["item1", "item2", "item10"]
        );
        let many: Vec<String> = (0..40).rev().map(|i| format!("k{i}")).collect();
        let refs: Vec<&str> = many.iter().map(String::as_str).collect();
        let want: Vec<String> = (0..40).map(|i| format!("k{i}")).collect();
        assert_eq!(sorted(&refs), want);
    }

    #[test]
    fn pathological_keys_do_not_panic() {
        let keys = [
            "99999999999999999999999",
            "1",
            "١٢٣",
            "1٣",
            "10٣",
            "1999",
            "0",
            "00",
            "",
        ];
        let out = sorted(&keys);
        assert_eq!(out.len(), keys.len());
    }
}

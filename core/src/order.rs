//! One stable sort for every list the program sorts.
//!
//! The standard library's sort is generic: each element type and comparison sorted gets its
//! own copy of it, 1–3 KB of wasm each. Here the sorting itself works on positions and takes the
//! comparison as a `&dyn Fn`, so the wasm holds one copy however many kinds of lists are sorted;
//! each caller adds only the small step that moves the items into the new order. Stable, like
//! `slice::sort_by`: equal items keep their order (the report's findings rely on it).

use std::cmp::Ordering;

/// The positions of `n` items in the order `cmp` gives them, equal items in their given order.
#[inline(never)]
fn order(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut at: Vec<usize> = (0..n).collect();
    at.sort_by(|&a, &b| cmp(a, b));
    at
}

/// Sorts `v` by `cmp`, stably.
pub fn sort_by<T>(v: &mut Vec<T>, cmp: impl Fn(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let at = order(v.len(), &|a, b| cmp(&v[a], &v[b]));
    let mut items: Vec<Option<T>> = std::mem::take(v).into_iter().map(Some).collect();
    v.extend(at.into_iter().filter_map(|i| items[i].take()));
}

/// Sorts `v` by a key, stably.
pub fn sort_by_key<T, K: Ord>(v: &mut Vec<T>, key: impl Fn(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `v` in its natural order.
pub fn sort<T: Ord>(v: &mut Vec<T>) {
    sort_by(v, T::cmp);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_as_the_standard_stable_sort_does() {
        // Pairs sorted by their first half only: the second half shows that equal keys keep
        // their order. Lengths 0 to 300, from a fixed pseudo-random sequence.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for n in 0..300 {
            let v: Vec<(u8, usize)> = (0..n)
                .map(|i| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    ((x % 7) as u8, i)
                })
                .collect();
            let (mut ours, mut std) = (v.clone(), v.clone());
            sort_by_key(&mut ours, |p| p.0);
            std.sort_by_key(|p| p.0);
            assert_eq!(ours, std, "n = {n}");
            let (mut ours, mut std) = (v.clone(), v);
            sort_by(&mut ours, |a, b| b.cmp(a));
            std.sort_by(|a, b| b.cmp(a));
            assert_eq!(ours, std, "n = {n}, descending");
        }
        let mut words = vec!["丙", "甲", "乙", "甲", "a"];
        let mut std = words.clone();
        std.sort();
        sort(&mut words);
        assert_eq!(words, std);
    }
}

//! A stable insertion sort for the engine's short lists (a region's tiers, the platforms of a month,
//! the months a rules series changes in).
//!
//! The standard library's stable sort (driftsort) is several kilobytes of code for every element
//! type it sorts; in the WebAssembly module five such copies cost more than the lists they sort ever
//! will (issue 5's size target). These lists hold at most a few dozen elements, where insertion sort
//! is as fast. Stable: equal elements keep their order, like `slice::sort_by`.

use std::cmp::Ordering;

/// Sorts `v` by `cmp`, stably.
pub fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && cmp(&v[j - 1], &v[j]) == Ordering::Greater {
            v.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// Sorts `v` in ascending order, stably.
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_stable_sort() {
        // Pairs compared by their first element only: equal keys must keep their input order.
        let mut seed = 7u32;
        for len in 0..40 {
            let v: Vec<(u32, usize)> = (0..len)
                .map(|i| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    ((seed >> 16) % 5, i)
                })
                .collect();
            let mut ours = v.clone();
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            let mut std = v.clone();
            std.sort_by_key(|a| a.0);
            assert_eq!(ours, std, "len {len}");
        }
        let mut w = vec![3, 1, 2, 1];
        sort(&mut w);
        assert_eq!(w, [1, 1, 2, 3]);
    }
}

//! A dense index of the rules' series by (scope, parameter), built once when the rules load, so that
//! the dozen lookups of every month need no hashing of scope codes and no allocation.
//!
//! Scopes are numbered: 0 national, then each province, then each city; parameters by their position
//! in [`Param::ALL`].

use super::{Entry, Param, Region, Scope, SeriesKey};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

/// FxHash (rustc's hasher): a multiply and a rotate per word.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// One series as the index holds it: its scope and its entries (shared with the rule set's map).
pub type Slot = Option<(Scope, Arc<[Entry]>)>;

#[derive(Clone, Debug, Default)]
pub struct Index {
    /// Scope number of each province's first city, and its number of cities.
    city_base: Vec<(usize, usize)>,
    n_provinces: usize,
    /// `table[scope * catalogue length + parameter]`.
    table: Vec<Slot>,
    /// The provisional entries (`provisional = true`) by the same number: a handful in all,
    /// asked for only where a final value was published after the month of collection (a list, not a
    /// map: a map of its own type would be more code in the page's module than the list is long).
    provisional: Vec<(usize, Arc<[Entry]>)>,
}

impl Index {
    pub fn build(
        regions: &[Region],
        series: &[(SeriesKey, Arc<[Entry]>)],
        provisional: &[(SeriesKey, Arc<[Entry]>)],
    ) -> Index {
        let n_params = Param::COUNT;
        let mut city_base = Vec::with_capacity(regions.len());
        let mut next = 1 + regions.len();
        for r in regions {
            city_base.push((next, r.cities.len()));
            next += r.cities.len();
        }
        let mut scopes = vec![Scope::National; next];
        for (p, r) in regions.iter().enumerate() {
            scopes[1 + p] = Scope::Code(r.code.clone());
            for (c, city) in r.cities.iter().enumerate() {
                scopes[city_base[p].0 + c] = Scope::Code(city.code.clone());
            }
        }
        let mut table: Vec<Slot> = vec![None; next * n_params];
        // Scope numbers by scope: every prefecture is a city since the gazetteer (about 400 scopes), so
        // a search of the list for each series would be most of the load.
        let number: FxMap<&Scope, usize> = scopes.iter().enumerate().map(|(i, s)| (s, i)).collect();
        for ((scope, name), entries) in series {
            // Every series' scope is a region or city of the rules and its name is in the catalogue (the
            // loader checks both).
            if let Some(&s) = number.get(scope) {
                table[s * n_params + name.index()] = Some((scope.clone(), entries.clone()));
            }
        }
        let provisional: Vec<(usize, Arc<[Entry]>)> = provisional
            .iter()
            .filter_map(|((scope, name), entries)| {
                number
                    .get(scope)
                    .map(|&s| (s * n_params + name.index(), entries.clone()))
            })
            .collect();
        Index {
            city_base,
            n_provinces: regions.len(),
            table,
            provisional,
        }
    }

    /// The scope numbers searched for a place, most specific first (city, province, national).
    pub fn scopes(&self, province: usize, city: Option<usize>) -> [Option<usize>; 3] {
        let province_ok = province < self.n_provinces;
        let city = city.and_then(|c| {
            let &(base, n) = self.city_base.get(province)?;
            (c < n).then_some(base + c)
        });
        [city, province_ok.then_some(1 + province), Some(0)]
    }

    /// The series of a parameter in a scope.
    pub fn get(&self, scope: usize, param: usize) -> Option<(&Scope, &[Entry])> {
        self.table
            .get(scope * Param::COUNT + param)?
            .as_ref()
            .map(|(s, e)| (s, &e[..]))
    }
}

impl Index {
    /// The provisional entries of a parameter in a scope, sorted by `from` (empty: none).
    pub fn provisional(&self, scope: usize, param: usize) -> &[Entry] {
        let key = scope * Param::COUNT + param;
        self.provisional
            .iter()
            .find(|(k, _)| *k == key)
            .map_or(&[][..], |(_, e)| &e[..])
    }
}

//! Random groups for an activity: who sits with whom, shuffled from a recorded seed so that
//! the same room and the same seed always give the same groups (`--seed` reproduces them).
//!
//! Only each person's sector matters here; callers map the indices back to names.

use std::collections::BTreeMap;

use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;
use rand::seq::SliceRandom;

use crate::pack::SectorMix;

/// Splits a room into groups of about `size` people.
///
/// `sectors[i]` is the sector id of person i. The result lists each group's person indices;
/// everyone is in exactly one group. There are `ceil(n / size)` groups (a `size` of 0 counts
/// as 1, an empty room has no groups), one fewer when that would leave someone on their own,
/// and their sizes differ by at most one.
///
/// - [`SectorMix::Mixed`]: every sector is spread as evenly as it can be: a sector with `c`
///   people across `g` groups puts `floor(c/g)` or `ceil(c/g)` of them in each group.
/// - [`SectorMix::Same`]: people of a sector are kept together as far as the sizes allow.
/// - [`SectorMix::Any`]: no regard for sectors.
///
/// All randomness comes from `seed`, including the order of the groups and of the people in
/// each, so another shuffle with another seed looks different.
pub fn form_groups(sectors: &[&str], size: u32, mix: SectorMix, seed: u64) -> Vec<Vec<usize>> {
    let n = sectors.len();
    if n == 0 {
        return Vec::new();
    }
    let size = size.max(1) as usize;
    let mut count = n.div_ceil(size);
    // Nobody works alone: nine people in pairs make four groups (one of three), not five.
    if size > 1 && count > 1 && n / count < 2 {
        count -= 1;
    }
    // A generator named after its algorithm is portable across platforms and rand releases;
    // `StdRng` promises neither, and a recorded seed must keep meaning the same groups.
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);

    let mut groups = match mix {
        SectorMix::Mixed => {
            // Dealing the sector-ordered queue to groups 0, 1, ..., g-1, 0, 1, ... gives both
            // guarantees at once, with no size caps to get in the way: any run of `k`
            // consecutive positions meets each remainder mod g either floor(k/g) or
            // ceil(k/g) times. Each sector is one such run (so its spread is optimal), and
            // the whole queue is another (so group sizes differ by at most one).
            let queue = by_sector(sectors, &mut rng);
            let mut groups = vec![Vec::new(); count];
            for (position, person) in queue.into_iter().enumerate() {
                groups[position % count].push(person);
            }
            groups
        }
        SectorMix::Same => {
            let queue = by_sector(sectors, &mut rng);
            cut(queue, &balanced_sizes(n, count, &mut rng))
        }
        SectorMix::Any => {
            let mut queue: Vec<usize> = (0..n).collect();
            queue.shuffle(&mut rng);
            cut(queue, &balanced_sizes(n, count, &mut rng))
        }
    };

    // Reordering whole groups, or people inside a group, keeps every guarantee above.
    groups.shuffle(&mut rng);
    for group in &mut groups {
        group.shuffle(&mut rng);
    }
    groups
}

/// Whether every sector is spread as evenly as possible: a sector with `c` people puts
/// `floor(c/g)` or `ceil(c/g)` of them in each of the `g` groups. It does not check that
/// everyone is placed exactly once.
#[cfg(test)]
pub(crate) fn spread_is_optimal(sectors: &[&str], groups: &[Vec<usize>]) -> bool {
    let g = groups.len();
    if g == 0 {
        return sectors.is_empty();
    }
    let mut totals: BTreeMap<&str, usize> = BTreeMap::new();
    for sector in sectors {
        *totals.entry(sector).or_default() += 1;
    }
    totals.iter().all(|(&sector, &c)| {
        let (low, high) = (c / g, c.div_ceil(g));
        groups.iter().all(|group| {
            let here = group
                .iter()
                .filter(|&&person| sectors.get(person) == Some(&sector))
                .count();
            (low..=high).contains(&here)
        })
    })
}

/// Everyone, sector after sector; both the sector order and the order within a sector are
/// shuffled.
fn by_sector(sectors: &[&str], rng: &mut Xoshiro256PlusPlus) -> Vec<usize> {
    // A BTreeMap, not a HashMap, so the starting order (and so the groups) is the same on
    // every run and platform.
    let mut members: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (person, sector) in sectors.iter().enumerate() {
        members.entry(sector).or_default().push(person);
    }
    let mut blocks: Vec<Vec<usize>> = members.into_values().collect();
    blocks.shuffle(rng);
    for block in &mut blocks {
        block.shuffle(rng);
    }
    blocks.concat()
}

/// `count` sizes adding up to `n` and differing by at most one, the larger ones placed at
/// random.
fn balanced_sizes(n: usize, count: usize, rng: &mut Xoshiro256PlusPlus) -> Vec<usize> {
    let (base, extra) = (n / count, n % count);
    let mut sizes: Vec<usize> = (0..count).map(|i| base + usize::from(i < extra)).collect();
    sizes.shuffle(rng);
    sizes
}

/// Cuts a queue into consecutive groups of the given sizes.
fn cut(queue: Vec<usize>, sizes: &[usize]) -> Vec<Vec<usize>> {
    let mut rest = queue.into_iter();
    sizes
        .iter()
        .map(|&size| rest.by_ref().take(size).collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn room(counts: &[(&'static str, usize)]) -> Vec<&'static str> {
        counts
            .iter()
            .flat_map(|&(sector, c)| std::iter::repeat_n(sector, c))
            .collect()
    }

    fn sizes(groups: &[Vec<usize>]) -> Vec<usize> {
        let mut sizes: Vec<usize> = groups.iter().map(Vec::len).collect();
        sizes.sort_unstable_by(|a, b| b.cmp(a));
        sizes
    }

    fn everyone_once(n: usize, groups: &[Vec<usize>]) -> bool {
        let mut all: Vec<usize> = groups.concat();
        all.sort_unstable();
        all == (0..n).collect::<Vec<_>>()
    }

    #[test]
    fn mixed_small_room_spreads_each_sector() {
        let sectors = room(&[("nhs", 4), ("public-library", 4), ("voluntary", 2)]);
        for seed in 0..50 {
            let groups = form_groups(&sectors, 4, SectorMix::Mixed, seed);
            assert_eq!(sizes(&groups), vec![4, 3, 3]);
            assert!(everyone_once(sectors.len(), &groups));
            assert!(spread_is_optimal(&sectors, &groups));
            for group in &groups {
                let has = |s: &str| group.iter().any(|&p| sectors[p] == s);
                assert!(has("nhs") && has("public-library"), "{groups:?}");
            }
        }
    }

    #[test]
    fn same_keeps_sectors_together_when_they_fit() {
        let sectors = room(&[("nhs", 4), ("public-library", 4)]);
        for seed in 0..20 {
            let groups = form_groups(&sectors, 4, SectorMix::Same, seed);
            assert_eq!(sizes(&groups), vec![4, 4]);
            for group in &groups {
                assert!(group.iter().all(|&p| sectors[p] == sectors[group[0]]));
            }
        }
    }

    #[test]
    fn any_cuts_balanced_groups() {
        let sectors = room(&[("nhs", 10)]);
        let groups = form_groups(&sectors, 4, SectorMix::Any, 7);
        assert_eq!(sizes(&groups), vec![4, 3, 3]);
        assert!(everyone_once(10, &groups));
    }

    #[test]
    fn empty_room_has_no_groups() {
        for mix in [SectorMix::Mixed, SectorMix::Same, SectorMix::Any] {
            assert!(form_groups(&[], 4, mix, 1).is_empty());
        }
        assert!(spread_is_optimal(&[], &[]));
    }

    #[test]
    fn one_person_is_one_group() {
        for mix in [SectorMix::Mixed, SectorMix::Same, SectorMix::Any] {
            assert_eq!(form_groups(&["nhs"], 4, mix, 9), vec![vec![0]]);
        }
    }

    #[test]
    fn size_bigger_than_the_room_is_one_group() {
        let sectors = room(&[("nhs", 2), ("public-health", 3)]);
        let groups = form_groups(&sectors, 20, SectorMix::Mixed, 3);
        assert_eq!(groups.len(), 1);
        assert!(everyone_once(5, &groups));
    }

    #[test]
    fn nobody_works_alone() {
        let room = ["nhs"; 9];
        let groups = form_groups(&room, 2, SectorMix::Any, 1);
        assert_eq!(
            sizes(&groups),
            vec![3, 2, 2, 2],
            "nine in pairs: four groups, one of three"
        );
        assert_eq!(form_groups(&room[..3], 2, SectorMix::Any, 1).len(), 1);
        assert_eq!(form_groups(&room[..4], 2, SectorMix::Any, 1).len(), 2);
    }

    #[test]
    fn size_zero_counts_as_one() {
        let sectors = room(&[("nhs", 3)]);
        let groups = form_groups(&sectors, 0, SectorMix::Any, 3);
        assert_eq!(sizes(&groups), vec![1, 1, 1]);
    }

    #[test]
    fn a_known_seed_gives_known_groups() {
        // Pins the shuffle itself: if this changes, recorded seeds no longer reproduce their
        // groups (a rand upgrade that changes shuffling would show up here).
        let sectors = room(&[("nhs", 3), ("public-library", 3), ("voluntary", 2)]);
        let first = form_groups(&sectors, 3, SectorMix::Mixed, 2026);
        assert_eq!(first, form_groups(&sectors, 3, SectorMix::Mixed, 2026));
        assert_eq!(first, vec![vec![6, 3, 1], vec![5, 2], vec![4, 7, 0]]);
    }

    #[test]
    fn spread_check_spots_lopsided_groups() {
        let sectors = room(&[("nhs", 2), ("public-library", 2)]);
        assert!(!spread_is_optimal(&sectors, &[vec![0, 1], vec![2, 3]]));
        assert!(spread_is_optimal(&sectors, &[vec![0, 2], vec![1, 3]]));
        assert!(!spread_is_optimal(&sectors, &[]));
    }

    const IDS: [&str; 9] = [
        "nhs",
        "public-library",
        "public-health",
        "academic",
        "citizens-advice",
        "voluntary",
        "social-care",
        "public",
        "other",
    ];

    /// A room of up to 59 people over 1 to 9 sectors, the first sectors much larger.
    fn rooms() -> impl Strategy<Value = Vec<&'static str>> {
        (1usize..=9, prop::collection::vec(0u64..1000, 0..60)).prop_map(|(kinds, picks)| {
            picks
                .into_iter()
                .map(|x| IDS[(x * x * kinds as u64 / 1_000_000) as usize])
                .collect()
        })
    }

    fn mixes() -> impl Strategy<Value = SectorMix> {
        prop_oneof![
            Just(SectorMix::Mixed),
            Just(SectorMix::Same),
            Just(SectorMix::Any)
        ]
    }

    proptest! {
        #[test]
        fn groups_keep_their_promises(
            sectors in rooms(),
            size in 1u32..=8,
            mix in mixes(),
            seed in any::<u64>(),
        ) {
            let n = sectors.len();
            let groups = form_groups(&sectors, size, mix, seed);
            let ceil = n.div_ceil(size as usize);
            prop_assert!(groups.len() == ceil || groups.len() + 1 == ceil, "{} groups", groups.len());
            // Nobody alone unless the room is one person or groups are of one.
            if n >= 2 && size >= 2 {
                prop_assert!(groups.iter().all(|g| g.len() >= 2), "sizes {:?}", sizes(&groups));
            }
            prop_assert!(everyone_once(n, &groups));
            if let (Some(max), Some(min)) = (
                groups.iter().map(Vec::len).max(),
                groups.iter().map(Vec::len).min(),
            ) {
                prop_assert!(max - min <= 1, "sizes {:?}", sizes(&groups));
            }
            if mix == SectorMix::Mixed {
                prop_assert!(spread_is_optimal(&sectors, &groups), "{:?} {:?}", sectors, groups);
            }
            prop_assert_eq!(&groups, &form_groups(&sectors, size, mix, seed));
            if n >= 4 && groups.len() >= 2 {
                let differs = (1..=8u64)
                    .any(|k| form_groups(&sectors, size, mix, seed.wrapping_add(k)) != groups);
                prop_assert!(differs, "eight other seeds all gave {:?}", groups);
            }
        }
    }
}

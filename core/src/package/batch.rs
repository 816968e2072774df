//! Relations between packages received together: copies, replays and revisions.
//!
//! A signature says nothing about whether a package was already received, or which of two
//! revisions is current. Every package carries a random id and, when it revises an earlier
//! one, that package's id and payload hash (`previous`) inside the signed payload; comparing
//! a batch on those tells the reviewer what a register of received packages would. The
//! reviewer's desk and `shenbao verify` with several files show these notes next to each
//! package. See SECURITY.md, "Replay and resubmission".

use super::PreviousVersion;

/// What is known of one received package (from its signature-checked payload).
#[derive(Debug, Clone, Copy)]
pub struct Received<'a> {
    /// How the reviewer knows it: the file name.
    pub label: &'a str,
    pub id: &'a str,
    /// Hex SHA-256 of the payload bytes.
    pub sha256: &'a str,
    pub previous: Option<&'a PreviousVersion>,
}

/// One relation, by index into the batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Relation {
    /// The same package (same id, same bytes) more than once.
    Copies(Vec<usize>),
    /// The same id with different contents: not a copy — a replayed id, or a package
    /// re-signed after editing without a new id. Ask the sender.
    SameIdDifferentContent(Vec<usize>),
    /// `newer` names `older` as the package it replaces, and the hash matches.
    Supersedes { newer: usize, older: usize },
    /// `newer` claims to replace `older` by id, but the hash of `older` differs.
    SupersedesOtherContent { newer: usize, older: usize },
    /// Several packages claim to replace the same earlier package.
    CompetingRevisions { previous_id: String, newer: Vec<usize> },
}

/// Every relation in the batch, in a deterministic order: same-id groups in the order of their
/// first package, then revisions by the newer package's index, then competing revisions in the
/// order of their first claim.
///
/// Linear in the batch (an index by id), not quadratic: `shenbao verify` runs it over every
/// package given, and comparing each package's id with every later one's cost as much as a
/// few checks of a package per package in a batch of a thousand, and grew with the square.
pub fn relations(items: &[Received]) -> Vec<Relation> {
    use std::collections::HashMap;
    let mut out = Vec::new();
    // Packages by id (indices ascending), ids in the order of their first package.
    let mut by_id: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut ids: Vec<&str> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        by_id
            .entry(item.id)
            .or_insert_with(|| {
                ids.push(item.id);
                Vec::new()
            })
            .push(i);
    }
    // Same id.
    for id in &ids {
        let group = &by_id[id];
        if group.len() < 2 {
            continue;
        }
        // Split the group by content.
        let mut by_hash: Vec<Vec<usize>> = Vec::new();
        for &j in group {
            match by_hash.iter_mut().find(|g| items[g[0]].sha256 == items[j].sha256) {
                Some(g) => g.push(j),
                None => by_hash.push(vec![j]),
            }
        }
        if by_hash.len() > 1 {
            out.push(Relation::SameIdDifferentContent(group.clone()));
        }
        out.extend(by_hash.into_iter().filter(|g| g.len() > 1).map(Relation::Copies));
    }
    // Revisions.
    for (newer, item) in items.iter().enumerate() {
        let Some(prev) = item.previous else { continue };
        for &older in by_id.get(prev.id.as_str()).map(Vec::as_slice).unwrap_or_default() {
            if older != newer {
                out.push(if items[older].sha256.eq_ignore_ascii_case(&prev.sha256) {
                    Relation::Supersedes { newer, older }
                } else {
                    Relation::SupersedesOtherContent { newer, older }
                });
            }
        }
    }
    // Several claims on one earlier package, in the order of the first claim.
    let mut claimed: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut claimed_ids: Vec<&str> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        if let Some(prev) = item.previous {
            claimed
                .entry(&prev.id)
                .or_insert_with(|| {
                    claimed_ids.push(&prev.id);
                    Vec::new()
                })
                .push(i);
        }
    }
    for id in claimed_ids {
        let newer = claimed.remove(id).unwrap_or_default();
        // Byte-identical copies of one revision are not competing revisions.
        let mut hashes: Vec<&str> = newer.iter().map(|&i| items[i].sha256).collect();
        hashes.sort_unstable();
        hashes.dedup();
        if hashes.len() > 1 {
            out.push(Relation::CompetingRevisions { previous_id: id.to_string(), newer });
        }
    }
    out
}

/// The notes to show beside each package (index-aligned with `items`), in Chinese.
pub fn notes(items: &[Received]) -> Vec<Vec<String>> {
    let mut notes = vec![Vec::new(); items.len()];
    let names = |v: &[usize], except: usize| v.iter().filter(|&&j| j != except).map(|&j| format!("“{}”", items[j].label)).collect::<Vec<_>>().join("、");
    for r in relations(items) {
        match r {
            Relation::Copies(v) => {
                for &i in &v {
                    notes[i].push(format!("重复：与{}是同一个申报包（编号和内容完全相同）", names(&v, i)));
                }
            }
            Relation::SameIdDifferentContent(v) => {
                for &i in &v {
                    notes[i].push(format!("编号与{}相同但内容不同：可能是重放或改后重签，请向报送单位核实", names(&v, i)));
                }
            }
            Relation::Supersedes { newer, older } => {
                notes[older].push(format!("已被“{}”取代（修订版）", items[newer].label));
                notes[newer].push(format!("修订版：取代“{}”", items[older].label));
            }
            Relation::SupersedesOtherContent { newer, older } => {
                notes[newer].push(format!("声称取代编号 {} 的申报包，但“{}”的内容与所记录的哈希不符", items[older].id, items[older].label));
            }
            Relation::CompetingRevisions { previous_id, newer } => {
                for &i in &newer {
                    notes[i].push(format!("与{}都声称取代编号 {previous_id} 的申报包：存在多个修订版，请核实哪一个有效", names(&newer, i)));
                }
            }
        }
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prev(id: &str, sha: &str) -> PreviousVersion {
        PreviousVersion { id: id.into(), sha256: sha.into(), sm3: String::new() }
    }

    fn r<'a>(label: &'a str, id: &'a str, sha: &'a str, previous: Option<&'a PreviousVersion>) -> Received<'a> {
        Received { label, id, sha256: sha, previous }
    }

    /// The quadratic implementation `relations` replaced, kept as its reference.
    fn relations_by_pairs(items: &[Received]) -> Vec<Relation> {
        let mut out = Vec::new();
        let mut seen = vec![false; items.len()];
        for i in 0..items.len() {
            if seen[i] {
                continue;
            }
            let group: Vec<usize> = (i..items.len()).filter(|&j| items[j].id == items[i].id).collect();
            group.iter().for_each(|&j| seen[j] = true);
            if group.len() < 2 {
                continue;
            }
            let mut by_hash: Vec<Vec<usize>> = Vec::new();
            for &j in &group {
                match by_hash.iter_mut().find(|g| items[g[0]].sha256 == items[j].sha256) {
                    Some(g) => g.push(j),
                    None => by_hash.push(vec![j]),
                }
            }
            if by_hash.len() > 1 {
                out.push(Relation::SameIdDifferentContent(group.clone()));
            }
            out.extend(by_hash.into_iter().filter(|g| g.len() > 1).map(Relation::Copies));
        }
        for (newer, item) in items.iter().enumerate() {
            let Some(prev) = item.previous else { continue };
            for (older, o) in items.iter().enumerate() {
                if o.id == prev.id && older != newer {
                    out.push(if o.sha256.eq_ignore_ascii_case(&prev.sha256) {
                        Relation::Supersedes { newer, older }
                    } else {
                        Relation::SupersedesOtherContent { newer, older }
                    });
                }
            }
        }
        let mut claimed: Vec<(&str, Vec<usize>)> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            if let Some(prev) = item.previous {
                match claimed.iter_mut().find(|(id, _)| *id == prev.id) {
                    Some((_, v)) => v.push(i),
                    None => claimed.push((&prev.id, vec![i])),
                }
            }
        }
        for (id, newer) in claimed {
            let mut hashes: Vec<&str> = newer.iter().map(|&i| items[i].sha256).collect();
            hashes.sort_unstable();
            hashes.dedup();
            if hashes.len() > 1 {
                out.push(Relation::CompetingRevisions { previous_id: id.to_string(), newer });
            }
        }
        out
    }

    /// Random batches with few ids and hashes (so copies, replays, revisions and competing
    /// revisions all occur): the same relations, in the same order, as the quadratic version.
    #[test]
    fn relations_by_index_equal_relations_by_pairs() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        let ids = ["1", "2", "3", "4", "5"];
        let hashes = ["aa", "bb", "cc", "AA"];
        let prevs: Vec<PreviousVersion> = ids.iter().flat_map(|i| hashes.iter().map(move |h| prev(i, h))).collect();
        let labels: Vec<String> = (0..40).map(|i| format!("{i}.json")).collect();
        for round in 0..500 {
            let n = (round % 40) as usize;
            let items: Vec<Received> = (0..n)
                .map(|i| {
                    let previous = if next(3) == 0 { Some(&prevs[next(prevs.len() as u64) as usize]) } else { None };
                    r(&labels[i], ids[next(ids.len() as u64) as usize], hashes[next(hashes.len() as u64) as usize], previous)
                })
                .collect();
            assert_eq!(relations(&items), relations_by_pairs(&items), "round {round}");
        }
    }

    #[test]
    fn unrelated_packages_have_no_notes() {
        let items = [r("a.json", "1", "aa", None), r("b.json", "2", "bb", None)];
        assert!(relations(&items).is_empty());
        assert_eq!(notes(&items), vec![Vec::<String>::new(), vec![]]);
    }

    #[test]
    fn copies_and_replays_are_told_apart() {
        let items = [r("a.json", "1", "aa", None), r("a-copy.json", "1", "aa", None), r("replay.json", "1", "zz", None)];
        assert_eq!(relations(&items), vec![Relation::SameIdDifferentContent(vec![0, 1, 2]), Relation::Copies(vec![0, 1])]);
        let n = notes(&items);
        assert!(n[0].iter().any(|s| s.starts_with("重复") && s.contains("a-copy.json")));
        assert!(n[2].iter().any(|s| s.contains("内容不同") && s.contains("a.json")));
        assert!(!n[2].iter().any(|s| s.starts_with("重复")));
    }

    #[test]
    fn a_revision_supersedes_the_package_it_names() {
        let p = prev("1", "AA");
        let items = [r("v1.json", "1", "aa", None), r("v2.json", "2", "bb", Some(&p))];
        assert_eq!(relations(&items), vec![Relation::Supersedes { newer: 1, older: 0 }]);
        let n = notes(&items);
        assert_eq!(n[0], vec!["已被“v2.json”取代（修订版）"]);
        assert_eq!(n[1], vec!["修订版：取代“v1.json”"]);
    }

    #[test]
    fn a_revision_naming_other_content_is_flagged() {
        let p = prev("1", "ff");
        let items = [r("v1.json", "1", "aa", None), r("v2.json", "2", "bb", Some(&p))];
        assert_eq!(relations(&items), vec![Relation::SupersedesOtherContent { newer: 1, older: 0 }]);
        assert!(notes(&items)[1][0].contains("哈希不符"));
    }

    #[test]
    fn competing_revisions() {
        let p = prev("1", "aa");
        let items = [r("v2a.json", "2", "bb", Some(&p)), r("v2b.json", "3", "cc", Some(&p)), r("v2a-copy.json", "2", "bb", Some(&p))];
        let rel = relations(&items);
        assert!(rel.contains(&Relation::CompetingRevisions { previous_id: "1".into(), newer: vec![0, 1, 2] }), "{rel:?}");
        assert!(notes(&items)[1].iter().any(|s| s.contains("多个修订版")));
        // Two copies of one revision alone do not compete.
        let copies = [items[0], items[2]];
        assert!(!relations(&copies).iter().any(|r| matches!(r, Relation::CompetingRevisions { .. })));
    }

    #[test]
    fn deterministic() {
        let p = prev("1", "aa");
        let items = [r("v1.json", "1", "aa", None), r("v2.json", "2", "bb", Some(&p)), r("v1b.json", "1", "aa", None)];
        assert_eq!(notes(&items), notes(&items));
    }
}

//! The site in memory: every page by path, with the generation in which it last changed.
//!
//! The preview keeps one [`Pages`] and the server serves copies of it. A copy is cheap:
//! the pages sit in shards behind `Arc`s, a copy shares them all, and changing a page
//! copies only its shard. Publishing a rebuild of a 20,000-page site thus copies a few
//! shards, not the whole map.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
use std::sync::Arc;

/// How many shards: enough that a rebuild touching tens of pages copies a small part.
const SHARDS: usize = 256;

/// One page: its bytes and the generation in which they last changed.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The contents.
    pub bytes: Arc<[u8]>,
    /// The generation in which the page appeared or last changed.
    pub version: u64,
}

/// Pages by path (`sessions/x/index.html`), and when each page that went, went.
#[derive(Debug, Clone, Default)]
pub struct Pages {
    shards: Vec<Arc<HashMap<String, Entry>>>,
    /// Pages that went, with the generation in which they went.
    gone: Arc<HashMap<String, u64>>,
    len: usize,
}

fn shard_of(path: &str) -> usize {
    // A fixed hasher: the same path always lands in the same shard.
    let hash = BuildHasherDefault::<DefaultHasher>::default().hash_one(path);
    usize::try_from(hash % SHARDS as u64).unwrap_or(0)
}

impl Pages {
    fn shards(&mut self) -> &mut Vec<Arc<HashMap<String, Entry>>> {
        if self.shards.is_empty() {
            self.shards = (0..SHARDS).map(|_| Arc::default()).collect();
        }
        &mut self.shards
    }

    /// The page at `path`.
    #[must_use]
    pub fn get(&self, path: &str) -> Option<&Entry> {
        self.shards.get(shard_of(path))?.get(path)
    }

    /// Whether there is a page at `path`.
    #[must_use]
    pub(crate) fn contains(&self, path: &str) -> bool {
        self.get(path).is_some()
    }

    /// How many pages there are.
    #[must_use]
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Every page, in no particular order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&String, &Entry)> {
        self.shards.iter().flat_map(|s| s.iter())
    }

    /// Every page's bytes, by path.
    #[must_use]
    pub fn to_map(&self) -> BTreeMap<String, Arc<[u8]>> {
        self.iter()
            .map(|(p, e)| (p.clone(), e.bytes.clone()))
            .collect()
    }

    /// The generation in which the page at `path` went, if it went and did not come back.
    #[must_use]
    pub(crate) fn gone_in(&self, path: &str) -> Option<u64> {
        self.gone.get(path).copied()
    }

    /// Puts `bytes` at `path`, changed in generation `version`; returns the bytes before.
    pub(crate) fn insert(
        &mut self,
        path: String,
        bytes: Arc<[u8]>,
        version: u64,
    ) -> Option<Arc<[u8]>> {
        if self.gone.contains_key(&path) {
            Arc::make_mut(&mut self.gone).remove(&path);
        }
        let shard = shard_of(&path);
        let old = Arc::make_mut(&mut self.shards()[shard]).insert(path, Entry { bytes, version });
        if old.is_none() {
            self.len += 1;
        }
        old.map(|e| e.bytes)
    }

    /// Removes the page at `path`, gone in generation `version`; returns its bytes.
    pub(crate) fn remove(&mut self, path: &str, version: u64) -> Option<Arc<[u8]>> {
        let shard = shard_of(path);
        if !self.shards.get(shard).is_some_and(|s| s.contains_key(path)) {
            return None;
        }
        let old = Arc::make_mut(&mut self.shards()[shard]).remove(path);
        if old.is_some() {
            self.len -= 1;
            Arc::make_mut(&mut self.gone).insert(path.to_owned(), version);
        }
        old.map(|e| e.bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_share_until_changed() {
        let mut a = Pages::default();
        a.insert("x.html".into(), Arc::from(&b"one"[..]), 1);
        a.insert("y.html".into(), Arc::from(&b"two"[..]), 1);
        let b = a.clone();
        a.insert("x.html".into(), Arc::from(&b"three"[..]), 2);
        a.remove("y.html", 2);
        assert_eq!(&*b.get("x.html").unwrap().bytes, b"one");
        assert!(b.contains("y.html"));
        assert_eq!(&*a.get("x.html").unwrap().bytes, b"three");
        assert_eq!(a.get("x.html").unwrap().version, 2);
        assert_eq!((a.len(), b.len()), (1, 2));
        assert_eq!(a.gone_in("y.html"), Some(2));
        a.insert("y.html".into(), Arc::from(&b"back"[..]), 3);
        assert_eq!(a.gone_in("y.html"), None);
        assert_eq!(a.to_map().len(), 2);
    }
}

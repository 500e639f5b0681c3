//! The keys a batched statement binds, padded so that statements can be reused.
//!
//! A loader's `IN (...)` list has one placeholder per key, so every different number of
//! keys is a different statement text: the driver prepares it anew (a round trip and a
//! plan on PostgreSQL) and it crowds the per-connection statement cache. Padding the
//! list to the next power of two, by repeating the last key, leaves about 15 texts per
//! relation for any batch up to 16,384 keys; a repeated key matches the same rows.

use uuid::Uuid;

/// `keys`, then the last key again until the count is a power of two.
pub fn padded(keys: &[Uuid]) -> impl Iterator<Item = Uuid> + '_ {
    let filler = keys.last().copied();
    let extra = keys.len().next_power_of_two() - keys.len();
    keys.iter().copied().chain(
        filler
            .into_iter()
            .flat_map(move |key| std::iter::repeat_n(key, extra)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_round_up_to_a_power_of_two_with_the_same_keys() {
        for n in [0usize, 1, 2, 3, 5, 8, 9, 1000] {
            let keys: Vec<Uuid> = (0..n).map(|i| Uuid::from_u128(i as u128 + 1)).collect();
            let out: Vec<Uuid> = padded(&keys).collect();
            let expected = if n == 0 { 0 } else { n.next_power_of_two() };
            assert_eq!(out.len(), expected, "{n} keys");
            assert_eq!(&out[..n], &keys[..]);
            assert!(out[n..].iter().all(|k| Some(k) == keys.last()));
        }
    }
}

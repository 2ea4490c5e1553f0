//! The phones the server knows and what each may still do: devices and their rates, and the
//! connections and event streams held per address. Pure bookkeeping, with time passed in;
//! the server keeps one behind a mutex and never holds it across an await.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::time::{Duration, Instant};

use super::Limits;
use super::view::PhoneView;

/// Rates are counted over a sliding minute.
pub(crate) const MINUTE: Duration = Duration::from_secs(60);

/// The times of the last few things done, to keep them under a rate.
#[derive(Debug, Default)]
struct Window(VecDeque<Instant>);

impl Window {
    /// Count one more at `now` if fewer than `limit` happened in the last `per`; else how
    /// long until one more may.
    fn admit(&mut self, now: Instant, limit: usize, per: Duration) -> Result<(), Duration> {
        while self
            .0
            .front()
            .is_some_and(|t| now.saturating_duration_since(*t) >= per)
        {
            self.0.pop_front();
        }
        if self.0.len() >= limit {
            let oldest = self.0.front().copied().unwrap_or(now);
            return Err(per.saturating_sub(now.saturating_duration_since(oldest)));
        }
        self.0.push_back(now);
        Ok(())
    }

    fn is_idle(&self, now: Instant, per: Duration) -> bool {
        self.0
            .back()
            .is_none_or(|t| now.saturating_duration_since(*t) >= per)
    }
}

#[derive(Debug)]
struct Device {
    last_seen: Instant,
    /// Event streams open from this device: a phone with the page open is present.
    streams: usize,
    notes: Window,
    votes: Window,
    mine: Option<PhoneView>,
    /// Bumped when `mine` changes, so a stream knows it has not sent it yet.
    mine_version: u64,
}

/// What a phone may do, one kind of request at a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Act {
    Note,
    Vote,
}

/// Why a new device was not let in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// Too many new devices from this address lately: try again after this long.
    TooFast(Duration),
    /// The room holds as many phones as it may, all of them recently seen.
    Full,
}

#[derive(Debug, Default)]
pub(crate) struct Room {
    devices: HashMap<String, Device>,
    /// New devices per address, to keep one address from minting devices to dodge rates.
    minted: HashMap<IpAddr, Window>,
    connections: HashMap<IpAddr, usize>,
    connections_total: usize,
    streams: HashMap<IpAddr, usize>,
}

impl Room {
    pub(crate) fn knows(&self, device: &str) -> bool {
        self.devices.contains_key(device)
    }

    /// Note that `device` was seen; false if it is not one of ours.
    pub(crate) fn seen(&mut self, device: &str, now: Instant) -> bool {
        match self.devices.get_mut(device) {
            Some(d) => {
                d.last_seen = now;
                true
            }
            None => false,
        }
    }

    /// Let a new device in from `ip`, named `id`; when the room is full, the longest-unseen
    /// device that is neither streaming nor seen within `limits.seen` makes room.
    pub(crate) fn mint(
        &mut self,
        id: String,
        ip: IpAddr,
        now: Instant,
        limits: &Limits,
    ) -> Result<(), Refusal> {
        if self.minted.len() > 4 * limits.devices {
            self.minted.retain(|_, w| !w.is_idle(now, MINUTE));
        }
        self.minted
            .entry(ip)
            .or_default()
            .admit(now, limits.new_devices_per_minute, MINUTE)
            .map_err(Refusal::TooFast)?;
        if self.devices.len() >= limits.devices {
            let oldest = self
                .devices
                .iter()
                .filter(|(_, d)| d.streams == 0 && now.saturating_duration_since(d.last_seen) >= limits.seen)
                .min_by_key(|(_, d)| d.last_seen)
                .map(|(id, _)| id.clone());
            match oldest {
                Some(old) => {
                    self.devices.remove(&old);
                }
                None => return Err(Refusal::Full),
            }
        }
        self.devices.insert(
            id,
            Device {
                last_seen: now,
                streams: 0,
                notes: Window::default(),
                votes: Window::default(),
                mine: None,
                mine_version: 0,
            },
        );
        Ok(())
    }

    /// Count one `act` by `device` at `now`, or say how long until it may act again.
    pub(crate) fn act(
        &mut self,
        device: &str,
        act: Act,
        now: Instant,
        limits: &Limits,
    ) -> Result<(), Duration> {
        let Some(d) = self.devices.get_mut(device) else {
            return Err(MINUTE);
        };
        d.last_seen = now;
        match act {
            Act::Note => d.notes.admit(now, limits.notes_per_minute, MINUTE),
            Act::Vote => d.votes.admit(now, limits.votes_per_minute, MINUTE),
        }
    }

    /// Phones present: streaming now, or seen within `seen`.
    pub(crate) fn phones(&self, now: Instant, seen: Duration) -> usize {
        self.devices
            .values()
            .filter(|d| d.streams > 0 || now.saturating_duration_since(d.last_seen) < seen)
            .count()
    }

    /// Set what `device` alone sees; true if it changed.
    pub(crate) fn set_mine(&mut self, device: &str, mine: PhoneView) -> bool {
        match self.devices.get_mut(device) {
            Some(d) if d.mine.as_ref() != Some(&mine) => {
                d.mine = Some(mine);
                d.mine_version += 1;
                true
            }
            _ => false,
        }
    }

    pub(crate) fn mine(&self, device: &str) -> (u64, Option<PhoneView>) {
        self.devices
            .get(device)
            .map_or((0, None), |d| (d.mine_version, d.mine.clone()))
    }

    /// Take a connection from `ip`, if under both caps.
    pub(crate) fn connect(&mut self, ip: IpAddr, limits: &Limits) -> bool {
        let here = self.connections.entry(ip).or_default();
        if *here >= limits.connections_per_ip || self.connections_total >= limits.connections {
            if *here == 0 {
                self.connections.remove(&ip);
            }
            return false;
        }
        *here += 1;
        self.connections_total += 1;
        true
    }

    pub(crate) fn disconnect(&mut self, ip: IpAddr) {
        if let Some(here) = self.connections.get_mut(&ip) {
            *here -= 1;
            self.connections_total -= 1;
            if *here == 0 {
                self.connections.remove(&ip);
            }
        }
    }

    /// Open an event stream from `ip` (for `device`, if known), if under the address's cap.
    pub(crate) fn open_stream(&mut self, ip: IpAddr, device: Option<&str>, limits: &Limits) -> bool {
        let here = self.streams.entry(ip).or_default();
        if *here >= limits.streams_per_ip {
            return false;
        }
        *here += 1;
        if let Some(d) = device.and_then(|d| self.devices.get_mut(d)) {
            d.streams += 1;
        }
        true
    }

    pub(crate) fn close_stream(&mut self, ip: IpAddr, device: Option<&str>, now: Instant) {
        if let Some(here) = self.streams.get_mut(&ip) {
            *here -= 1;
            if *here == 0 {
                self.streams.remove(&ip);
            }
        }
        if let Some(d) = device.and_then(|d| self.devices.get_mut(d)) {
            d.streams = d.streams.saturating_sub(1);
            d.last_seen = now;
        }
    }
}

#[cfg(test)]
mod tests {
    use std::net::Ipv4Addr;

    use super::*;

    fn ip(n: u8) -> IpAddr {
        IpAddr::V4(Ipv4Addr::new(10, 0, 0, n))
    }

    #[test]
    fn a_device_is_held_to_its_rate_and_told_when_it_may_go_on() {
        let limits = Limits {
            notes_per_minute: 2,
            ..Limits::default()
        };
        let mut room = Room::default();
        let t0 = Instant::now();
        room.mint("a".into(), ip(1), t0, &limits).unwrap();
        assert_eq!(room.act("a", Act::Note, t0, &limits), Ok(()));
        assert_eq!(
            room.act("a", Act::Note, t0 + Duration::from_secs(20), &limits),
            Ok(())
        );
        assert_eq!(
            room.act("a", Act::Note, t0 + Duration::from_secs(30), &limits),
            Err(Duration::from_secs(30))
        );
        assert_eq!(
            room.act("a", Act::Vote, t0 + Duration::from_secs(30), &limits),
            Ok(())
        );
        assert_eq!(
            room.act("a", Act::Note, t0 + Duration::from_secs(60), &limits),
            Ok(())
        );
        assert!(room.act("nobody", Act::Note, t0, &limits).is_err());
    }

    #[test]
    fn a_full_room_makes_room_only_from_phones_long_gone() {
        let limits = Limits {
            devices: 2,
            ..Limits::default()
        };
        let mut room = Room::default();
        let t0 = Instant::now();
        room.mint("a".into(), ip(1), t0, &limits).unwrap();
        room.mint("b".into(), ip(2), t0 + Duration::from_secs(1), &limits)
            .unwrap();
        assert_eq!(
            room.mint("c".into(), ip(3), t0 + Duration::from_secs(2), &limits),
            Err(Refusal::Full)
        );
        let later = t0 + limits.seen + Duration::from_secs(5);
        assert!(room.open_stream(ip(1), Some("a"), &limits));
        room.mint("c".into(), ip(3), later, &limits).unwrap();
        assert!(room.knows("a"), "a streaming phone stays");
        assert!(!room.knows("b"));
        assert_eq!(room.phones(later, limits.seen), 2);
    }

    #[test]
    fn one_address_cannot_mint_devices_without_end() {
        let limits = Limits {
            new_devices_per_minute: 3,
            ..Limits::default()
        };
        let mut room = Room::default();
        let t0 = Instant::now();
        for n in 0..3 {
            room.mint(format!("d{n}"), ip(1), t0, &limits).unwrap();
        }
        assert!(matches!(
            room.mint("d4".into(), ip(1), t0, &limits),
            Err(Refusal::TooFast(_))
        ));
        room.mint("e".into(), ip(2), t0, &limits).unwrap();
    }

    #[test]
    fn connections_are_capped_per_address_and_in_all() {
        let limits = Limits {
            connections_per_ip: 2,
            connections: 3,
            ..Limits::default()
        };
        let mut room = Room::default();
        assert!(room.connect(ip(1), &limits));
        assert!(room.connect(ip(1), &limits));
        assert!(!room.connect(ip(1), &limits));
        assert!(room.connect(ip(2), &limits));
        assert!(!room.connect(ip(3), &limits));
        room.disconnect(ip(1));
        assert!(room.connect(ip(3), &limits));
    }
}

//! Where to open the room: the laptop's private address on the room's network, found without
//! sending anything, and a fixed port so the address stays the same all day.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, UdpSocket};
use std::sync::mpsc::SyncSender;

use super::{PhoneRequest, RoomConfig, RoomError, RoomServer};

/// The room's port when none is chosen: fixed, so a code printed or bookmarked in a
/// rehearsal still works on the day. When it is taken, the next few are tried.
pub const DEFAULT_PORT: u16 = 8330;
/// How many ports from [`DEFAULT_PORT`] on are tried.
const PORTS_TRIED: u16 = 10;

/// Where the facilitator asked the room to open (`--room-addr IP[:PORT]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RoomAddr {
    pub ip: IpAddr,
    /// None: [`DEFAULT_PORT`] or one of the few after it.
    pub port: Option<u16>,
}

impl std::str::FromStr for RoomAddr {
    type Err = String;

    /// `IP`, `IP:PORT`, `[IPv6]:PORT` or a bare IPv6 address.
    fn from_str(s: &str) -> Result<RoomAddr, String> {
        let s = s.trim();
        if let Ok(ip) = s.parse::<IpAddr>() {
            return Ok(RoomAddr { ip, port: None });
        }
        if let Ok(addr) = s.parse::<SocketAddr>() {
            return Ok(RoomAddr {
                ip: addr.ip(),
                port: Some(addr.port()),
            });
        }
        Err(format!(
            "expected an address of this computer as IP or IP:PORT (like 192.168.1.20 or 127.0.0.1:8330), found \"{s}\""
        ))
    }
}

/// Whether phones on a local network could reach `ip`, and only they: a private (RFC 1918),
/// link-local or unique-local address; never a public one, loopback or "all".
pub fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(ip) => ip.is_private() || ip.is_link_local(),
        // fc00::/7, unique local.
        IpAddr::V6(ip) => (ip.segments()[0] & 0xfe00) == 0xfc00,
    }
}

/// This computer's address on the room's network: the source address the system would use
/// to reach a private address. Nothing is sent: connecting a UDP socket only picks a route.
pub fn private_address() -> Result<IpAddr, RoomError> {
    let probes: [(IpAddr, IpAddr); 4] = [
        (
            Ipv4Addr::UNSPECIFIED.into(),
            Ipv4Addr::new(10, 255, 255, 255).into(),
        ),
        (
            Ipv4Addr::UNSPECIFIED.into(),
            Ipv4Addr::new(192, 168, 255, 255).into(),
        ),
        (
            Ipv4Addr::UNSPECIFIED.into(),
            Ipv4Addr::new(172, 31, 255, 255).into(),
        ),
        (
            Ipv6Addr::UNSPECIFIED.into(),
            Ipv6Addr::new(0xfd00, 0, 0, 0, 0, 0, 0, 9).into(),
        ),
    ];
    probes
        .into_iter()
        .find_map(|(any, far)| {
            let socket = UdpSocket::bind((any, 0)).ok()?;
            socket.connect((far, 9)).ok()?;
            Some(socket.local_addr().ok()?.ip()).filter(|ip| is_private(*ip))
        })
        .ok_or(RoomError::NoNetwork)
}

/// Starts the room at `at` (or on this computer's private address), on the port asked for
/// or, when none was, on [`DEFAULT_PORT`] or the first free one of the few after it.
pub fn start_at(
    at: Option<RoomAddr>,
    token: String,
    inbox: SyncSender<PhoneRequest>,
) -> Result<RoomServer, RoomError> {
    let ip = match at {
        Some(at) => at.ip,
        None => private_address()?,
    };
    let config = |port| RoomConfig {
        token: Some(token.clone()),
        ..RoomConfig::new(SocketAddr::new(ip, port))
    };
    if let Some(port) = at.and_then(|a| a.port) {
        return RoomServer::start(config(port), inbox);
    }
    for port in DEFAULT_PORT..DEFAULT_PORT + PORTS_TRIED {
        match RoomServer::start(config(port), inbox.clone()) {
            Err(RoomError::Bind { source, .. }) if source.kind() == std::io::ErrorKind::AddrInUse => continue,
            other => return other,
        }
    }
    Err(RoomError::PortsTaken {
        ip,
        first: DEFAULT_PORT,
        last: DEFAULT_PORT + PORTS_TRIED - 1,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_an_address_with_or_without_a_port() {
        let at: RoomAddr = "127.0.0.1:0".parse().unwrap();
        assert_eq!((at.ip.to_string(), at.port), ("127.0.0.1".into(), Some(0)));
        let at: RoomAddr = "192.168.1.20".parse().unwrap();
        assert_eq!(at.port, None);
        let at: RoomAddr = "[fd00::1]:8330".parse().unwrap();
        assert_eq!(at.port, Some(8330));
        assert!("laptop.local".parse::<RoomAddr>().is_err());
        assert!("192.168.1.20:99999".parse::<RoomAddr>().is_err());
    }

    #[test]
    fn only_private_addresses_are_the_rooms() {
        for ip in [
            "10.0.0.5",
            "172.16.3.4",
            "192.168.1.20",
            "169.254.10.1",
            "fd12::1",
        ] {
            assert!(is_private(ip.parse().unwrap()), "{ip}");
        }
        for ip in [
            "127.0.0.1",
            "8.8.8.8",
            "0.0.0.0",
            "172.32.0.1",
            "::1",
            "2001:db8::1",
        ] {
            assert!(!is_private(ip.parse().unwrap()), "{ip}");
        }
    }

    #[test]
    fn a_taken_port_moves_to_the_next() {
        let (inbox, _phones) = std::sync::mpsc::sync_channel(4);
        let ip: IpAddr = Ipv4Addr::LOCALHOST.into();
        // Whatever holds the default port on this machine, the room finds one of the few.
        let first = start_at(Some(RoomAddr { ip, port: None }), "A".repeat(32), inbox.clone());
        let Ok(first) = first else {
            return; // every port of the range is taken here: nothing to learn.
        };
        let port = first.addr().port();
        assert!((DEFAULT_PORT..DEFAULT_PORT + PORTS_TRIED).contains(&port));
        if let Ok(second) = start_at(Some(RoomAddr { ip, port: None }), "A".repeat(32), inbox.clone()) {
            assert!(second.addr().port() > port, "not the same port twice");
        }
        // A port asked for is that port or an error, never another.
        let taken = start_at(Some(RoomAddr { ip, port: Some(port) }), "A".repeat(32), inbox);
        assert!(matches!(taken, Err(RoomError::Bind { .. })), "{:?}", taken.err());
    }
}

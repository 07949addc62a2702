//! The `Host` header check against DNS rebinding.
//!
//! A page of another site can make a browser send requests to 127.0.0.1
//! by pointing a name it controls at it (DNS rebinding); the browser then
//! treats the answers as that site's own and lets its script read them.
//! Such a request carries the attacker's name in `Host`, so the server
//! answers only the names it is known by: `localhost`, `127.0.0.1`,
//! `[::1]`, the address it listens on, and names given with `--allow-host`,
//! each with the port it listens on.
//!
//! **Trap:** listening on every interface (`0.0.0.0` or `[::]`), the
//! server cannot know its addresses; it then also answers any IP literal
//! (an IP address cannot be rebound: only a name can).

use std::net::{IpAddr, SocketAddr};

/// The `Host` values a server answers.
#[derive(Debug, Clone)]
pub struct HostCheck {
    /// Allowed names and IP literals, lowercase, IPv6 in brackets.
    names: Vec<String>,
    /// The listening port.
    port: u16,
    /// Whether any IP literal is allowed (listening on every interface).
    any_ip: bool,
}

impl HostCheck {
    /// The check for a server listening on `addr` (its real port), also
    /// answering `extra` names.
    pub fn new(addr: SocketAddr, extra: &[String]) -> HostCheck {
        let mut names: Vec<String> = ["localhost", "127.0.0.1", "[::1]"].map(String::from).to_vec();
        names.push(ip_literal(addr.ip()));
        names.extend(extra.iter().map(|n| n.to_ascii_lowercase()));
        HostCheck {
            names,
            port: addr.port(),
            any_ip: addr.ip().is_unspecified(),
        }
    }

    /// Whether a request with this `Host` header value is answered.
    pub fn allows(&self, host: &str) -> bool {
        let Some((name, port)) = split_host(host) else {
            return false;
        };
        let port_ok = match port {
            Some(p) => p == self.port,
            None => self.port == 80,
        };
        if !port_ok {
            return false;
        }
        let name = name.to_ascii_lowercase();
        if self.names.contains(&name) {
            return true;
        }
        self.any_ip && parse_ip_literal(&name).is_some()
    }
}

/// An address as a `Host` header writes it (IPv6 in brackets).
pub fn ip_literal(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => format!("[{v6}]"),
    }
}

fn parse_ip_literal(name: &str) -> Option<IpAddr> {
    match name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
        Some(v6) => v6.parse::<std::net::Ipv6Addr>().ok().map(IpAddr::V6),
        None => name.parse::<std::net::Ipv4Addr>().ok().map(IpAddr::V4),
    }
}

/// `name[:port]` (`[v6][:port]` for IPv6); `None` if malformed.
fn split_host(host: &str) -> Option<(&str, Option<u16>)> {
    if host.is_empty() || host.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    let (name, port) = if host.starts_with('[') {
        let close = host.find(']')?;
        let (name, rest) = host.split_at(close + 1);
        match rest {
            "" => (name, None),
            _ => (name, Some(rest.strip_prefix(':')?)),
        }
    } else {
        match host.rsplit_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (host, None),
        }
    };
    let port = match port {
        Some(p) => Some(p.parse::<u16>().ok()?),
        None => None,
    };
    (!name.is_empty()).then_some((name, port))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (listening on, Host header, answered?, help if wrong)
    const CASES: &[(&str, &str, bool, &str)] = &[
        ("127.0.0.1:8421", "127.0.0.1:8421", true, "the address itself"),
        ("127.0.0.1:8421", "localhost:8421", true, "localhost"),
        ("127.0.0.1:8421", "LOCALHOST:8421", true, "names are case-insensitive"),
        ("127.0.0.1:8421", "[::1]:8421", true, "IPv6 loopback"),
        ("127.0.0.1:8421", "localhost:8422", false, "another port"),
        ("127.0.0.1:8421", "localhost", false, "no port means 80"),
        ("127.0.0.1:80", "localhost", true, "no port means 80"),
        ("127.0.0.1:8421", "evil.example:8421", false, "DNS rebinding"),
        (
            "127.0.0.1:8421",
            "127.0.0.1.evil.example:8421",
            false,
            "a name that starts like the address",
        ),
        (
            "127.0.0.1:8421",
            "localhost.:8421",
            false,
            "trailing dot is another name",
        ),
        ("127.0.0.1:8421", "", false, "empty"),
        ("127.0.0.1:8421", "localhost:8421 ", false, "spaces"),
        ("127.0.0.1:8421", "localhost:", false, "empty port"),
        ("127.0.0.1:8421", "localhost:84x21", false, "bad port"),
        ("127.0.0.1:8421", "[::1]8421", false, "junk after ]"),
        ("127.0.0.1:8421", "10.0.0.2:8421", false, "another IP on loopback"),
        ("192.168.1.5:8421", "192.168.1.5:8421", true, "the --bind address"),
        ("192.168.1.5:8421", "192.168.1.6:8421", false, "another IP"),
        ("[fe80::1]:8421", "[FE80::1]:8421", true, "IPv6 --bind, any case"),
        (
            "0.0.0.0:8421",
            "192.168.1.6:8421",
            true,
            "every interface: any IP literal",
        ),
        (
            "0.0.0.0:8421",
            "[fe80::2]:8421",
            true,
            "every interface: any IPv6 literal",
        ),
        (
            "0.0.0.0:8421",
            "evil.example:8421",
            false,
            "every interface: still no names",
        ),
        ("[::]:8421", "10.1.2.3:8421", true, "every IPv6 interface"),
    ];

    #[test]
    fn host_header_table() {
        for &(addr, host, want, help) in CASES {
            let check = HostCheck::new(addr.parse().unwrap(), &[]);
            assert_eq!(
                check.allows(host),
                want,
                "listening on {addr}, Host {host:?}\nhelp: {help}"
            );
        }
    }

    #[test]
    fn extra_names_are_allowed_with_the_port() {
        let check = HostCheck::new("0.0.0.0:8421".parse().unwrap(), &["Study.local".into()]);
        assert!(check.allows("study.local:8421"));
        assert!(!check.allows("study.local:9000"));
    }
}

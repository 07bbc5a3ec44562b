//! Terraform's IP network functions: `cidrsubnet`, `cidrsubnets`, `cidrhost`, `cidrnetmask`, for
//! IPv4 and IPv6 prefixes, with Terraform's own rules (IPv4 octets with leading zeros read as
//! decimal; host bits of the given prefix cleared).

use super::value::Value;
use std::net::{Ipv4Addr, Ipv6Addr};

type R<T> = Result<T, Value>;

fn error(s: impl Into<String>) -> Value {
    Value::Error(s.into())
}

/// A network: its address (host bits cleared), prefix length and address width (32 or 128).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Net {
    ip: u128,
    len: u32,
    bits: u32,
}

fn ones(n: u32) -> u128 {
    if n == 0 {
        0
    } else if n >= 128 {
        u128::MAX
    } else {
        (1u128 << n) - 1
    }
}

impl Net {
    fn parse(s: &str) -> R<Net> {
        let bad = || error(format!("\"{s}\" is not a CIDR prefix"));
        let (addr, len) = s.split_once('/').ok_or_else(bad)?;
        let (ip, bits) = if addr.contains(':') {
            (u128::from(addr.parse::<Ipv6Addr>().map_err(|_| bad())?), 128)
        } else {
            (u128::from(u32::from(parse_v4(addr).ok_or_else(bad)?)), 32)
        };
        if len.is_empty() || !len.bytes().all(|b| b.is_ascii_digit()) || len.len() > 3 {
            return Err(bad());
        }
        let len: u32 = len.parse().map_err(|_| bad())?;
        if len > bits {
            return Err(bad());
        }
        let n = Net { ip, len, bits };
        Ok(Net { ip: n.first(), ..n })
    }

    fn host_mask(&self) -> u128 {
        ones(self.bits - self.len)
    }

    fn first(&self) -> u128 {
        self.ip & !self.host_mask() & ones(self.bits)
    }

    fn last(&self) -> u128 {
        self.first() | self.host_mask()
    }

    fn with_len(&self, ip: u128, len: u32) -> Net {
        let n = Net {
            ip,
            len,
            bits: self.bits,
        };
        Net { ip: n.first(), ..n }
    }

    fn addr(&self, ip: u128) -> String {
        if self.bits == 32 {
            Ipv4Addr::from(ip as u32).to_string()
        } else {
            Ipv6Addr::from(ip).to_string()
        }
    }

    fn cidr(&self) -> String {
        format!("{}/{}", self.addr(self.ip), self.len)
    }
}

/// Dotted-decimal IPv4, reading octets with leading zeros as decimal as Terraform does.
fn parse_v4(s: &str) -> Option<Ipv4Addr> {
    let parts: Vec<&str> = s.split('.').collect();
    if parts.len() != 4 {
        return None;
    }
    let mut octets = [0u8; 4];
    for (o, p) in octets.iter_mut().zip(&parts) {
        if p.is_empty() || p.len() > 3 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        *o = p.parse().ok()?;
    }
    Some(Ipv4Addr::from(octets))
}

fn whole(v: &Value, what: &str) -> R<i128> {
    let n = v.to_number()?;
    if n.fract() != 0.0 || n.abs() > 1.0e38 {
        return Err(error(format!("{what} must be a whole number")));
    }
    Ok(n as i128)
}

/// `cidrsubnet(prefix, newbits, netnum)`.
pub fn subnet(prefix: &Value, newbits: &Value, netnum: &Value) -> R<Value> {
    let net = Net::parse(&prefix.to_str()?)?;
    let newbits = whole(newbits, "newbits")?;
    let netnum = whole(netnum, "netnum")?;
    if newbits < 0 || net.len as i128 + newbits > net.bits as i128 {
        return Err(error(format!(
            "cannot extend the prefix /{} by {newbits} bits: an address has {} bits",
            net.len, net.bits
        )));
    }
    let newbits = newbits as u32;
    if netnum < 0 || (newbits < 127 && netnum as u128 > ones(newbits)) {
        return Err(error(format!(
            "prefix extension of {newbits} bits does not accommodate a subnet numbered {netnum}"
        )));
    }
    let len = net.len + newbits;
    let shift = net.bits - len;
    let ip = net.first() | if shift >= 128 { 0 } else { (netnum as u128) << shift };
    Ok(Value::String(net.with_len(ip, len).cidr()))
}

/// `cidrhost(prefix, hostnum)`: a negative host number counts from the end of the range.
pub fn host(prefix: &Value, hostnum: &Value) -> R<Value> {
    let net = Net::parse(&prefix.to_str()?)?;
    let hostnum = whole(hostnum, "hostnum")?;
    let size = net.host_mask();
    let offset = if hostnum < 0 {
        // -1 is the last address.
        let back = hostnum.unsigned_abs();
        if back == 0 || back - 1 > size {
            None
        } else {
            Some(size - (back - 1))
        }
    } else if hostnum as u128 <= size {
        Some(hostnum as u128)
    } else {
        None
    };
    let offset = offset.ok_or_else(|| {
        error(format!(
            "prefix of {} bits cannot accommodate a host numbered {hostnum}",
            net.bits - net.len
        ))
    })?;
    Ok(Value::String(net.addr(net.first() | offset)))
}

/// `cidrnetmask(prefix)`: IPv4 only.
pub fn netmask(prefix: &Value) -> R<Value> {
    let net = Net::parse(&prefix.to_str()?)?;
    if net.bits != 32 {
        return Err(error("cidrnetmask() takes an IPv4 prefix only"));
    }
    Ok(Value::String(net.addr(!net.host_mask() & ones(32))))
}

/// `cidrsubnets(prefix, newbits...)`: consecutive subnets, each after the one before it, as
/// Terraform allocates them.
pub fn subnets(prefix: &Value, newbits: &[Value]) -> R<Value> {
    let net = Net::parse(&prefix.to_str()?)?;
    let lengths = newbits.iter().map(|n| whole(n, "newbits")).collect::<R<Vec<i128>>>()?;
    let Some(&first) = lengths.first() else {
        return Ok(Value::List(Vec::new()));
    };
    let all = ones(net.bits);
    // The subnet just before the first one, from which each next one is found.
    let first_len = (net.len as i128 + first).clamp(0, net.bits as i128) as u32;
    let mut current = net.with_len(net.first().wrapping_sub(1) & all, first_len);
    let mut out = Vec::with_capacity(lengths.len());
    for (i, &n) in lengths.iter().enumerate() {
        if n < 1 {
            return Err(error(format!(
                "newbits {} must extend the prefix by at least one bit",
                i + 1
            )));
        }
        let len = net.len as i128 + n;
        if len > net.bits as i128 {
            return Err(error(format!(
                "newbits {} would extend the prefix to {len} bits, beyond the {} of an address",
                i + 1,
                net.bits
            )));
        }
        let len = len as u32;
        let in_current = current.with_len(current.last(), len);
        let next_ip = in_current.last().wrapping_add(1) & all;
        let next = current.with_len(next_ip, len);
        if next_ip == 0 || next.first() < net.first() || next.last() > net.last() {
            return Err(error(format!(
                "not enough remaining address space for a subnet with a prefix of {len} bits after {}",
                current.cidr()
            )));
        }
        out.push(Value::String(next.cidr()));
        current = next;
    }
    Ok(Value::List(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> Value {
        Value::str(v)
    }

    fn n(v: f64) -> Value {
        Value::Number(v)
    }

    #[test]
    fn cidrsubnet_as_the_documentation_shows() {
        assert_eq!(
            subnet(&s("172.16.0.0/12"), &n(4.0), &n(2.0)).unwrap(),
            s("172.18.0.0/16")
        );
        assert_eq!(
            subnet(&s("10.1.2.0/24"), &n(4.0), &n(15.0)).unwrap(),
            s("10.1.2.240/28")
        );
        assert_eq!(
            subnet(&s("fd00:fd12:3456:7890::/56"), &n(16.0), &n(162.0)).unwrap(),
            s("fd00:fd12:3456:7800:a200::/72")
        );
        // The worked example: a /16 for each of three regions, a /24 for each zone.
        assert_eq!(subnet(&s("10.1.0.0/16"), &n(8.0), &n(2.0)).unwrap(), s("10.1.2.0/24"));
        // Host bits of the prefix are cleared; leading zeros are decimal.
        assert_eq!(subnet(&s("10.1.2.3/16"), &n(8.0), &n(0.0)).unwrap(), s("10.1.0.0/24"));
        assert_eq!(
            subnet(&s("010.001.0.0/16"), &n(0.0), &n(0.0)).unwrap(),
            s("10.1.0.0/16")
        );
        assert!(subnet(&s("10.0.0.0/8"), &n(4.0), &n(16.0)).is_err());
        assert!(subnet(&s("10.0.0.0/30"), &n(3.0), &n(0.0)).is_err());
        assert!(subnet(&s("10.0.0.0"), &n(3.0), &n(0.0)).is_err());
        assert!(subnet(&s("10.0.0.256/8"), &n(3.0), &n(0.0)).is_err());
    }

    #[test]
    fn cidrhost_as_the_documentation_shows() {
        assert_eq!(host(&s("10.12.112.0/20"), &n(16.0)).unwrap(), s("10.12.112.16"));
        assert_eq!(host(&s("10.12.112.0/20"), &n(268.0)).unwrap(), s("10.12.113.12"));
        assert_eq!(
            host(&s("fd00:fd12:3456:7890:00a2::/72"), &n(34.0)).unwrap(),
            s("fd00:fd12:3456:7890::22")
        );
        assert_eq!(host(&s("10.0.0.0/8"), &n(2.0)).unwrap(), s("10.0.0.2"));
        assert_eq!(host(&s("10.0.0.0/8"), &n(-2.0)).unwrap(), s("10.255.255.254"));
        assert!(host(&s("10.0.0.0/30"), &n(4.0)).is_err());
        assert!(host(&s("10.0.0.0/30"), &n(-5.0)).is_err());
        assert_eq!(host(&s("10.0.0.0/30"), &n(-4.0)).unwrap(), s("10.0.0.0"));
    }

    #[test]
    fn cidrnetmask_as_the_documentation_shows() {
        assert_eq!(netmask(&s("172.16.0.0/12")).unwrap(), s("255.240.0.0"));
        assert_eq!(netmask(&s("10.0.0.0/0")).unwrap(), s("0.0.0.0"));
        assert_eq!(netmask(&s("10.0.0.1/32")).unwrap(), s("255.255.255.255"));
        assert!(netmask(&s("fd00::/8")).is_err());
    }

    #[test]
    fn cidrsubnets_as_the_documentation_shows() {
        let list = |v: &[&str]| Value::List(v.iter().map(|x| s(x)).collect());
        assert_eq!(
            subnets(&s("10.1.0.0/16"), &[n(4.0), n(4.0), n(8.0), n(4.0)]).unwrap(),
            list(&["10.1.0.0/20", "10.1.16.0/20", "10.1.32.0/24", "10.1.48.0/20"])
        );
        assert_eq!(
            subnets(&s("fd00:fd12:3456:7890::/56"), &[n(16.0), n(16.0), n(16.0), n(32.0)]).unwrap(),
            list(&[
                "fd00:fd12:3456:7800::/72",
                "fd00:fd12:3456:7800:100::/72",
                "fd00:fd12:3456:7800:200::/72",
                "fd00:fd12:3456:7800:300::/88",
            ])
        );
        assert_eq!(
            subnets(&s("10.0.0.0/8"), &[n(8.0), n(8.0)]).unwrap(),
            list(&["10.0.0.0/16", "10.1.0.0/16"])
        );
        assert!(subnets(&s("10.0.0.0/24"), &[n(1.0), n(1.0), n(1.0)]).is_err());
        assert!(subnets(&s("10.0.0.0/24"), &[n(0.0)]).is_err());
        assert!(subnets(&s("10.0.0.0/24"), &[n(9.0)]).is_err());
    }
}

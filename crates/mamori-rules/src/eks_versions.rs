//! The Kubernetes version floor of EKS.2 and EKS.9: the oldest minor version still under
//! standard support, from the release calendar shipped in `data/eks-versions.toml`, or from
//! `[params] eks_oldest_supported_version`.

use mamori_model::eks::parse_minor_version;
use std::sync::OnceLock;

/// The calendar file, compiled into mamori.
pub const CALENDAR_TOML: &str = include_str!("../data/eks-versions.toml");

/// A day, as (year, month, day).
pub type Day = (i32, u32, u32);

#[derive(Debug, serde::Deserialize)]
struct CalendarFile {
    compiled: String,
    version: Vec<Entry>,
}

#[derive(Debug, serde::Deserialize)]
struct Entry {
    version: String,
    #[allow(dead_code)]
    released: String,
    standard_support_end: String,
    extended_support_end: String,
}

/// One minor version of the calendar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Release {
    pub version: (u32, u32),
    pub standard_support_end: Day,
    pub extended_support_end: Day,
}

/// The release calendar.
#[derive(Debug)]
pub struct Calendar {
    /// The day the calendar was compiled.
    pub compiled: Day,
    /// Oldest first.
    pub releases: Vec<Release>,
}

fn parse_day(s: &str) -> Result<Day, String> {
    let bad = || format!("`{s}` is not a date written YYYY-MM-DD");
    let mut it = s.split('-');
    let (Some(y), Some(m), Some(d), None) = (it.next(), it.next(), it.next(), it.next()) else {
        return Err(bad());
    };
    let day = (
        y.parse().map_err(|_| bad())?,
        m.parse().map_err(|_| bad())?,
        d.parse().map_err(|_| bad())?,
    );
    if !(1..=12).contains(&day.1) || !(1..=31).contains(&day.2) {
        return Err(bad());
    }
    Ok(day)
}

impl Calendar {
    pub fn parse(text: &str) -> Result<Calendar, String> {
        let f: CalendarFile = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut releases = Vec::new();
        for e in f.version {
            let version = parse_minor_version(&e.version)
                .ok_or_else(|| format!("`{}` is not a Kubernetes minor version", e.version))?;
            releases.push(Release {
                version,
                standard_support_end: parse_day(&e.standard_support_end)?,
                extended_support_end: parse_day(&e.extended_support_end)?,
            });
        }
        releases.sort_by_key(|r| r.version);
        if releases.is_empty() {
            return Err("the calendar lists no version".into());
        }
        Ok(Calendar {
            compiled: parse_day(&f.compiled)?,
            releases,
        })
    }

    /// The calendar shipped with mamori.
    pub fn shipped() -> &'static Calendar {
        static CAL: OnceLock<Calendar> = OnceLock::new();
        CAL.get_or_init(|| Calendar::parse(CALENDAR_TOML).expect("data/eks-versions.toml is valid"))
    }

    /// The oldest version under standard support on `today`. When every listed version has left
    /// standard support (the calendar is out of date), the version after the newest listed: a
    /// version the calendar does not know yet was released after it, and is taken as supported.
    pub fn oldest_standard(&self, today: Day) -> (u32, u32) {
        match self.releases.iter().find(|r| r.standard_support_end > today) {
            Some(r) => r.version,
            None => {
                let (major, minor) = self.releases.last().map_or((1, 0), |r| r.version);
                (major, minor + 1)
            }
        }
    }

    pub fn release(&self, v: (u32, u32)) -> Option<&Release> {
        self.releases.iter().find(|r| r.version == v)
    }
}

/// Today in UTC.
pub fn today() -> Day {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil_from_days((secs / 86_400) as i64)
}

/// The civil date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> Day {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    ((if m <= 2 { y + 1 } else { y }) as i32, m, d)
}

pub fn fmt_day(d: Day) -> String {
    format!("{:04}-{:02}-{:02}", d.0, d.1, d.2)
}

pub fn fmt_version(v: (u32, u32)) -> String {
    format!("{}.{}", v.0, v.1)
}

/// The floor a version is judged against, and where it comes from.
pub struct Floor {
    pub version: (u32, u32),
    /// English and Japanese: why this floor.
    pub why_en: String,
    pub why_ja: String,
}

/// The floor for this scan: the parameter when set, else the calendar on `today`.
pub fn floor(param: Option<&str>, today: Day) -> Floor {
    if let Some(v) = param.and_then(parse_minor_version) {
        return Floor {
            version: v,
            why_en: "`eks_oldest_supported_version` in mamori.toml".into(),
            why_ja: "mamori.toml の `eks_oldest_supported_version` で指定".into(),
        };
    }
    let cal = Calendar::shipped();
    let v = cal.oldest_standard(today);
    Floor {
        version: v,
        why_en: format!(
            "the oldest version under EKS standard support on {} (release calendar of {})",
            fmt_day(today),
            fmt_day(cal.compiled)
        ),
        why_ja: format!(
            "{} 時点で EKS の標準サポートが続いている最も古いバージョン。{} 作成のリリースカレンダーによる",
            fmt_day(today),
            fmt_day(cal.compiled)
        ),
    }
}

/// What a version attribute says against the floor.
pub enum VersionVerdict {
    /// At or above the floor, or omitted (EKS picks a current version at creation).
    Supported,
    /// Below the floor: the version as written.
    Below(String),
    /// Unknown or not a version: why.
    Undecided(String),
}

pub fn judge(version: &mamori_model::Attr<String>, floor: (u32, u32)) -> VersionVerdict {
    use mamori_model::State;
    match &version.state {
        State::Set(v) | State::Default(v) => match parse_minor_version(v) {
            Some(parsed) if parsed < floor => VersionVerdict::Below(v.trim().to_string()),
            Some(_) => VersionVerdict::Supported,
            None => VersionVerdict::Undecided(format!("`{v}` is not a Kubernetes minor version")),
        },
        State::Absent => VersionVerdict::Supported,
        State::Unknown(r) => VersionVerdict::Undecided(format!("the version is unknown: {r}")),
    }
}

/// The support status of a version below the floor, for messages: `extended support until …`
/// or `no longer supported`.
pub fn status_of(v: &str, today: Day) -> (String, String) {
    let cal = Calendar::shipped();
    match parse_minor_version(v).and_then(|p| cal.release(p)) {
        Some(r) if r.extended_support_end > today && r.standard_support_end <= today => (
            format!(
                "standard support ended on {}; extended support, at extra cost, ends on {}",
                fmt_day(r.standard_support_end),
                fmt_day(r.extended_support_end)
            ),
            format!(
                "標準サポートは {} に終了し、追加料金のかかる延長サポートも {} に終了します",
                fmt_day(r.standard_support_end),
                fmt_day(r.extended_support_end)
            ),
        ),
        Some(r) if r.extended_support_end <= today => (
            format!("extended support ended on {}", fmt_day(r.extended_support_end)),
            format!("延長サポートも {} に終了しています", fmt_day(r.extended_support_end)),
        ),
        _ => (String::new(), String::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_calendar_parses_and_is_ordered() {
        let c = Calendar::shipped();
        assert!(c.releases.len() >= 10);
        for w in c.releases.windows(2) {
            assert!(w[0].version < w[1].version);
            assert!(w[0].standard_support_end < w[1].standard_support_end);
        }
        for r in &c.releases {
            assert!(r.standard_support_end < r.extended_support_end, "{r:?}");
        }
    }

    #[test]
    fn the_floor_moves_with_the_day() {
        let c = Calendar::shipped();
        // 1.31's standard support ended on 2025-11-26.
        assert_eq!(c.oldest_standard((2025, 11, 25)), (1, 31));
        assert_eq!(c.oldest_standard((2025, 11, 26)), (1, 32));
        assert_eq!(c.oldest_standard((2026, 11, 22)), (1, 34));
        // Past the calendar: a version newer than every listed one.
        assert_eq!(c.oldest_standard((2040, 1, 1)), (1, 36));
    }

    #[test]
    fn the_parameter_wins() {
        assert_eq!(floor(Some("1.30"), (2030, 1, 1)).version, (1, 30));
        assert_eq!(floor(None, (2025, 11, 25)).version, (1, 31));
    }

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_454), (2026, 1, 1));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
    }

    #[test]
    fn bad_calendars_are_rejected() {
        assert!(Calendar::parse("compiled = \"2026-01-01\"\nversion = []\n").is_err());
        assert!(
            Calendar::parse("compiled = \"x\"\n[[version]]\nversion = \"1.30\"\nreleased = \"a\"\nstandard_support_end = \"2025-07-23\"\nextended_support_end = \"2026-07-23\"\n").is_err()
        );
    }
}

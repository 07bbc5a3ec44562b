//! The live collector: reads an AWS account through its read-only APIs into the model.
//!
//! It never builds model objects itself. Each service module ([`collect`]) fetches API replies
//! and hands them, in the shapes the AWS CLI prints, to the same readers that read users' CLI
//! dumps (`mamori_iac::ecs_json`, `eks_json`, `iam_json`). The resources they give are then
//! marked as read live: [`SourceKind::AwsLive`], their ARN as address and as origin.
//!
//! Read-only by construction: [`client::Client::call`] refuses any operation whose name does
//! not start with `Describe`, `List`, `Get` or `BatchGet` ([`ops`]).

pub mod client;
pub mod collect;
pub mod inventory;
pub mod links;
pub mod ops;
pub mod xml;

use client::{Client, CredentialSource, EC2, Protocol, Request, RetryPolicy};
use collect::{COLLECTORS, Cx, Doc, Gap, Unread};
use mamori_iac::SourceFile;
use mamori_model::{Origin, Resource, SourceKind};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::Ordering;
use std::time::Duration;

/// How to read the account.
#[derive(Clone, Debug)]
pub struct Options {
    /// Regions to read; empty: the configured one (`AWS_REGION`, the profile); `all`: every
    /// region enabled for the account.
    pub regions: Vec<String>,
    /// A profile of the shared config and credentials files (`AWS_PROFILE` otherwise).
    pub profile: Option<String>,
    /// Requests in flight at most, across regions and services.
    pub concurrency: usize,
    /// One endpoint for every service (tests, emulators); `AWS_ENDPOINT_URL` and
    /// `AWS_ENDPOINT_URL_<SERVICE>` are honoured without it.
    pub endpoint_url: Option<String>,
    /// How long one request may take.
    pub timeout: Duration,
    /// Show a progress spinner on standard error.
    pub progress: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            regions: Vec::new(),
            profile: None,
            concurrency: DEFAULT_CONCURRENCY,
            endpoint_url: None,
            timeout: Duration::from_secs(30),
            progress: false,
        }
    }
}

pub const DEFAULT_CONCURRENCY: usize = 8;

/// What was read.
#[derive(Debug, Default)]
pub struct Collected {
    pub resources: Vec<Resource>,
    /// The calls that failed after retries, and what they left unread.
    pub gaps: Vec<Gap>,
    pub account: Option<String>,
    pub regions: Vec<String>,
    pub requests: usize,
    pub retries: usize,
    pub throttled: usize,
    pub max_in_flight: usize,
}

/// Reads the account. `Err` when it cannot start: no region, no credentials, or the account
/// cannot be identified (STS GetCallerIdentity fails).
pub fn collect(opts: &Options) -> Result<Collected, String> {
    let (client, configured_region) = setup(opts)?;
    collect_with(&client, opts, configured_region)
}

/// Credentials, region and endpoints the way the AWS SDKs find them.
fn setup(opts: &Options) -> Result<(Client, Option<String>), String> {
    use aws_smithy_http_client::tls;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the AWS credential resolver: {e}"))?;
    let http = aws_smithy_http_client::Builder::new()
        .tls_provider(tls::Provider::Rustls(tls::rustls_provider::CryptoMode::Ring))
        .build_https();
    let mut loader = aws_config::defaults(aws_config::BehaviorVersion::latest()).http_client(http);
    if let Some(p) = &opts.profile {
        loader = loader.profile_name(p);
    }
    let conf = runtime.block_on(loader.load());
    let region = conf.region().map(|r| r.to_string());
    let provider = conf
        .credentials_provider()
        .ok_or_else(|| "no AWS credentials are configured".to_string())?;
    let mut endpoints = HashMap::new();
    for s in client::SERVICES {
        let configured = opts.endpoint_url.clone().or_else(|| {
            let key = aws_types::service_config::ServiceConfigKey::builder()
                .service_id(s.sdk_id)
                .env("AWS_ENDPOINT_URL")
                .profile("endpoint_url")
                .build()
                .ok()?;
            conf.service_config()
                .and_then(|c| c.load_config(key))
                .or_else(|| conf.endpoint_url().map(str::to_string))
        });
        if let Some(url) = configured.filter(|u| !u.is_empty()) {
            endpoints.insert(s.sdk_id, url);
        }
    }
    let max_attempts = std::env::var("AWS_MAX_ATTEMPTS")
        .ok()
        .and_then(|v| v.trim().parse::<u32>().ok())
        .filter(|n| *n >= 1)
        .unwrap_or(RetryPolicy::default().max_attempts);
    let client = Client::new(
        CredentialSource::Chain { runtime, provider },
        endpoints,
        RetryPolicy {
            max_attempts,
            ..Default::default()
        },
        opts.timeout,
    );
    Ok((client, region))
}

/// Reads the account with a client already set up.
pub fn collect_with(client: &Client, opts: &Options, configured_region: Option<String>) -> Result<Collected, String> {
    // The region STS and EC2 DescribeRegions are called in: the first one given, else the
    // configured one; `all` alone asks the commercial partition's first region.
    let all = opts.regions.iter().any(|r| r == "all");
    let home = opts
        .regions
        .iter()
        .find(|r| *r != "all")
        .cloned()
        .or(configured_region)
        .or_else(|| all.then(|| "us-east-1".to_string()))
        .ok_or_else(|| "no AWS region: give --region or set AWS_REGION".to_string())?;
    let bar = opts.progress.then(|| {
        let b = indicatif::ProgressBar::new_spinner();
        b.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        b.enable_steady_tick(Duration::from_millis(120));
        b
    });
    let on_call = || {
        if let Some(b) = &bar {
            let n = client.stats.requests.load(Ordering::Relaxed);
            b.set_message(format!("reading AWS: {n} requests"));
        }
    };
    let cx = Cx::new(client, &on_call);
    let account =
        collect::iam::caller_account(&cx, &home).map_err(|e| format!("cannot identify the AWS account: {e}"))?;
    let _ = cx.account.set(account.clone());
    let regions = regions(&cx, opts, &home)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.concurrency.max(1))
        .build()
        .map_err(|e| e.to_string())?;
    pool.install(|| {
        regions.par_iter().for_each(|region| {
            COLLECTORS.par_iter().for_each(|c| c.collect(&cx, region));
        });
        // What the services' resources name: their roles, and their security groups in
        // their regions.
        let roles = cx.referenced_roles();
        let groups = cx.referenced_security_groups();
        let mut logs = collect::logs::named_by_task_definitions(&cx);
        // Every region scanned has its container log groups read; a task definition may name
        // a group in a region not scanned, which is read too.
        for r in &regions {
            logs.entry(r.clone()).or_default();
        }
        rayon::join(
            || collect::iam::roles(&cx, &home, Some(&account), &roles),
            || {
                rayon::join(
                    || {
                        groups
                            .par_iter()
                            .for_each(|(region, ids)| collect::ec2::security_groups(&cx, region, ids))
                    },
                    || {
                        logs.par_iter()
                            .for_each(|(region, named)| collect::logs::log_groups(&cx, region, named))
                    },
                )
            },
        );
    });
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    let docs = std::mem::take(&mut *collect::lock(&cx.docs));
    let mut gaps = std::mem::take(&mut *collect::lock(&cx.gaps));
    gaps.sort_by(|a, b| (&a.region, &a.call, &a.unread).cmp(&(&b.region, &b.call, &b.unread)));
    Ok(Collected {
        resources: read(docs),
        gaps,
        account: Some(account),
        regions,
        requests: client.stats.requests.load(Ordering::Relaxed),
        retries: client.stats.retries.load(Ordering::Relaxed),
        throttled: client.stats.throttled.load(Ordering::Relaxed),
        max_in_flight: client.stats.max_in_flight.load(Ordering::Relaxed),
    })
}

/// The regions to read: those given, or with `all` every region the account has enabled
/// (EC2 DescribeRegions lists exactly those unless asked for all).
fn regions(cx: &Cx<'_>, opts: &Options, home: &str) -> Result<Vec<String>, String> {
    let mut out: BTreeSet<String> = opts.regions.iter().filter(|r| *r != "all").cloned().collect();
    if opts.regions.iter().any(|r| r == "all") {
        let reply = cx
            .call(&Request {
                service: &EC2,
                region: home.to_string(),
                operation: "DescribeRegions",
                protocol: Protocol::Query {
                    version: "2016-11-15",
                    params: Vec::new(),
                },
            })
            .map_err(|e| format!("cannot list the enabled regions (ec2:DescribeRegions): {e}"))?;
        if let client::Reply::Xml(e) = reply
            && let Some(info) = e.find("regionInfo")
        {
            for item in info.children_named("item") {
                let opted = item
                    .child_text("optInStatus")
                    .is_none_or(|s| s == "opt-in-not-required" || s == "opted-in");
                if let (true, Some(name)) = (opted, item.child_text("regionName")) {
                    out.insert(name.to_string());
                }
            }
        }
    }
    if out.is_empty() {
        out.insert(home.to_string());
    }
    Ok(out.into_iter().collect())
}

/// Runs the readers over the documents and marks what they give as read live.
fn read(docs: Vec<Doc>) -> Vec<Resource> {
    let mut out: Vec<Resource> = docs
        .into_par_iter()
        .enumerate()
        .flat_map_iter(|(i, d)| {
            let text = serde_json::to_string_pretty(&d.value).unwrap_or_default();
            let file = SourceFile::new(format!("aws://{}/{}/{i}", d.region, d.call), text);
            let mut resources = match mamori_iac::tree::parse_json(&file) {
                Ok(Some(node)) => (d.read)(&file, &node).map(|o| o.resources).unwrap_or_default(),
                _ => Vec::new(),
            };
            if let Some(a) = &d.address {
                for r in &mut resources {
                    let m = r.meta_mut();
                    if !m.address.starts_with("arn:") {
                        m.address = a.clone();
                    }
                }
            }
            resources.into_iter()
        })
        .collect();
    for r in &mut out {
        let m = r.meta_mut();
        m.source = SourceKind::AwsLive;
        m.origin = Origin::Api { arn: m.address.clone() };
    }
    // A task definition read for its family and for a service is the same resource.
    let mut seen = BTreeSet::new();
    out.retain(|r| seen.insert((r.meta().kind, r.meta().address.clone())));
    out.sort_by(|a, b| (a.meta().kind, &a.meta().address).cmp(&(b.meta().kind, &b.meta().address)));
    out
}

/// The reasons a check is left undecided for what a call left unread, for the rules engine:
/// (resource kind, address, reason).
pub fn unread_checks(gaps: &[Gap]) -> Vec<(&'static str, String, String)> {
    let mut out = Vec::new();
    for g in gaps {
        for Unread { kind, address } in &g.unread {
            out.push((*kind, address.clone(), gap_reason(g)));
        }
    }
    out
}

/// Why a call left resources unread, as the undecided reason and the summary say it.
pub fn gap_reason(g: &Gap) -> String {
    format!(
        "the AWS API call {} in {} failed (attempts: {}): {}",
        g.call, g.region, g.error.attempts, g.error
    )
}

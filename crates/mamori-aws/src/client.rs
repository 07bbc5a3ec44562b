//! A small AWS API client: SigV4-signed HTTPS requests in the three protocols the collector
//! needs (awsJson1.1, restJson1 and query/XML), with retries, and nothing but read operations.
//!
//! It returns the response body as the service sent it, which for JSON-protocol services is the
//! very document `aws <service> describe-…` prints, so that the same readers read both.

use crate::ops;
use crate::xml::{self, Element};
use aws_credential_types::Credentials;
use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime};

/// An AWS service as the collector calls it.
#[derive(Debug)]
pub struct Service {
    /// The SDK service id, which names its endpoint variable (`AWS_ENDPOINT_URL_<ID>`, upper
    /// case, spaces as underscores) and its `services` section key in the config file.
    pub sdk_id: &'static str,
    /// The SigV4 signing name.
    pub signing_name: &'static str,
    /// The endpoint's host prefix (`api.ecr` for ECR, the signing name for the others).
    pub host: &'static str,
    /// One endpoint for the partition (IAM), signed for its first region.
    pub global: bool,
}

pub const ECS: Service = Service {
    sdk_id: "ECS",
    signing_name: "ecs",
    host: "ecs",
    global: false,
};
pub const EKS: Service = Service {
    sdk_id: "EKS",
    signing_name: "eks",
    host: "eks",
    global: false,
};
pub const IAM: Service = Service {
    sdk_id: "IAM",
    signing_name: "iam",
    host: "iam",
    global: true,
};
pub const STS: Service = Service {
    sdk_id: "STS",
    signing_name: "sts",
    host: "sts",
    global: false,
};
pub const EC2: Service = Service {
    sdk_id: "EC2",
    signing_name: "ec2",
    host: "ec2",
    global: false,
};
pub const ECR: Service = Service {
    sdk_id: "ECR",
    signing_name: "ecr",
    host: "api.ecr",
    global: false,
};
pub const INSPECTOR2: Service = Service {
    sdk_id: "Inspector2",
    signing_name: "inspector2",
    host: "inspector2",
    global: false,
};
pub const KMS: Service = Service {
    sdk_id: "KMS",
    signing_name: "kms",
    host: "kms",
    global: false,
};
pub const LOGS: Service = Service {
    sdk_id: "CloudWatch Logs",
    signing_name: "logs",
    host: "logs",
    global: false,
};
pub const GUARDDUTY: Service = Service {
    sdk_id: "GuardDuty",
    signing_name: "guardduty",
    host: "guardduty",
    global: false,
};

/// All services, for resolving their endpoints once.
pub const SERVICES: &[&Service] = &[&ECS, &EKS, &IAM, &STS, &EC2, &ECR, &INSPECTOR2, &KMS, &LOGS, &GUARDDUTY];

/// How a request is shaped.
#[derive(Clone, Debug)]
pub enum Protocol {
    /// `POST /` with `X-Amz-Target: <target>.<operation>` and a JSON body (ECS).
    Json11 { target: &'static str, body: Value },
    /// `GET <path>?<query>` (EKS). The path's segments are given unencoded.
    RestGet {
        path: Vec<String>,
        query: Vec<(String, String)>,
    },
    /// `POST <path>` with a JSON body (Inspector2's `BatchGetAccountStatus`). The path's
    /// segments are given unencoded.
    RestPost { path: Vec<String>, body: Value },
    /// `POST /` with `Action=<operation>&Version=<version>&…` form-encoded (STS, IAM, EC2).
    Query {
        version: &'static str,
        params: Vec<(String, String)>,
    },
}

/// One API call.
#[derive(Clone, Debug)]
pub struct Request {
    pub service: &'static Service,
    pub region: String,
    pub operation: &'static str,
    pub protocol: Protocol,
}

/// A successful reply.
#[derive(Debug)]
pub enum Reply {
    Json(Value),
    Xml(Element),
}

impl Reply {
    pub fn json(self) -> Value {
        match self {
            Reply::Json(v) => v,
            Reply::Xml(_) => Value::Null,
        }
    }
}

/// A call that failed, after retries when it was worth retrying.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallError {
    /// The service's error code (`AccessDeniedException`), `HTTP <status>`, or what went wrong
    /// on the way (`timeout`, `connection`).
    pub code: String,
    pub message: String,
    pub attempts: u32,
}

impl std::fmt::Display for CallError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.message.is_empty() {
            write!(f, "{}", self.code)
        } else {
            write!(f, "{}: {}", self.code, self.message)
        }
    }
}

/// Where credentials come from.
pub enum CredentialSource {
    Fixed(Credentials),
    /// The SDK's default chain (environment, profile with SSO and `credential_process`, web
    /// identity, container and instance metadata), resolved again when they are about to expire.
    Chain {
        runtime: tokio::runtime::Runtime,
        provider: aws_credential_types::provider::SharedCredentialsProvider,
    },
}

/// Counts of what the client did.
#[derive(Debug, Default)]
pub struct Stats {
    pub requests: AtomicUsize,
    pub retries: AtomicUsize,
    pub throttled: AtomicUsize,
    in_flight: AtomicUsize,
    pub max_in_flight: AtomicUsize,
}

/// How failures are retried.
#[derive(Clone, Copy, Debug)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (`AWS_MAX_ATTEMPTS`; 5 unless set).
    pub max_attempts: u32,
    /// The first back-off's upper bound; each retry doubles it, up to `max_backoff`.
    pub base: Duration,
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 5,
            base: Duration::from_millis(200),
            max_backoff: Duration::from_secs(20),
        }
    }
}

pub struct Client {
    agent: ureq::Agent,
    credentials: CredentialSource,
    cached: Mutex<Option<Credentials>>,
    /// The endpoint configured for each service (by SDK id), when one is.
    endpoints: HashMap<&'static str, String>,
    retry: RetryPolicy,
    pub stats: Stats,
    /// After a throttled reply every worker waits until this instant (milliseconds since
    /// `started`), so that the whole scan slows down, not only the worker that was told to.
    pause_until: AtomicU64,
    started: Instant,
    seed: AtomicU64,
}

impl Client {
    pub fn new(
        credentials: CredentialSource,
        endpoints: HashMap<&'static str, String>,
        retry: RetryPolicy,
        timeout: Duration,
    ) -> Client {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .http_status_as_error(false)
            .user_agent(concat!("mamori/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        let seed = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0x9e37_79b9, |d| d.as_nanos() as u64)
            | 1;
        Client {
            agent,
            credentials,
            cached: Mutex::new(None),
            endpoints,
            retry,
            stats: Stats::default(),
            pause_until: AtomicU64::new(0),
            started: Instant::now(),
            seed: AtomicU64::new(seed),
        }
    }

    fn credentials(&self) -> Result<Credentials, CallError> {
        let fail = |message: String| CallError {
            code: "credentials".into(),
            message,
            attempts: 1,
        };
        match &self.credentials {
            CredentialSource::Fixed(c) => Ok(c.clone()),
            CredentialSource::Chain { runtime, provider } => {
                let mut cached = self.cached.lock().unwrap_or_else(|e| e.into_inner());
                let fresh = |c: &Credentials| {
                    c.expiry()
                        .is_none_or(|e| e > SystemTime::now() + Duration::from_secs(300))
                };
                if let Some(c) = cached.as_ref().filter(|c| fresh(c)) {
                    return Ok(c.clone());
                }
                use aws_credential_types::provider::ProvideCredentials;
                let c = runtime
                    .block_on(provider.provide_credentials())
                    .map_err(|e| fail(error_chain(&e)))?;
                *cached = Some(c.clone());
                Ok(c)
            }
        }
    }

    /// The base URL and signing region of a service in a region.
    pub fn endpoint(&self, service: &Service, region: &str) -> (String, String) {
        let signing_region = if service.global {
            partition_global_region(region).to_string()
        } else {
            region.to_string()
        };
        if let Some(url) = self.endpoints.get(service.sdk_id) {
            return (url.trim_end_matches('/').to_string(), signing_region);
        }
        let suffix = if region.starts_with("cn-") {
            "amazonaws.com.cn"
        } else {
            "amazonaws.com"
        };
        let host = if service.global {
            match signing_region.as_str() {
                "us-east-1" => format!("{}.{suffix}", service.host),
                "us-gov-west-1" => format!("{}.us-gov.{suffix}", service.host),
                r => format!("{}.{r}.{suffix}", service.host),
            }
        } else {
            format!("{}.{region}.{suffix}", service.host)
        };
        (format!("https://{host}"), signing_region)
    }

    /// Calls a read operation, retrying throttling, server errors and broken connections with
    /// jittered exponential back-off. An operation that is not a read is refused unsent.
    pub fn call(&self, req: &Request) -> Result<Reply, CallError> {
        if !ops::is_read_only(req.operation) {
            return Err(CallError {
                code: "refused".into(),
                message: format!("{} is not a read operation", req.operation),
                attempts: 0,
            });
        }
        let mut attempt = 0;
        loop {
            attempt += 1;
            self.wait_for_pause();
            let outcome = self.send(req);
            let (err, retryable, throttled) = match outcome {
                Ok(r) => return Ok(r),
                Err(e) => e,
            };
            if throttled {
                self.stats.throttled.fetch_add(1, Ordering::Relaxed);
            }
            if !retryable || attempt >= self.retry.max_attempts {
                return Err(CallError {
                    attempts: attempt,
                    ..err
                });
            }
            self.stats.retries.fetch_add(1, Ordering::Relaxed);
            let delay = self.backoff(attempt);
            if throttled {
                let until = (self.started.elapsed() + delay).as_millis() as u64;
                self.pause_until.fetch_max(until, Ordering::Relaxed);
            }
            std::thread::sleep(delay);
        }
    }

    fn wait_for_pause(&self) {
        let until = self.pause_until.load(Ordering::Relaxed);
        let now = self.started.elapsed().as_millis() as u64;
        if until > now {
            std::thread::sleep(Duration::from_millis(until - now));
        }
    }

    /// Full jitter: a random wait up to `base × 2^(attempt-1)`, capped.
    fn backoff(&self, attempt: u32) -> Duration {
        let cap = self
            .retry
            .base
            .saturating_mul(1 << (attempt - 1).min(16))
            .min(self.retry.max_backoff);
        // xorshift64: jitter needs no cryptographic randomness.
        let mut x = self.seed.load(Ordering::Relaxed);
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.seed.store(x, Ordering::Relaxed);
        let fraction = (x >> 11) as f64 / (1u64 << 53) as f64;
        cap.mul_f64(fraction.max(0.05))
    }

    /// One attempt: the error, whether it is worth retrying, and whether it was throttling.
    fn send(&self, req: &Request) -> Result<Reply, (CallError, bool, bool)> {
        let err = |code: &str, message: String| CallError {
            code: code.to_string(),
            message,
            attempts: 1,
        };
        let creds = self.credentials().map_err(|e| (e, false, false))?;
        let (base, signing_region) = self.endpoint(req.service, &req.region);
        let (method, url, body, mut headers): (&str, String, Vec<u8>, Vec<(String, String)>) = match &req.protocol {
            Protocol::Json11 { target, body } => (
                "POST",
                format!("{base}/"),
                serde_json::to_vec(body).unwrap_or_default(),
                vec![
                    ("content-type".into(), "application/x-amz-json-1.1".into()),
                    ("x-amz-target".into(), format!("{target}.{}", req.operation)),
                ],
            ),
            Protocol::RestGet { path, query } => {
                let mut url = base.clone();
                for seg in path {
                    url.push('/');
                    url.push_str(&encode(seg));
                }
                if !query.is_empty() {
                    url.push('?');
                    url.push_str(&form(query));
                }
                ("GET", url, Vec::new(), Vec::new())
            }
            Protocol::RestPost { path, body } => {
                let mut url = base.clone();
                for seg in path {
                    url.push('/');
                    url.push_str(&encode(seg));
                }
                (
                    "POST",
                    url,
                    serde_json::to_vec(body).unwrap_or_default(),
                    vec![("content-type".into(), "application/json".into())],
                )
            }
            Protocol::Query { version, params } => {
                let mut all = vec![
                    ("Action".to_string(), req.operation.to_string()),
                    ("Version".to_string(), version.to_string()),
                ];
                all.extend(params.iter().cloned());
                (
                    "POST",
                    format!("{base}/"),
                    form(&all).into_bytes(),
                    vec![(
                        "content-type".into(),
                        "application/x-www-form-urlencoded; charset=utf-8".into(),
                    )],
                )
            }
        };
        let host = url
            .split("://")
            .nth(1)
            .and_then(|r| r.split('/').next())
            .unwrap_or_default()
            .to_string();
        headers.push(("host".into(), host));
        let signed = sign_headers(
            method,
            &url,
            &headers,
            &body,
            creds,
            &signing_region,
            req.service.signing_name,
            SystemTime::now(),
        )
        .map_err(|e| (err("signing", e), false, false))?;
        headers.extend(signed);

        self.stats.requests.fetch_add(1, Ordering::Relaxed);
        let now = self.stats.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        self.stats.max_in_flight.fetch_max(now, Ordering::SeqCst);
        let result = self.transmit(method, &url, &headers, body);
        self.stats.in_flight.fetch_sub(1, Ordering::SeqCst);

        let (status, error_type, text) = match result {
            Ok(r) => r,
            Err(e) => {
                let code = match e {
                    ureq::Error::Timeout(_) => "timeout",
                    _ => "connection",
                };
                return Err((err(code, e.to_string()), true, false));
            }
        };
        if (200..300).contains(&status) {
            return match &req.protocol {
                Protocol::Query { .. } => xml::parse(&text)
                    .map(Reply::Xml)
                    .map_err(|e| (err("malformed reply", e), false, false)),
                _ if text.trim().is_empty() => Ok(Reply::Json(Value::Object(Default::default()))),
                _ => serde_json::from_str(&text)
                    .map(Reply::Json)
                    .map_err(|e| (err("malformed reply", e.to_string()), false, false)),
            };
        }
        let (code, message) = error_of(status, error_type.as_deref(), &text);
        let throttled = status == 429 || THROTTLING.contains(&code.as_str());
        let retryable = throttled || matches!(status, 500 | 502 | 503 | 504);
        Err((err(&code, message), retryable, throttled))
    }

    /// Sends the request: the status, the `x-amzn-ErrorType` header and the body.
    fn transmit(
        &self,
        method: &str,
        url: &str,
        headers: &[(String, String)],
        body: Vec<u8>,
    ) -> Result<(u16, Option<String>, String), ureq::Error> {
        let mut response = if method == "GET" {
            let mut r = self.agent.get(url);
            for (k, v) in headers.iter().filter(|(k, _)| k != "host") {
                r = r.header(k, v);
            }
            r.call()?
        } else {
            let mut r = self.agent.post(url);
            for (k, v) in headers.iter().filter(|(k, _)| k != "host") {
                r = r.header(k, v);
            }
            r.send(&body[..])?
        };
        let status = response.status().as_u16();
        let error_type = response
            .headers()
            .get("x-amzn-errortype")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let text = response
            .body_mut()
            .with_config()
            .limit(256 * 1024 * 1024)
            .read_to_string()?;
        Ok((status, error_type, text))
    }
}

/// The headers that sign a request with SigV4 (`authorization`, `x-amz-date`, and
/// `x-amz-security-token` for temporary credentials), by the AWS SDK's own signer. `headers`
/// are the ones sent, `host` among them; all of them are signed.
#[allow(clippy::too_many_arguments)]
pub fn sign_headers(
    method: &str,
    url: &str,
    headers: &[(String, String)],
    body: &[u8],
    creds: Credentials,
    region: &str,
    service: &str,
    time: SystemTime,
) -> Result<Vec<(String, String)>, String> {
    let identity = creds.into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name(service)
        .time(time)
        .settings(SigningSettings::default())
        .build()
        .map_err(|e| e.to_string())?
        .into();
    let signable = SignableRequest::new(
        method,
        url,
        headers.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        SignableBody::Bytes(body),
    )
    .map_err(|e| e.to_string())?;
    let (instructions, _) = sign(signable, &params).map_err(|e| e.to_string())?.into_parts();
    Ok(instructions
        .headers()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect())
}

/// Error codes that mean "slow down" (the SDKs' list).
const THROTTLING: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

/// The error code and message of a failed reply, in any of the three protocols.
fn error_of(status: u16, error_type: Option<&str>, text: &str) -> (String, String) {
    let strip = |c: &str| {
        let c = c.split(':').next().unwrap_or(c);
        c.rsplit('#').next().unwrap_or(c).to_string()
    };
    if let Ok(v) = serde_json::from_str::<Value>(text) {
        let code = v
            .get("__type")
            .or_else(|| v.get("code"))
            .or_else(|| v.get("Code"))
            .and_then(Value::as_str)
            .map(strip)
            .or_else(|| error_type.map(strip));
        let message = ["message", "Message", "errorMessage"]
            .iter()
            .find_map(|k| v.get(*k).and_then(Value::as_str))
            .unwrap_or_default()
            .to_string();
        if let Some(code) = code {
            return (code, message);
        }
    }
    if let Ok(e) = xml::parse(text) {
        let err = e.find("Error").unwrap_or(&e);
        if let Some(code) = err.child_text("Code") {
            return (
                code.to_string(),
                err.child_text("Message").unwrap_or_default().to_string(),
            );
        }
    }
    match error_type {
        Some(t) => (strip(t), String::new()),
        None => (format!("HTTP {status}"), String::new()),
    }
}

/// The region a global service is signed for, by partition.
fn partition_global_region(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "cn-north-1"
    } else if region.starts_with("us-gov-") {
        "us-gov-west-1"
    } else {
        "us-east-1"
    }
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn form(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cur = c.source();
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client() -> Client {
        Client::new(
            CredentialSource::Fixed(Credentials::new("AKIDEXAMPLE", "secret", None, None, "test")),
            HashMap::new(),
            RetryPolicy::default(),
            Duration::from_secs(1),
        )
    }

    #[test]
    fn endpoints_by_partition() {
        let c = client();
        assert_eq!(
            c.endpoint(&ECS, "ap-northeast-1"),
            (
                "https://ecs.ap-northeast-1.amazonaws.com".into(),
                "ap-northeast-1".into()
            )
        );
        assert_eq!(
            c.endpoint(&IAM, "eu-west-1"),
            ("https://iam.amazonaws.com".into(), "us-east-1".into())
        );
        assert_eq!(
            c.endpoint(&IAM, "cn-northwest-1"),
            ("https://iam.cn-north-1.amazonaws.com.cn".into(), "cn-north-1".into())
        );
        assert_eq!(
            c.endpoint(&EKS, "cn-north-1").0,
            "https://eks.cn-north-1.amazonaws.com.cn"
        );
        assert_eq!(
            c.endpoint(&ECR, "eu-west-1"),
            ("https://api.ecr.eu-west-1.amazonaws.com".into(), "eu-west-1".into())
        );
        assert_eq!(c.endpoint(&LOGS, "us-west-2").0, "https://logs.us-west-2.amazonaws.com");
        let mut endpoints = HashMap::new();
        endpoints.insert("EKS", "http://127.0.0.1:5000/".to_string());
        let c = Client::new(
            CredentialSource::Fixed(Credentials::new("a", "b", None, None, "test")),
            endpoints,
            RetryPolicy::default(),
            Duration::from_secs(1),
        );
        assert_eq!(
            c.endpoint(&EKS, "us-west-2"),
            ("http://127.0.0.1:5000".into(), "us-west-2".into())
        );
    }

    #[test]
    fn a_write_is_refused_before_it_is_sent() {
        let c = client();
        let e = c
            .call(&Request {
                service: &ECS,
                region: "us-east-1".into(),
                operation: "DeleteCluster",
                protocol: Protocol::Json11 {
                    target: "AmazonEC2ContainerServiceV20141113",
                    body: serde_json::json!({"cluster": "x"}),
                },
            })
            .unwrap_err();
        assert_eq!(e.code, "refused");
        assert_eq!(c.stats.requests.load(Ordering::Relaxed), 0);
    }

    #[test]
    fn error_codes_of_each_protocol() {
        assert_eq!(
            error_of(
                400,
                None,
                r#"{"__type":"com.amazonaws.ecs#AccessDeniedException","message":"no"}"#
            ),
            ("AccessDeniedException".into(), "no".into())
        );
        assert_eq!(
            error_of(
                403,
                Some("AccessDeniedException:http://internal"),
                r#"{"message":"denied"}"#
            ),
            ("AccessDeniedException".into(), "denied".into())
        );
        let xml = "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>";
        assert_eq!(error_of(400, None, xml), ("Throttling".into(), "Rate exceeded".into()));
        assert_eq!(
            error_of(502, None, "<html>bad gateway"),
            ("HTTP 502".into(), String::new())
        );
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let c = client();
        for attempt in 1..20 {
            let d = c.backoff(attempt);
            let cap = Duration::from_millis(200)
                .saturating_mul(1 << (attempt - 1).min(16))
                .min(Duration::from_secs(20));
            assert!(d <= cap, "{attempt}: {d:?}");
        }
    }

    #[test]
    fn signatures_match_the_sigv4_test_suite() {
        // The `get-vanilla` case of AWS's SigV4 test suite.
        let creds = Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            None,
            None,
            "test",
        );
        let time = SystemTime::UNIX_EPOCH + Duration::from_secs(1_440_938_160); // 20150830T123600Z
        let host = vec![("host".to_string(), "example.amazonaws.com".to_string())];
        let h = sign_headers(
            "GET",
            "https://example.amazonaws.com/",
            &host,
            b"",
            creds.clone(),
            "us-east-1",
            "service",
            time,
        )
        .unwrap();
        let get = |k: &str| h.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        assert_eq!(get("x-amz-date"), Some("20150830T123600Z"));
        assert_eq!(
            get("authorization"),
            Some(
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
                 SignedHeaders=host;x-amz-date, \
                 Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
            )
        );
        // A JSON 1.1 call signs its target and content type; temporary credentials add their
        // session token.
        let temporary = Credentials::new("AKID", "secret", Some("token".into()), None, "test");
        let headers = vec![
            ("content-type".to_string(), "application/x-amz-json-1.1".to_string()),
            (
                "x-amz-target".to_string(),
                "AmazonEC2ContainerServiceV20141113.ListClusters".to_string(),
            ),
            ("host".to_string(), "ecs.us-east-1.amazonaws.com".to_string()),
        ];
        let h = sign_headers(
            "POST",
            "https://ecs.us-east-1.amazonaws.com/",
            &headers,
            b"{}",
            temporary,
            "us-east-1",
            "ecs",
            time,
        )
        .unwrap();
        let get = |k: &str| h.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        assert!(get("authorization").unwrap().contains(
            "/us-east-1/ecs/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target,"
        ));
        assert_eq!(get("x-amz-security-token"), Some("token"));
    }

    #[test]
    fn encoding_keeps_unreserved_characters_only() {
        assert_eq!(encode("a b/c~d:e"), "a%20b%2Fc~d%3Ae");
    }
}

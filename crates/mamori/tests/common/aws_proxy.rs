//! A recording HTTP proxy between mamori and the moto emulator: it names the operation of every
//! request (the `X-Amz-Target` header for JSON 1.1, `Action=` for query, a method and path
//! table for EKS's REST API), flags every operation that is not a read, counts requests and the
//! most in flight at once, and can answer in moto's place (recorded replies for what moto lacks,
//! injected throttling and errors) or delay its answers.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One request as the proxy understood it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Op {
    /// `ecs`, `eks`, `iam`, `sts`, `ec2` (the signing name in the credential scope).
    pub service: String,
    pub region: String,
    /// The operation, or `?METHOD path` when the proxy cannot name it.
    pub name: String,
    pub path: String,
    pub body: String,
}

/// What the proxy does with a request.
pub enum Answer {
    /// Pass it to moto.
    Forward,
    /// Pass it to moto after a delay.
    Delay(Duration),
    /// Answer in moto's place: status and JSON body.
    Reply(u16, String),
}

type Rule = dyn Fn(&Op, usize) -> Answer + Send + Sync;

pub struct Proxy {
    pub url: String,
    pub ops: Arc<Mutex<Vec<Op>>>,
    pub max_in_flight: Arc<AtomicUsize>,
}

/// Whether an operation only reads, judged apart from the code under test.
pub fn is_read(name: &str) -> bool {
    ["Describe", "List", "Get", "BatchGet"].iter().any(|p| {
        name.strip_prefix(p)
            .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_uppercase()))
    })
}

/// The REST operations (EKS, Inspector2, GuardDuty) by service, method and path shape.
fn rest_operation(service: &str, method: &str, path: &str) -> String {
    let p: Vec<&str> = path
        .split('?')
        .next()
        .unwrap_or("")
        .trim_matches('/')
        .split('/')
        .collect();
    let name = match (service, method, p.as_slice()) {
        ("inspector2", "POST", ["status", "batch", "get"]) => "BatchGetAccountStatus",
        ("inspector2", "POST", ["enable"]) => "Enable",
        ("inspector2", "POST", ["disable"]) => "Disable",
        ("inspector2", ..) => return format!("?{method} {path}"),
        ("guardduty", "GET", ["detector"]) => "ListDetectors",
        ("guardduty", "GET", ["detector", _]) => "GetDetector",
        ("guardduty", "POST", ["detector"]) => "CreateDetector",
        ("guardduty", "POST", ["detector", _]) => "UpdateDetector",
        ("guardduty", ..) => return format!("?{method} {path}"),
        ("eks", "GET", ["clusters"]) => "ListClusters",
        ("eks", "GET", ["clusters", _]) => "DescribeCluster",
        ("eks", "GET", ["clusters", _, "node-groups"]) => "ListNodegroups",
        ("eks", "GET", ["clusters", _, "node-groups", _]) => "DescribeNodegroup",
        ("eks", "GET", ["clusters", _, "access-entries"]) => "ListAccessEntries",
        ("eks", "GET", ["clusters", _, "access-entries", _]) => "DescribeAccessEntry",
        ("eks", "GET", ["clusters", _, "access-entries", _, "access-policies"]) => "ListAssociatedAccessPolicies",
        ("eks", "GET", ["clusters", _, "pod-identity-associations"]) => "ListPodIdentityAssociations",
        ("eks", "GET", ["clusters", _, "pod-identity-associations", _]) => "DescribePodIdentityAssociation",
        ("eks", "GET", ["clusters", _, "fargate-profiles"]) => "ListFargateProfiles",
        ("eks", "GET", ["clusters", _, "addons"]) => "ListAddons",
        ("eks", "POST", ["clusters"]) => "CreateCluster",
        ("eks", "DELETE", ["clusters", _]) => "DeleteCluster",
        ("eks", "POST", ["clusters", _, "update-config"]) => "UpdateClusterConfig",
        ("eks", "POST", ["clusters", _, "node-groups"]) => "CreateNodegroup",
        ("eks", "POST", ["clusters", _, "access-entries"]) => "CreateAccessEntry",
        _ => return format!("?{method} {path}"),
    };
    name.to_string()
}

/// Names the operation of a request from its method, path, headers and body.
pub fn identify(method: &str, path: &str, headers: &[(String, String)], body: &str) -> Op {
    let header = |k: &str| {
        headers
            .iter()
            .find(|(h, _)| h.eq_ignore_ascii_case(k))
            .map(|(_, v)| v.as_str())
    };
    // Credential=AKID/20261122/us-east-1/ecs/aws4_request
    let scope: Vec<&str> = header("authorization")
        .and_then(|a| a.split("Credential=").nth(1))
        .map(|c| c.split(',').next().unwrap_or("").split('/').collect())
        .unwrap_or_default();
    let region = scope.get(2).copied().unwrap_or("").to_string();
    let service = scope.get(3).copied().unwrap_or("").to_string();
    let name = if let Some(t) = header("x-amz-target") {
        t.rsplit('.').next().unwrap_or(t).to_string()
    } else if header("content-type").is_some_and(|c| c.starts_with("application/x-www-form-urlencoded")) {
        body.split('&')
            .find_map(|kv| kv.strip_prefix("Action="))
            .map_or_else(|| format!("?{method} {path}"), str::to_string)
    } else {
        rest_operation(&service, method, path)
    };
    Op {
        service,
        region,
        name,
        path: path.to_string(),
        body: body.to_string(),
    }
}

impl Proxy {
    /// Starts a proxy in front of `upstream` (`127.0.0.1:port`); `rule` decides each request's
    /// fate, given the request and how many requests of the same operation came before it.
    pub fn start(upstream: &str, rule: impl Fn(&Op, usize) -> Answer + Send + Sync + 'static) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let ops = Arc::new(Mutex::new(Vec::new()));
        let in_flight = Arc::new(AtomicUsize::new(0));
        let max_in_flight = Arc::new(AtomicUsize::new(0));
        let rule: Arc<Rule> = Arc::new(rule);
        let upstream = upstream.to_string();
        {
            let (ops, max_in_flight) = (ops.clone(), max_in_flight.clone());
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    let Ok(stream) = stream else { continue };
                    let (ops, in_flight, max, rule, upstream) = (
                        ops.clone(),
                        in_flight.clone(),
                        max_in_flight.clone(),
                        rule.clone(),
                        upstream.clone(),
                    );
                    std::thread::spawn(move || {
                        let _ = handle(stream, &upstream, &ops, &in_flight, &max, &*rule);
                    });
                }
            });
        }
        Proxy {
            url,
            ops,
            max_in_flight,
        }
    }

    pub fn ops(&self) -> Vec<Op> {
        self.ops.lock().unwrap().clone()
    }

    /// Requests whose operation is not a read (or could not be named).
    pub fn violations(&self) -> Vec<Op> {
        self.ops().into_iter().filter(|o| !is_read(&o.name)).collect()
    }

    pub fn count(&self, name: &str) -> usize {
        self.ops().iter().filter(|o| o.name == name).count()
    }
}

fn handle(
    stream: TcpStream,
    upstream: &str,
    ops: &Mutex<Vec<Op>>,
    in_flight: &AtomicUsize,
    max: &AtomicUsize,
    rule: &Rule,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    if reader.read_line(&mut request_line)? == 0 {
        return Ok(());
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let path = parts.next().unwrap_or("").to_string();
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line)?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            headers.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    let length = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    let body_text = String::from_utf8_lossy(&body).to_string();
    let op = identify(&method, &path, &headers, &body_text);
    let seen = {
        let mut ops = ops.lock().unwrap();
        let seen = ops
            .iter()
            .filter(|o| o.name == op.name && o.region == op.region)
            .count();
        ops.push(op.clone());
        seen
    };
    let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    max.fetch_max(now, Ordering::SeqCst);
    // The reply is complete before the request stops counting as in flight, and is sent after:
    // the client cannot start its next request before this one stopped counting.
    let reply = match rule(&op, seen) {
        Answer::Reply(status, json) => {
            let mut r = format!(
                "HTTP/1.1 {status} X\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                json.len()
            )
            .into_bytes();
            r.extend_from_slice(json.as_bytes());
            Ok(r)
        }
        answer => {
            if let Answer::Delay(d) = answer {
                std::thread::sleep(d);
            }
            forward(upstream, &request_line, &headers, &body)
        }
    };
    in_flight.fetch_sub(1, Ordering::SeqCst);
    let mut client = stream;
    client.write_all(&reply?)
}

fn forward(upstream: &str, request_line: &str, headers: &[(String, String)], body: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut up = TcpStream::connect(upstream)?;
    let mut head = request_line.trim_end().to_string() + "\r\n";
    for (k, v) in headers {
        if !k.eq_ignore_ascii_case("connection") {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
    }
    head.push_str("Connection: close\r\n\r\n");
    up.write_all(head.as_bytes())?;
    up.write_all(body)?;
    let mut reply = Vec::new();
    up.read_to_end(&mut reply)?;
    Ok(reply)
}

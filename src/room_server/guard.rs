//! The checks every request passes before a handler sees it, and the headers every answer
//! carries.

use axum::extract::{Request, State};
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::http::{StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

use super::http::Shared;

/// The page runs only its own script and style, talks only to its own server, loads no
/// images, fonts or frames, and cannot be framed or post a form anywhere.
pub(crate) const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     connect-src 'self'; img-src 'none'; font-src 'none'; base-uri 'none'; form-action 'none'; \
     frame-ancestors 'none'";

/// The device cookie's name.
pub(crate) const DEVICE_COOKIE: &str = "convene_device";

/// Refuse a request whose `Host` is not the bound address (a page on another name that
/// resolves here, DNS rebinding); add the security headers to every answer.
pub(crate) async fn guard(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let mut response = if host_ok(request.headers(), request.uri(), &shared.hosts) {
        next.run(request).await
    } else {
        (StatusCode::FORBIDDEN, "Forbidden\n").into_response()
    };
    secure(response.headers_mut());
    response
}

fn secure(headers: &mut HeaderMap) {
    let fixed = [
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::CACHE_CONTROL, "no-store"),
        (header::X_FRAME_OPTIONS, "DENY"),
    ];
    for (name, value) in fixed {
        headers.insert(name, HeaderValue::from_static(value));
    }
}

/// Exactly one `Host`, one of the bound address's spellings; an absolute request target must
/// name the same.
fn host_ok(headers: &HeaderMap, uri: &Uri, hosts: &[String]) -> bool {
    let mut all = headers.get_all(header::HOST).iter();
    let (Some(host), None) = (all.next(), all.next()) else {
        return false;
    };
    let known = |h: &str| hosts.iter().any(|k| k.eq_ignore_ascii_case(h));
    host.to_str().is_ok_and(known) && uri.authority().is_none_or(|a| known(a.as_str()))
}

/// Exactly one `Origin`, the server's own.
pub(crate) fn origin_ok(headers: &HeaderMap, origins: &[String]) -> bool {
    let mut all = headers.get_all(header::ORIGIN).iter();
    let (Some(origin), None) = (all.next(), all.next()) else {
        return false;
    };
    origin
        .to_str()
        .is_ok_and(|o| origins.iter().any(|k| k.eq_ignore_ascii_case(o)))
}

/// `application/json`, with or without parameters (a charset).
pub(crate) fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json"))
}

/// The device cookie's value, if the request carries one of a sane shape.
pub(crate) fn device(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == DEVICE_COOKIE)
        .map(|(_, value)| value)
        .filter(|v| v.len() <= 64 && v.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn only_the_bound_address_is_a_host() {
        let hosts = vec!["127.0.0.1:8123".to_string()];
        let uri: Uri = "/x/".parse().unwrap();
        assert!(host_ok(&headers(&[("host", "127.0.0.1:8123")]), &uri, &hosts));
        assert!(!host_ok(&headers(&[("host", "evil.example:8123")]), &uri, &hosts));
        assert!(!host_ok(&headers(&[]), &uri, &hosts));
        assert!(!host_ok(
            &headers(&[("host", "127.0.0.1:8123"), ("host", "127.0.0.1:8123")]),
            &uri,
            &hosts
        ));
        let absolute: Uri = "http://evil.example:8123/x/".parse().unwrap();
        assert!(!host_ok(
            &headers(&[("host", "127.0.0.1:8123")]),
            &absolute,
            &hosts
        ));
    }

    #[test]
    fn json_with_a_charset_is_json() {
        assert!(is_json(&headers(&[(
            "content-type",
            "application/json; charset=utf-8"
        )])));
        assert!(!is_json(&headers(&[("content-type", "text/plain")])));
        assert!(!is_json(&headers(&[])));
    }

    #[test]
    fn the_device_is_read_from_among_other_cookies() {
        let h = headers(&[("cookie", "a=1; convene_device=ab12; b=2")]);
        assert_eq!(device(&h), Some("ab12"));
        assert_eq!(device(&headers(&[("cookie", "convene_device=a b")])), None);
        assert_eq!(device(&headers(&[])), None);
    }
}

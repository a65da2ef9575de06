"""A user pool of the tests' own: an RSA key pair made in the test, its key set, tokens shaped like Cognito's
ID and access tokens, and a token endpoint that redeems an authorization code only with the PKCE verifier
whose S256 challenge started the sign-in (as Cognito does). Nothing here touches the network."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import time
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

from msds.adapters.aws.cognito_sign_in import (
    CognitoHostedSignIn,
    CognitoPool,
    CognitoTokens,
    SigningKeys,
)

POOL = CognitoPool(
    region="eu-west-1",
    user_pool_id="eu-west-1_AbCdEf123",
    client_id="4v1t0k3nc113nt1d",
    domain_url="https://msds-dev-1a2b3c4d5e6f.auth.eu-west-1.amazoncognito.com",
)
KID = "test-key-1"


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass
class Authorization:
    challenge: str
    redirect_uri: str
    claims: dict[str, Any]


@dataclass
class FakeCognito:
    pool: CognitoPool = POOL
    key: rsa.RSAPrivateKey = field(default_factory=new_key)
    kid: str = KID
    codes: dict[str, Authorization] = field(default_factory=dict)
    posts: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    key_set_reads: int = 0

    # -- the key set and tokens --------------------------------------------------------------------------
    def jwks(self) -> dict[str, Any]:
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [{**public, "kid": self.kid, "alg": "RS256", "use": "sig"}]}

    def get(self, url: str) -> bytes:
        assert url == self.pool.jwks_url, url
        self.key_set_reads += 1
        return json.dumps(self.jwks()).encode()

    def token(self, claims: Mapping[str, Any], *, use: str = "id", key: Any = None, **header: Any) -> str:
        """A token of the pool: ``use`` id (audience = the client) or access (client_id = the client; like
        Cognito's, without the user's attributes)."""
        now = int(time.time())
        if use == "access":
            claims = {k: v for k, v in claims.items() if not k.startswith("custom:") and k != "email"}
        base: dict[str, Any] = {
            "iss": self.pool.issuer,
            "iat": now,
            "auth_time": now,
            "exp": now + 3600,
            "token_use": use,
            "jti": secrets.token_hex(8),
        }
        if use == "id":
            base["aud"] = self.pool.client_id
        else:
            base["client_id"] = self.pool.client_id
            base["scope"] = "openid email profile"
        headers = {"kid": self.kid, **header}
        return jwt.encode({**base, **claims}, key or self.key, algorithm="RS256", headers=headers)

    # -- the hosted sign-in ------------------------------------------------------------------------------
    def sign_in_at(self, authorize_url: str, claims: Mapping[str, Any]) -> tuple[str, str]:
        """The user signs in on the hosted page the app sent the browser to: (code, state) to call back."""
        parts = urllib.parse.urlsplit(authorize_url)
        assert f"{parts.scheme}://{parts.netloc}" == self.pool.base and parts.path == "/oauth2/authorize"
        query = dict(urllib.parse.parse_qsl(parts.query))
        assert query["response_type"] == "code" and query["client_id"] == self.pool.client_id
        assert query["code_challenge_method"] == "S256" and "openid" in query["scope"].split()
        code = secrets.token_urlsafe(16)
        self.codes[code] = Authorization(query["code_challenge"], query["redirect_uri"], dict(claims))
        return code, query["state"]

    def post(self, url: str, fields: Mapping[str, str]) -> tuple[int, bytes]:
        """/oauth2/token: an authorization code redeemed once, with its redirect URI and PKCE verifier."""
        self.posts.append((url, dict(fields)))
        assert url == f"{self.pool.base}/oauth2/token"
        if fields.get("grant_type") != "authorization_code" or fields.get("client_id") != self.pool.client_id:
            return 400, b'{"error":"unauthorized_client"}'
        grant = self.codes.pop(fields.get("code", ""), None)
        if grant is None or grant.redirect_uri != fields.get("redirect_uri"):
            return 400, b'{"error":"invalid_grant"}'
        digest = hashlib.sha256(fields.get("code_verifier", "").encode("ascii")).digest()
        if base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii") != grant.challenge:
            return 400, b'{"error":"invalid_grant"}'
        answer = {
            "id_token": self.token(grant.claims, use="id"),
            "access_token": self.token(grant.claims, use="access"),
            "refresh_token": secrets.token_urlsafe(32),
            "token_type": "Bearer",
            "expires_in": 3600,
        }
        return 200, json.dumps(answer).encode()

    # -- the adapters wired to this fake -------------------------------------------------------------------
    def tokens(self) -> CognitoTokens:
        return CognitoTokens(self.pool, SigningKeys(self.pool.jwks_url, get=self.get))

    def sign_in(self) -> CognitoHostedSignIn:
        return CognitoHostedSignIn(self.pool, self.tokens(), post=self.post)


SUPPLIER_ACME = {
    "sub": "0f1e2d3c-acme-user",
    "cognito:groups": ["supplier"],
    "custom:supplier_id": "acme",
    "email": "anna@acme.example",
    "cognito:username": "anna",
}
SUPPLIER_BETA = {
    "sub": "9a8b7c6d-beta-user",
    "cognito:groups": ["supplier"],
    "custom:supplier_id": "beta",
    "cognito:username": "bert",
}
COMPLIANCE = {"sub": "5e6f7a8b-compliance-user", "cognito:groups": ["compliance"], "cognito:username": "carl"}
REVIEWER = {"sub": "1a2b3c4d-reviewer-user", "cognito:groups": ["reviewer"], "cognito:username": "rita"}
SECOND_REVIEWER = {
    "sub": "2b3c4d5e-reviewer-user",
    "cognito:groups": ["reviewer"],
    "cognito:username": "ralf",
}
ADMIN = {"sub": "3c4d5e6f-admin-user", "cognito:groups": ["admin"], "cognito:username": "ada"}

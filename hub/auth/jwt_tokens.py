"""Bearer JWTs from a configured issuer: signature, issuer, audience, expiry and a role claim, via PyJWT."""

from __future__ import annotations

import jwt

from hub.auth.principal import ROLES, Principal
from hub.auth.settings import JwtSettings


class TokenRefused(Exception):
    """A token that does not authenticate; the message says why without echoing the token."""


def looks_like_jwt(credential: str) -> bool:
    return credential.count(".") == 2 and credential.startswith("eyJ")


def authenticate_jwt(settings: JwtSettings, token: str) -> Principal:
    """The token's principal (`jwt:<sub>` with the role claim), or TokenRefused naming what is wrong."""
    try:
        # Only the configured algorithm: a token cannot choose `none` or swap RS256 for HS256.
        claims = jwt.decode(token, settings.key, algorithms=[settings.algorithm], audience=settings.audience,
                            issuer=settings.issuer, leeway=settings.leeway_seconds,
                            options={"require": ["exp", "iss", "aud", "sub"]})
    except jwt.ExpiredSignatureError as error:
        raise TokenRefused("the token has expired") from error
    except jwt.InvalidTokenError as error:
        raise TokenRefused(f"the token is not valid: {error}") from error
    role = claims.get(settings.role_claim)
    if role not in ROLES:
        raise TokenRefused(f"the token's {settings.role_claim!r} claim must be one of {', '.join(ROLES)}")
    subject = str(claims["sub"])
    if not subject or len(subject) > 200:
        raise TokenRefused("the token's sub claim must be 1 to 200 characters")
    return Principal("jwt", subject, role)

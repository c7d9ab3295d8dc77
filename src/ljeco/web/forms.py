"""CSRF protection for HTML forms.

Every state-changing form carries ``csrf_token``: an HMAC of the browser session's random id under the secret key
(see :func:`ljeco.core.security.csrf_token`). A form post whose token does not match is refused with 403.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from ljeco.core.config import get_settings
from ljeco.core.errors import PermissionDeniedError
from ljeco.core.security import csrf_valid
from ljeco.web.deps import session_id


async def verify_csrf(request: Request) -> None:
    form = await request.form()
    token = form.get("csrf_token")
    secret = get_settings().secret_key.get_secret_value()
    if not csrf_valid(secret, session_id(request), token if isinstance(token, str) else None):
        raise PermissionDeniedError(
            "表单已过期或来源不明（CSRF 校验失败），请刷新页面后重试", code="auth.csrf"
        )


CsrfChecked = Annotated[None, Depends(verify_csrf)]

__all__ = ["CsrfChecked", "verify_csrf"]

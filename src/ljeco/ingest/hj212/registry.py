"""The device registry: who may send data, with which password and protocol options.

The gateway looks devices up by MN on every frame, so the registry is an in-memory map refreshed from the
database (``SqlRegistry.refresh``); ``ljeco devices add`` writes the table and the running gateway picks the
device up at its next refresh.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from typing import Any, Protocol, cast

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from ljeco.core.errors import ConflictError, NotFoundError, ValidationError
from ljeco.ingest.hj212.codec import MAX_FRAME_BYTES, DeviceProfile
from ljeco.ingest.hj212.crc import CRC_ALGORITHMS, CrcAlgorithm


def hash_password(salt: str, password: str) -> str:
    """``sha256(salt + PW)`` hex. Cheap on purpose: it runs for every frame (thousands per second)."""
    return hashlib.sha256((salt + password).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Device:
    """A registered device as the gateway sees it."""

    mn: str
    password_salt: str
    password_hash: str
    site_code: str | None = None
    outlet: str | None = None
    crc: CrcAlgorithm = "hj212"
    length_tolerance: int = 0  # [bytes]
    cadence: dict[str, int] = field(default_factory=dict)  # CN → expected interval [s]
    active: bool = True

    def check_password(self, password: str | None) -> bool:
        return hmac.compare_digest(hash_password(self.password_salt, password or ""), self.password_hash)

    def profile(self, max_frame: int = MAX_FRAME_BYTES) -> DeviceProfile:
        return DeviceProfile(crc=self.crc, length_tolerance=self.length_tolerance, max_frame=max_frame)

    @classmethod
    def create(cls, mn: str, password: str, **options: Any) -> Device:
        salt = secrets.token_hex(8)
        return cls(mn=mn, password_salt=salt, password_hash=hash_password(salt, password), **options)


class DeviceRegistry(Protocol):
    def get(self, mn: str) -> Device | None: ...


class MemoryRegistry:
    """A registry held in memory (tests, simulations)."""

    def __init__(self, devices: list[Device] | None = None):
        self._devices = {d.mn: d for d in devices or []}

    def add(self, device: Device) -> None:
        self._devices[device.mn] = device

    def get(self, mn: str) -> Device | None:
        return self._devices.get(mn)


def _validate(
    mn: str, password: str, crc: str, length_tolerance: int, cadence: dict[str, int] | None = None
) -> None:
    if not mn or len(mn) > 64 or any(c in mn for c in ";,=&"):
        raise ValidationError("MN must be 1-64 characters without ';,=&'", code="hj212_device_mn")
    if not password or any(c in password for c in ";,=&"):
        raise ValidationError("PW must be non-empty without ';,=&'", code="hj212_device_password")
    if crc not in CRC_ALGORITHMS:
        raise ValidationError(f"crc must be one of {', '.join(CRC_ALGORITHMS)}", code="hj212_device_crc")
    if not 0 <= length_tolerance <= 9999:
        raise ValidationError("length tolerance must be 0-9999 bytes", code="hj212_device_tolerance")
    for cn, seconds in (cadence or {}).items():
        if len(cn) != 4 or not cn.isdigit() or not isinstance(seconds, int) or not 1 <= seconds <= 86_400:
            raise ValidationError(
                f"cadence {cn}={seconds}: CN must be 4 digits and the interval 1-86400 s",
                code="hj212_device_cadence",
            )


def add_device(
    session: Session,
    *,
    mn: str,
    password: str,
    site_code: str | None = None,
    outlet: str | None = None,
    crc: str = "hj212",
    length_tolerance: int = 0,
    cadence: dict[str, int] | None = None,
) -> Any:
    """Register a device (``ConflictError`` if the MN exists). Returns the ORM row."""
    from ljeco.ingest.hj212.models import Hj212Device

    _validate(mn, password, crc, length_tolerance, cadence)
    if session.scalar(select(Hj212Device.id).where(Hj212Device.mn == mn)) is not None:
        raise ConflictError(f"device {mn} is already registered", code="hj212_device_exists")
    salt = secrets.token_hex(8)
    row = Hj212Device(
        mn=mn, password_salt=salt, password_hash=hash_password(salt, password), site_code=site_code,
        outlet=outlet, crc=crc, length_tolerance=length_tolerance, cadence=cadence, active=True,
    )  # fmt: skip
    session.add(row)
    session.flush()
    return row


def register_device(session: Session, *, actor: Any, **fields: Any) -> Any:
    """:func:`add_device` for people (API, pages): the registration is audited (the password never is)."""
    from ljeco.core import audit

    row = add_device(session, **fields)
    after = {k: v for k, v in fields.items() if k != "password"}
    audit.record(
        session,
        actor=actor,
        action="hj212.device.create",
        entity_type="hj212_device",
        entity_id=row.id,
        after=after,
    )
    return row


def get_device_row(session: Session, mn: str) -> Any:
    from ljeco.ingest.hj212.models import Hj212Device

    row = session.scalar(select(Hj212Device).where(Hj212Device.mn == mn))
    if row is None:
        raise NotFoundError(f"unknown device {mn}", code="hj212_device_unknown")
    return row


def _from_row(row: Any) -> Device:
    return Device(
        mn=row.mn, password_salt=row.password_salt, password_hash=row.password_hash, site_code=row.site_code,
        outlet=row.outlet, crc=cast(CrcAlgorithm, row.crc), length_tolerance=row.length_tolerance,
        cadence={str(k): int(v) for k, v in (row.cadence or {}).items()}, active=row.active,
    )  # fmt: skip


class SqlRegistry:
    """The registry table, cached in memory; call :meth:`refresh` (blocking) to reload."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._devices: dict[str, Device] = {}

    def refresh(self) -> int:
        from ljeco.core.db import read_session
        from ljeco.ingest.hj212.models import Hj212Device

        with read_session(self.engine) as session:
            rows = session.scalars(select(Hj212Device)).all()
            self._devices = {r.mn: _from_row(r) for r in rows}
        return len(self._devices)

    def get(self, mn: str) -> Device | None:
        return self._devices.get(mn)


__all__ = [
    "Device",
    "DeviceRegistry",
    "MemoryRegistry",
    "SqlRegistry",
    "add_device",
    "get_device_row",
    "hash_password",
]

"""The navigation the modules fill.

The seven top-level sections are fixed (the platform's information architecture); modules add their pages under
a section with :func:`register`. A section with no pages yet is shown greyed, so the menu never links to nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class NavItem:
    label: str
    href: str
    roles: frozenset[str] | None = None  # None = every signed-in user


@dataclass(slots=True)
class NavSection:
    key: str
    label: str
    items: list[NavItem] = field(default_factory=list)


SECTIONS: dict[str, NavSection] = {
    s.key: s
    for s in (
        NavSection("home", "首页"),
        NavSection("map", "一张图"),
        NavSection("quality", "环境质量"),
        NavSection("sources", "污染源"),
        NavSection("plan", "规划指标"),
        NavSection("business", "业务"),
        NavSection("admin", "系统管理"),
    )
}


def register(section: str, label: str, href: str, *, roles: set[str] | None = None) -> None:
    """Add a page to a section (idempotent: the same href is added once)."""
    target = SECTIONS[section]
    if any(item.href == href for item in target.items):
        return
    target.items.append(NavItem(label, href, frozenset(roles) if roles is not None else None))


def visible(role: str | None) -> list[tuple[NavSection, list[NavItem]]]:
    """Sections with the items ``role`` may open (admin sees everything)."""
    out = []
    for section in SECTIONS.values():
        items = [
            i
            for i in section.items
            if role is not None and (i.roles is None or role in i.roles or role == "admin")
        ]
        out.append((section, items))
    return out


register("home", "驾驶舱", "/")
register("admin", "用户管理", "/admin/users", roles={"admin"})
register("admin", "审计日志", "/admin/audit", roles={"admin"})

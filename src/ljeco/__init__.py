"""LJ Eco — 两江生态环境智慧管理平台.

The eco-environmental management platform of Chongqing Liangjiang New Area: one observation store for every
monitoring stream, national standards implemented by edition, the district's 2021–2025 plan as data, and the
business applications on top.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]

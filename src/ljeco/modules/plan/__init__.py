"""The plan cockpit's back end: a plan as data (targets, indicators, tasks, units, key projects) and its status.

* :mod:`ljeco.modules.plan.schema`: the pydantic plan model and its JSON Schema;
* :mod:`ljeco.modules.plan.loader`: load a plan from its YAML files and check every reference;
* :mod:`ljeco.modules.plan.status`: pure indicator arithmetic (status with reason, year-to-date air forecasts);
* :mod:`ljeco.modules.plan.formulas`: the named formulas computed indicators use (hooks for the engines).

Shipped plans: ``data/liangjiang_2021_2025`` (重庆两江新区生态环境保护“十四五”规划) and ``data/sample_2026_2030`` (a
sample successor plan, not an official document).
"""

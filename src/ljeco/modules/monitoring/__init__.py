"""Monitoring pages: the dashboard (驾驶舱), the one map (一张图), object pages and the data explorer."""

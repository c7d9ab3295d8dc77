"""Liangjiang (两江新区, Chongqing) region pack: data files plus the demo generators in :mod:`.demo`."""

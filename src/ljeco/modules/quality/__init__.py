"""Environmental quality on stored data: GB 3838 water, black-odorous water, GB 3096 noise, GB/T 14848
groundwater and GB 36600 / GB 15618 soil, through the service, the API and ``ljeco … --site``."""

"""pilkada: runs and watches a regional head election for an Indonesian regency."""

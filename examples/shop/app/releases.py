"""What each release of the sample expects: the schema revision it needs, and whether it works."""
import os

RELEASES = {
    "v1": {"schema": "0001", "healthy": True},
    "v2": {"schema": "0002", "healthy": True},      # needs the note column of migration 0002
    "v2.1": {"schema": "0002", "healthy": True},    # v2 again: bench/rollout releases v2 <-> v2.1
    "v3-broken": {"schema": "0002", "healthy": False},  # a release whose health check never passes
    "v3-crash": {"schema": "0002", "healthy": True, "needs": "SHOP_PAYMENTS_URL"},  # exits at start: a missing setting
    "v3-cold": {"schema": "0002", "healthy": True, "warms": False},  # healthy, but its before_traffic hook fails
    "v3-late": {"schema": "0002", "healthy": True, "sickens_after": 10},  # passes, then answers 503 10 s after its start
    "v3-flaky": {"schema": "0002", "healthy": True, "errors": 0.05},  # healthy, but 5% of its other answers are 500s
    "v4-bad-migration": {"schema": "0004", "healthy": True},  # 0003 applies, 0004 fails, 0003 cannot be undone
}

VERSION = os.environ.get("APP_VERSION", "dev")
RELEASE = RELEASES.get(VERSION, {"schema": "0002", "healthy": True})

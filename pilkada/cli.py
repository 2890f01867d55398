"""The `pilkada` command: Django's management commands with friendlier names.

`pilkada load-wilayah ...` runs the `load_wilayah` command, `pilkada audit verify` the `audit`
command, and so on; `pilkada help` lists them all.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    argv[0] = "pilkada"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()

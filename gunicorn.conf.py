"""gunicorn reads this file from the folder it starts in: `make run`, `make serve` and the systemd
unit in docs/deployment.md all start there. Its logger keeps log files private and link and invite
codes out of the access log, if one is turned on (config/gunicorn_logging.py)."""

logger_class = "config.gunicorn_logging.PrivateLogger"

"""What a backup, check or restore says when it cannot go on: a message for the operator, never a traceback."""


class BackupError(Exception):
    pass

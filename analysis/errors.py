"""Exceptions with messages a user can act on: file, row, column, value and the rule broken."""
from __future__ import annotations


class WorkbenchError(Exception):
    """Base class of every error the workbench reports to a user."""


class DataValidationError(WorkbenchError):
    """A value in an input file breaks a rule of its schema.

    ``row`` is the row in the file as a spreadsheet shows it (the header is row 1; a blank row
    counts; a quoted CSV field with line breaks stays in one row), or ``None`` when the rule
    concerns the whole file or a column.
    """

    def __init__(self, file, rule: str, row: int | None = None, column: str | None = None,
                 value=None):
        self.file, self.rule = str(file), rule
        self.row, self.column, self.value = row, column, value
        parts = [self.file]
        if row is not None:
            parts.append(f"row {row}")
        if column is not None:
            parts.append(f"column '{column}'")
        if value is not None:
            parts.append(f"value {value!r}")
        super().__init__(", ".join(parts) + f": {rule}")


class FrameworkError(WorkbenchError):
    """An index framework file is inconsistent (unknown parent, cycle, bad weight...)."""


class OutputError(WorkbenchError):
    """An output path cannot be written: a file where a directory is needed, no permission..."""


class RawDataWriteError(WorkbenchError):
    """An output would land in a raw-data directory or over one of the command's inputs."""

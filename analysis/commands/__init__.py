"""Sub-commands of the ``workbench`` CLI, one module each (``register(subparsers)``)."""

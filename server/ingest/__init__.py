"""The operator data path: validation and application of pushed data, shared by the API
(server.routes.operator) and the file import (server.cli_import), so both answer alike."""

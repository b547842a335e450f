"""The operator data path: validation and application of pushed data, shared by the API
(server.api.routes.operator) and the file import (server.cli.import_files), so both answer alike."""

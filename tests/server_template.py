"""A warm `python -m server` for the tests: one process per test worker that has imported the server
once and forks a real server process from itself for each `tests.serverproc.start_server`.

Why: a new interpreter spent about 1.2 of its 1.6 CPU-seconds to start importing FastAPI and building
the API's 80 routes, and the suite starts some 140 servers. A forked child starts where that work
ended and then runs `server.cli.main.main(argv)`, as `python -m server ARGS` does: its own settings
from its own environment, its own database, port, threads and log. It is a separate process on
loopback like any other; tests that are about the command's own start and stop (tests/ops) still
start it in a new interpreter (`start_server(..., new_interpreter=True)`).

The template is single-threaded (fork copies only the calling thread, so no lock can be held by a
thread that is not there) and serves one JSON request a line on stdin:
    {"start": {"argv", "env", "cwd", "log"}}  ->  {"pid": N}
    {"reap": N}                               ->  {"returncode": R}   (after the child has exited)
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import traceback


def _child(argv: list[str], env: dict[str, str], cwd: str, log: str) -> None:
    """In the forked child: become `python -m server ARGV` and never return."""
    code = 1
    try:
        os.chdir(cwd)
        null = os.open(os.devnull, os.O_RDONLY)
        out = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(null, 0)
        os.dup2(out, 1)
        os.dup2(out, 2)
        os.close(null)
        os.close(out)
        os.environ.clear()
        os.environ.update(env)
        sys.argv = ["server", *argv]
        import server.core.clock

        # The one module that reads the environment when imported (a test's moved clock): read it again.
        importlib.reload(server.core.clock)
        from server.cli.main import main

        code = main(argv)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:
        traceback.print_exc()
    finally:
        try:
            import logging

            logging.shutdown()
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def serve() -> None:
    import server.cli.main  # noqa: F401  the commands, settings and store
    import server.main  # noqa: F401  FastAPI and every route
    import uvicorn  # noqa: F401

    reply = sys.stdout
    for line in sys.stdin:
        request = json.loads(line)
        if "start" in request:
            start = request["start"]
            reply.flush()
            sys.stderr.flush()
            pid = os.fork()
            if pid == 0:
                _child(start["argv"], start["env"], start["cwd"], start["log"])
            answer = {"pid": pid}
        else:
            _, status = os.waitpid(int(request["reap"]), 0)
            answer = {"returncode": os.waitstatus_to_exitcode(status)}
        reply.write(json.dumps(answer) + "\n")
        reply.flush()


if __name__ == "__main__":
    serve()
